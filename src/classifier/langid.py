"""Language identification: ``en ckb kmr ar fa tr other`` with a confidence.

Two parts, because no single detector does the job:

* our own model, a logistic regression over character n-grams and whole words, trained on
  KurdishLID sentences (MIT), permissive comment sets and text the project wrote
  (``artifacts/langid/supplement.tsv``). It tells Sorani (both scripts) from Kurmanji (both
  scripts), Persian, Arabic, Southern Kurdish, Gorani and Zazaki, which general detectors
  confuse. Weights live in ``weights.npz`` (no pickle);
* a general detector shipped inside a PyPI package (py3langid, 140 languages), asked only about
  text our model cannot place: it recognises French, Urdu, Russian ... as ``other`` and backs our
  model up on en/ar/fa/tr when our model is unsure.

``predict`` is batched: one sparse matrix product for the whole batch.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, NamedTuple, Protocol

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from classifier.scripts import Script, fold_arabic_script_char, script_of

LANG_CODES: Final[tuple[str, ...]] = ("en", "ckb", "kmr", "ar", "fa", "tr", "other")
# The model also learns the Kurdish varieties the newsroom does not publish in, each as its own
# class (one mixed "other" class would blur them into Sorani); all of them are reported as "other".
OTHER_VARIETIES: Final[tuple[str, ...]] = ("sdh", "hac", "zza")
MODEL_CLASSES: Final[tuple[str, ...]] = LANG_CODES + OTHER_VARIETIES
_CLOSE_TO_SORANI: Final = ("sdh", "hac")  # Arabic-script varieties informal Sorani resembles
# Who writes comments here (first newsroom, Erbil; an assumption, not a measurement: Sorani and
# Kurmanji equal, Southern Kurdish, Gorani and Zazaki rare). The model learned from roughly
# balanced classes, so its prior is shifted to this one (log p_deploy - log p_train per class);
# without the shift informal Sorani, unlike the formal training text, often came out as
# Southern Kurdish. A newsroom with other readers changes the manifest, not the weights.
DEPLOYMENT_PRIOR: Final[dict[str, float]] = {
    "en": 0.18, "ckb": 0.22, "kmr": 0.22, "ar": 0.15, "fa": 0.06, "tr": 0.10,
    "other": 0.03, "sdh": 0.02, "hac": 0.01, "zza": 0.01,
}  # fmt: skip
# The training text's script mix per language is an accident of the data (KurdishLID has as many
# Latin- as Arabic-script Kurmanji sentences, the supplement more Arabic-script Sorani), and a
# prior shift by language alone assumes readers mix scripts the same way. Within one script
# the classes compete, so the shift is taken per script (``script_prior_shift``); for these
# two varieties the readers' script mix is assumed to be one and the same (their pooled
# training mix), for every other language it is its training mix (which is the shift by
# language alone). Without it Arabic-script Kurmanji paid ~0.3 nats against Sorani.
SHARED_SCRIPT_MIX: Final[tuple[str, ...]] = ("ckb", "kmr")
SCRIPT_NAMES: Final[tuple[str, ...]] = ("none", "arab", "latn", "other")  # transform's columns
DEFAULT_ARTIFACT: Final = Path(__file__).parent / "artifacts" / "langid"

# py3langid labels that mean one of our languages; every other label means "other".
GENERAL_LABEL_MAP: Final[dict[str, str]] = {
    "en": "en",
    "ar": "ar",
    "arz": "ar",
    "ary": "ar",
    "fa": "fa",
    "tr": "tr",
    "ku": "kmr",
    "sdh": "ckb",  # py3langid has no ckb: its "sdh" is mostly Sorani
}

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|@\w+", re.IGNORECASE)
_REPEAT = re.compile(r"(\w)\1{2,}")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f]")
_LATIN_LETTER = re.compile(r"[a-z\u00c0-\u024f]")
# Arabic-script letters none of our Arabic-script languages uses (Urdu ٹ ڈ ڑ ں ہ ے ۓ, Pashto ټ ډ ړ
# ږ ښ ګ ڼ): a text with them may be a language our model never saw, like Latin text that looks
# English, so the general detector has a say however sure our model is.
_FOREIGN_ARABIC_LETTER = re.compile(
    "[\u0679\u0688\u0691\u06ba\u06c1\u06d2\u06d3\u067c\u0689\u0693\u0696\u069a\u06ab\u06bc]"
)
# A comment is in the script most of its letters are in; the other script's words are names,
# brands and hashtags (Azad, YouTube, #Zaxo) that would otherwise vote for a Latin language.
_DOMINANT_SHARE = 0.6
# Measured on the language-ID evaluation set (2026-12-01): no non-English text our model called
# English reached 0.89; 88% of English comments (52% of those under 8 words) reach 0.999.
ENGLISH_CERTAIN: Final = 0.999


class LanguageGuess(NamedTuple):
    lang: str
    confidence: float


class GeneralDetector(Protocol):
    """A general-purpose detector: its own label (ISO 639) and a probability."""

    def detect(self, text: str) -> tuple[str, float]: ...


class Py3LangidDetector:
    """py3langid's bundled naive Bayes model (140 languages), loaded once per process."""

    _lock = threading.Lock()
    _identifier: Any = None

    def detect(self, text: str) -> tuple[str, float]:
        identifier = self._load()
        lang, confidence = identifier.classify(text)
        return str(lang), float(confidence)

    @classmethod
    def _load(cls) -> Any:
        with cls._lock:
            if cls._identifier is None:
                from py3langid.langid import MODEL_FILE
                from py3langid.langid import LanguageIdentifier as Py3Identifier

                cls._identifier = Py3Identifier.from_model_file(MODEL_FILE, norm_probs=True)
            return cls._identifier


