"""Charts for briefings: matplotlib (Agg) drawn to SVG strings, each with its alt text.

Every chart shows n for every group it draws. A group whose figures are hidden by the
suppression policy is never drawn: its row carries the Summary's own words ("fewer than
10", "not shown") where the bar would be. Geometry comes from published ``value``s only;
every printed number is the Summary's ``display``.

Charts are lists of rows. A ``Heading`` row names a question across the full width, and
the rows under it are its groups, so one chart can hold several questions that share an
answer scale (a "battery"). Chart makers return a ``Chart`` whose alt text and n note
are ready at once and whose SVG is drawn when ``Chart.render()`` is called, so a long
briefing can report progress.

The SVG keeps text as text (``svg.fonttype: none``) in DejaVu Sans, a local font, and is
kept lean (no background patches, no clip paths, row labels as plain text rather than
tick labels): WeasyPrint lays out every SVG node, so fewer nodes mean faster PDFs.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402
from matplotlib.transforms import blended_transform_factory  # noqa: E402

from ..privacy.suppression import Cell  # noqa: E402
from . import palette  # noqa: E402
from .figures import n_text  # noqa: E402
from .model import Chart  # noqa: E402

#: Text width of an A4 page with the briefing's margins, in inches.
WIDTH_IN = 6.7
#: Height of one bar row (two lines of label), and the thickness of its bar.
ROW_IN = 0.30
BAR_IN = 0.19
LABEL_FRACTION = 0.30
#: Inline legends: where they start and end (fractions of the figure width), the swatch,
#: and a generous width per character of 6.5pt DejaVu Sans.
KEY_LEFT, KEY_RIGHT = 0.02, 0.985
KEY_SWATCH, KEY_CHAR, KEY_GAP = 0.026, 0.0086, 0.02
KEY_LINE_IN = 0.15
FONT = "DejaVu Sans"
RC = {
    "svg.fonttype": "none",  # real text: selectable, searchable, and small files
    "svg.hashsalt": "westcc-briefing",  # stable ids, so the same data gives the same SVG
    "font.family": FONT,
    "font.size": 8,
    "axes.edgecolor": palette.MUTED,
    "axes.linewidth": 0.6,
    "xtick.color": palette.MUTED,
    "xtick.labelsize": 7,
    "hatch.linewidth": 0.6,
    "text.usetex": False,
}
_SVG = "{http://www.w3.org/2000/svg}"
ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
SMALL_MARK = " †"
SMALL_NOTE = "† fewer than 30 people: figures can move a lot by chance."
HIDDEN_NOTE = "Grey ‘not shown’ pieces hold answers hidden to protect a small group."


@dataclass
class Heading:
    """A question (or other title) over the rows that follow it."""

    text: str


@dataclass
class _Key:
    """A row holding one question's own legend, wrapped onto as many lines as needed."""

    entries: list[tuple[str, palette.Fill]]

    @property
    def lines(self) -> list[list[tuple[float, str, palette.Fill]]]:
        """Entries placed on lines: (x as a fraction of the figure width, label, fill)."""
        out: list[list[tuple[float, str, palette.Fill]]] = [[]]
        x = KEY_LEFT
        for label, fill in self.entries:
            width = KEY_SWATCH + KEY_CHAR * len(label) + KEY_GAP
            if out[-1] and x + width > KEY_RIGHT:
                out.append([])
                x = KEY_LEFT
            out[-1].append((x, label, fill))
            x += width
        return out


@dataclass
class BarRow:
    """One group's answers: ``cells`` are percentage Cells, one per category."""

    label: str
    n: Cell
    cells: list[Cell]
    small: bool = False


@dataclass
class EstimateRow:
    """One group's mean with its 95% interval, and an optional verdict to print."""

    label: str
    n: Cell
    mean: Cell
    low: Cell | None
    high: Cell | None
    small: bool = False
    verdict: str = ""


@dataclass
class ValueRow:
    """One bar of a simple bar chart (an option of a tick-all question, a theme)."""

    label: str
    percent: Cell
    count: Cell | None = None
    reference: Cell | None = None


