"""Free-text answers coded to themes, counted per group, with what the codebook missed.

Each answer is first sorted: not in English (set aside for a person, not coded),
nothing to add ("nothing", "dunno"), or to code. Answers to code are matched against
the question's codebook; one answer can carry several themes. Per group the output is
each theme's count and share of the answers to code, the mean TextBlob polarity of its
answers (a triage signal), and approved quotes from attribution groups of 10 or more.
At partnership level the common words and two-word phrases of uncoded answers are
listed, so a person can grow the codebook.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ...privacy.suppression import SECONDARY, SuppressionPolicy
from ..publish import CategorySpec, Groups, count_matrix, distributions
from ..summary import PARTNERSHIP, Quote, Term, TextGroup, TextSummary, ThemeCount
from . import sentiment
from .codebook import Codebook
from .language import ENGLISH_WORDS, is_english

TO_CODE, NOTHING, NOT_ENGLISH = 0, 1, 2
STATUS_CATEGORIES = (
    CategorySpec("to_code", "Answers coded for themes"),
    CategorySpec("nothing_to_add", "Nothing to add", substantive=False),
    CategorySpec("not_english", "Not in English: set aside for a person to read",
                 substantive=False),
)
STOPWORDS = ENGLISH_WORDS | set(
    "it's im i've ive there's theres lots loads bit get gets got also really very "
    "dont don't cant can't isnt isn't didn't wont won't".split()
)
#: Terms listed for the codebook: at most this many, each used in enough answers to pass
#: the suppression threshold.
MAX_TERMS = 30


@dataclass
class Coded:
    """Per answer: status (-1 no answer), themes, normalised text."""

    status: np.ndarray
    themes: list[frozenset[str]]
    norms: list[str]


def code_answers(texts: Sequence[str | None], book: Codebook,
                 cache: dict[str, tuple[int, frozenset[str], str]] | None = None) -> Coded:
    """Sort and code answers; identical answers are coded once (``cache`` may be shared
    between questions that use the same codebook)."""
    status = np.full(len(texts), -1, dtype=np.int64)
    themes: list[frozenset[str]] = [frozenset()] * len(texts)
    norms = [""] * len(texts)
    cache = {} if cache is None else cache
    for i, text in enumerate(texts):
        if text is None:
            continue
        hit = cache.get(text)
        if hit is None:
            if not is_english(text):
                hit = (NOT_ENGLISH, frozenset(), "")
            else:
                found, norm = book.code(text)
                if not found and book.is_nothing(norm):
                    hit = (NOTHING, frozenset(), norm)
                elif not found and book.otherwise and not book.matches(norm):
                    # said something, and nothing the codebook knows (not even negated)
                    hit = (TO_CODE, frozenset({book.otherwise}), norm)
                else:
                    hit = (TO_CODE, frozenset(found), norm)
            cache[text] = hit
        status[i], themes[i], norms[i] = hit
    return Coded(status, themes, norms)


def uncoded_terms(coded: Coded, min_count: int, limit: int = MAX_TERMS) -> list[tuple[str,
                                                                                       int]]:
    """Words and two-word phrases most common among answers to code that no theme
    matched, counted once per answer."""
    counts: Counter[str] = Counter()
    for st, th, norm in zip(coded.status, coded.themes, coded.norms, strict=True):
        if st != TO_CODE or th:
            continue
        words = [w for w in norm.split() if w.isalnum() or "'" in w]
        terms = {w for w in words if w not in STOPWORDS and len(w) > 2 and not w.isdigit()}
        terms |= {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)
                  if not (a in STOPWORDS and b in STOPWORDS)}
        counts.update(terms)
    ranked = sorted(((t, c) for t, c in counts.items() if c >= min_count),
                    key=lambda tc: (-tc[1], tc[0]))
    return ranked[:limit]


def summarise_text(
    *,
    policy: SuppressionPolicy,
    survey_key: str,
    question: dict,
    book: Codebook,
    texts: Sequence[str | None],
    groups: Groups,
    response_ids: np.ndarray,
    audiences: Sequence[str],
    year_bands: Sequence[str | None],
    approved: set[tuple[int, str]],
    partnership: bool = True,
    cache: dict | None = None,
) -> TextSummary:
    qid = question["id"]
    coded = code_answers(texts, book, cache)
    g = groups.codes
    n_groups = len(groups)
    status_counts = count_matrix(coded.status, g, n_groups, len(STATUS_CATEGORIES))
    # The base of theme counts ("11 of 75 who wrote an answer") is decided on its own:
    # the number who wrote anything at all is not published, so a few answers set
    # aside (not in English, nothing to add) never hide it by subtraction.
    bases = policy.table(status_counts[:, [TO_CODE]].tolist(), row_totals=False,
                         column_totals=True)
    answer_dists = distributions(
        policy, groups, status_counts, STATUS_CATEGORIES, exclusive=False,
        group_totals={k: bases.cells[i][0] for i, k in enumerate(groups.keys)},
        partnership_total=bases.column_totals[0], partnership=True)
    for d in answer_dists:  # the coded answers are the base itself
        d.categories[TO_CODE] = dataclasses.replace(d.categories[TO_CODE], count=d.n,
                                                    percent=policy.percent(d.n, d.n))
    to_code = {d.group: d.n for d in answer_dists}

    theme_ids = list(book.themes)
    index = {t: j for j, t in enumerate(theme_ids)}
    theme_counts = np.zeros((n_groups, len(theme_ids)), dtype=np.int64)
    rows_by_theme: dict[str, list[int]] = {t: [] for t in theme_ids}
    for i, (st, th) in enumerate(zip(coded.status, coded.themes, strict=True)):
        if st != TO_CODE or g[i] < 0:
            continue
        for t in th:
            theme_counts[g[i], index[t]] += 1
            rows_by_theme[t].append(i)
    table = policy.table(theme_counts.tolist(), row_totals=False, column_totals=True)

    scored_rows = [i for i, st in enumerate(coded.status) if st == TO_CODE and coded.themes[i]]
    pol = np.full(len(texts), np.nan)
    if scored_rows:
        pol[scored_rows] = sentiment.polarities([coded.norms[i] for i in scored_rows])

    order = sorted(range(len(theme_ids)), key=lambda j: (-table.column_totals[j].value
                                                          if table.column_totals[j].shown
                                                          else 0, theme_ids[j]))

    def theme_cells(group_index: int | None, key: str) -> list[ThemeCount]:
        out = []
        base = to_code[key]
        for j in order:
            theme = book.themes[theme_ids[j]]
            cell = (table.column_totals[j] if group_index is None
                    else table.cells[group_index][j])
            rows = rows_by_theme[theme.id]
            if group_index is not None:
                rows = [r for r in rows if g[r] == group_index]
            values = pol[rows] if rows else np.array([])
            values = values[~np.isnan(values)]
            n_pol = cell if values.size >= policy.threshold else policy.hidden(SECONDARY)
            out.append(ThemeCount(
                theme.id, theme.label, theme.tags, cell, policy.percent(cell, base),
                policy.statistic(float(values.mean()) if values.size else None, n_pol, 2),
            ))
        return out

    quote_groups = _quote_group_sizes(coded, g, audiences, year_bands, n_groups) \
        if approved else {}
    result_groups = []
    for d in answer_dists:
        if d.group == PARTNERSHIP and not partnership:
            continue
        gi = None if d.group == PARTNERSHIP else groups.keys.index(d.group)
        result_groups.append(TextGroup(
            d.group, d.label, d,
            themes=theme_cells(gi, d.group),
            quotes=_quotes(policy, coded, book, texts, response_ids, qid, audiences,
                           year_bands, g, gi, approved, quote_groups),
        ))
    terms = [Term(t, policy.count(c))
             for t, c in uncoded_terms(coded, policy.threshold)]
    return TextSummary(
        survey_key=survey_key, question_id=qid,
        text=_first(question.get("text")), tags=list(question.get("tags") or []),
        codebook=book.id, groups=result_groups, uncoded_terms=terms,
        sentiment_note=sentiment.NOTE,
    )


def _first(text: dict | None) -> str:
    return next(iter((text or {}).values()), "")


def _quote_group_sizes(coded, g, audiences, bands, n_groups) -> dict:
    sizes: Counter = Counter()
    for i, st in enumerate(coded.status):
        if st < 0 or g[i] < 0:
            continue
        attribution = (audiences[i], bands[i])
        sizes[(None, attribution)] += 1
        sizes[(int(g[i]), attribution)] += 1
    return sizes


def _quotes(policy, coded, book, texts, response_ids, qid, audiences, bands, g, gi,
            approved, sizes) -> list[Quote]:
    if not approved:
        return []
    candidates = []
    for i, st in enumerate(coded.status):
        if st < 0 or (gi is not None and g[i] != gi):
            continue
        rid = int(response_ids[i])
        if (rid, qid) not in approved:
            continue
        candidates.append({"response_id": rid, "question_id": qid,
                           "group": (gi, (audiences[i], bands[i])), "row": i})
    kept = policy.quotes(candidates, approved, sizes)
    return [
        Quote(texts[c["row"]], audiences[c["row"]], bands[c["row"]],
              sorted(book.themes[t].label for t in coded.themes[c["row"]]))
        for c in kept
    ]