def _prepare_table() -> dict[int, str | None]:
    # Invisible characters, harakat and tatweel go, digits (any script) become spaces. Letter
    # variants (ي/ی, ك/ک, ە/ه) stay as typed: they are the very evidence that tells Arabic,
    # Persian and Kurdish apart.
    candidates = [*range(0x0600, 0x0700), *range(0x0870, 0x0900), *range(0x2000, 0x2070),
                  0x00AD, 0x034F, 0xFEFF, *range(0xFE00, 0xFE10)]  # fmt: skip
    table: dict[int, str | None] = {
        code: None for code in candidates if fold_arabic_script_char(chr(code)) == ""
    }
    for code in [*range(0x30, 0x3A), *range(0x0660, 0x066A), *range(0x06F0, 0x06FA)]:
        table[code] = " "
    return table


_PREPARE_TABLE: Final = _prepare_table()
# ``_PREPARE_TABLE`` restricted to ASCII (where it maps only the digits to spaces), for bytes
_ASCII_PREPARE: Final = bytes(
    ord(_PREPARE_TABLE.get(code) or chr(code)) if code < 128 else code for code in range(256)
)
_MAX_INPUT: Final = 2000


def prepare_text(text: str) -> str:
    """The text the model sees: no URLs, mentions, e-mails, digits, marks; lower case."""
    return prepare_texts([text])[0]


def prepare_texts(texts: Sequence[str]) -> list[str]:
    """``prepare_text`` of each text (the elongation rule's regex runs only on the texts that
    have three equal characters in a row, found for the whole batch at once)."""
    translated = []
    for text in texts:
        text = text[:_MAX_INPUT]
        if "@" in text or "http" in text or "www." in text:
            text = _URL.sub(" ", text)
        translated.append(
            text.encode().translate(_ASCII_PREPARE).decode()  # ~3x faster for ASCII
            if text.isascii()
            else text.translate(_PREPARE_TABLE)
        )
    lowered = [text.lower() for text in translated]
    elongated = _with_triples(lowered)
    prepared = []
    for i, (text, low) in enumerate(zip(translated, lowered, strict=True)):
        if i in elongated:
            low = _REPEAT.sub(r"\1", low)  # elongation: زۆۆۆۆر, soooo
        words = low.split()
        if _ARABIC_LETTER.search(low) and _LATIN_LETTER.search(low):
            # lower() and the elongation rule never add or remove a space: the words line up
            names = [_looks_like_name(word) for word in text.split()]
            if len(names) == len(words):
                words = _dominant_script_words(words, names)
        prepared.append(" ".join(words))
    return prepared


