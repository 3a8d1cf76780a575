"""surveys/findings.yaml: how a briefing chooses its findings, as data.

The rules say which kinds of finding come first (clear changes, clear differences,
levels beyond thresholds), the chance rate used to say how many comparisons would look
clear by chance alone, which outcome domains and themes each get a headline, and the
partnership's thresholds per construct ("more than 1 in 5 do not feel safe at school").
Resolved rules are plain data; the analysis copies them into the Summary's Method, so a
briefing reads them from the Summary it is made from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .catalogue_parts import _check_tag
from .errors import ErrorSink, check_fields
from .yamlsource import read_yaml

KINDS = ("change", "difference", "level")
SIDES = ("worse", "better")

#: Used when a deployment has no findings.yaml: the order only, no thresholds.
DEFAULT_RULES: dict[str, Any] = {
    "order": list(KINDS),
    "chance": 0.05,
    "per_domain": ["cc.wellbeing", "cc.learning", "cc.social", "cc.employment",
                   "cc.community", "west.tolerant_community", "west.inequality",
                   "west.early_transitions", "west.aspirations", "west.emotional_wellbeing"],
    "levels": [],
}


def load_finding_rules(path: Path, display: str, frameworks: dict, constructs: dict,
                       errors: list) -> dict[str, Any]:
    """Read and check the rules; every problem is added to ``errors`` with its line."""
    data, lines, syntax = read_yaml(path, display)
    errors += syntax
    if data is None:
        return dict(DEFAULT_RULES)
    sink = ErrorSink(display, lines)
    if not isinstance(data, dict):
        sink.add((), "expected a mapping with order, chance, per_domain and levels")
        errors += sink.errors
        return dict(DEFAULT_RULES)
    check_fields(data, {"order", "chance", "per_domain", "levels"}, (), sink)
    order = data.get("order", DEFAULT_RULES["order"])
    if not isinstance(order, list) or sorted(order) != sorted(KINDS):
        sink.add(("order",), f"expected each of {', '.join(KINDS)} once, most important "
                 f"first, got {order!r}")
        order = list(KINDS)
    chance = data.get("chance", DEFAULT_RULES["chance"])
    if isinstance(chance, bool) or not isinstance(chance, (int, float)) or not 0 < chance < 1:
        sink.add(("chance",), f"expected a share between 0 and 1 such as 0.05, got {chance!r}")
        chance = DEFAULT_RULES["chance"]
    per_domain = data.get("per_domain", DEFAULT_RULES["per_domain"])
    if not isinstance(per_domain, list):
        sink.add(("per_domain",), "expected a list of tags such as [cc.wellbeing, "
                 "west.aspirations]")
        per_domain = []
    per_domain = [t for i, t in enumerate(per_domain)
                  if _check_tag(t, ("per_domain", i), frameworks, sink)]
    levels = []
    raw = data.get("levels") or []
    if not isinstance(raw, list):
        sink.add(("levels",), "expected a list of thresholds, each with construct, side and "
                 "more_than or less_than")
        raw = []
    for i, level in enumerate(raw):
        resolved = _level(level, ("levels", i), constructs, sink)
        if resolved:
            levels.append(resolved)
    errors += sink.errors
    return {"order": list(order), "chance": float(chance), "per_domain": per_domain,
            "levels": levels}


def _level(level: Any, path, constructs: dict, sink: ErrorSink) -> dict[str, Any] | None:
    if not isinstance(level, dict):
        sink.add(path, "expected a mapping with construct, side and more_than or less_than")
        return None
    check_fields(level, {"construct", "side", "more_than", "less_than", "words"}, path, sink)
    construct = level.get("construct")
    if construct not in constructs:
        sink.add((*path, "construct"), f"unknown construct {construct!r}: expected one "
                 f"defined in surveys/constructs.yaml "
                 f"({', '.join(sorted(constructs)) or 'none defined'})")
        return None
    side = level.get("side", "worse")
    if side not in SIDES:
        sink.add((*path, "side"), f"expected worse or better, got {side!r}")
        return None
    bounds = {k: level[k] for k in ("more_than", "less_than") if k in level}
    if len(bounds) != 1:
        sink.add(path, "expected exactly one of more_than or less_than (a percentage)")
        return None
    (key, value), = bounds.items()
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        sink.add((*path, key), f"expected a percentage from 0 to 100, got {value!r}")
        return None
    words = level.get("words", "")
    if isinstance(words, dict) and all(isinstance(k, str) and isinstance(v, str)
                                       for k, v in words.items()):
        words = {k: v.strip() for k, v in words.items()}
    elif isinstance(words, str):
        words = words.strip()
    else:
        sink.add((*path, "words"), "expected plain words, such as 'do not feel safe', or "
                 "words per audience: {pupil: ..., parent: ...}")
        words = ""
    return {"construct": construct, "side": side, "bound": key, "percent": float(value),
            "words": words}