@dataclass
class DotPair:
    """The same measure in two waves: ``before`` and ``after`` are percentages."""

    label: str
    before: Cell | None
    after: Cell | None
    before_n: Cell | None = None
    after_n: Cell | None = None


@dataclass
class Legend:
    entries: list[tuple[str, palette.Fill]] = field(default_factory=list)


# --- layout --------------------------------------------------------------------------------


def safe_text(text: str) -> str:
    """Text exactly as written: matplotlib would read $...$ as mathematics."""
    return str(text).replace("$", r"\$")


def wrap(text: str, width: int) -> str:
    words, lines, line = str(text).split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "\n".join(lines)


def _row_label(label: str, n: Cell, small: bool) -> str:
    mark = SMALL_MARK if small and n.shown else ""
    return safe_text(f"{label}{mark}\n{n_text(n)}")


@dataclass
class _Frame:
    fig: Figure
    ax: object
    height: float
    #: centre of each row, in inches from the top of the plot area
    ys: list[float]


def _heading_lines(text: str) -> str:
    return wrap(text, 105)


def _frame(rows: Sequence[object], *, top_in: float, bottom_in: float = 0.30,
           row_in: float = ROW_IN, label_fraction: float = LABEL_FRACTION,
           right_fraction: float = 0.03) -> _Frame:
    """A figure with one axes whose y axis is inches from the top, rows laid out in it."""
    ys, y = [], 0.0
    for row in rows:
        if isinstance(row, Heading):
            lines = _heading_lines(row.text).count("\n") + 1
            h = 0.10 + 0.13 * lines
            ys.append(y + h - 0.07 * lines - 0.02)
        elif isinstance(row, _Key):
            h = 0.03 + KEY_LINE_IN * len(row.lines)
            ys.append(y + 0.015 + KEY_LINE_IN / 2)
        else:
            h = row_in
            ys.append(y + h / 2)
        y += h
    plot = max(y, row_in)
    height = top_in + plot + bottom_in
    fig = Figure(figsize=(WIDTH_IN, height))
    fig.patch.set_visible(False)
    ax = fig.add_axes((label_fraction, bottom_in / height,
                       1 - label_fraction - right_fraction, plot / height))
    ax.patch.set_visible(False)
    ax.set_ylim(plot, 0)
    ax.yaxis.set_visible(False)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", length=2, pad=2)
    frame = _Frame(fig, ax, height, ys)
    headings = [(frame.ys[i], r.text) for i, r in enumerate(rows) if isinstance(r, Heading)]
    if headings:
        across = blended_transform_factory(fig.transFigure, ax.transData)
        for yy, text in headings:
            ax.text(0.004, yy, safe_text(_heading_lines(text)), transform=across,
                    ha="left", va="center", fontsize=7.5, fontweight="bold",
                    color=palette.INK, clip_on=False)
    return frame


def _row_labels(ax, ys: Sequence[float], labels: Sequence[str], fontsize: float = 7.5) -> None:
    """Row labels as plain text beside the axes: cheaper than tick labels."""
    transform = ax.get_yaxis_transform()
    for y, label in zip(ys, labels, strict=True):
        ax.text(-0.012, y, label, transform=transform, ha="right", va="center",
                fontsize=fontsize, color=palette.INK, clip_on=False, linespacing=1.1)


def _percent_axis(ax, ticks: Sequence[float] = (0, 50, 100)) -> None:
    ax.set_xticks(list(ticks), [f"{t:.0f}%" for t in ticks])


def _hidden_text(ax, y: float, text: str, x: float = 0.01) -> None:
    ax.text(x, y, safe_text(text), transform=ax.get_yaxis_transform(), va="center",
            ha="left", fontsize=7.5, style="italic", color=palette.MUTED, clip_on=False)


def _legend_layout(entries: Sequence[tuple[str, object]]) -> tuple[int, int]:
    longest = max((len(label) for label, _f in entries), default=0)
    per_row = 3 if longest > 22 else 4 if longest > 14 else 6
    ncol = min(len(entries), per_row)
    return ncol, max(1, math.ceil(len(entries) / max(ncol, 1)))