_NOT_WORD_CODES: Final = np.array([ord(c) for c in " .,:;!?-=+*~#/\\|'\"()[]<>"], dtype=np.uint32)


def _with_triples(texts: Sequence[str]) -> set[int]:
    """Indices of the texts with a letter (or other word character) three times in a row."""
    joined = "\0".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    hits = np.flatnonzero((codes[2:] == codes[1:-1]) & (codes[1:-1] == codes[:-2]))
    hits = hits[~np.isin(codes[hits], _NOT_WORD_CODES)]  # "...", "!!!", "---" need no regex
    if not len(hits):
        return set()
    starts = np.cumsum([0] + [len(text) + 1 for text in texts[:-1]])
    return {int(i) for i in np.searchsorted(starts, hits, side="right") - 1}


def _looks_like_name(word: str) -> bool:
    """A Latin-script name, brand, acronym or hashtag: Rudaw, UN, iPhone, COVID-19, #Zaxo."""
    return word.startswith("#") or any("A" <= c <= "Z" or "\u00c0" <= c <= "\u00de" for c in word)


def _dominant_script_words(words: list[str], names: list[bool]) -> list[str]:
    arabic = [len(_ARABIC_LETTER.findall(word)) for word in words]
    latin = [len(_LATIN_LETTER.findall(word)) for word in words]
    arabic_letters, latin_letters = sum(arabic), sum(latin)
    total = arabic_letters + latin_letters
    arabic_words = sum(a > la for a, la in zip(arabic, latin, strict=True))
    # Latin names do not count against Arabic script when it has a sentence's worth of words:
    # "أليست سوداء؟ Rudaw UN" is an Arabic comment ("I LOVE کوردستان" stays as it is).
    latin_names = sum(la for la, name in zip(latin, names, strict=True) if name)
    arabic_dominant = arabic_letters >= _DOMINANT_SHARE * total or (
        arabic_words >= 2 and arabic_letters >= _DOMINANT_SHARE * (total - latin_names)
    )
    if arabic_dominant:
        return [w for w, a, la in zip(words, arabic, latin, strict=True) if a >= la]
    # Arabic script has no capitals to mark a name, but one or two Arabic-script words in a
    # Latin sentence ("Lise öğrencisi. هەولێر ئامەد") are names as a rule: there a majority of
    # the letters will do, counting the Latin words that are not names (the first Latin word
    # may be capitalised only because it opens the sentence).
    pairs = zip(arabic, latin, strict=True)
    first_latin = next((i for i, (a, la) in enumerate(pairs) if la > a), -1)
    latin_plain = sum(
        la for i, (la, name) in enumerate(zip(latin, names, strict=True))
        if not name or i == first_latin
    )  # fmt: skip
    latin_dominant = latin_letters >= _DOMINANT_SHARE * total or (
        arabic_words <= 2 and latin_plain >= 0.5 * total
    )
    if latin_dominant:
        return [w for w, a, la in zip(words, arabic, latin, strict=True) if la >= a]
    return words


def _script_table() -> NDArray[np.uint8]:
    """Script per BMP code point: 0 none, 1 Arabic, 2 Latin, 3 other (see ``Script``)."""
    codes = {Script.NONE: 0, Script.ARABIC: 1, Script.LATIN: 2, Script.OTHER: 3}
    return np.array([codes[script_of(chr(c))] for c in range(0x10000)], dtype=np.uint8)


