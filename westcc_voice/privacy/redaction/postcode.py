"""UK postcodes: full ones in any case or spacing, outward codes where they fit."""

from __future__ import annotations

import re

from .resources import Resources
from .result import has_digit, sub_count

_FULL_POSTCODE = re.compile(r"\b(?P<out>[a-z]{1,2}\d[a-z\d]?)\s*(?P<in>\d[a-z]{2})\b", re.I)
# An outward code, with its sector digit when the phrase ends there ("moved to NE4 9.")
# or goes on with words that are no count of something ("our flat is NE4 6 and the
# mould...", "NE4 8 something"; not "NE4 6 times").
_OUTWARD = re.compile(
    r"\b(?P<out>(?P<area>[a-z]{1,2})\d{1,2}[a-z]?)(?:\s\d(?=\s*(?:[.,;:!?)]|$)"
    r"|\s+(?:and|but|so|or|something|somewhere|i\s+think|area|way|postcode)\b))?\b",
    re.IGNORECASE,
)
_POSTCODE_CONTEXT = re.compile(
    r"(?:post\s?code|live\s+in|lives\s+in|living\s+in|moved\s+to|from|area)\W*(?:\w+\W+)?$",
    re.IGNORECASE,
)
_INWARD_BAD_LETTERS = frozenset("cikmov")
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$")


def postcodes(text: str, res: Resources) -> tuple[str, int]:
    if not has_digit(text):
        return text, 0  # every postcode has a digit
    def not_full(m: re.Match[str]) -> bool:
        out, inward = m.group("out"), m.group("in")
        area = re.match(r"[a-z]+", out, re.I).group().casefold()
        if area not in res.postcode_areas:
            return True
        if set(inward[1:].casefold()) & _INWARD_BAD_LETTERS:
            return True
        spaced = m.group()[len(out):len(out) + 1].isspace()
        return bool(spaced and inward.islower() and _ORDINAL.match(inward))

    text, n = sub_count(_FULL_POSTCODE, text, "postcode", keep=not_full)

    def not_outward(m: re.Match[str]) -> bool:
        out, area = m.group("out"), m.group("area").casefold()
        if area not in res.postcode_areas or out.casefold() in res.postcode_exceptions:
            return True
        if not (out.isupper() or out.islower()):
            return True
        if len(area) == 1:
            return not _POSTCODE_CONTEXT.search(m.string[max(0, m.start() - 30):m.start()])
        return False

    text, k = sub_count(_OUTWARD, text, "postcode", keep=not_outward)
    return text, n + k


_DISTRICT = re.compile(r"[a-z]{1,2}[0-9]{1,2}[a-z]?", re.I | re.ASCII)


def is_postcode_district(text: str) -> bool:
    """The whole answer is a postcode district such as NE4 (the outward code alone, some
    thousands of homes), never a full postcode."""
    return bool(_DISTRICT.fullmatch(text.strip()))