def _row_major(handles: list, ncol: int) -> list:
    """matplotlib fills legend columns first; reorder so entries read across rows."""
    rows = math.ceil(len(handles) / ncol)
    grid = [handles[r * ncol:(r + 1) * ncol] for r in range(rows)]
    return [grid[r][c] for c in range(ncol) for r in range(rows) if c < len(grid[r])]


def _legend(fig: Figure, handles: list, height: float) -> None:
    if not handles:
        return
    ncol, _rows = _legend_layout([(h.get_label(), h) for h in handles])
    fig.legend(handles=_row_major(handles, ncol), loc="upper left", ncol=ncol, frameon=False,
               fontsize=7, bbox_to_anchor=(0.0, 1 - 0.03 / height), handlelength=1.6,
               handleheight=1.0, columnspacing=1.2, borderaxespad=0.1)


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return lean_svg(buf.getvalue())


def lean_svg(svg: str) -> str:
    """matplotlib's SVG without what a reader never sees: the metadata block and the
    ``<g id=...>`` wrappers that only name artists. WeasyPrint walks every node, so a
    third fewer nodes is a faster PDF; the drawing is unchanged."""
    root = ElementTree.fromstring(svg)

    def flatten(element) -> None:
        kept = []
        for child in list(element):
            flatten(child)
            if child.tag == _SVG + "metadata":
                continue
            if child.tag == _SVG + "g" and set(child.attrib) <= {"id"}:
                kept.extend(list(child))
            else:
                kept.append(child)
        element[:] = kept

    flatten(root)
    return ElementTree.tostring(root, encoding="unicode")


def _alt_rows(rows: Sequence[object], describe) -> str:
    parts, current = [], []
    for row in rows:
        if isinstance(row, Heading):
            if current:
                parts.append("; ".join(current))
            current = [f"{row.text}:"]
        else:
            current.append(describe(row))
    if current:
        parts.append("; ".join(current))
    return " ".join(p.replace(":;", ":") for p in parts)


def _n_note(rows: Sequence[object]) -> str:
    """Every group's n: once when every question has the same bases (one survey's
    questions), else question by question."""
    parts: list[tuple[str | None, list[str]]] = [(None, [])]
    for row in rows:
        if isinstance(row, Heading):
            parts.append((row.text, []))
        elif isinstance(row, (BarRow, EstimateRow)):
            parts[-1][1].append(f"{row.label}: {n_text(row.n)}")
    parts = [(h, items) for h, items in parts if items]
    if len({tuple(items) for _h, items in parts}) <= 1:
        return "; ".join(parts[0][1]) if parts else ""
    return " ".join(f"{h}: {'; '.join(items)}." if h else f"{'; '.join(items)}."
                    for h, items in parts)


# --- stacked bars: answers to one or more questions, one bar per group --------------------


@dataclass
class Question:
    """One question in a stacked bar chart: its answer categories and a bar per group.

    A row's ``cells`` line up with ``categories``; a None cell is an answer this question
    did not offer (nothing to draw, nothing hidden)."""

    heading: str | None
    categories: list[tuple[str | int, str]]
    rows: list[BarRow]
    ordered: bool = True

    @property
    def fills(self) -> list[palette.Fill]:
        return palette.fills_for([v for v, _l in self.categories], ordered=self.ordered)

    @property
    def scale(self) -> tuple:
        return (self.ordered, tuple(self.categories))


