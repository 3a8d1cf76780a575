"""surveys/equity.yaml: the equity dimensions outcomes are compared across, as data.

A dimension sorts one audience's respondents into groups from their own answers (or
the language they answered in); the analysis compares every headline construct across
those groups. The resolved dimensions are plain data (a list of dicts) that the
catalogue carries and the analysis reads. ``check_equity_references`` then checks them
against the loaded questionnaires: every question and answer value a group names must
exist in a questionnaire of the dimension's audience.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import DefinitionError, ErrorSink, check_fields
from .yamlsource import read_yaml

AUDIENCES = ("pupil", "parent", "community")
DIMENSION_FIELDS = {"id", "name", "audience", "questions", "language", "score", "excludes",
                    "source", "groups"}
GROUP_FIELDS = {"id", "label", "short", "answers", "languages", "score", "otherwise",
                "reference"}
#: A group is defined by exactly one of these.
RULES = ("answers", "languages", "score", "otherwise")


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and bool(value) and value.replace("_", "").isalnum() \
        and value == value.lower()


def load_equity(path: Path, display: str, constructs: dict, errors: list) -> list[dict]:
    """Read and check the dimensions; every problem is added to ``errors`` with its line."""
    data, lines, syntax = read_yaml(path, display)
    errors += syntax
    if data is None:
        return []
    sink = ErrorSink(display, lines)
    if not isinstance(data, dict) or not isinstance(data.get("dimensions"), list):
        sink.add((), "expected a mapping with 'dimensions:', a list of dimensions")
        errors += sink.errors
        return []
    check_fields(data, {"dimensions"}, (), sink)
    out, seen = [], set()
    for i, raw in enumerate(data["dimensions"]):
        dim = _dimension(raw, ("dimensions", i), constructs, sink)
        if dim is None:
            continue
        if dim["id"] in seen:
            sink.add(("dimensions", i, "id"), f"dimension {dim['id']!r} is defined twice")
            continue
        seen.add(dim["id"])
        out.append(dim)
    errors += sink.errors
    return [] if sink else out


def _dimension(raw: Any, path: tuple, constructs: dict, sink: ErrorSink) -> dict | None:
    if not isinstance(raw, dict):
        sink.add(path, "expected a dimension: a mapping with id, name, audience and groups")
        return None
    before = len(sink.errors)
    check_fields(raw, DIMENSION_FIELDS, path, sink)
    if not _is_id(raw.get("id")):
        sink.add((*path, "id"), "expected an id of lower case letters, digits and _")
    if not isinstance(raw.get("name"), str) or not raw["name"].strip():
        sink.add((*path, "name"), "expected the dimension's name in words")
    if raw.get("audience") not in AUDIENCES:
        sink.add((*path, "audience"), f"expected one of {', '.join(AUDIENCES)}, "
                 f"got {raw.get('audience')!r}")
    language = raw.get("language", False)
    if not isinstance(language, bool):
        sink.add((*path, "language"), "expected true or false")
    questions = raw.get("questions", [])
    if not isinstance(questions, list) or not all(_is_id(q) for q in questions):
        sink.add((*path, "questions"), "expected a list of question ids such as [hungry]")
        questions = []
    if not language and not questions:
        sink.add((*path, "questions"), "a dimension needs the questions it is built from "
                 "(or language: true)")
    score = raw.get("score")
    if score not in (None, "sum"):
        sink.add((*path, "score"), f"expected 'sum' or nothing, got {score!r}")
    excludes = raw.get("excludes", [])
    if not isinstance(excludes, list):
        sink.add((*path, "excludes"), "expected a list of construct ids")
        excludes = []
    for j, cid in enumerate(excludes):
        if cid not in constructs:
            sink.add((*path, "excludes", j), f"unknown construct {cid!r}: expected one of "
                     f"surveys/constructs.yaml ({', '.join(sorted(constructs))})")
    groups = raw.get("groups")
    if not isinstance(groups, list) or len(groups) < 2:
        sink.add((*path, "groups"), "expected a list of two or more groups")
        groups = []
    resolved = [_group(g, (*path, "groups", j), questions, bool(language), score, sink)
                for j, g in enumerate(groups)]
    ids = [g["id"] for g in resolved if g]
    for j, gid in enumerate(ids):
        if gid in ids[:j]:
            sink.add((*path, "groups", j, "id"), f"group {gid!r} is defined twice")
    if groups and sum(1 for g in resolved if g and g["reference"]) != 1:
        sink.add((*path, "groups"), "expected exactly one group with reference: true (the "
                 "group the others' gaps are measured from)")
    if sum(1 for g in resolved if g and g["rule"] == "otherwise") > 1:
        sink.add((*path, "groups"), "at most one group may be 'otherwise: true'")
    if len(sink.errors) > before:
        return None
    return {"id": raw["id"], "name": raw["name"].strip(), "audience": raw["audience"],
            "questions": list(questions), "language": bool(language), "score": score,
            "excludes": list(excludes), "source": str(raw.get("source", "")).strip(),
            "groups": resolved}


def _group(raw: Any, path: tuple, questions: list, language: bool, score: Any,
           sink: ErrorSink) -> dict | None:
    if not isinstance(raw, dict):
        sink.add(path, "expected a group: a mapping with id, label and one rule")
        return None
    check_fields(raw, GROUP_FIELDS, path, sink)
    if not _is_id(raw.get("id")):
        sink.add((*path, "id"), "expected an id of lower case letters, digits and _")
    if not isinstance(raw.get("label"), str) or not raw["label"].strip():
        sink.add((*path, "label"), "expected the group in words, as in 'pupils who ...'")
    rules = [r for r in RULES if r in raw]
    if len(rules) != 1:
        sink.add(path, f"expected exactly one of {', '.join(RULES)}, got "
                 f"{', '.join(rules) or 'none'}")
        return None
    rule = rules[0]
    value = raw[rule]
    if rule == "answers":
        if not isinstance(value, dict) or not value or not all(
                isinstance(v, list) and v for v in value.values()):
            sink.add((*path, "answers"), "expected {question id: [answer values]}")
        else:
            for qid in value:
                if qid not in questions:
                    sink.add((*path, "answers", qid), f"question {qid!r} is not among the "
                             f"dimension's questions ({', '.join(questions) or 'none'})")
    elif rule == "languages":
        if not language:
            sink.add((*path, "languages"), "a group by language needs the dimension's "
                     "'language: true'")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            sink.add((*path, "languages"), "expected a list of language codes such as [en]")
    elif rule == "score":
        if score != "sum":
            sink.add((*path, "score"), "a group by score needs the dimension's 'score: sum'")
        if not isinstance(value, dict) or not all(
                isinstance(value.get(k), int) and not isinstance(value.get(k), bool)
                for k in ("min", "max")) or value["min"] > value["max"]:
            sink.add((*path, "score"), "expected {min: 0, max: 3} (whole numbers, min <= max)")
    elif value is not True:
        sink.add((*path, "otherwise"), "expected true")
    short = raw.get("short", raw.get("label", ""))
    if not isinstance(short, str) or not short.strip() or len(short) > 30:
        sink.add((*path, "short"), "expected a short name for chart rows, 30 characters "
                 "or fewer, such as 'Never hungry'")
        short = ""
    reference = raw.get("reference", False)
    if not isinstance(reference, bool):
        sink.add((*path, "reference"), "expected true or false")
    return {"id": raw.get("id"), "label": str(raw.get("label", "")).strip(),
            "short": str(short).strip(), "rule": rule,
            "value": value, "reference": reference is True,
            "line": sink.line_for((*path, rule))}


def check_equity_references(dimensions: list[dict], surveys: list, display: str,
                            errors: list) -> None:
    """Every answer value a group names must be an option of that question in each
    questionnaire of the dimension's audience that asks it."""
    for i, dim in enumerate(dimensions):
        for j, group in enumerate(dim["groups"]):
            if group["rule"] != "answers":
                continue
            for qid, values in group["value"].items():
                for survey in surveys:
                    if survey.definition["audience"] != dim["audience"]:
                        continue
                    question = _question(survey.definition, qid)
                    if question is None:
                        continue
                    options = {o["value"] for o in question.get("options") or []}
                    for value in values:
                        if value not in options:
                            errors.append(DefinitionError(
                                display, group.get("line", 1),
                                f"dimensions[{i}].groups[{j}].answers.{qid}",
                                f"{value!r} is not an answer of {qid!r} in {survey.path} "
                                f"(expected one of {sorted(map(str, options))})"))


def _question(definition: dict, qid: str) -> dict | None:
    for page in definition["pages"]:
        for q in page["questions"]:
            if q["id"] == qid:
                return q
    return None
