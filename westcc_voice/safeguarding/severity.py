"""How urgent a flag is, from the reasons the scanner gave: plain data in, a word out.

The scanner gives each concern a ``severity`` ("urgent" or "concern") and a ``reason`` in
plain words; a flag is "urgent" when any of its reasons is. A reason written before
reasons carried a severity (or by a scanner that gives none) counts as urgent when its
category is one of the harm categories below: a missed urgent disclosure costs far more
than an email a DSL did not need.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

URGENT = "urgent"
CONCERN = "concern"

#: Categories that count as urgent when a reason carries no severity of its own.
URGENT_WITHOUT_SEVERITY = frozenset({
    "suicidal", "physical_abuse", "sexual_abuse", "grooming", "running_away",
    "afraid_to_go_home", "self_harm", "physical_harm", "sexual_harm", "exploitation",
    "general",
})


def reason_severity(reason: Mapping[str, Any] | str) -> str:
    """"urgent" or "concern" for one stored reason (a dict, or a bare category)."""
    if not isinstance(reason, Mapping):
        reason = {"category": str(reason)}
    given = reason.get("severity")
    if given in (URGENT, CONCERN):
        return given
    category = str(reason.get("category") or "general")
    return URGENT if category in URGENT_WITHOUT_SEVERITY else CONCERN


def flag_severity(reasons: Iterable[Mapping[str, Any] | str] | None) -> str:
    """"urgent" if any reason is urgent, else "concern"."""
    return URGENT if any(reason_severity(r) == URGENT for r in reasons or ()) else CONCERN