def stacked_bars(chart_id: str, title: str, questions: Sequence[Question], *,
                 base_noun: str, name_segments: bool = False) -> Chart:
    """100% stacked bars, one per group, under each question's heading. A row whose n is
    hidden shows its display text instead; the published answers of a row with some
    hidden answers are drawn in order, and the hidden part is one grey "not shown" piece
    (in place when the hidden answers sit together, else at the end). Questions that
    share one answer scale share one legend at the top; otherwise each question has its
    own legend under its heading. ``name_segments`` (bands, told apart by shade alone):
    each piece wide enough names its answer beside its share ("Low 32%"), and the legend
    lists only the answers drawn, so every piece is named in the bar or in the key."""
    shared = len({q.scale for q in questions}) == 1
    bars = [r for q in questions for r in q.rows]

    def describe(q: Question):
        labels = [label for _v, label in q.categories]

        def one(row: BarRow) -> str:
            if row.n.suppressed:
                return f"{row.label}: {row.n.display}, not drawn"
            parts = [f"{lbl} {c.display}" for lbl, c in zip(labels, row.cells, strict=True)
                     if c is not None]
            return f"{row.label} ({n_text(row.n)}): " + ", ".join(parts)
        return one

    notes = []
    if any(r.small and r.n.shown for r in bars):
        notes.append(SMALL_NOTE)
    any_hidden = any(r.n.shown and any(c is not None and c.suppressed for c in r.cells)
                     for r in bars)
    if any_hidden:
        notes.append(HIDDEN_NOTE)
    described = []
    for q in questions:
        rows = "; ".join(describe(q)(r) for r in q.rows)
        described.append(f"{q.heading}: {rows}" if q.heading else rows)
    alt = (f"Stacked bar chart: {title}. Each bar adds up to all the {base_noun} in the "
           f"group. {' '.join(described)}.")
    flat: list[Any] = []
    for q in questions:
        if q.heading:
            flat.append(Heading(q.heading))
        flat += q.rows

    # a shared legend: every answer any question's bars draw
    key_entries = _entries(questions[0], any_hidden)
    if name_segments:
        drawn = [_entries(q, any_hidden, drawn_only=True) for q in questions]
        key_entries = [e for e in key_entries if any(e in d for d in drawn)]

    def draw() -> str:
        with rc_context(RC):
            layout: list[Any] = []
            for q in questions:
                if q.heading:
                    layout.append(Heading(q.heading))
                if not shared:
                    layout.append(_Key(_entries(q, any_hidden, drawn_only=name_segments)))
                layout += q.rows
            top = 0.08
            if shared:
                _ncol, lrows = _legend_layout(key_entries)
                top = 0.10 + 0.17 * lrows
            f = _frame(layout, top_in=top)
            ax = f.ax
            ax.set_xlim(0, 100)
            gaps: list[tuple[float, float, float]] = []
            placed = [(y, r) for y, r in zip(f.ys, layout, strict=True)]
            for q in questions:
                fills = q.fills
                ys = [y for y, r in placed if any(r is qr for qr in q.rows)]
                segments, texts, q_gaps = _segments(
                    q.rows, ys, fills,
                    [label for _v, label in q.categories] if name_segments else None)
                gaps += q_gaps
                for j, fill in enumerate(fills):
                    seg = segments[j]
                    if seg:
                        ax.barh([s[0] for s in seg], [s[2] for s in seg],
                                left=[s[1] for s in seg], height=BAR_IN, color=fill.colour,
                                edgecolor=palette.EDGE, linewidth=0.4,
                                hatch=fill.hatch or None, clip_on=False)
                    for x, y, text in texts[j]:
                        ax.text(x, y, text, ha="center", va="center",
                                fontsize=6 if "\n" in text else 6.5, linespacing=1.0,
                                color=fill.text_colour, clip_on=False,
                                bbox={"boxstyle": "square,pad=0.1", "fc": fill.colour,
                                      "ec": "none"} if fill.hatch else None)
            if gaps:
                ax.barh([g[0] for g in gaps], [g[2] for g in gaps], left=[g[1] for g in gaps],
                        height=BAR_IN, color=palette.NOT_SHOWN[0], edgecolor=palette.EDGE,
                        linewidth=0.4, hatch=palette.NOT_SHOWN[1], clip_on=False)
            rows_at = [(y, r) for y, r in placed if isinstance(r, BarRow)]
            for y, r in rows_at:
                if r.n.suppressed:
                    _hidden_text(ax, y, r.n.display)
            _row_labels(ax, [y for y, _r in rows_at],
                        [_row_label(r.label, r.n, r.small) for _y, r in rows_at])
            for y, r in placed:
                if isinstance(r, _Key):
                    _inline_key(f, ax, y, r)
            _percent_axis(ax)
            if shared:
                _legend(f.fig, [_patch(lbl, fl) for lbl, fl in key_entries], f.height)
            return _svg(f.fig)

    return Chart(chart_id, title, alt, _n_note(flat), draw, notes=notes)


