"""Scale scoring as the survey files define it, with methods registered by name.

A scale's ``scoring.method`` picks a registered ``ScoringMethod``:

- ``separate`` (ONS4): every item is its own score, reported on its own, never summed;
- ``sum`` (SWEMWBS, Stirling): the sum of the items, looked up in the conversion table
  when the scale has one (SWEMWBS raw 7-35 to metric scores);
- ``mean``: the mean of the items.

Rules, from the scale definitions: only complete answers are scored unless
``complete_only`` is false, when up to ``max_missing`` items may be missing and the sum
is prorated; reverse-scored items are flipped within their answer range; items marked
``scored: false`` (Stirling's social-desirability items) are left out; a pupil whose
year group is below the scale's age range is not scored; and every summed or averaged
score is oriented so that higher is better (a scale whose raw score runs the other way
is flipped and says so). A separately reported item keeps its published orientation
(ONS anxiety: higher means more anxious) and its bands, which are reversed for anxiety.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from .frames import ResponseFrame, options_of

METHODS: dict[str, type[ScoringMethod]] = {}


def register(cls: type[ScoringMethod]) -> type[ScoringMethod]:
    METHODS[cls.name] = cls
    return cls


@dataclass
class ScoreSpec:
    """One score to compute: a whole scale, or one item of a ``separate`` scale."""

    score_id: str
    scale_id: str
    item_id: str | None
    name: str
    method: str
    #: scale item ids that make up the score
    items: list[str]
    reverse: dict[str, bool]
    minimum: float
    maximum: float
    higher_is_better: bool
    flipped: bool
    conversion: dict[int, float] | None
    bands: list[dict[str, Any]] | None
    tags: list[str]
    complete_only: bool
    max_missing: int
    age_min: int
    age_max: int | None
    item_range: tuple[float, float] = (0.0, 0.0)
    survey_keys: list[str] = field(default_factory=list)

    @property
    def orientation(self) -> str:
        if self.method == "separate" and not self.higher_is_better:
            return "Higher means worse (the published orientation of this item is kept)."
        if self.flipped:
            return "Reversed so that higher is better."
        return "Higher is better."


def _item_range(scale: dict[str, Any], questions: dict[str, dict]) -> tuple[float, float]:
    for item in scale["items"]:
        q = questions.get(item["question_id"])
        values = [o["value"] for o in options_of(q or {})
                  if isinstance(o["value"], (int, float))]
        if values:
            return float(min(values)), float(max(values))
    if scale.get("item_type") == "scale_0_10":
        return 0.0, 10.0
    return 1.0, 5.0


class ScoringMethod(ABC):
    name: ClassVar[str]

    @abstractmethod
    def specs(self, scale: dict[str, Any], questions: dict[str, dict]) -> list[ScoreSpec]:
        """The scores a scale gives (one, or one per item)."""

    @abstractmethod
    def score(self, matrix: np.ndarray, spec: ScoreSpec) -> np.ndarray:
        """Scores for rows of item values (NaN = missing); NaN where not scored."""


def _base(scale: dict[str, Any], questions: dict[str, dict], **kw: Any) -> ScoreSpec:
    scoring = scale["scoring"]
    lo, hi = _item_range(scale, questions)
    scored = [i for i in scale["items"] if i.get("scored", True)]
    fields = dict(
        score_id=scale["id"], scale_id=scale["id"], item_id=None, name=scale["name"],
        method=scoring["method"], items=[i["id"] for i in scored],
        reverse={i["id"]: bool(i.get("reverse")) for i in scored},
        minimum=lo, maximum=hi, higher_is_better=True, flipped=False,
        conversion=_conversion(scale.get("conversion")), bands=None,
        tags=list(scale.get("tags") or []),
        complete_only=bool(scoring.get("complete_only", True)),
        max_missing=int(scoring.get("max_missing", 0)),
        age_min=int((scale.get("age") or {}).get("min") or 0),
        age_max=(scale.get("age") or {}).get("max"), item_range=(lo, hi),
    )
    fields.update(kw)
    return ScoreSpec(**fields)


def _conversion(table: dict | None) -> dict[int, float] | None:
    """Conversion tables come back from JSON storage with text keys."""
    return {int(k): float(v) for k, v in table.items()} if table else None


def _reversed_items(matrix: np.ndarray, spec: ScoreSpec) -> np.ndarray:
    lo, hi = spec.item_range
    out = matrix.copy()
    for j, item in enumerate(spec.items):
        if spec.reverse.get(item):
            out[:, j] = lo + hi - out[:, j]
    return out


def _usable(matrix: np.ndarray, spec: ScoreSpec) -> tuple[np.ndarray, np.ndarray]:
    missing = np.isnan(matrix).sum(axis=1)
    allowed = 0 if spec.complete_only else spec.max_missing
    ok = (missing <= allowed) & (missing < matrix.shape[1])
    return ok, missing


@register
class Separate(ScoringMethod):
    """Each item reported on its own (ONS4): never summed."""

    name = "separate"

    def specs(self, scale, questions):
        out = []
        for item in scale["items"]:
            if not item.get("scored", True):
                continue
            lo, hi = _item_range(scale, questions)
            band_name = item.get("bands")
            out.append(_base(
                scale, questions,
                score_id=f"{scale['id']}.{item['id']}", item_id=item["id"],
                name=f"{scale['name']}: {item['id'].replace('_', ' ')}",
                items=[item["id"]], reverse={item["id"]: False},
                higher_is_better=bool(item.get("higher_is_better", True)),
                bands=(scale.get("bands") or {}).get(band_name) if band_name else None,
                minimum=lo, maximum=hi, conversion=None,
            ))
        return out

    def score(self, matrix, spec):
        return matrix[:, 0].astype(float)


class _Combined(ScoringMethod):
    def specs(self, scale, questions):
        spec = _base(scale, questions)
        k = len(spec.items)
        lo, hi = spec.item_range
        raw_lo, raw_hi = self.raw_range(k, lo, hi)
        if spec.conversion:
            raw_lo, raw_hi = min(spec.conversion.values()), max(spec.conversion.values())
        scoring = scale["scoring"]
        spec.minimum, spec.maximum = raw_lo, raw_hi
        spec.flipped = not bool(scoring.get("higher_is_better", True))
        band_name = scoring.get("bands")
        spec.bands = (scale.get("bands") or {}).get(band_name) if band_name else None
        return [spec]

    @abstractmethod
    def raw_range(self, k: int, lo: float, hi: float) -> tuple[float, float]:
        """Lowest and highest score of k items each from lo to hi."""

    @abstractmethod
    def combine(self, values: np.ndarray, k: int) -> np.ndarray:
        """One score per row from its (reversed where needed) item values."""

    def score(self, matrix, spec):
        k = matrix.shape[1]
        ok, _missing = _usable(matrix, spec)
        values = _reversed_items(matrix, spec)
        out = np.full(matrix.shape[0], np.nan)
        if ok.any():
            out[ok] = self.combine(values[ok], k)
        if spec.conversion:
            out = convert(out, spec.conversion)
        if spec.flipped:
            out = spec.minimum + spec.maximum - out
        return out


@register
class Sum(_Combined):
    """The sum of the items; with missing items allowed, the prorated sum (mean x k)."""

    name = "sum"

    def raw_range(self, k, lo, hi):
        return k * lo, k * hi

    def combine(self, values, k):
        return np.nanmean(values, axis=1) * k


@register
class Mean(_Combined):
    name = "mean"

    def raw_range(self, k, lo, hi):
        return lo, hi

    def combine(self, values, k):
        return np.nanmean(values, axis=1)


def convert(raw: np.ndarray, table: dict[int, float]) -> np.ndarray:
    """Look raw scores up in a conversion table; a prorated raw score is rounded half
    up first; a raw score outside the table is not scored."""
    keys = sorted(table)
    lo, hi = keys[0], keys[-1]
    lookup = np.full(hi - lo + 1, np.nan)
    for k in keys:
        lookup[k - lo] = table[k]
    out = np.full(raw.shape, np.nan)
    ok = ~np.isnan(raw)
    idx = np.floor(raw[ok] + 0.5).astype(np.int64) - lo
    inside = (idx >= 0) & (idx < lookup.size)
    vals = np.full(idx.shape, np.nan)
    vals[inside] = lookup[idx[inside]]
    out[ok] = vals
    return out


def band_of(values: np.ndarray, bands: list[dict[str, Any]]) -> np.ndarray:
    """The index of the band each value falls in (-1 if none or missing)."""
    out = np.full(values.shape, -1, dtype=np.int64)
    for i, band in enumerate(bands):
        hit = (values >= band["min"]) & (values <= band["max"])
        out[hit & (out < 0)] = i
    return out


def score_specs(scale: dict[str, Any], questions: dict[str, dict]) -> list[ScoreSpec]:
    method = METHODS.get(scale["scoring"]["method"])
    if method is None:
        raise ValueError(f"scale {scale['id']!r}: unknown scoring method "
                         f"{scale['scoring']['method']!r}; expected one of {', '.join(METHODS)}")
    return method().specs(scale, questions)


def _too_young(years: np.ndarray, spec: ScoreSpec) -> np.ndarray:
    """Pupils in a year group below (or above) the scale's ages are not scored.
    A pupil in year group y is aged y+4 to y+5 during the year."""
    out = np.zeros(years.shape, dtype=bool)
    known = ~np.isnan(years)
    out[known] = (years[known] + 5 < spec.age_min)
    if spec.age_max is not None:
        out[known] |= years[known] + 4 > spec.age_max
    return out


def compute_scores(frame: ResponseFrame, audience: str) -> list[tuple[ScoreSpec, np.ndarray]]:
    """Every score of every scale carried by the audience's surveys, pooled across
    those surveys: one array per score, aligned with the frame (NaN = not scored)."""
    data = frame.data
    n = len(data)
    specs: dict[str, ScoreSpec] = {}
    results: dict[str, np.ndarray] = {}
    years = data["year_group"].to_numpy(dtype=float)
    version_ids = data["survey_version_id"].to_numpy()
    for key, info in frame.surveys.items():
        if info.audience != audience:
            continue
        for vid, scales in info.version_scales.items():
            rows = np.flatnonzero(version_ids == vid)
            for scale in scales.values():
                if scale.get("reported") is False:   # not an outcome (family affluence)
                    continue
                for spec in score_specs(scale, info.questions):
                    known = specs.setdefault(spec.score_id, spec)
                    if key not in known.survey_keys:
                        known.survey_keys.append(key)
                    out = results.setdefault(spec.score_id, np.full(n, np.nan))
                    if not rows.size:
                        continue
                    by_item = {i["id"]: i["question_id"] for i in scale["items"]}
                    cols = [info.column_names.get(by_item.get(item, "")) for item in spec.items]
                    if any(c is None or c not in frame.columns for c in cols):
                        continue
                    matrix = np.column_stack([frame.numeric(c)[rows] for c in cols])
                    scores = METHODS[spec.method]().score(matrix, spec)
                    scores[_too_young(years[rows], spec)] = np.nan
                    out[rows] = scores
    return [(specs[k], results[k]) for k in specs]
