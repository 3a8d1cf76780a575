"""A second reading of free text for urgency, learned from the labelled development sets.

The rules (``detect.py``) say why they flag, and each new writer still finds wordings no
rule has: on a set nobody here had read (``tests/data/blind_dev_set_m.yaml``, measured
before it was used) the rules read 79% of the urgent answers as urgent. A logistic
regression over the answers' letter and word sequences, trained on the other sets'
labelled answers, reads most of the rest (93% with it). So the scan keeps the rules and
adds this: an answer the model reads as urgent with probability ``THRESHOLD`` or more is
flagged urgent, with a reason that says it is a statistical reading, not a rule.

Training (scikit-learn) on the development sets' tune answers (the holdout half of
``blind_dev_set.yaml`` is never read) and the ordinary answers written for theme coding
(as not urgent) takes about half a minute on two cores, and happens once: the learned
weights are written as JSON beside the instance (``instance/safeguarding-model-<hash of
the training files>.json``, not in the repository) and read back by every process.
Scoring is plain Python over those weights (no scikit-learn at run time), checked against
scikit-learn's own ``predict_proba`` by the tests.

Without the development sets (a package installed away from its repository) there is no
model and the rules alone decide, with a warning in the log.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import sys
import tempfile
import threading
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter, mul
from pathlib import Path
from typing import Any

import yaml

from .detect import Concern, most_severe

log = logging.getLogger(__name__)

#: An answer read as urgent with at least this probability is flagged urgent. Chosen on
#: the development sets, each read with a model trained on the others: on the three sets
#: no rule had yet been written from (M, N, O), 0.4 read 121 of their 124 urgent answers
#: as urgent with the rules, 0.5 only 117; over all fifteen sets it read 111 answers
#: people called a concern or none as urgent where 0.5 read 78 (of 4,900).
#: `flask safeguarding cross-check` repeats it (docs/redaction-and-safeguarding.md).
THRESHOLD = 0.4
#: Answers of fewer words than this are left to the rules ("swimming", "a vet").
MIN_WORDS = 3
RULE_ID = "model.urgent_reading"
REASON = ("Reads like the urgent disclosures the scan has learned from (a statistical "
          "reading, not a rule): read it today to be sure.")

_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = _ROOT / "tests" / "data"
#: Ordinary answers written for theme coding (school, jobs, the area): read as not
#: urgent, so that talk of "this week" or "who knows" in a job answer is not taken for
#: a disclosure's.
ORDINARY_DIR = _ROOT / "tests" / "analysis" / "data"
MODEL_DIR = _ROOT / "instance"
_SETS = "blind_dev_set*.yaml"
_ORDINARY = "*free_text.yaml"
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_PARTS = (("char_wb", 2, 5), ("word", 1, 2))
_WORD_RE = re.compile(r"\w+")
#: Found in a text exactly when it has ``MIN_WORDS`` words (runs of ``_WORD_RE``) or
#: more: the end of one, what parts it from the next, ..., the start of the last.
_ENOUGH_WORDS = re.compile(r"\w" + r"\W+\w+" * (MIN_WORDS - 2) + r"\W+\w"
                           if MIN_WORDS >= 2 else r"\w" if MIN_WORDS == 1 else "")


def training_files(data_dir: Path = DATA_DIR, ordinary_dir: Path = ORDINARY_DIR
                   ) -> list[Path]:
    """The labelled development sets, then the ordinary answers (none without the sets)."""
    sets = sorted(data_dir.glob(_SETS))
    return [*sets, *sorted(ordinary_dir.glob(_ORDINARY))] if sets else []


def training_answers(files: Iterable[Path]) -> tuple[list[str], list[bool]]:
    """Every tune answer's text and whether people labelled it urgent (holdout never);
    a file of plain answers without labels counts as not urgent."""
    texts, urgent = [], []
    for path in files:
        data = yaml.safe_load(path.read_text("utf-8"))
        items = data.get("answers") if isinstance(data, dict) else data
        for answer in items or []:
            if not isinstance(answer, dict):
                texts.append(str(answer))
                urgent.append(False)
                continue
            if answer.get("split") == "holdout":
                continue
            texts.append(str(answer["text"]))
            reference = answer.get("reference") or {}
            urgent.append(reference.get("safeguarding") == "urgent")
    return texts, urgent


def _word_ngrams(low: int, high: int, text: str) -> list[str]:
    """The word sequences scikit-learn's "word" analyzer makes of ``text``, for
    ``ngram_range`` (low, high) (letter sequences: ``Model._grams``)."""
    tokens = _TOKEN.findall(text.lower())
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high + 1, len(tokens) + 1)):
        grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return grams


def train(files: Sequence[Path]) -> dict[str, Any]:
    """Fit the model on the files' tune answers; the weights as plain data."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    texts, urgent = training_answers(files)
    vectorizers = [TfidfVectorizer(analyzer=kind, ngram_range=(low, high), min_df=2,
                                   sublinear_tf=True) for kind, low, high in _PARTS]
    pipeline = make_pipeline(make_union(*vectorizers),
                             LogisticRegression(C=4, class_weight="balanced", max_iter=2000))
    pipeline.fit(texts, urgent)
    coef = pipeline[-1].coef_[0]
    parts, at = [], 0
    for (kind, low, high), vec in zip(_PARTS, vectorizers, strict=True):
        vocabulary = vec.vocabulary_
        weights = {term: [float(vec.idf_[i]), float(coef[at + i])]
                   for term, i in vocabulary.items()}
        parts.append({"kind": kind, "min_n": low, "max_n": high, "weights": weights})
        at += len(vocabulary)
    return {"version": 1, "answers": len(texts), "urgent": sum(urgent),
            "intercept": float(pipeline[-1].intercept_[0]), "parts": parts}