def _entries(q: Question, hidden: bool, drawn_only: bool = False,
             ) -> list[tuple[str, palette.Fill]]:
    """A question's legend: its answers (``drawn_only``: those with a piece drawn in
    some bar), then "Not shown" when anything is hidden."""
    out = list(zip([label for _v, label in q.categories], q.fills, strict=True))
    if drawn_only:
        out = [e for j, e in enumerate(out)
               if any(r.n.shown and j < len(r.cells) and _ok(r.cells[j]) and
                      float(r.cells[j].value) > 0 for r in q.rows)]
    if hidden:
        out.append(("Not shown", palette.Fill(*palette.NOT_SHOWN)))
    return out


def _patch(label: str, fill: palette.Fill) -> Patch:
    return Patch(facecolor=fill.colour, edgecolor=palette.EDGE, linewidth=0.4,
                 hatch=fill.hatch or None, label=safe_text(label))


def _inline_key(f: _Frame, ax, y: float, key: _Key) -> None:
    """A question's own legend across the chart, starting at row ``y``."""
    across = blended_transform_factory(f.fig.transFigure, ax.transData)
    for i, line in enumerate(key.lines):
        yy = y + i * KEY_LINE_IN
        for x, label, fill in line:
            ax.add_patch(Rectangle((x, yy - 0.045), 0.018, 0.09, transform=across,
                                   facecolor=fill.colour, edgecolor=palette.EDGE,
                                   linewidth=0.4, hatch=fill.hatch or None, clip_on=False))
            ax.text(x + KEY_SWATCH, yy, safe_text(label), transform=across, ha="left",
                    va="center", fontsize=6.5, color=palette.INK, clip_on=False)


#: Points per percent of a bar's width (the plot area is the figure less its label
#: column), and a generous width of one 6.5pt character, for fitting names in pieces.
PT_PER_PERCENT = WIDTH_IN * 72 * (1 - LABEL_FRACTION - 0.03) / 100
PT_PER_CHAR = 4.0


def _piece_text(width: float, display: str, name: str | None) -> str:
    """What a piece of a bar says: its share, with its answer's name where that fits
    (on one line, else on two), or nothing when even the share would not."""
    room = width * PT_PER_PERCENT - 4
    if name:
        if len(f"{name} {display}") * PT_PER_CHAR <= room:
            return f"{name} {display}"
        if max(len(name), len(display)) * PT_PER_CHAR <= room:
            return f"{name}\n{display}"
    return display if width >= 6 else ""


def _segments(rows, ys, fills, names: list[str] | None = None):
    """Where each published answer goes: per category, (y, left, width); the labels to
    print inside wide segments (with the answer's name, given ``names``); and the grey
    "not shown" pieces."""
    segments: list[list[tuple[float, float, float]]] = [[] for _ in fills]
    texts: list[list[tuple[float, float, str]]] = [[] for _ in fills]
    gaps: list[tuple[float, float, float]] = []
    for y, row in zip(ys, rows, strict=True):
        if row.n.suppressed:
            continue
        cells = row.cells
        hidden = [j for j, c in enumerate(cells) if c is not None and
                  (c.suppressed or c.value is None)]
        known = sum(float(c.value) for c in cells
                    if c is not None and not (c.suppressed or c.value is None))
        gap = max(0.0, 100.0 - known) if hidden else 0.0
        offered = [j for j, c in enumerate(cells) if c is not None]
        run = offered[offered.index(hidden[0]):offered.index(hidden[0]) + len(hidden)] \
            if hidden else []
        together = bool(hidden) and run == hidden
        left = 0.0
        for j, cell in enumerate(cells):
            if together and j == hidden[0] and gap > 0.05:
                gaps.append((y, left, gap))
                left += gap
            if cell is None or cell.suppressed or cell.value is None:
                continue
            width = float(cell.value)
            segments[j].append((y, left, width))
            if text := _piece_text(width, cell.display, names[j] if names else None):
                texts[j].append((left + width / 2, y, safe_text(text)))
            left += width
        if hidden and not together and gap > 0.05:
            gaps.append((y, left, gap))
    return segments, texts, gaps


