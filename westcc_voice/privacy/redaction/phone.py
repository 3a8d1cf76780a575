"""UK telephone numbers, except freephone helplines (Childline 0800 1111)."""

from __future__ import annotations

import re

from .result import has_digit, replace_spans, sub_count

_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d\s\-.()]{6,20}\d(?!\w)")
_PHONE_CONTEXT = re.compile(
    r"\b(?:number|phone|mobile|mob|tel|telephone|call|ring|text|whatsapp|contact)\b"
    r"[^\d\n]{0,20}?(?P<num>\d(?:[\s-]?\d){5,10})(?!\w)",
    re.IGNORECASE,
)


def _valid_phone_digits(digits: str) -> bool:
    if digits.startswith("0044"):
        digits = "0" + digits[4:].removeprefix("0")
    elif digits.startswith("44"):
        digits = "0" + digits[2:].removeprefix("0")
    if not digits.startswith("0") or len(digits) not in (10, 11):
        return False
    if digits.startswith(("080", "0500")):
        return False  # freephone: helplines such as Childline, never a family's number
    return digits[1] in "123578" and not digits.startswith("00")


def phones(text: str) -> tuple[str, int]:
    if not has_digit(text):
        return text, 0  # both patterns need a digit
    spans = []
    for m in _PHONE_CANDIDATE.finditer(text):
        cand = m.group()
        # The longest run of digit groups that makes a valid UK number.
        best_end = None
        digits = ""
        for g in re.finditer(r"\d+", cand):
            digits += g.group()
            if len(digits) > 14:
                break
            if _valid_phone_digits(digits):
                best_end = g.end()
        lead_ok = cand.startswith(("+", "0", "(")) or cand.startswith("44")
        if best_end is not None and lead_ok:
            spans.append((m.start(), m.start() + best_end))
    text, n = replace_spans(text, spans, "phone")
    text, k = sub_count(_PHONE_CONTEXT, text, "phone", group="num",
                        keep=lambda m: re.sub(r"\D", "", m.group("num")).startswith("080"))
    return text, n + k
