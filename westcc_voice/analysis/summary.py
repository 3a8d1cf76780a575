"""The Summary: what briefings, staff dashboards, exports and the JSON API all read.

Plain dataclasses, no behaviour beyond (de)serialisation. Every number in a Summary is
a ``Cell`` that has already passed through the one ``SuppressionPolicy``: a published
cell is ``{"value": 42, "display": "42"}``, a hidden one
``{"suppressed": true, "display": "fewer than 10", "reason": "small_group"}`` (or
``"not shown"`` / ``"secondary"`` where it was hidden so a small group cannot be worked
out by subtraction). Readers never recompute statistics: they show ``display`` and use
``value`` for chart geometry.

Groups are named by keys that every part shares:

- ``"partnership"``: everyone in scope for that survey or score;
- ``"school:<code>"``: one school; ``"rest:<code>"``: the partnership without it;
- ``"no_school"``: responses from partnership-wide links (community);
- ``"audience:<pupil|parent|community>"``: an audience, in shared indicators
  (``"audience:<audience>/<survey_key>"`` when two surveys of one audience share a
  question: their published tables are shown side by side, never pooled);
- ``"wave:<code>"``: a wave, in trends.

References between parts are strings: an item or free-text question is
``"<survey_key>/<question_id>"``, a score is ``"<audience>/<score_id>"``.

``SCHEMA_VERSION`` changes only when a field is removed or changes meaning.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from ..privacy.suppression import Cell
from .equity_types import EquityTable

SCHEMA_VERSION = 1

PARTNERSHIP = "partnership"
NO_SCHOOL = "no_school"
#: Schools (and partnership-wide links) with fewer responses than the threshold, taken
#: together as one group when together they reach it.
OTHER_SCHOOLS = "other_schools"
#: Category values that are not answers to the question itself.
PREFER_NOT_TO_SAY = "prefer_not_to_say"
NO_ANSWER = "no_answer"

__all__ = [
    "Category", "Cell", "Comparison", "DomainIndex", "Distribution", "Estimate", "Group",
    "ItemSummary", "Method", "Quote", "Scope", "ScoreSummary", "SharedIndicator",
    "SharedWording", "Summary", "SurveySummary", "Term", "TextGroup", "TextSummary",
    "ThemeCount", "Trend",
    "NO_ANSWER", "NO_SCHOOL", "OTHER_SCHOOLS", "PARTNERSHIP", "PREFER_NOT_TO_SAY", "SCHEMA_VERSION",
    "school_key", "rest_key", "audience_key", "wave_key",
]


def school_key(code: str) -> str:
    return f"school:{code}"


def rest_key(code: str) -> str:
    return f"rest:{code}"


def audience_key(audience: str) -> str:
    return f"audience:{audience}"


def wave_key(code: str) -> str:
    return f"wave:{code}"


# --- building blocks --------------------------------------------------------------------


@dataclass
class Group:
    """A group that figures are reported for.

    ``kind``: partnership | school | rest_of_partnership | no_school | audience | wave.
    """

    key: str
    kind: str
    label: str


@dataclass
class Category:
    """One bar segment of a distribution: an answer option, a band, a school...

    ``value`` is the option value (int for ordered scales), or ``"prefer_not_to_say"``
    / ``"no_answer"`` with ``substantive`` False. ``percent`` is a share of the
    distribution's ``n`` (0-100).
    """

    value: str | int
    label: str
    count: Cell
    percent: Cell
    substantive: bool = True
    #: The 95% Wilson interval of ``percent`` (0-100), where a question reports one (the
    #: share putting each option of a ranking first); shown only when count and n are.
    ci_low: Cell | None = None
    ci_high: Cell | None = None


@dataclass
class Distribution:
    """The answers of one group to one question, as exclusive categories.

    ``n`` is the base: everyone in the group who answered the question ("prefer not
    to say" included), of those who were asked it (for a question), or everyone scored
    (for a scale's bands). Categories add up to ``n``, so stacked bars are complete.
    Those who took the survey but left the question unanswered are set aside from the
    base and counted in ``no_answer``. For a tick-all-that-apply question
    (``ItemSummary.multiple``) the categories do not add up.
    ``small_group_warning``: n is under 30; say so beside the chart.
    """

    group: str
    label: str
    n: Cell
    categories: list[Category]
    small_group_warning: bool = False
    #: Who the figures are about, in words, with n: "pupils in Years 7 to 11 at one
    #: school, 23" (n as displayed, so "fewer than 10" when hidden).
    population: str = ""
    #: The answers a headline share counts (the top one or two), [] for none.
    headline_values: list[str | int] = field(default_factory=list)
    #: How many gave one of ``headline_values``, decided on its own count: published
    #: even when a part of it is hidden (a part is hidden instead so the sum cannot
    #: give it away); None when the question has no headline.
    headline_count: Cell | None = None
    #: ``headline_count`` as a percentage of ``n``.
    headline_percent: Cell | None = None
    #: The other answers (every answer but the headline ones, "prefer not to say" and
    #: "no answer" aside), when a question names a construct and they are two or more:
    #: the side a threshold reads ("No" or "Not sure" to "Do you feel safe at school?").
    complement_values: list[str | int] = field(default_factory=list)
    #: How many gave one of ``complement_values``, decided on its own count.
    complement_count: Cell | None = None
    #: ``complement_count`` as a percentage of ``n``.
    complement_percent: Cell | None = None
    #: How many of those asked did not answer (set aside from ``n``): published exactly
    #: whenever ``n`` and the group's respondent count are (it is their difference, and
    #: skipping a question says nothing about an answer); hidden whenever either is.
    #: None where no answer is not counted apart (a scale's bands).
    no_answer: Cell | None = None


@dataclass
class Estimate:
    """A mean with its spread and 95% confidence interval (t-distribution) for a group.

    All five cells are hidden together when the group is too small (or hidden to
    protect another group). ``small_group_warning``: n is under 30.
    """

    group: str
    label: str
    n: Cell
    mean: Cell
    sd: Cell
    ci_low: Cell
    ci_high: Cell
    small_group_warning: bool = False
    #: Who the figures are about, in words, with n (see ``Distribution.population``).
    population: str = ""


@dataclass
class Comparison:
    """One group set against another by a stated, registered rule.

    ``kind``: school_vs_rest | wave_vs_wave | audience.
    ``label``: above | similar | below (subject's mean against the reference's), or
    not_compared with a ``reason``. ``direction`` reads the label with the score's
    orientation: better | worse | no_clear_difference | not_compared.
    ``difference`` = subject mean - reference mean, with its 95% interval (for a
    question's headline share, rule ``share_difference_ci``: the difference of shares in
    percentage points, and ``direction`` is ``not_oriented`` unless similar).
    ``warnings``: plain sentences to print beside it (e.g. a group under 30).
    """

    kind: str
    subject: str
    reference: str
    rule: str
    label: str
    direction: str
    difference: Cell
    ci_low: Cell
    ci_high: Cell
    warnings: list[str] = field(default_factory=list)
    reason: str = ""


@dataclass
class Trend:
    """The same question or score in an earlier wave.

    ``comparable`` is False, with a ``reason``, when the wording changed (its wording
    hash differs) or the question was not asked then; nothing else is filled in then.
    """

    previous_wave: str
    previous_wave_name: str
    comparable: bool
    reason: str = ""
    previous_distributions: list[Distribution] = field(default_factory=list)
    previous_estimates: list[Estimate] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)


# --- questions and scores ---------------------------------------------------------------


@dataclass
class ItemSummary:
    """A single question that is not part of a scale.

    Choice, yes/no, agreement and faces questions have ``distributions`` (one per
    group: partnership first, then schools); number questions have ``estimates``.
    Ordered and yes/no questions also have a ``headline`` (the answers a headline share
    counts) and ``comparisons`` of each school's share with the rest of the partnership;
    their ``trend`` compares the partnership's share with the previous wave's.
    ``multiple``: tick-all-that-apply, so categories do not add up to n.
    """

    survey_key: str
    question_id: str
    text: str
    type: str
    kind: str
    tags: list[str]
    wording_hash: str
    multiple: bool = False
    distributions: list[Distribution] = field(default_factory=list)
    estimates: list[Estimate] = field(default_factory=list)
    trend: Trend | None = None
    #: The answers a headline share counts ([] when the question has no natural top).
    headline: list[str | int] = field(default_factory=list)
    #: Each school's headline share against the rest of the partnership's.
    comparisons: list[Comparison] = field(default_factory=list)
    #: The construct the question measures (surveys/constructs.yaml), "" if none named.
    construct: str = ""
    #: The construct's name in words ("Feeling safe at school").
    construct_name: str = ""
    #: "higher" or "lower": which way along the answers counts as better for the
    #: construct; "" when the question names no construct. With it, a comparison of the
    #: headline share reads as ``better`` / ``worse`` instead of ``not_oriented``.
    better: str = ""
    #: A number question's range of believable answers ({"min": 4, "max": 12}), {} if
    #: the questionnaire sets none. Answers outside it are left out of ``estimates``.
    plausible: dict[str, float] = field(default_factory=dict)
    #: How many answers (everyone in the wave's partnership) fell outside ``plausible``
    #: and were left out: a count, hidden as "fewer than 10" when small; None when the
    #: question has no plausible range.
    excluded: Cell | None = None
    #: For a question shown only after certain answers (``show_if``): who was asked it,
    #: in words ("pupils who answered ‘Yes’ to ‘Is there a club...?’"); its figures are
    #: of those asked. "" when everyone who took the survey was asked.
    asked_of: str = ""
    #: True for a question that alone sorts respondents into equity groups
    #: (surveys/equity.yaml): "prefer not to say" is then set aside with "no answer"
    #: (``Distribution.no_answer`` counts both), as the equity tables' "did not say".
    did_not_say: bool = False

    @property
    def ref(self) -> str:
        return f"{self.survey_key}/{self.question_id}"


@dataclass
class ScoreSummary:
    """A scale score (SWEMWBS, Stirling...) or one separately reported item (ONS4).

    ``score_id`` is the scale id, or ``"<scale>.<item>"`` for an item reported on its
    own. Scores are pooled across the surveys of one audience that carry the scale.
    ``higher_is_better`` is True for every summed or averaged score (the analysis
    orients them so); an ONS4 anxiety item keeps the ONS orientation (higher = more
    anxious) and says so in ``orientation``.
    ``comparisons``: each school against the rest of the partnership.
    """

    score_id: str
    scale_id: str
    item_id: str | None
    name: str
    audience: str
    survey_keys: list[str]
    tags: list[str]
    method: str
    minimum: float
    maximum: float
    higher_is_better: bool
    orientation: str
    converted: bool
    estimates: list[Estimate] = field(default_factory=list)
    bands: list[Distribution] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    trend: Trend | None = None
    #: The languages of the scale's validated wording (its scale file's
    #: ``validated_languages``); [] when the scale names none.
    validated_languages: list[str] = field(default_factory=list)
    #: True when some scored answers in this wave were given in a language outside
    #: ``validated_languages``: print the caveat that translated wording is not the
    #: validated scale.
    translation_caveat: bool = False
    #: How many scored respondents (partnership, this wave) answered in another
    #: language: a count, hidden as "fewer than 10" when small; None with no caveat.
    translated: Cell | None = None
    #: Each band's name and the scores it covers, in order ("Low: 0 to 4"); [] without
    #: bands.
    band_ranges: list[str] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return f"{self.audience}/{self.score_id}"


# --- free text ---------------------------------------------------------------------------


@dataclass
class ThemeCount:
    """How many answers a theme was coded in, and its share of the codable answers.

    ``polarity`` is the mean TextBlob polarity (-1..1) of those answers: a triage
    signal for a person to read further, never a finding to headline.
    """

    theme: str
    label: str
    tags: list[str]
    count: Cell
    percent: Cell
    polarity: Cell


@dataclass
class Term:
    """A word or two-word phrase common among answers no theme matched."""

    term: str
    count: Cell


@dataclass
class Quote:
    """An approved, redacted answer, attributed by audience and year-group band only."""

    text: str
    audience: str
    year_band: str | None
    themes: list[str] = field(default_factory=list)


@dataclass
class TextGroup:
    """Free-text results for one group.

    ``answers`` splits everyone who wrote something into ``to_code`` (English answers
    with something to say: the base of theme percentages), ``nothing_to_add``
    ("nothing", "dunno") and ``not_english`` (set aside for a person to read, not
    coded or scored).
    """

    group: str
    label: str
    answers: Distribution
    themes: list[ThemeCount] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class TextSummary:
    """One free-text question coded against a codebook (themes or aspirations)."""

    survey_key: str
    question_id: str
    text: str
    tags: list[str]
    codebook: str
    groups: list[TextGroup] = field(default_factory=list)
    uncoded_terms: list[Term] = field(default_factory=list)
    sentiment_note: str = ""

    @property
    def ref(self) -> str:
        return f"{self.survey_key}/{self.question_id}"


# --- the whole ---------------------------------------------------------------------------


@dataclass
class SurveySummary:
    """One questionnaire (all its versions) in the wave.

    ``respondents``: how many took it, by school (categories are school group keys,
    plus ``no_school``); ``year_bands``: pupils by year-group band (pupil surveys).
    """

    key: str
    title: str
    audience: str
    versions: list[int]
    respondents: Distribution
    year_bands: Distribution | None = None
    items: list[ItemSummary] = field(default_factory=list)
    texts: list[TextSummary] = field(default_factory=list)


@dataclass
class SharedWording:
    """How one audience was asked a shared construct, and its headline share.

    ``group`` matches the group of the indicator's distribution for that audience.
    ``headline_labels`` are the answers the share counts (for example "Agree",
    "Strongly agree"); ``share`` is their percentage of the audience's partnership
    base, from published counts only (hidden, with the reason, when any count is), and
    ``n`` that base.
    """

    group: str
    label: str
    audience: str
    survey_key: str
    question_id: str
    text: str
    type: str
    wording_hash: str
    n: Cell
    share: Cell
    headline_labels: list[str] = field(default_factory=list)


@dataclass
class SharedIndicator:
    """An indicator that pupils, parents and community answered, side by side.

    Shared means the same scale (or scale item), or questions that name the same
    construct (``construct: safe_at_school``) in surveys of different audiences, whatever
    their ids; a question id alone never pairs two questions. Groups are
    ``"audience:<audience>"`` (``"audience:<audience>/<survey_key>"`` when two surveys
    of one audience ask it). Each audience keeps its own wording and answer options:
    ``wordings`` says how each was asked, and its headline share is the one number that
    can be read across them.
    """

    indicator: str
    label: str
    kind: str
    tags: list[str]
    estimates: list[Estimate] = field(default_factory=list)
    distributions: list[Distribution] = field(default_factory=list)
    #: The construct id ("" for a shared scale score).
    construct: str = ""
    #: "higher" or "lower": which way counts as better ("" for scores: see the score).
    better: str = ""
    wordings: list[SharedWording] = field(default_factory=list)


@dataclass
class DomainIndex:
    """What the Summary holds for one Children's Community domain or WEST theme."""

    tag: str
    label: str
    items: list[str] = field(default_factory=list)
    scores: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)


@dataclass
class Scope:
    """What the Summary covers."""

    wave: str
    wave_name: str
    previous_wave: str | None
    previous_wave_name: str | None
    schools: list[str]
    school_names: dict[str, str]
    audiences: list[str]
    survey_keys: list[str]
    generated_on: str
    #: Every school with responses in the wave, whether or not its figures are shown
    #: here: the schools the partnership's figures add up (a school's Summary still
    #: compares it with all of them, so a partnership response rate needs all their
    #: rolls, not only the focus school's).
    partnership_schools: list[str] = field(default_factory=list)


@dataclass
class Method:
    """The rules applied, for the methods page of a briefing."""

    threshold: int
    min_compare_n: int
    quote_min_group: int
    confidence: float
    comparison_rule: str
    comparison_rule_text: str
    notes: list[str] = field(default_factory=list)
    #: How findings are chosen (surveys/findings.yaml, resolved): ``order`` (kinds of
    #: finding, most important first: change, difference, level), ``chance`` (share of
    #: comparisons that look clear by chance alone), ``per_domain`` (tags that each get
    #: a headline) and ``levels`` (thresholds: construct, side, bound "more_than" or
    #: "less_than", percent, words). Empty when the caller gave none; readers then use
    #: the defaults in definitions/finding_rules.py.
    finding_rules: dict[str, Any] = field(default_factory=dict)


@dataclass
class Summary:
    """Everything the analysis found for one wave and scope, already suppressed."""

    scope: Scope
    method: Method
    groups: list[Group] = field(default_factory=list)
    surveys: list[SurveySummary] = field(default_factory=list)
    scores: list[ScoreSummary] = field(default_factory=list)
    shared: list[SharedIndicator] = field(default_factory=list)
    domains: list[DomainIndex] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Each headline construct across the groups of each equity dimension
    #: (surveys/equity.yaml; analysis/equity.py), the partnership's and each school's
    #: where publishable.
    equity: list[EquityTable] = field(default_factory=list)
    schema_version: int = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        return from_plain(cls, data)

    def group_label(self, key: str) -> str:
        for g in self.groups:
            if g.key == key:
                return g.label
        return key


# --- (de)serialisation ------------------------------------------------------------------


def to_plain(obj: Any) -> Any:
    """Dataclasses to dicts, Cells to their suppression-aware form."""
    if isinstance(obj, Cell):
        return obj.to_dict()
    if dataclasses.is_dataclass(obj):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    return obj


def from_plain(tp: Any, data: Any) -> Any:
    """The inverse of ``to_plain`` for the types used in a Summary."""
    if data is None:
        return None
    if tp is Cell:
        return Cell.from_dict(data)
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        names = {f.name for f in dataclasses.fields(tp) if f.init}
        return tp(**{k: from_plain(hints[k], v) for k, v in data.items() if k in names})
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is list:
        return [from_plain(args[0], v) for v in data]
    if origin is dict:
        return {k: from_plain(args[1], v) for k, v in data.items()}
    if origin in (typing.Union, types.UnionType):
        real = [a for a in args if a is not type(None)]
        if len(real) == 1:
            return from_plain(real[0], data)
        return data
    return data