# --- simple bars: options of a tick-all question, or themes --------------------------------


def value_bars(chart_id: str, title: str, rows: Sequence[ValueRow], *, group_label: str,
               n: Cell, base_noun: str, reference_label: str = "",
               counts: bool = False) -> Chart:
    """One bar per option or theme for one group, as a percentage of ``n``; an optional
    reference group's percentage is a black tick on each bar. Hidden values are words."""
    alt_rows = []
    for r in rows:
        ref = (f" ({reference_label} {r.reference.display})"
               if r.reference is not None and reference_label else "")
        count = f", {r.count.display} {base_noun}" if counts and r.count is not None \
            and r.count.shown else ""
        alt_rows.append(f"{r.label}: {r.percent.display}{count}{ref}")
    alt = (f"Bar chart: {title}. {group_label}, {n_text(n)} {base_noun}. "
           + "; ".join(alt_rows) + ".")
    n_note = f"{group_label}: {n_text(n)} {base_noun}"

    def draw() -> str:
        with rc_context(RC):
            f = _frame(rows, top_in=0.30 if reference_label else 0.10, row_in=0.22,
                       label_fraction=0.36, right_fraction=0.08)
            ax = f.ax
            values = [float(r.percent.value) for r in rows if _ok(r.percent)]
            values += [float(r.reference.value) for r in rows if _ok(r.reference)]
            xmax = min(100.0, max(10.0, math.ceil(max(values, default=0) / 10 + 0.5) * 10))
            ax.set_xlim(0, xmax)
            drawn = [(y, r) for y, r in zip(f.ys, rows, strict=True) if _ok(r.percent)]
            if drawn:
                ax.barh([y for y, _r in drawn], [float(r.percent.value) for _y, r in drawn],
                        height=0.15, color=palette.ACCENT, edgecolor=palette.EDGE,
                        linewidth=0.4, clip_on=False)
            for y, r in drawn:
                ax.text(float(r.percent.value) + xmax * 0.01, y, r.percent.display,
                        va="center", ha="left", fontsize=7, color=palette.INK, clip_on=False)
            for y, r in zip(f.ys, rows, strict=True):
                if not _ok(r.percent):
                    _hidden_text(ax, y, r.percent.display)
            refs = [(float(r.reference.value), y) for y, r in zip(f.ys, rows, strict=True)
                    if _ok(r.reference)]
            if refs:
                ax.plot([x for x, _y in refs], [y for _x, y in refs], linestyle="none",
                        marker="|", markersize=10, markeredgewidth=1.6, color=palette.INK,
                        clip_on=False)
            _row_labels(ax, f.ys, [safe_text(wrap(r.label, 44)) for r in rows], fontsize=7.5)
            step = 10 if xmax <= 50 else 25
            _percent_axis(ax, list(range(0, int(xmax) + 1, step)))
            if reference_label:
                _legend(f.fig, [
                    Patch(facecolor=palette.ACCENT, edgecolor=palette.EDGE, linewidth=0.4,
                          label=safe_text(group_label)),
                    Line2D([], [], color=palette.INK, marker="|", linestyle="none",
                           markersize=9, markeredgewidth=1.6, label=safe_text(reference_label)),
                ], f.height)
            return _svg(f.fig)

    return Chart(chart_id, title, alt, n_note, draw)


def _ok(cell: Cell | None) -> bool:
    return cell is not None and cell.shown and cell.value is not None


# --- means with 95% confidence intervals --------------------------------------------------