def _char_wb(word: str, low: int, high: int) -> list[str]:
    """One word's letter sequences as scikit-learn's "char_wb" analyzer makes them."""
    w = f" {word} "
    size = len(w)
    grams = []
    for n in range(low, high + 1):
        offset = 0
        grams.append(w[offset:offset + n])
        while offset + n < size:
            offset += 1
            grams.append(w[offset:offset + n])
        if offset == 0:
            break
    return grams


#: Words whose letter sequences are remembered per model before the memory starts afresh.
_WORDS_KEPT = 100_000


#: (1 + log(count)) for each count a term can have in an answer, by count (from 1).
_TF_KEPT = 256
_TF = [0.0, *(1.0 + math.log(count) for count in range(1, _TF_KEPT))]
#: A byte of an answer's term counts other than 1: a term that repeats.
_REPEATED = re.compile(rb"[^\x01]")


if sys.version_info < (3, 12):
    #: Adds floats one after another from ``start``, as ``+=`` in a loop does (from
    #: Python 3.12 sum() compensates its rounding, which would change the last bits).
    _sum = sum
else:  # pragma: no cover - not the project's Python
    def _sum(values: Iterable[float], start: float = 0.0) -> float:
        for value in values:
            start += value
        return start


def _tf(count: int) -> float:
    return _TF[count] if count < _TF_KEPT else 1.0 + math.log(count)


