"""Colours and fills for briefing charts: safe for colour-blind readers and greyscale print.

Ordered answers (agree ... disagree, faces, bands) use one blue ramp whose lightness
falls step by step, so the order survives a black-and-white photocopy. Unordered answers
use the Okabe-Ito palette, and each also gets its own hatching, so two segments never
depend on colour alone. "Prefer not to say" and "No answer" are pale grey and white, hatched.

``lightness`` (CIE L*) lets the tests check the steps a reader would see in greyscale.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with every common CVD.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "vermillion": "#D55E00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "reddish_purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: Unordered categories: alternate dark and light so neighbours differ in greyscale too.
NOMINAL = ["blue", "orange", "vermillion", "sky_blue", "black", "yellow", "reddish_purple",
           "bluish_green"]
#: A distinct hatching for each unordered category (matplotlib hatch codes). Line
#: hatches only: dotted ones become thousands of tiny circles that slow PDF layout.
NOMINAL_HATCHES = ["", "//", "\\\\", "xx", "", "--", "++", "||"]

#: The ordered ramp: pale blue (lowest answer) through Okabe-Ito sky blue and blue to
#: deep navy (highest), each stop darker than the one before.
RAMP = ["#E3EEF8", OKABE_ITO["sky_blue"], OKABE_ITO["blue"], "#0B2A55"]

#: Hatch patterns below are found nowhere else in a chart, so these pieces never depend
#: on colour alone.
NON_SUBSTANTIVE = {"prefer_not_to_say": ("#CFCFCF", "-/"), "no_answer": ("#FFFFFF", "//")}
#: Answers hidden to protect a small group, drawn as one piece in the bar.
NOT_SHOWN = ("#E0E0E0", "////")
#: Markers and lines on estimate charts.
INK = "#1A1A1A"
REFERENCE = "#555555"
ACCENT = OKABE_ITO["blue"]
MUTED = "#6B6B6B"
EDGE = "#333333"


@dataclass(frozen=True)
class Fill:
    """How one bar segment is painted."""

    colour: str
    hatch: str = ""

    @property
    def lightness(self) -> float:
        return lightness(self.colour)

    @property
    def text_colour(self) -> str:
        """Black or white, whichever reads better on this fill."""
        return "#FFFFFF" if self.lightness < 55 else "#000000"


def hex_to_rgb(colour: str) -> tuple[float, float, float]:
    c = colour.lstrip("#")
    return tuple(int(c[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def rgb_to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, v)) * 255):02X}" for v in rgb)


def _linear(v: float) -> float:
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance (WCAG / sRGB), 0 black to 1 white: what greyscale print keeps."""
    r, g, b = (_linear(v) for v in hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def lightness(colour: str) -> float:
    """CIE L* (0-100): perceived lightness; equal steps look equally different."""
    y = luminance(colour)
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def _mix(a: str, b: str, t: float) -> str:
    """A colour ``t`` of the way from ``a`` to ``b`` (in sRGB, which keeps the hue)."""
    ra, rb = hex_to_rgb(a), hex_to_rgb(b)
    return rgb_to_hex(tuple(x + (y - x) * t for x, y in zip(ra, rb, strict=True)))  # type: ignore[arg-type]


def ordered_fills(count: int) -> list[Fill]:
    """``count`` fills for ordered answers, lowest answer palest, in even L* steps."""
    if count <= 0:
        return []
    if count == 1:
        return [Fill(OKABE_ITO["blue"])]
    target_hi, target_lo = lightness(RAMP[0]), lightness(RAMP[-1])
    fills = []
    for i in range(count):
        want = target_hi + (target_lo - target_hi) * i / (count - 1)
        fills.append(Fill(_colour_at_lightness(want)))
    return fills


def _colour_at_lightness(want: float) -> str:
    """The colour on the ramp whose L* is ``want``: find the stops either side, then
    bisect between them (lightness falls monotonically along each piece)."""
    for a, b in zip(RAMP, RAMP[1:], strict=False):
        if lightness(a) >= want >= lightness(b):
            break
    lo, hi = 0.0, 1.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if lightness(_mix(a, b, mid)) > want:
            lo = mid
        else:
            hi = mid
    return _mix(a, b, (lo + hi) / 2)


def nominal_fills(count: int) -> list[Fill]:
    """``count`` fills for unordered answers: Okabe-Ito colours, each with its hatching."""
    out = []
    for i in range(count):
        name = NOMINAL[i % len(NOMINAL)]
        hatch = NOMINAL_HATCHES[i % len(NOMINAL_HATCHES)]
        if i >= len(NOMINAL):  # a second round: denser hatching keeps them apart
            hatch = (hatch or "|") * 2
        out.append(Fill(OKABE_ITO[name], hatch))
    return out


def fills_for(values: list, *, ordered: bool) -> list[Fill]:
    """One fill per category value: "prefer not to say" / "no answer" get their own."""
    substantive = [v for v in values if v not in NON_SUBSTANTIVE]
    main = ordered_fills(len(substantive)) if ordered else nominal_fills(len(substantive))
    it = iter(main)
    out = []
    for v in values:
        if v in NON_SUBSTANTIVE:
            colour, hatch = NON_SUBSTANTIVE[v]
            out.append(Fill(colour, hatch))
        else:
            out.append(next(it))
    return out