def estimates_chart(chart_id: str, title: str, rows: Sequence[EstimateRow | Heading], *,
                    minimum: float, maximum: float, reference: Cell | None,
                    reference_label: str, unit: str = "", measure: str = "mean") -> Chart:
    """A dot for each group's mean (or share: ``measure``) with its 95% confidence
    interval as a line, on the scale's full range; the reference (partnership) mean is a
    dashed line."""

    def describe(r: EstimateRow) -> str:
        if r.n.suppressed or r.mean.suppressed:
            return f"{r.label}: {r.n.display if r.n.suppressed else r.mean.display}, not drawn"
        verdict = f", {r.verdict}" if r.verdict else ""
        interval = (f" (95% interval {r.low.display} to {r.high.display})"
                    if _ok(r.low) and _ok(r.high) else "")
        return f"{r.label} ({n_text(r.n)}): {measure} {r.mean.display}{interval}{verdict}"

    ref = (f" The dashed line is the {reference_label} mean, {reference.display}."
           if _ok(reference) else "")
    alt = (f"Chart of {measure}s with 95% confidence intervals: {title}, on a scale from "
           f"{minimum:g} to {maximum:g}{unit}.{ref} {_alt_rows(rows, describe)}.")
    ests = [r for r in rows if isinstance(r, EstimateRow)]
    notes = [SMALL_NOTE] if any(r.small and r.n.shown for r in ests) else []

    def draw() -> str:
        with rc_context(RC):
            f = _frame(rows, top_in=0.28 if _ok(reference) else 0.08, right_fraction=0.34,
                       row_in=0.24)
            ax = f.ax
            span = maximum - minimum
            ax.set_xlim(minimum - span * 0.02, maximum + span * 0.02)
            if _ok(reference):
                ax.axvline(float(reference.value), color=palette.REFERENCE,
                           linestyle=(0, (4, 3)), linewidth=0.9, clip_on=False)
                ax.text(float(reference.value), -0.04, safe_text(
                        f"{reference_label} {reference.display}"), ha="center",
                        va="bottom", fontsize=7, color=palette.REFERENCE, clip_on=False)
            placed = [(y, r) for y, r in zip(f.ys, rows, strict=True)
                      if isinstance(r, EstimateRow)]
            drawn = [(y, r) for y, r in placed if r.n.shown and _ok(r.mean)]
            with_ci = [(y, r) for y, r in drawn if _ok(r.low) and _ok(r.high)]
            if with_ci:
                ax.hlines([y for y, _r in with_ci], [float(r.low.value) for _y, r in with_ci],
                          [float(r.high.value) for _y, r in with_ci], color=palette.INK,
                          linewidth=1.4, clip_on=False)
                ends = [(float(v), y) for y, r in with_ci for v in (r.low.value, r.high.value)]
                ax.plot([x for x, _y in ends], [y for _x, y in ends], linestyle="none",
                        marker="|", markersize=7, markeredgewidth=1.0, color=palette.INK,
                        clip_on=False)
            if drawn:
                ax.plot([float(r.mean.value) for _y, r in drawn], [y for y, _r in drawn],
                        linestyle="none", marker="o", markersize=5.5, color=palette.ACCENT,
                        markeredgecolor=palette.INK, markeredgewidth=0.6, clip_on=False)
            for y, r in drawn:
                interval = (f" ({r.low.display} to {r.high.display})"
                            if _ok(r.low) and _ok(r.high) else "")
                side = f"{r.mean.display}{interval} · {n_text(r.n)}" + (
                    f" · {r.verdict}" if r.verdict else "")
                ax.text(1.02, y, safe_text(side), transform=ax.get_yaxis_transform(),
                        va="center", ha="left", fontsize=7.5, color=palette.INK, clip_on=False)
            for y, r in placed:
                if not (r.n.shown and _ok(r.mean)):
                    _hidden_text(ax, y, r.n.display if r.n.suppressed else r.mean.display,
                                 x=0.02)
            _row_labels(ax, [y for y, _r in placed],
                        [safe_text(r.label + (SMALL_MARK if r.small and r.n.shown else ""))
                         for _y, r in placed])
            ax.set_xticks(_three_ticks(minimum, maximum))
            return _svg(f.fig)

    return Chart(chart_id, title, alt, _n_note(rows), draw, notes=notes)


