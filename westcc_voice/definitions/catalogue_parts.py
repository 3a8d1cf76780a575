"""Frameworks, answer sets and scales: the shared data that questionnaires refer to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import ErrorSink, check_fields
from .question_types import ID_PATTERN
from .yamlsource import read_yaml

SCALE_ITEM_TYPES = ("scale_0_10", "agreement")
SCORING_METHODS = ("separate", "sum", "mean")


def load_framework(path: Path, display: str, errors: list) -> dict[str, Any] | None:
    """A framework: a list of domains or themes that questions are tagged with."""
    data, lines, syntax = read_yaml(path, display)
    errors += syntax
    if data is None:
        return None
    sink = ErrorSink(display, lines)
    if not isinstance(data, dict):
        sink.add((), "expected a mapping with id, name and items")
        errors += sink.errors
        return None
    check_fields(data, {"id", "name", "source", "description", "items"}, (), sink)
    fid = data.get("id")
    if not isinstance(fid, str) or not ID_PATTERN.match(fid):
        sink.add(("id",), "expected a short id such as 'cc' (lower case letters, digits, _)")
    if not isinstance(data.get("name"), str):
        sink.add(("name",), "expected the framework's name")
    items: dict[str, dict] = {}
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        sink.add(("items",), "expected a list of items, each with id and name")
        raw_items = []
    for i, item in enumerate(raw_items):
        if not isinstance(item, dict):
            sink.add(("items", i), "expected a mapping with id and name")
            continue
        check_fields(item, {"id", "name", "description"}, ("items", i), sink)
        iid = item.get("id")
        if not isinstance(iid, str) or not ID_PATTERN.match(iid) or iid in items:
            sink.add(("items", i, "id"), "expected a unique id of lower case letters, digits, _")
            continue
        if not isinstance(item.get("name"), str):
            sink.add(("items", i, "name"), "expected the item's name")
        items[iid] = {"name": item.get("name", iid), "description": item.get("description", "")}
    errors += sink.errors
    if sink:
        return None
    return {
        "id": fid,
        "name": data["name"],
        "source": data.get("source", ""),
        "description": data.get("description", ""),
        "items": items,
    }


def load_answer_sets(path: Path, display: str, errors: list) -> dict[str, dict]:
    """Named answer scales (agree5, faces5, yes_no, ...) with their words in each language."""
    data, lines, syntax = read_yaml(path, display)
    errors += syntax
    if data is None:
        return {}
    sink = ErrorSink(display, lines)
    sets: dict[str, dict] = {}
    if not isinstance(data, dict) or not isinstance(data.get("sets"), dict):
        sink.add((), "expected a mapping with 'sets:' of named answer sets")
        errors += sink.errors
        return {}
    for name, spec in data["sets"].items():
        spath = ("sets", name)
        options = spec.get("options") if isinstance(spec, dict) else None
        if not isinstance(options, list) or len(options) < 2:
            sink.add(spath, "expected 'options:' with at least two options")
            continue
        resolved, languages = [], None
        for i, opt in enumerate(options):
            opath = (*spath, "options", i)
            if not isinstance(opt, dict) or "value" not in opt:
                sink.add(opath, "expected a mapping with value and label")
                continue
            label = opt.get("label")
            if isinstance(label, str):
                label = {"en": label}
            if not isinstance(label, dict) or not label:
                sink.add((*opath, "label"), "expected a mapping of language to text")
                continue
            langs = {k for k, v in label.items() if isinstance(v, str) and v.strip()}
            languages = langs if languages is None else languages & langs
            value = opt["value"]
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                sink.add((*opath, "value"), f"expected a whole number or a quoted code, got "
                         f"{value!r} (write yes/no/on/off in quotes)")
                continue
            if any(o["value"] == value for o in resolved):
                sink.add((*opath, "value"), f"{value!r} is used twice in this set")
                continue
            entry = {"value": value, "label": dict(label)}
            if "emoji" in opt:
                entry["emoji"] = str(opt["emoji"])
            resolved.append(entry)
        sets[name] = {"options": resolved, "languages": sorted(languages or [])}
    errors += sink.errors
    return sets


def load_scale(
    path: Path, display: str, licensed_dir: Path | None, frameworks: dict, errors: list
) -> dict[str, Any] | None:
    """A validated scale: items, scoring rule, bands, conversion table, age range.

    A scale whose item text is licensed names a file under the licensed folder; its text
    is read from there. If that file is missing the scale still loads (its scoring is
    usable) with ``text_missing`` set, and any survey that uses it gets a clear error.
    """
    data, lines, syntax = read_yaml(path, display)
    errors += syntax
    if data is None:
        return None
    sink = ErrorSink(display, lines)
    if not isinstance(data, dict):
        sink.add((), "expected a mapping describing one scale")
        errors += sink.errors
        return None
    allowed = {"id", "name", "source", "licence", "age", "item_type", "answers", "tags",
               "scoring", "items", "bands", "conversion", "licensed_text", "notes",
               "validated_languages", "reported"}
    check_fields(data, allowed, (), sink)
    validated = data.get("validated_languages")
    if validated is not None and (not isinstance(validated, list) or not validated or not all(
            isinstance(x, str) and 2 <= len(x) <= 10 for x in validated)):
        sink.add(("validated_languages",), "expected the language codes of the scale's "
                 "validated wording, such as [en]; answers in other languages are "
                 "reported with a translation caveat")
        validated = None
    sid = data.get("id")
    if not isinstance(sid, str) or not ID_PATTERN.match(sid):
        sink.add(("id",), "expected a short id such as 'ons4'")
    item_type = data.get("item_type")
    if item_type not in SCALE_ITEM_TYPES:
        sink.add(("item_type",), f"expected one of {', '.join(SCALE_ITEM_TYPES)}")
    age = data.get("age") or {}
    if not isinstance(age, dict) or not isinstance(age.get("min", 0), int):
        sink.add(("age",), "expected {min: N} and optionally max: N, in years")
        age = {}
    scoring = data.get("scoring") or {}
    method = scoring.get("method") if isinstance(scoring, dict) else None
    if method not in SCORING_METHODS:
        sink.add(("scoring", "method"), f"expected one of {', '.join(SCORING_METHODS)}")
    bands = data.get("bands") or {}
    if not isinstance(bands, dict):
        sink.add(("bands",), "expected named lists of bands: {name: [{label, min, max}]}")
        bands = {}
    for bname, blist in bands.items():
        if not isinstance(blist, list) or not all(
            isinstance(b, dict) and {"label", "min", "max"} <= set(b) for b in blist
        ):
            sink.add(("bands", bname), "expected a list of {label, min, max}")
            continue
        edges = sorted((b["min"], b["max"]) for b in blist)
        for (_lo1, hi1), (lo2, _hi2) in zip(edges, edges[1:], strict=False):
            if lo2 <= hi1:
                sink.add(("bands", bname), f"bands overlap at {lo2}")
    conversion = data.get("conversion")
    if conversion is not None:
        # Keys are read as text (see yamlsource), so "7" and 7 are both a raw score.
        if not isinstance(conversion, dict) or not all(
            str(k).isdigit() and isinstance(v, (int, float)) and not isinstance(v, bool)
            for k, v in conversion.items()
        ):
            sink.add(("conversion",), "expected a table of raw score: converted score")
            conversion = None
    licensed = data.get("licensed_text")
    licensed_items: dict[str, Any] = {}
    text_missing = None
    if licensed:
        lic_path = (licensed_dir / licensed) if licensed_dir else None
        if lic_path is None or not lic_path.is_file():
            where = lic_path or f"<instance>/licensed/{licensed}"
            text_missing = (
                f"scale {sid!r} has licensed item text that is not shipped: put the text your "
                f"organisation is licensed to use in {where} (format: docs/questionnaires.md, "
                "'Licensed scales')"
            )
        else:
            lic_data, _lines, lic_errors = read_yaml(lic_path, str(lic_path))
            errors += lic_errors
            if isinstance(lic_data, dict) and isinstance(lic_data.get("items"), dict):
                licensed_items = lic_data["items"]
            elif lic_data is not None:
                errors.append(_licensed_format_error(lic_path))
    items, seen = [], set()
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        sink.add(("items",), "expected a list of items")
        raw_items = []
    for i, item in enumerate(raw_items):
        ipath = ("items", i)
        if not isinstance(item, dict):
            sink.add(ipath, "expected a mapping with id and text")
            continue
        check_fields(item, {"id", "text", "reverse", "higher_is_better", "bands", "low",
                             "high", "scored", "answers"}, ipath, sink)
        iid = item.get("id")
        if not isinstance(iid, str) or not ID_PATTERN.match(iid) or iid in seen:
            sink.add((*ipath, "id"), "expected a unique id of lower case letters, digits, _")
            continue
        seen.add(iid)
        if item.get("bands") is not None and item["bands"] not in bands:
            sink.add((*ipath, "bands"), f"unknown bands {item['bands']!r}: expected one of "
                     f"{', '.join(bands) or '(none defined)'}")
        text = item.get("text")
        if licensed:
            if "text" in item:
                sink.add((*ipath, "text"), "this scale's text is licensed: keep it in the "
                         "licensed file, not in the repository")
            text = licensed_items.get(iid)
            if licensed_items and text is None:
                errors.append(_licensed_item_missing(licensed_dir / licensed, iid))
        items.append({
            "id": iid,
            "text": text,
            "reverse": bool(item.get("reverse", False)),
            "higher_is_better": bool(item.get("higher_is_better", True)),
            "scored": bool(item.get("scored", True)),
            "bands": item.get("bands"),
            "low": item.get("low"),
            "high": item.get("high"),
            # an item's own answers, where the scale's items are not all answered alike
            "answers": item.get("answers"),
        })
    for t in data.get("tags") or []:
        _check_tag(t, ("tags",), frameworks, sink)
    errors += sink.errors
    if sink:
        return None
    return {
        "id": sid,
        "name": data.get("name", sid),
        "source": data.get("source", ""),
        "licence": data.get("licence", ""),
        "age": {"min": age.get("min", 0), "max": age.get("max")},
        "item_type": item_type,
        "answers": data.get("answers"),
        "tags": list(data.get("tags") or []),
        "scoring": {
            "method": method,
            "complete_only": bool(scoring.get("complete_only", True)),
            "max_missing": int(scoring.get("max_missing", 0)),
            "higher_is_better": bool(scoring.get("higher_is_better", True)),
            "bands": scoring.get("bands"),
        },
        "items": items,
        "bands": bands,
        "conversion": {int(k): float(v) for k, v in (conversion or {}).items()} or None,
        "licensed_text": licensed,
        "text_missing": text_missing,
        "notes": data.get("notes", ""),
        "validated_languages": list(validated) if validated else None,
        # false: the score is not an outcome to report (the Family Affluence Scale sorts
        # pupils into equity groups; surveys/equity.yaml reads its items)
        "reported": bool(data.get("reported", True)),
    }


def _licensed_format_error(path: Path):
    from .errors import DefinitionError

    return DefinitionError(str(path), 1, "items", "expected 'items:' mapping each item id "
                           "to its text")


def _licensed_item_missing(path: Path, iid: str):
    from .errors import DefinitionError

    return DefinitionError(str(path), 1, f"items.{iid}", "is missing: expected this item's "
                           "licensed text")


def _check_tag(tag: Any, path, frameworks: dict, sink: ErrorSink) -> bool:
    """A tag is '<framework>.<item>', such as 'cc.learning' or 'west.aspirations'."""
    if not isinstance(tag, str) or "." not in tag:
        sink.add(path, f"tag {tag!r}: expected '<framework>.<item>' such as 'cc.learning'")
        return False
    fid, iid = tag.split(".", 1)
    if fid not in frameworks:
        sink.add(path, f"tag {tag!r}: unknown framework {fid!r}; expected one of "
                 f"{', '.join(sorted(frameworks))}")
        return False
    if iid not in frameworks[fid]["items"]:
        sink.add(path, f"tag {tag!r}: framework {fid!r} has no item {iid!r}; expected one of "
                 f"{', '.join(frameworks[fid]['items'])}")
        return False
    return True


#: What "better" means for a construct: more of it (higher answers) or less of it.
CONSTRUCT_DIRECTIONS = ("higher", "lower")


def load_constructs(path: Path, display: str, frameworks: dict,
                    errors: list) -> dict[str, dict[str, Any]]:
    """What questions measure, each defined once: id, name, the framework tags it
    serves and the direction that counts as better. Questions name one with
    ``construct: <id>``; the same construct in two surveys is the same thing asked of
    two audiences (pupils' and parents' "safe at school"), so it is shown side by side
    and followed over time, each audience in its own words."""
    data, lines, syntax = read_yaml(path, display)
    errors += syntax
    if data is None:
        return {}
    sink = ErrorSink(display, lines)
    if not isinstance(data, dict) or not isinstance(data.get("constructs"), list):
        sink.add((), "expected a mapping with 'constructs:', a list of constructs each with "
                 "id, name, tags and better")
        errors += sink.errors
        return {}
    check_fields(data, {"constructs"}, (), sink)
    out: dict[str, dict[str, Any]] = {}
    for i, spec in enumerate(data["constructs"]):
        cpath = ("constructs", i)
        if not isinstance(spec, dict):
            sink.add(cpath, "expected a mapping with id, name, tags and better")
            continue
        check_fields(spec, {"id", "name", "tags", "better", "description"}, cpath, sink)
        cid = spec.get("id")
        if not isinstance(cid, str) or not ID_PATTERN.match(cid):
            sink.add((*cpath, "id"), "expected an id of lower case letters, digits and _, "
                     "such as 'safe_at_school'")
            continue
        if cid in out:
            sink.add((*cpath, "id"), f"construct {cid!r} is defined twice")
            continue
        name = spec.get("name")
        if not isinstance(name, str) or not name.strip():
            sink.add((*cpath, "name"), "expected the construct's name in words, such as "
                     "'Feeling safe at school'")
        better = spec.get("better")
        if better not in CONSTRUCT_DIRECTIONS:
            sink.add((*cpath, "better"), f"expected {' or '.join(CONSTRUCT_DIRECTIONS)} "
                     "(whether more of it, in the answers' order, counts as better), got "
                     f"{better!r}")
        tags = spec.get("tags")
        if not isinstance(tags, list) or not tags:
            sink.add((*cpath, "tags"), "expected a list of framework tags such as "
                     "[cc.wellbeing, west.emotional_wellbeing]")
            tags = []
        good_tags = [t for j, t in enumerate(tags)
                     if _check_tag(t, (*cpath, "tags", j), frameworks, sink)]
        out[cid] = {"id": cid, "name": str(name or cid), "tags": good_tags,
                    "better": better if better in CONSTRUCT_DIRECTIONS else "higher",
                    "description": str(spec.get("description") or "")}
    errors += sink.errors
    return out