_SCRIPT_TABLE: Final = _script_table()
_MAX_CHARS: Final = 300  # language shows in the first sentences; caps the cost of long comments
_HASH_MULTIPLIER: Final = np.uint64(0x9E3779B97F4A7C15)
_NGRAM_BASE: Final = np.uint64(1_000_003)


@dataclass(frozen=True)
class FeatureConfig:
    """Hashed character n-grams over " text " (spaces pad the ends; n-grams may cross words),
    optionally with hashed whole words in the same columns."""

    n_features: int = 2**18
    ngram_min: int = 1
    ngram_max: int = 4
    # How an n-gram's count becomes its value before the L2 norm: "raw" (the count) or "sqrt".
    # Raw counts let the commonest letters (ە, ی, ا) outvote the rarer n-grams that tell
    # Sorani from Kurmanji; the square root damps them.
    tf: str = "raw"
    # Whole words as features beside the character n-grams, each counted ``word_weight`` times:
    # the function words and verb forms that tell Badini (Kurmanji) from Sorani in Arabic script
    # (ل ژ ب کو یێ دێ vs لە بۆ کە ی دە-) are short and shared letter by letter, but not as words.
    # 0 (the default, and what older artifacts mean) is characters only.
    word_weight: float = 0.0

    def __post_init__(self) -> None:
        if self.tf not in ("raw", "sqrt", "log", "binary"):
            raise ValueError(f"unknown term weighting {self.tf!r}")
        if self.word_weight < 0:
            raise ValueError("word_weight must not be negative")

    def transform(self, prepared: Sequence[str]) -> tuple[sparse.csr_matrix, NDArray[np.int64]]:
        """L2-normalised n-gram counts, and letters per script (rows: none/arab/latn/other).

        All texts are hashed at once with numpy: a rolling polynomial hash over the code points of
        the joined batch, keeping the n-grams that do not cross a text boundary. This is what
        makes language ID cost microseconds per comment.
        """
        n_docs = len(prepared)
        padded = [" " + text[:_MAX_CHARS] + " " for text in prepared]
        lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=n_docs)
        joined = "".join(padded)
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        doc = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
        scripts = _SCRIPT_TABLE[np.minimum(codes, 0xFFFF)]
        scripts = np.where(codes > 0xFFFF, 0, scripts)  # emoji and other astral symbols
        script_counts = np.bincount(doc * 4 + scripts, minlength=n_docs * 4).reshape(n_docs, 4)
        # each entry is one packed key, document << bits | column, so that counting them is one
        # sort (see ``_summed``)
        bits = np.uint64(self.n_features.bit_length() - 1)
        keys: list[NDArray[np.uint64]] = []
        values = codes.astype(np.uint64)
        doc_high = doc.astype(np.uint64) << bits
        rolling = np.zeros(len(codes), dtype=np.uint64)
        shift = np.uint64(64) - bits
        with np.errstate(over="ignore"):
            for n in range(1, self.ngram_max + 1):
                # rolling[i] = hash of codes[i : i + n]
                rolling = rolling[: len(codes) - n + 1] * _NGRAM_BASE + values[n - 1 :]
                if n < self.ngram_min:
                    continue
                same_doc = doc[: len(codes) - n + 1] == doc[n - 1 :]
                mixed = (rolling + np.uint64(n)) * _HASH_MULTIPLIER
                keys.append((doc_high[: len(codes) - n + 1] | (mixed >> shift))[same_doc])
        weights = [np.ones(sum(len(k) for k in keys), dtype=np.float32)]
        if self.word_weight > 0:
            word_rows, word_cols = _word_hashes(values, scripts, doc, shift)
            keys.append((word_rows.astype(np.uint64) << bits) | word_cols.astype(np.uint64))
            weights.append(np.full(len(word_rows), self.word_weight, dtype=np.float32))
        matrix = _summed(
            np.concatenate(keys) if keys else np.zeros(0, dtype=np.uint64),
            np.concatenate(weights),
            n_docs,
            self.n_features,
        )
        if self.tf == "sqrt":
            np.sqrt(matrix.data, out=matrix.data)
        elif self.tf == "log":
            np.log1p(matrix.data, out=matrix.data)
        elif self.tf == "binary":
            matrix.data[:] = 1.0
        per_row = np.diff(matrix.indptr)
        squares = np.bincount(
            np.repeat(np.arange(n_docs), per_row), weights=matrix.data**2, minlength=n_docs
        )
        norms = np.sqrt(squares)
        norms[norms == 0] = 1.0
        matrix.data *= np.repeat(1.0 / norms, per_row).astype(np.float32)
        return matrix, script_counts


