"""TextBlob polarity per answer: a triage signal, never a headline figure.

Lexicon tools like TextBlob's were not validated on children's writing: spelling,
dialect ("canny" means good in Newcastle) and English as an additional language all
throw them. Polarity is computed on the codebook-normalised text (spellings fixed,
dialect translated), and reported per theme only as a pointer to answers a person
should read. Only TextBlob's ``sentiment`` is used: its word lists, noun phrases and
tags need NLTK corpora that are not available here.

TextBlob takes about a quarter of a millisecond per answer, so for a large wave a
seeded random sample of answers per question is scored (``MAX_SCORED``); the number
scored is part of the note beside the figures.
"""

from __future__ import annotations

import functools

import numpy as np
from textblob.en import sentiment as _pattern_sentiment  # what TextBlob itself calls

NOTE = ("Polarity (-1 negative to +1 positive) is TextBlob's lexicon score, a triage "
        "signal to help a person decide what to read first, not a finding: it was not "
        "built for children's writing or dialect.")
#: Answers scored per question at most; above this a seeded random sample is scored.
MAX_SCORED = 500

@functools.lru_cache(maxsize=50_000)
def polarity(text: str) -> float:
    """TextBlob's polarity: the same lexicon and rules as ``TextBlob(text).sentiment``,
    called without the named tuple TextBlob builds afresh on every call. Remembered
    per text for the process, so rebuilding a wave's Summary scores nothing twice."""
    return float(_pattern_sentiment(text)[0])


def polarities(texts: list[str], *, limit: int = MAX_SCORED, seed: int = 2026) -> np.ndarray:
    """Polarity of each text (NaN for those not in the sample); identical texts are
    scored once."""
    out = np.full(len(texts), np.nan)
    index = np.arange(len(texts))
    if len(texts) > limit:
        index = np.sort(np.random.default_rng(seed).choice(len(texts), limit, replace=False))
    seen: dict[str, float] = {}
    for i in index:
        t = texts[i]
        if t not in seen:
            seen[t] = polarity(t)
        out[i] = seen[t]
    return out
