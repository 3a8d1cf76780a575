"""The plain objects a briefing is made of: its scope, its charts and its sections.

A ``BriefingContext`` wraps one Summary with the choice of scope (the whole partnership,
or one school set against the partnership) and answers the questions every section
asks: which groups to show, in what order, under what names. It reads the Summary and
nothing else.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..analysis.summary import (
    NO_SCHOOL,
    OTHER_SCHOOLS,
    PARTNERSHIP,
    ItemSummary,
    ScoreSummary,
    Summary,
    SurveySummary,
    TextSummary,
    school_key,
)
from ..privacy.suppression import Cell

AUDIENCE_NOUNS = {"pupil": "pupils", "parent": "parents and carers",
                  "community": "community members"}
AUDIENCE_TITLES = {"pupil": "Pupils", "parent": "Parents and carers",
                   "community": "Community"}
AUDIENCE_ORDER = ("pupil", "parent", "community")


#: matplotlib's settings (rc_context) are global: one chart is drawn at a time.
_DRAWING = threading.Lock()


class BriefingError(ValueError):
    """The briefing asked for cannot be made (for example, an unknown school)."""


@dataclass
class Chart:
    """One chart: drawn later (so progress can be reported), then SVG plus alt text.

    ``alt`` and ``n_note`` are known before drawing: they come from the same published
    numbers the drawing uses. ``notes`` are printed under the chart (small groups...).
    """

    id: str
    title: str
    alt: str
    n_note: str
    draw: Callable[[], str] | None = None
    svg: str = ""
    notes: list[str] = field(default_factory=list)

    def render(self) -> None:
        with _DRAWING:
            if self.draw is not None and not self.svg:
                self.svg = self.draw()
                self.draw = None


class HasGroup(Protocol):
    group: str
    label: str
    n: Cell


@dataclass
class BriefingContext:
    """One Summary seen at one scope. ``school`` is a school code or None (partnership).

    ``rolls``: pupils on roll per school code in the year groups surveyed, when the
    deployment configured them (plain data handed in by the caller, who read it).
    """

    summary: Summary
    school: str | None = None
    rolls: dict[str, int] = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)
    anchors: dict[str, str] = field(default_factory=dict)
    #: Work shared between sections (where each question is placed...).
    cache: dict[str, Any] = field(default_factory=dict)
    #: Every questionnaire of the wave, where ``summary.surveys`` keeps only those a
    #: school's own respondents used (the partnership's response rate needs them all).
    wave_surveys: list[SurveySummary] = field(default_factory=list)
    #: Whether a figure from a small group is marked (†) and the caution said once for
    #: the section, instead of in every sentence (the short briefing's page 1).
    small_marked: bool = False

    def __post_init__(self) -> None:
        if self.school is not None and self.school not in self.summary.scope.school_names:
            known = ", ".join(sorted(self.summary.scope.school_names)) or "none"
            raise BriefingError(f"No school {self.school!r} in this summary (schools: {known}).")

    # --- scope ---------------------------------------------------------------------------

    @property
    def is_school(self) -> bool:
        return self.school is not None

    @property
    def focus_key(self) -> str:
        return school_key(self.school) if self.school else PARTNERSHIP

    @property
    def focus_label(self) -> str:
        return self.group_label(self.focus_key)

    @property
    def scope_label(self) -> str:
        """What the briefing covers, in words for the cover and the running header."""
        if self.school:
            return self.summary.scope.school_names.get(self.school, self.school)
        return "All WEST schools"

    @property
    def wave_name(self) -> str:
        return self.summary.scope.wave_name

    @property
    def threshold_display(self) -> str:
        return f"fewer than {self.summary.method.threshold}"

    def group_label(self, key: str) -> str:
        if key == PARTNERSHIP:
            return "All WEST schools"
        if key.startswith("school:"):
            code = key.split(":", 1)[1]
            return self.summary.scope.school_names.get(code, self.summary.group_label(key))
        return self.summary.group_label(key)

    def in_scope(self, key: str) -> bool:
        """Whether a group's figures belong in this briefing."""
        if key == PARTNERSHIP:
            return True
        if self.school:
            return key == self.focus_key
        return key.startswith("school:") or key in (NO_SCHOOL, OTHER_SCHOOLS)

    def ordered(self, parts: Iterable[Any]) -> list[Any]:
        """The parts (distributions, estimates...) to show, focus group first.

        Partnership scope: the partnership, then schools in the Summary's order, then
        partnership-wide links. School scope: the school, then the partnership.
        """
        parts = [p for p in parts if self.in_scope(p.group)]
        if self.school:
            return sorted(parts, key=lambda p: 0 if p.group == self.focus_key else 1)
        return sorted(parts, key=lambda p: (p.group != PARTNERSHIP,
                                            p.group in (NO_SCHOOL, OTHER_SCHOOLS)))

    def row_label(self, part: HasGroup) -> str:
        """A drawn row's name. Small schools taken together are named as the Summary
        names them for that table ("Other schools (3 with fewer than 10 each)"): which
        schools are pooled differs from one questionnaire to the next."""
        if part.group == OTHER_SCHOOLS and getattr(part, "label", ""):
            return part.label
        return self.group_label(part.group)

    def twin(self, rows: Sequence[HasGroup]) -> HasGroup | None:
        """The row of a chart or table that only repeats another, or None: where the
        partnership's figures rest on one group alone (the same n), the partnership's
        row when that group is a school, else that group's row (small schools taken
        together, or partnership-wide links)."""
        whole = self.partnership(rows)
        # a group whose n is hidden is never drawn (and is within the other, whose n
        # is all of the partnership's)
        others = [r for r in rows if r.group != PARTNERSHIP and r.n.shown]
        if whole is None or len(others) != 1:
            return None
        other = others[0]
        if not whole.n.shown or whole.n.value != other.n.value:
            return None
        return whole if other.group.startswith("school:") else other

    def drawn(self, parts: Iterable[Any]) -> list[Any]:
        """``ordered``, less a row that only repeats another (``twin``)."""
        rows = self.ordered(parts)
        twin = self.twin(rows)
        return [r for r in rows if r is not twin]

    def twin_note(self, parts: Iterable[Any]) -> str:
        """Why a row is missing from a chart (``twin``), or ""."""
        rows = self.ordered(parts)
        twin = self.twin(rows)
        if twin is None:
            return ""
        if twin.group == PARTNERSHIP:
            other = next(r for r in rows if r is not twin)
            return (f"All WEST schools' figures here are {self.row_label(other)}'s alone, "
                    "so they are drawn once.")
        if twin.group == NO_SCHOOL:
            return ("Everyone counted here answered through a partnership-wide link, not "
                    "a school's, so their figures are drawn once, as all WEST schools'.")
        return (f"No school had {self.summary.method.threshold} or more who answered, so "
                "none is drawn on its own: all WEST schools' figures are theirs together.")

    def focus(self, parts: Iterable[Any]) -> Any | None:
        return next((p for p in parts if p.group == self.focus_key), None)

    @staticmethod
    def partnership(parts: Iterable[Any]) -> Any | None:
        return next((p for p in parts if p.group == PARTNERSHIP), None)

    def own_change(self, trend: Any) -> Any | None:
        """The focus group's own change since the last wave (the partnership's, or the
        school's), or None when it was not compared."""
        if trend is None or not trend.comparable:
            return None
        return next((c for c in trend.comparisons if self.is_own_change(c)), None)

    def is_own_change(self, comparison: Any) -> bool:
        if self.school:
            return comparison.subject == self.focus_key
        return comparison.subject.startswith("wave:")

    # --- who answered -------------------------------------------------------------------

    def respondents(self, survey: SurveySummary) -> Cell | None:
        """A survey's respondents in the focus group; None when nobody from it took it."""
        if not self.is_school:
            return survey.respondents.n
        cat = next((c for c in survey.respondents.categories if c.value == self.focus_key),
                   None)
        return cat.count if cat else None

    def surveys_used(self) -> list[SurveySummary]:
        """The questionnaires someone in the focus group answered (a hidden count still
        means someone did)."""
        return [s for s in self.summary.surveys
                if (cell := self.respondents(s)) is not None
                and (cell.suppressed or (cell.value or 0) > 0)]

    @property
    def is_empty(self) -> bool:
        return not self.surveys_used()

    # --- lookups -------------------------------------------------------------------------

    def survey(self, key: str) -> SurveySummary | None:
        return next((s for s in self.summary.surveys if s.key == key), None)

    def item(self, ref: str) -> tuple[SurveySummary, ItemSummary] | None:
        key, _sep, _qid = ref.partition("/")
        survey = self.survey(key)
        if survey is None:
            return None
        item = next((i for i in survey.items if i.ref == ref), None)
        return (survey, item) if item else None

    def text(self, ref: str) -> tuple[SurveySummary, TextSummary] | None:
        key, _sep, _qid = ref.partition("/")
        survey = self.survey(key)
        if survey is None:
            return None
        text = next((t for t in survey.texts if t.ref == ref), None)
        return (survey, text) if text else None

    def score(self, ref: str) -> ScoreSummary | None:
        return next((s for s in self.summary.scores if s.ref == ref), None)

    def audiences(self) -> list[str]:
        present = set(self.summary.scope.audiences)
        return [a for a in AUDIENCE_ORDER if a in present] + sorted(present - set(AUDIENCE_ORDER))

    def audiences_here(self) -> list[str]:
        """The audiences someone in the focus group belongs to: a school's briefing
        does not speak of community members when none answered for that school."""
        return [a for a in self.audiences()
                if any(self.respondents(s) is not None
                       for s in self.summary.surveys if s.audience == a)]

    # --- charts and anchors --------------------------------------------------------------

    def add_chart(self, chart: Chart) -> Chart:
        self.charts.append(chart)
        return chart

    def next_chart_id(self) -> str:
        return f"chart-{len(self.charts) + 1}"

    def anchor(self, ref: str) -> str:
        """A stable, HTML-safe id for a question or score, for cross-references."""
        if ref not in self.anchors:
            slug = re.sub(r"[^a-z0-9]+", "-", ref.lower()).strip("-") or "x"
            taken = set(self.anchors.values())
            candidate, i = f"q-{slug}", 2
            while candidate in taken:
                candidate, i = f"q-{slug}-{i}", i + 1
            self.anchors[ref] = candidate
        return self.anchors[ref]


def audience_noun(audience: str) -> str:
    return AUDIENCE_NOUNS.get(audience, audience)


def audience_title(audience: str) -> str:
    return AUDIENCE_TITLES.get(audience, audience.capitalize())


def join_words(words: Sequence[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"