def _summed(
    keys: NDArray[np.uint64], weight: NDArray[np.float32], n_rows: int, n_features: int
) -> sparse.csr_matrix:
    """The CSR matrix of entries ``row << bits | column`` of ``weight``, duplicates summed,
    indices sorted (``n_features == 1 << bits``).

    When every weight is 1 (n-grams, and words of weight 1) the entries are counted by one sort
    of the keys (as 32-bit integers when they fit): several times faster than scipy's COO to
    CSR conversion and ``sum_duplicates`` (which sorts each row), which were most of language
    ID's time.
    """
    bits = n_features.bit_length() - 1
    if n_features != 1 << bits:
        raise ValueError(f"n_features must be a power of 2, not {n_features}")
    column_mask = np.uint64(n_features - 1)
    if len(weight) == 0 or not (weight == 1).all():
        row = (keys >> np.uint64(bits)).astype(np.int64)
        matrix = sparse.csr_matrix(
            (weight, (row, (keys & column_mask).astype(np.int64))), shape=(n_rows, n_features)
        )
        matrix.sum_duplicates()
        return matrix
    key_type = np.int32 if (n_rows << bits) < 2**31 else np.int64
    ordered = np.sort(keys.astype(key_type))
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    unique = ordered[starts]
    counts = np.diff(np.append(starts, len(ordered))).astype(np.float32)
    indptr = np.searchsorted(unique >> bits, np.arange(n_rows + 1), side="left")
    return sparse.csr_matrix(
        (counts, (unique & (n_features - 1)).astype(np.int32), indptr),
        shape=(n_rows, n_features),
    )


_WORD_SALT: Final = np.uint64(0xD6E8FEB86659FD93)
_WORD_POSITION: Final = np.uint64(0x100000001B3)