class _Table:
    """One part of the model, laid out for scoring: each known term numbered from 1, the
    commonest (lowest idf) first, and its idf squared and idf times coefficient in two
    lists by that number.

    An answer becomes the numbers of its terms, counted in C (``Counter``; the commonest
    terms' numbers are Python's shared small ints), and its sums are taken over values
    fetched from the lists in one go, so scoring touches two compact lists instead of
    looking every term up again in the big dict of weights. The sums add the same numbers
    in the same order as a term-by-term loop (first occurrence, as ``Counter`` keeps):
    the probability is the same to the last bit.
    """

    __slots__ = ("kind", "low", "high", "number", "idf2", "weighted", "code", "words")

    def __init__(self, kind: str, low: int, high: int,
                 weights: dict[str, tuple[float, float]]) -> None:
        self.kind, self.low, self.high = kind, low, high
        terms = sorted(weights, key=lambda term: weights[term][0])
        self.number = {term: i for i, term in enumerate(terms, 1)}
        self.idf2 = [0.0, *(weights[term][0] for term in terms)]
        self.weighted = [0.0, *(weights[term][1] for term in terms)]
        self.code = next(code for code in ("H", "I", "L", "Q")
                         if array(code).itemsize * 8 >= len(terms).bit_length())
        #: Each word -> the numbers of its letter sequences that the model knows, packed
        #: (answers repeat their words and each other's); emptied past ``_WORDS_KEPT``.
        self.words: dict[str, bytes] = {}

    def terms(self, lowered: str) -> Sequence[int]:
        """The numbers of the known terms of ``lowered`` (the answer in lower case), in
        the order scikit-learn's analyzer makes the terms."""
        number = self.number
        if self.kind != "char_wb":
            tokens = _TOKEN.findall(lowered)
            found: list[int] = []
            for n in range(self.low, min(self.high + 1, len(tokens) + 1)):
                grams = tokens if n == 1 else map(
                    " ".join, zip(*(tokens[i:] for i in range(n)), strict=False))
                found.extend(filter(None, map(number.get, grams)))
            return found
        words = self.words
        if len(words) > _WORDS_KEPT:
            words.clear()
        split = lowered.split()  # as scikit-learn's char_wb: runs of white space part words
        packed = list(map(words.get, split))
        if None in packed:
            for i, word in enumerate(split):
                if packed[i] is None:
                    packed[i] = words.get(word)
                    if packed[i] is None:
                        packed[i] = words[word] = array(self.code, filter(None, map(
                            number.get, _char_wb(word, self.low, self.high)))).tobytes()
        return memoryview(b"".join(packed)).cast(self.code)

    def score(self, lowered: str) -> float | None:
        """This part's contribution to the answer's score; None when it knows no term."""
        terms = self.terms(lowered)
        if not terms:
            return None
        counts = Counter(terms)
        if len(counts) == 1:
            (only, count), = counts.items()
            tf = _tf(count)
            return tf * self.weighted[only] / math.sqrt(tf * tf * self.idf2[only])
        fetch = itemgetter(*counts)
        idf2, weighted = fetch(self.idf2), fetch(self.weighted)
        if len(counts) == len(terms):  # no term repeats: every tf is 1
            return _sum(weighted) / math.sqrt(_sum(idf2))
        # Terms that repeat are few: scale just those by their tf (a tf of 1 would change
        # nothing), found as the bytes other than 1 of the counts.
        try:
            tallies = bytes(counts.values())
        except ValueError:  # a term 256 times or more
            tfs = list(map(_tf, counts.values()))
            return (_sum(map(mul, tfs, weighted))
                    / math.sqrt(_sum(map(mul, map(mul, tfs, tfs), idf2))))
        idf2, weighted = list(idf2), list(weighted)
        for repeated in _REPEATED.finditer(tallies):
            i = repeated.start()
            tf = _TF[tallies[i]]
            idf2[i] = tf * tf * idf2[i]
            weighted[i] = tf * weighted[i]
        return _sum(weighted) / math.sqrt(_sum(idf2))