# --- before and after: one measure in two waves --------------------------------------------


def dot_pairs(chart_id: str, title: str, rows: Sequence[DotPair], *, before_label: str,
              after_label: str, measure: str) -> Chart:
    """Two dots per row on a 0-100% axis: hollow for the earlier wave, filled for this
    one. A row with either figure hidden shows the words instead."""
    alt_rows = []
    for r in rows:
        if not (_ok(r.before) and _ok(r.after)):
            alt_rows.append(f"{r.label}: not shown")
            continue
        alt_rows.append(f"{r.label}: {before_label} {r.before.display}"
                        f"{_n_brackets(r.before_n)}, {after_label} {r.after.display}"
                        f"{_n_brackets(r.after_n)}")
    alt = f"Dot chart: {title}. {measure}. " + "; ".join(alt_rows) + "."
    n_note = (f"those who answered in {before_label} and in {after_label}; "
              "each row gives both n")

    def draw() -> str:
        with rc_context(RC):
            labels = [safe_text(wrap(r.label, 56) + f"\n{_n_plain(r.before_n)} then, "
                                f"{_n_plain(r.after_n)} now") for r in rows]
            lines = max((label.count("\n") + 1 for label in labels), default=2)
            f = _frame(rows, top_in=0.28, label_fraction=0.48, row_in=0.06 + 0.125 * lines,
                       right_fraction=0.15)
            ax = f.ax
            ax.set_xlim(0, 100)
            pairs = [(y, float(r.before.value), float(r.after.value))
                     for y, r in zip(f.ys, rows, strict=True) if _ok(r.before) and _ok(r.after)]
            if pairs:
                ax.hlines([y for y, _b, _a in pairs], [min(b, a) for _y, b, a in pairs],
                          [max(b, a) for _y, b, a in pairs], color=palette.MUTED,
                          linewidth=1.0, clip_on=False)
                ax.plot([b for _y, b, _a in pairs], [y for y, _b, _a in pairs], marker="o",
                        markersize=6, markerfacecolor="white", markeredgecolor=palette.INK,
                        linestyle="none", clip_on=False)
                ax.plot([a for _y, _b, a in pairs], [y for y, _b, _a in pairs], marker="o",
                        markersize=6, color=palette.ACCENT, markeredgecolor=palette.INK,
                        markeredgewidth=0.6, linestyle="none", clip_on=False)
            for y, r in zip(f.ys, rows, strict=True):
                if _ok(r.before) and _ok(r.after):
                    ax.text(1.02, y, safe_text(f"{r.before.display} → {r.after.display}"),
                            transform=ax.get_yaxis_transform(), va="center", ha="left",
                            fontsize=7.5, color=palette.INK, clip_on=False)
            drawn = {y for y, _b, _a in pairs}
            for y in f.ys:
                if y not in drawn:
                    _hidden_text(ax, y, "not shown")
            _row_labels(ax, f.ys, labels, fontsize=7)
            _percent_axis(ax, (0, 25, 50, 75, 100))
            _legend(f.fig, [
                Line2D([], [], marker="o", markerfacecolor="white", markeredgecolor=palette.INK,
                       linestyle="none", label=safe_text(before_label)),
                Line2D([], [], marker="o", color=palette.ACCENT, markeredgecolor=palette.INK,
                       linestyle="none", label=safe_text(after_label)),
            ], f.height)
            return _svg(f.fig)

    return Chart(chart_id, title, alt, n_note, draw)


def _three_ticks(minimum: float, maximum: float) -> list[float]:
    """The ends and the middle of a scale: enough to read a dot against."""
    middle = (minimum + maximum) / 2
    return [minimum, round(middle) if abs(middle - round(middle)) < 1e-9 else middle, maximum]


def _n_brackets(n: Cell | None) -> str:
    return f" ({n_text(n)})" if n is not None else ""


def _n_plain(n: Cell | None) -> str:
    return n_text(n) if n is not None else "n not known"