def _word_hashes(
    values: NDArray[np.uint64],
    scripts: NDArray[np.uint8],
    doc: NDArray[np.int64],
    shift: np.uint64,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(document, column) of every word: a maximal run of letters, punctuation cut off.

    Vectorised like the n-grams: each letter's code point is mixed with its position in the
    word, and a word's hash is the sum over its letters (``np.add.reduceat``), mixed again.
    """
    is_letter = scripts != 0
    previous = np.concatenate(([False], is_letter[:-1]))
    starts = np.flatnonzero(is_letter & ~previous)
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    letters = np.flatnonzero(is_letter)
    word_of_letter = np.cumsum(is_letter & ~previous)[letters] - 1
    position = (letters - starts[word_of_letter]).astype(np.uint64)
    first = np.flatnonzero(np.diff(word_of_letter, prepend=-1))
    with np.errstate(over="ignore"):
        term = (values[letters] + (position + np.uint64(1)) * _WORD_POSITION) * _HASH_MULTIPLIER
        term ^= term >> np.uint64(31)
        term *= _WORD_SALT
        word = np.add.reduceat(term, first)
        word ^= word >> np.uint64(29)
        word = (word + _WORD_SALT) * _HASH_MULTIPLIER
    return doc[starts], (word >> shift).astype(np.int64)


class LanguageIdentifier:
    """Batch language identification, loaded from an artifact directory like an estimator."""

    def __init__(
        self,
        *,
        coef: NDArray[np.float32],
        intercept: NDArray[np.float32],
        classes: Sequence[str],
        features: FeatureConfig,
        manifest: dict[str, Any] | None = None,
        general_detector: GeneralDetector | None = None,
        other_threshold: float = 0.9,
        backup_threshold: float = 0.6,
        trust_threshold: float = 0.95,
        prior_offsets: NDArray[np.float32] | None = None,
        script_prior_offsets: NDArray[np.float32] | None = None,
    ) -> None:
        if coef.shape != (len(classes), features.n_features):
            raise ValueError(f"coef shape {coef.shape} does not match the classes and features")
        unknown = set(classes) - set(MODEL_CLASSES)
        if unknown:
            raise ValueError(f"unknown language codes in model: {sorted(unknown)}")
        self.classes: tuple[str, ...] = tuple(classes)
        self.coef = coef
        # sparse @ dense is several times faster with a C-contiguous (features, classes) matrix
        self._coef_t = np.ascontiguousarray(coef.T, dtype=np.float32)
        self.intercept = intercept  # as trained; the prior shift is kept apart so save() is exact
        self.prior_offsets = (
            prior_offsets if prior_offsets is not None else np.zeros(len(classes), np.float32)
        )
        # One row of offsets per script column of ``transform`` (SCRIPT_NAMES); a text takes the
        # row of its dominant script (Arabic or Latin), anything else the offsets above.
        if script_prior_offsets is not None and script_prior_offsets.shape != (
            len(SCRIPT_NAMES),
            len(classes),
        ):
            raise ValueError("script_prior_offsets must have one row per script")
        self.script_prior_offsets = script_prior_offsets
        self.features = features
        self.manifest: dict[str, Any] = manifest or {}
        self.general_detector = general_detector
        # Above other_threshold the general detector may call a text "other"; below
        # backup_threshold our model defers to it on the languages it knows well.
        self.other_threshold = other_threshold
        self.backup_threshold = backup_threshold
        # At or above trust_threshold our model's answer stands without asking the general detector.
        self.trust_threshold = trust_threshold

    @classmethod
    def from_artifact(
        cls, path: str | Path, *, general_detector: GeneralDetector | None = None
    ) -> LanguageIdentifier:
        directory = Path(path)
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("kind") != "language_identifier":
            raise ValueError(f"{directory} does not hold a language identifier")
        with np.load(directory / manifest["weights"], allow_pickle=False) as weights:
            coef = weights["coef"].astype(np.float32)
            intercept = weights["intercept"].astype(np.float32)
        features = FeatureConfig(**manifest["features"])
        decision = manifest.get("decision", {})
        training = manifest.get("training", {})
        offsets = prior_shift(
            manifest["classes"],
            training_counts=training.get("rows_per_language", {}),
            deployment_prior=decision.get("deployment_prior", {}),
        )
        script_offsets = (
            script_prior_shift(
                manifest["classes"],
                script_counts=training["rows_per_script"],
                fallback=offsets,
            )
            if training.get("rows_per_script")
            else None
        )
        return cls(
            coef=coef,
            intercept=intercept,
            classes=manifest["classes"],
            features=features,
            manifest=manifest,
            general_detector=general_detector or Py3LangidDetector(),
            other_threshold=float(decision.get("other_threshold", 0.9)),
            backup_threshold=float(decision.get("backup_threshold", 0.6)),
            trust_threshold=float(decision.get("trust_threshold", 0.95)),
            prior_offsets=offsets,
            script_prior_offsets=script_offsets,
        )

    @classmethod
    def default(cls) -> LanguageIdentifier:
        """The shipped model, loaded once per process."""
        return _default_identifier()

    def save(self, path: str | Path, *, extra_manifest: dict[str, Any] | None = None) -> None:
        directory = Path(path)
        directory.mkdir(parents=True, exist_ok=True)
        # float16 halves the file; the loss (~1e-3 relative) is far below the model's margin.
        np.savez_compressed(
            directory / "weights.npz",
            coef=self.coef.astype(np.float16),
            intercept=self.intercept.astype(np.float32),
        )
        manifest = {
            **self.manifest,
            **(extra_manifest or {}),
            "kind": "language_identifier",
            "weights": "weights.npz",
            "classes": list(self.classes),
            "features": {
                "n_features": self.features.n_features,
                "ngram_min": self.features.ngram_min,
                "ngram_max": self.features.ngram_max,
                "tf": self.features.tf,
                **({"word_weight": self.features.word_weight} if self.features.word_weight else {}),
            },
            "decision": {
                "other_threshold": self.other_threshold,
                "backup_threshold": self.backup_threshold,
                "trust_threshold": self.trust_threshold,
                "deployment_prior": self.manifest.get("decision", {}).get(
                    "deployment_prior", DEPLOYMENT_PRIOR
                ),
            },
        }
        (directory / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        self.manifest = manifest

    def transform(self, texts: Sequence[str]) -> tuple[sparse.csr_matrix, NDArray[np.int64]]:
        """Feature matrix and per-script letter counts of the prepared texts."""
        return self.features.transform(prepare_texts(texts))

    def _probabilities(
        self, matrix: sparse.csr_matrix, script_counts: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        scores = np.asarray(matrix @ self._coef_t, dtype=np.float64)
        scores += self.intercept
        if self.script_prior_offsets is None:
            scores += self.prior_offsets
        else:
            arabic, latin = script_counts[:, 1], script_counts[:, 2]
            dominant = np.where(arabic + latin == 0, 0, np.where(arabic >= latin, 1, 2))
            scores += self.script_prior_offsets[dominant]
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def predict_proba(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """Our model's probabilities over ``self.classes`` (no general detector)."""
        if not texts:
            return np.zeros((0, len(self.classes)))
        matrix, script_counts = self.transform(texts)
        return self._probabilities(matrix, script_counts)

    def predict(self, texts: Sequence[str]) -> list[LanguageGuess]:
        """``(lang, confidence)`` per text, in order; never raises on odd input."""
        if not texts:
            return []
        matrix, script_counts = self.transform(texts)
        probabilities = self._probabilities(matrix, script_counts)
        return [
            self._decide(text, row, counts)
            for text, row, counts in zip(texts, probabilities, script_counts, strict=True)
        ]

    def _decide(
        self, text: str, probabilities: NDArray[np.float64], counts: NDArray[np.int64]
    ) -> LanguageGuess:
        arabic, latin, other = int(counts[1]), int(counts[2]), int(counts[3])
        letters = arabic + latin + other
        if letters == 0:
            return LanguageGuess("other", 0.0)  # digits, emoji, a bare link: nothing to go on
        if other > max(arabic, latin):
            return LanguageGuess("other", other / letters)  # Cyrillic, CJK, Hebrew, ...
        best = int(probabilities.argmax())
        lang, confidence = self.classes[best], float(probabilities[best])
        if lang in OTHER_VARIETIES:
            if confidence >= self.trust_threshold or lang not in _CLOSE_TO_SORANI:
                return LanguageGuess("other", confidence)
            # Informal Sorani resembles the (informal) Southern Kurdish and Gorani training text
            # more than the formal Sorani news text; readers here mostly write Sorani, so an
            # unsure "other variety" becomes the closest language we serve, with its own
            # (low) probability as the confidence.
            ours = [i for i, name in enumerate(self.classes) if name in LANG_CODES]
            best = max(ours, key=lambda i: float(probabilities[i]))
            lang, confidence = self.classes[best], float(probabilities[best])
        # Latin text that looks English may be any Latin-script language our model never saw
        # (French, German, Spanish ...): there the general detector has a say, unless our model
        # is all but certain (it costs ~0.3 ms a comment, most of language ID's time).
        maybe_unseen = (lang == "en" and confidence < ENGLISH_CERTAIN) or (
            lang in ("ckb", "kmr", "ar", "fa") and _FOREIGN_ARABIC_LETTER.search(text) is not None
        )
        if self.general_detector is None or (
            confidence >= self.trust_threshold and not maybe_unseen
        ):
            return LanguageGuess(lang, confidence)
        general_label, general_confidence = self.general_detector.detect(text[:_MAX_CHARS])
        general_lang = GENERAL_LABEL_MAP.get(general_label, "other")
        if general_lang == "other" and general_confidence >= self.other_threshold:
            if lang != "other" and (maybe_unseen or confidence < general_confidence):
                return LanguageGuess("other", general_confidence)
        elif (
            confidence < self.backup_threshold
            and general_lang in ("en", "ar", "fa", "tr")
            and general_confidence >= self.other_threshold
        ):
            return LanguageGuess(general_lang, general_confidence)
        return LanguageGuess(lang, confidence)


def prior_shift(
    classes: Sequence[str],
    *,
    training_counts: dict[str, int],
    deployment_prior: dict[str, float],
) -> NDArray[np.float32]:
    """Per-class logit offsets log(p_deploy / p_train); zero where either is unknown."""
    total = sum(training_counts.get(c, 0) for c in classes)
    offsets = np.zeros(len(classes), dtype=np.float32)
    if not total or not deployment_prior:
        return offsets
    for index, name in enumerate(classes):
        trained, deployed = training_counts.get(name, 0), deployment_prior.get(name, 0.0)
        if trained > 0 and deployed > 0:
            offsets[index] = np.log(deployed) - np.log(trained / total)
    return offsets


def script_prior_shift(
    classes: Sequence[str],
    *,
    script_counts: dict[str, dict[str, int]],
    fallback: NDArray[np.float32],
    shared_mix: Sequence[str] = SHARED_SCRIPT_MIX,
) -> NDArray[np.float32]:
    """Logit offsets per script (rows: ``SCRIPT_NAMES``) from the training rows per script.

    Within script s the offset is log p_deploy(c, s) - log p_train(c, s) up to a constant, with
    p_deploy(c, s) = p_deploy(c) * q(s | c). If q is the class's own training script mix this is
    ``fallback``, the shift by language alone (``prior_shift``); the ``shared_mix`` classes
    instead share their pooled training mix, which adds log(pooled share / own share of s).
    """
    offsets = np.tile(fallback.astype(np.float32), (len(SCRIPT_NAMES), 1))
    own = {c: sum(counts.get(c, 0) for counts in script_counts.values()) for c in shared_mix}
    pooled = sum(own.values())
    for row, script in enumerate(SCRIPT_NAMES):
        counts = script_counts.get(script, {})
        pooled_here = sum(counts.get(c, 0) for c in shared_mix)
        for name in shared_mix:
            here = counts.get(name, 0)
            if name in classes and here > 0:
                adjustment = np.log(pooled_here / pooled) - np.log(here / own[name])
                offsets[row, list(classes).index(name)] += np.float32(adjustment)
    return offsets


_default_lock = threading.Lock()


@lru_cache(maxsize=1)
def _default_identifier() -> LanguageIdentifier:
    with _default_lock:
        return LanguageIdentifier.from_artifact(DEFAULT_ARTIFACT)


RECENT_GUESSES: Final = 2048
_recent: dict[str, LanguageGuess] = {}
_recent_lock = threading.Lock()


def identify(texts: Sequence[str]) -> list[LanguageGuess]:
    """Language of each text with the shipped model.

    The guesses for the last ~2,000 texts are remembered: the moderation pipeline asks twice
    for each comment (its language check, then the classifier) and the second answer is free.
    """
    with _recent_lock:
        known = {text: _recent.get(text) for text in texts}
    todo = [text for text, guess in known.items() if guess is None]
    if todo:
        guesses = LanguageIdentifier.default().predict(todo)
        with _recent_lock:
            if len(_recent) + len(todo) > RECENT_GUESSES:
                _recent.clear()
            _recent.update(zip(todo, guesses, strict=True))
        known.update(zip(todo, guesses, strict=True))
    return [known[text] for text in texts]  # type: ignore[misc]