@dataclass(frozen=True)
class Model:
    intercept: float
    #: (analyzer, shortest, longest, term -> (idf squared, idf times coefficient))
    parts: tuple[tuple[str, int, int, dict[str, tuple[float, float]]], ...]
    #: The parts as scoring reads them (``_Table``), made from ``parts``.
    tables: tuple[_Table, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tables", tuple(_Table(*part) for part in self.parts))

    @classmethod
    def of(cls, data: dict[str, Any]) -> Model:
        """From the learned weights; each term kept as (idf squared, idf times its
        coefficient), what scoring needs."""
        return cls(float(data["intercept"]), tuple(
            (p["kind"], int(p["min_n"]), int(p["max_n"]),
             {t: (w[0] * w[0], w[0] * w[1]) for t, w in p["weights"].items()})
            for p in data["parts"]))

    def probability(self, text: str) -> float:
        """How likely people would label ``text`` urgent, as the model reads it."""
        score = self.intercept
        lowered = text.lower()
        for table in self.tables:
            part = table.score(lowered)
            if part is not None:
                score += part
        return 1.0 / (1.0 + math.exp(-score))


def _fingerprint(files: Sequence[Path]) -> str:
    digest = hashlib.sha256(str(_PARTS).encode())  # what the weights depend on
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_LOCK = threading.Lock()
_LOADED: dict[str, Model | None] = {}


def current() -> Model | None:
    """The model for the development sets as they are, trained on first use and kept in
    ``instance/``; None (and one warning) without the sets or scikit-learn."""
    key = os.environ.get("WESTCC_SAFEGUARDING_MODEL_DIR", str(MODEL_DIR))
    if key in _LOADED:
        return _LOADED[key]
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = _load_or_train(Path(key))
    return _LOADED[key]


def _load_or_train(model_dir: Path) -> Model | None:
    files = training_files()
    if not files:
        log.warning("no labelled development sets in %s: the safeguarding scan runs on "
                    "its rules alone", DATA_DIR)
        return None
    path = model_dir / f"safeguarding-model-{_fingerprint(files)}.json"
    if path.exists():
        return Model.of(json.loads(path.read_text("utf-8")))
    try:
        data = train(files)
    except ImportError as exc:
        log.warning("scikit-learn is missing (%s): the safeguarding scan runs on its rules "
                    "alone", exc)
        return None
    model_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=model_dir, delete=False,
                                     suffix=".tmp") as handle:
        json.dump(data, handle)
    os.replace(handle.name, path)  # whole or not at all, whichever process wins
    for old in model_dir.glob("safeguarding-model-*.json"):
        if old != path:
            old.unlink(missing_ok=True)
    return Model.of(data)


@dataclass
class HeldOut:
    """One development set scored by a model trained on every other file."""
    name: str
    urgent: int = 0
    #: urgent answers the rules alone read as urgent
    rules: int = 0
    #: per threshold: urgent answers read as urgent with the model; answers people
    #: called a concern or none read as urgent; answers called none that the rules
    #: left alone and the model flags
    as_urgent: dict[float, int] = field(default_factory=dict)
    raised: dict[float, int] = field(default_factory=dict)
    new_flags: dict[float, int] = field(default_factory=dict)


def leave_one_set_out(thresholds: Sequence[float]) -> Iterable[HeldOut]:
    """For each development set: train on the others (and the ordinary answers), scan
    the set with the rules, and count what the model adds at each threshold. The way
    ``THRESHOLD`` was chosen; one training a set."""
    from .detect import scan
    from .measure import read_labelled

    files = training_files()
    for held in [f for f in files if f.match(_SETS)]:
        model = Model.of(train([f for f in files if f != held]))
        result = HeldOut(held.name)
        for t in thresholds:
            result.as_urgent[t] = result.raised[t] = result.new_flags[t] = 0
        for answer in read_labelled(held):
            if answer.split == "holdout":
                continue
            concerns = scan(answer.text, language=answer.language)
            rules_urgent = most_severe(concerns) == "urgent"
            p = urgency(answer.text, model)
            result.urgent += answer.expected == "urgent"
            result.rules += answer.expected == "urgent" and rules_urgent
            for t in thresholds:
                read = rules_urgent or p >= t
                if answer.expected == "urgent":
                    result.as_urgent[t] += read
                elif read and not rules_urgent:
                    result.raised[t] += 1
                    result.new_flags[t] += answer.expected == "none" and not concerns
        yield result


def urgency(text: str, model: Model) -> float:
    """The model's reading of an answer; 0 for one too short to read ("a vet")."""
    return model.probability(text) if _ENOUGH_WORDS.search(text) else 0.0


def with_model(text: str, concerns: list[Concern], model: Model | None = None) -> list[Concern]:
    """The rules' findings, plus an urgent one when the model reads the answer as urgent
    and the rules did not (it takes the category of the rules' first finding, or
    ``other_concern`` when they found nothing)."""
    if most_severe(concerns) == "urgent":
        return concerns
    model = model or current()
    if model is None or urgency(text, model) < THRESHOLD:
        return concerns
    category = concerns[0].category if concerns else "other_concern"
    # No phrase: the whole answer is what was read, and the DSL reads it in full anyway.
    return [*concerns, Concern(category, "", RULE_ID, "urgent", REASON, "en")]


def scan_as_intake(text: str, language: str | None = None) -> list[Concern]:
    """The intake's scan of one answer: the rules, then the model's reading."""
    from .detect import scan

    return with_model(text, scan(text, language=language))
