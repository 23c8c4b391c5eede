from __future__ import annotations

from majlis.moderation.checks.base import CheckContext, CheckResult


class LanguageCheck:
    """The comment's language (``en ckb kmr ar fa tr other``) from ``classifier.langid``.

    Gives no scores: it sets the comment's language, which picks the per-language policy and
    the workspace's language queue.
    """

    timeout_seconds: float | None = 10.0  # the first call in a process loads the model

    def warm_up(self) -> None:
        from classifier.langid import identify

        identify(["warm up"])  # loads the model once per server process, not on a first post

    def check(self, ctx: CheckContext) -> CheckResult:
        return self.check_batch([ctx])[0]

    def check_batch(self, ctxs: list[CheckContext]) -> list[CheckResult]:
        from classifier.langid import identify  # optional until its artifact ships

        return [
            CheckResult(
                language=guess.lang,
                language_confidence=float(guess.confidence),
                details={"language": guess.lang, "confidence": round(float(guess.confidence), 4)},
            )
            for guess in identify([ctx.text for ctx in ctxs])
        ]
