"""Read a surveys/ folder into a Catalogue of resolved, hashed questionnaires."""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import question_types
from .catalogue_parts import (
    _check_tag,
    load_answer_sets,
    load_constructs,
    load_framework,
    load_scale,
)
from .equity_rules import check_equity_references, load_equity
from .errors import DefinitionError, ErrorSink, Path_, check_fields, format_path
from .expressions import ExpressionError, literals_compared, parse, references
from .finding_rules import DEFAULT_RULES, load_finding_rules
from .page_length import long_pages
from .page_length import warning as long_page_warning
from .question_types import ID_PATTERN, Context
from .text import LANGUAGE_NAMES, resolve_text, unknown_language
from .yamlsource import read_yaml

AUDIENCES = ("pupil", "parent", "community")
SURVEY_FIELDS = {"key", "title", "description", "audience", "age", "year_groups",
                 "languages", "estimated_minutes", "pages", "notes"}
PAGE_FIELDS = {"id", "title", "intro", "questions"}
COMMON_FIELDS = {"id", "type", "text", "help", "tags", "show_if", "required",
                 "prefer_not_to_say", "notes", "construct", "help_if", "low_if"}
SCALE_BLOCK_FIELDS = {"scale", "items", "id_prefix", "tags", "show_if", "prefer_not_to_say",
                      "low_if"}
#: Files directly in surveys/ that are not questionnaires.
NOT_QUESTIONNAIRES = ("answer-sets.yaml", "constructs.yaml", "findings.yaml", "equity.yaml")
#: Key Stage 1 (ages 5-7): about ten items or fewer.
KS1_MAX_ITEMS = 10
ADULT_AGE = 18
#: Answers meeting their low_if that bring the extra help screen (or all low_if answered).
MIN_LOW_ANSWERS = 2
#: Frameworks a question must be tagged from (at least one tag from one of them).
CORE_FRAMEWORKS = ("cc", "west")


def canonical_hash(data: Any, length: int = 64) -> str:
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:length]


@dataclass
class ResolvedSurvey:
    key: str
    path: str
    definition: dict[str, Any]
    content_hash: str

    @property
    def title(self) -> str:
        text = self.definition["title"]
        return text.get(self.definition["languages"][0], "")

    @property
    def audience(self) -> str:
        return self.definition["audience"]


@dataclass
class Catalogue:
    frameworks: dict[str, dict] = field(default_factory=dict)
    answer_sets: dict[str, dict] = field(default_factory=dict)
    scales: dict[str, dict] = field(default_factory=dict)
    constructs: dict[str, dict] = field(default_factory=dict)
    #: surveys/findings.yaml resolved (DEFAULT_RULES when there is none)
    finding_rules: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_RULES))
    surveys: list[ResolvedSurvey] = field(default_factory=list)
    #: surveys/equity.yaml resolved: the equity dimensions ([] when there is none)
    equity: list[dict[str, Any]] = field(default_factory=list)
    errors: list[DefinitionError] = field(default_factory=list)
    #: What loads but should be looked at: pages longer than about two screens.
    warnings: list[DefinitionError] = field(default_factory=list)
    files_read: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def display_path(path: Path, base: Path) -> str:
    """A file of the surveys folder ``base`` as errors and reports name it: from the
    folder's parent ("surveys/parents.yaml")."""
    try:
        return str(path.relative_to(base.parent))
    except ValueError:
        return str(path)


def load_catalogue(surveys_dir: Path | str, licensed_dir: Path | str | None = None) -> Catalogue:
    """Read every file under ``surveys_dir``; return what resolved and every error found."""
    base = Path(surveys_dir)
    lic = Path(licensed_dir) if licensed_dir else None
    cat = Catalogue()
    if not base.is_dir():
        cat.errors.append(DefinitionError(str(base), 1, "(folder)", "is not a folder"))
        return cat
    for path in sorted((base / "frameworks").glob("*.yaml")):
        cat.files_read += 1
        fw = load_framework(path, display_path(path, base), cat.errors)
        if fw:
            if fw["id"] in cat.frameworks:
                cat.errors.append(DefinitionError(display_path(path, base), 1, "id",
                                                  f"framework {fw['id']!r} is defined twice"))
            cat.frameworks[fw["id"]] = fw
    sets_path = base / "answer-sets.yaml"
    if sets_path.is_file():
        cat.files_read += 1
        cat.answer_sets = load_answer_sets(sets_path, display_path(sets_path, base), cat.errors)
    constructs_path = base / "constructs.yaml"
    if constructs_path.is_file():
        cat.files_read += 1
        cat.constructs = load_constructs(constructs_path, display_path(constructs_path, base),
                                         cat.frameworks, cat.errors)
    rules_path = base / "findings.yaml"
    if rules_path.is_file():
        cat.files_read += 1
        cat.finding_rules = load_finding_rules(rules_path, display_path(rules_path, base),
                                               cat.frameworks, cat.constructs, cat.errors)
    for path in sorted((base / "scales").glob("*.yaml")):
        cat.files_read += 1
        scale = load_scale(path, display_path(path, base), lic, cat.frameworks, cat.errors)
        if scale:
            cat.scales[scale["id"]] = scale
    keys: dict[str, str] = {}
    for path in sorted(base.glob("*.yaml")):
        if path.name in NOT_QUESTIONNAIRES:
            continue
        cat.files_read += 1
        survey = load_survey(path, display_path(path, base), cat)
        if survey is None:
            continue
        if survey.key in keys:
            cat.errors.append(DefinitionError(survey.path, 1, "key", f"key {survey.key!r} is "
                                              f"already used by {keys[survey.key]}"))
            continue
        keys[survey.key] = survey.path
        cat.surveys.append(survey)
    equity_path = base / "equity.yaml"
    if equity_path.is_file():
        cat.files_read += 1
        shown_path = display_path(equity_path, base)
        cat.equity = load_equity(equity_path, shown_path, cat.constructs, cat.errors)
        check_equity_references(cat.equity, cat.surveys, shown_path, cat.errors)
    return cat


def load_survey(path: Path, display: str, cat: Catalogue) -> ResolvedSurvey | None:
    """Resolve one questionnaire file, adding its errors to the catalogue."""
    data, lines, syntax = read_yaml(path, display)
    cat.errors.extend(syntax)
    if data is None:
        return None
    sink = ErrorSink(display, lines)
    resolved = _resolve_survey(data, sink, cat)
    cat.errors.extend(sink.errors)
    if sink or resolved is None:
        return None
    for index, page, over in long_pages(resolved):
        where = ("pages", index)
        cat.warnings.append(DefinitionError(display, sink.line_for(where), format_path(where),
                                            long_page_warning(page, over)))
    return ResolvedSurvey(resolved["key"], display, resolved, canonical_hash(resolved))


def _resolve_survey(data: Any, sink: ErrorSink, cat: Catalogue) -> dict | None:
    if not isinstance(data, dict):
        sink.add((), "expected a mapping with key, title, audience, languages and pages")
        return None
    check_fields(data, SURVEY_FIELDS, (), sink)
    key = data.get("key")
    if not isinstance(key, str) or not _is_key(key):
        sink.add(("key",), "expected a short key such as 'pupils-7-11' (lower case letters, "
                 "digits, - and _)")
    audience = data.get("audience")
    if audience not in AUDIENCES:
        sink.add(("audience",), f"expected one of {', '.join(AUDIENCES)}, got {audience!r}")
    languages = data.get("languages", ["en"])
    if not isinstance(languages, list) or not languages or not all(
        isinstance(x, str) and 2 <= len(x) <= 10 for x in languages
    ):
        sink.add(("languages",), "expected a list of language codes such as [en, ar, pl]; "
                 "the first is the source language")
        languages = ["en"]
    unknown = [code for code in languages if code not in LANGUAGE_NAMES]
    for code in unknown:
        sink.add(("languages",), unknown_language(code))
    if unknown:
        languages = [code for code in languages if code in LANGUAGE_NAMES] or ["en"]
    age = {"min": ADULT_AGE, "max": None}
    year_groups: list[int] = []
    if audience == "pupil":
        raw_age = data.get("age")
        if not isinstance(raw_age, dict) or not all(
            isinstance(raw_age.get(k), int) for k in ("min", "max")
        ) or not 4 <= raw_age["min"] <= raw_age["max"] <= 19:
            sink.add(("age",), "a pupil survey needs its age range: {min: 7, max: 11}")
        else:
            age = {"min": raw_age["min"], "max": raw_age["max"]}
        raw_years = data.get("year_groups")
        if not isinstance(raw_years, list) or not raw_years or not all(
            isinstance(y, int) and 0 <= y <= 13 for y in raw_years
        ):
            sink.add(("year_groups",), "a pupil survey needs its year groups: a list of whole "
                     "numbers from 0 (Reception) to 13")
        else:
            year_groups = sorted(set(raw_years))
    out: dict[str, Any] = {
        "key": key,
        "audience": audience,
        "languages": languages,
        "source_language": languages[0],
        "age": age,
        "year_groups": year_groups,
        "title": resolve_text(data.get("title"), ("title",), languages, sink),
        "description": resolve_text(data.get("description"), ("description",), languages,
                                    sink, required=False),
        "estimated_minutes": data.get("estimated_minutes"),
        "pages": [],
        "scales": {},
        "constructs": {},
        # Marks a version whose extra help screen follows help_if / low_if (collect/help_rules).
        "extra_help": {"min_low": MIN_LOW_ANSWERS},
    }
    ctx = Context(languages, cat.answer_sets, sink)
    pages = data.get("pages")
    if not isinstance(pages, list) or not pages:
        sink.add(("pages",), "expected a list of pages, each with id, title and questions")
        return None
    seen_ids: dict[str, Path_] = {}
    page_ids: set[str] = set()
    order: list[dict] = []
    broken: set[str] = set()
    for p, page in enumerate(pages):
        ppath = ("pages", p)
        if not isinstance(page, dict):
            sink.add(ppath, "expected a mapping with id, title and questions")
            continue
        check_fields(page, PAGE_FIELDS, ppath, sink, " on a page")
        pid = page.get("id")
        if not isinstance(pid, str) or not ID_PATTERN.match(pid) or pid in page_ids:
            sink.add((*ppath, "id"), "expected a unique page id of lower case letters, "
                     "digits and _")
        page_ids.add(pid)
        resolved_page = {
            "id": pid,
            "title": resolve_text(page.get("title"), (*ppath, "title"), languages, sink),
            "intro": resolve_text(page.get("intro"), (*ppath, "intro"), languages, sink,
                                  required=False),
            "questions": [],
        }
        questions = page.get("questions")
        if not isinstance(questions, list) or not questions:
            sink.add((*ppath, "questions"), "expected a list of questions")
            questions = []
        for i, entry in enumerate(questions):
            qpath = (*ppath, "questions", i)
            if isinstance(entry, dict) and "scale" in entry:
                expanded = _expand_scale(entry, qpath, out, cat, ctx)
            else:
                one = _resolve_question(entry, qpath, out, cat, ctx)
                expanded = [one, *_other_texts(one, qpath, ctx)] if one else []
                if one is None and isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    broken.add(entry["id"])
            for q in expanded:
                if q["id"] in seen_ids:
                    sink.add((*qpath, "id"), f"question id {q['id']!r} is used twice")
                    continue
                seen_ids[q["id"]] = qpath
                q["_path"] = qpath
                order.append(q)
                resolved_page["questions"].append(q)
        out["pages"].append(resolved_page)
    _check_conditions(order, sink, broken)
    _check_help_rules(order, sink, broken)
    answerable = [q for q in order if question_types.get(q["type"]).answerable]
    if audience == "pupil" and age["max"] <= 7 and len(answerable) > KS1_MAX_ITEMS:
        sink.add(("pages",), f"a survey for ages 5-7 should have at most {KS1_MAX_ITEMS} "
                 f"questions; this one has {len(answerable)}")
    for q in order:
        del q["_path"]
        if not sink:
            q["wording_hash"] = _wording_hash(q, languages[0])
    return out


#: What an "other, please say" box asks when the questionnaire gives no words of its own.
OTHER_TEXT = {"en": "Please say what:", "ar": "يُرجى التوضيح:", "pl": "Napisz, co:"}


def _other_texts(q: dict, path: Path_, ctx: Context) -> list[dict]:
    """An option with ``other_text`` ("Something else") gets its own short text question,
    shown right after its question when that option is chosen. ``other_text: true`` uses
    the service's words (OTHER_TEXT); a text or a mapping of language to text gives the
    questionnaire's own."""
    out = []
    for i, option in enumerate(q.get("options") or []):
        words = option.get("other_text")
        if words is None:
            continue
        opath = (*path, "options", i, "other_text")
        if words is True:
            missing = [lang for lang in ctx.languages if lang not in OTHER_TEXT]
            if missing:
                ctx.sink.add(opath, f"the service has no words for 'please say' in "
                             f"{', '.join(missing)}: give them, as other_text: "
                             f"{{{ctx.languages[0]}: ..., {missing[0]}: ...}}")
                continue
            words = {lang: OTHER_TEXT[lang] for lang in ctx.languages}
        text = resolve_text(words, opath, ctx.languages, ctx.sink)
        if text is None:
            continue
        value = option["value"]
        condition = (f"'{value}' in {q['id']}" if q["kind"] == "multi"
                     else f"{q['id']} == {value!r}")
        follow = {
            "id": f"{q['id']}_{value}_text", "type": "short_text", "kind": "text",
            "text": text, "help": None, "tags": list(q["tags"]), "required": False,
            "prefer_not_to_say": False, "show_if": condition, "show_if_tree": parse(condition),
            "scale": None, "other_of": {"question": q["id"], "option": value},
        }
        question_types.get("short_text").resolve({}, follow, opath, ctx)
        option["other_text"] = True
        out.append(follow)
    return out


def _is_key(key: str) -> bool:
    return all(c.islower() or c.isdigit() or c in "-_" for c in key) and 2 <= len(key) <= 80


def _resolve_question(q: Any, path: Path_, survey: dict, cat: Catalogue, ctx: Context):
    sink = ctx.sink
    if not isinstance(q, dict):
        sink.add(path, "expected a mapping with id, type and text (or a 'scale:' block)")
        return None
    qtype = question_types.get(q.get("type"))
    if qtype is None:
        sink.add((*path, "type"), f"unknown question type {q.get('type')!r}: expected one of "
                 f"{', '.join(sorted(question_types.REGISTRY))}")
        return None
    allowed = COMMON_FIELDS | qtype.fields
    check_fields(q, allowed, path, sink, f" for a {qtype.name} question")
    qid = q.get("id")
    if not isinstance(qid, str) or not ID_PATTERN.match(qid):
        sink.add((*path, "id"), "expected an id of lower case letters, digits and _, "
                 "starting with a letter")
        return None
    out: dict[str, Any] = {
        "id": qid,
        "type": qtype.name,
        "kind": qtype.kind,
        "text": resolve_text(q.get("text"), (*path, "text"), ctx.languages, sink),
        "help": resolve_text(q.get("help"), (*path, "help"), ctx.languages, sink,
                             required=False),
        "tags": [],
        "required": bool(q.get("required", False)),
        "prefer_not_to_say": bool(q.get("prefer_not_to_say", False)),
        "show_if": None,
        "show_if_tree": None,
        "scale": None,
    }
    if out["required"] and survey["audience"] == "pupil":
        sink.add((*path, "required"), "every pupil question can be skipped: remove "
                 "'required: true'")
    _resolve_tags(q.get("tags"), (*path, "tags"), out, cat, sink, needed=qtype.answerable)
    _resolve_construct(q, path, out, survey, cat, sink, answerable=qtype.answerable)
    for rule in ("show_if", "help_if", "low_if"):
        _resolve_rule(rule, q.get(rule), (*path, rule), out, sink)
    qtype.resolve(q, out, path, ctx)
    return out


def _resolve_tags(tags, path, out, cat, sink, *, needed: bool) -> None:
    if tags is None:
        tags = []
    if not isinstance(tags, list):
        sink.add(path, "expected a list of tags such as [cc.learning, west.aspirations]")
        return
    for i, tag in enumerate(tags):
        if _check_tag(tag, (*path, i), cat.frameworks, sink) and tag not in out["tags"]:
            out["tags"].append(tag)
    if needed and not any(t.split(".")[0] in CORE_FRAMEWORKS for t in out["tags"]):
        sink.add(path, "every question maps to at least one Children's Community domain "
                 "(cc.*) or WEST theme (west.*)")


def _resolve_construct(q, path, out, survey, cat, sink, *, answerable: bool) -> None:
    """``construct: <id>`` names what the question measures, from surveys/constructs.yaml.
    The survey keeps a copy of each construct it uses (name, tags, direction), so the
    stored version says what its questions measure without the file."""
    if "construct" not in q:
        return
    cid = q["construct"]
    if not answerable:
        sink.add((*path, "construct"), "a statement takes no answer, so it measures nothing: "
                 "remove 'construct'")
        return
    if not isinstance(cid, str) or cid not in cat.constructs:
        known = ", ".join(sorted(cat.constructs)) or "(none: add surveys/constructs.yaml)"
        sink.add((*path, "construct"), f"unknown construct {cid!r}: expected one defined in "
                 f"surveys/constructs.yaml ({known})")
        return
    out["construct"] = cid
    survey["constructs"][cid] = dict(cat.constructs[cid])


def _resolve_rule(rule: str, source, path, out, sink) -> None:
    """``show_if``, ``help_if`` or ``low_if``: a condition in the show_if language, kept
    as written and as its parsed tree."""
    if source is None:
        return
    try:
        out[f"{rule}_tree"] = parse(source)
        out[rule] = source
    except ExpressionError as exc:
        sink.add(path, f"{exc}")


def _expand_scale(block: dict, path: Path_, survey: dict, cat: Catalogue, ctx: Context):
    """A ``scale:`` block becomes one question per item, text taken from the scale."""
    sink = ctx.sink
    check_fields(block, SCALE_BLOCK_FIELDS, path, sink, " in a scale block")
    if not isinstance(block["scale"], str):
        sink.add((*path, "scale"), f"expected one scale id such as 'ons4', got {block['scale']!r}")
        return []
    scale = cat.scales.get(block["scale"])
    if scale is not None and scale["id"] in survey["scales"]:
        sink.add((*path, "scale"), f"scale {scale['id']!r} is already used in this survey: "
                 "list every item you need in one block")
        return []
    if scale is None:
        sink.add((*path, "scale"), f"unknown scale {block['scale']!r}: expected one of "
                 f"{', '.join(sorted(cat.scales)) or '(no scales loaded)'}")
        return []
    if scale["text_missing"]:
        sink.add((*path, "scale"), scale["text_missing"])
        return []
    lo, hi = scale["age"]["min"], scale["age"]["max"]
    if survey["age"]["min"] < lo or (hi is not None and (survey["age"]["max"] or 99) > hi
                                     and survey["audience"] == "pupil"):
        span = f"{lo}+" if hi is None else f"{lo}-{hi}"
        have = f"{survey['age']['min']}-{survey['age']['max'] or 'adult'}"
        sink.add((*path, "scale"), f"scale {scale['id']!r} is validated for ages {span}; this "
                 f"survey is for ages {have}")
        return []
    wanted = block.get("items")
    item_ids = [i["id"] for i in scale["items"]]
    if wanted is None:
        wanted = item_ids
    elif not isinstance(wanted, list) or any(w not in item_ids for w in wanted):
        sink.add((*path, "items"), f"expected a list of this scale's items: "
                 f"{', '.join(item_ids)}")
        return []
    prefix = block.get("id_prefix", f"{scale['id']}_")
    low_if = block.get("low_if") or {}
    if not isinstance(low_if, dict) or any(k not in wanted for k in low_if):
        sink.add((*path, "low_if"), "expected a mapping from this block's items to a "
                 f"condition, such as {{item: {prefix}item <= 2}}")
        low_if = {}
    qtype = question_types.get(scale["item_type"])
    questions = []
    items_used = []
    for item in scale["items"]:
        if item["id"] not in wanted:
            continue
        # A scale may carry more languages than this survey uses: keep just the survey's.
        spec = {"text": _only(item["text"], ctx.languages)}
        if scale["item_type"] == "scale_0_10":
            spec.update(low=_only(item.get("low"), ctx.languages),
                        high=_only(item.get("high"), ctx.languages))
        elif item.get("answers") or scale.get("answers"):
            spec["answers"] = item.get("answers") or scale["answers"]
        q = {
            "id": f"{prefix}{item['id']}",
            "type": qtype.name,
            "kind": qtype.kind,
            "text": resolve_text(spec["text"], (*path, "scale"), ctx.languages, sink),
            "help": None,
            "tags": [],
            "required": False,
            "prefer_not_to_say": bool(block.get("prefer_not_to_say", False)),
            "show_if": None,
            "show_if_tree": None,
            "scale": {"id": scale["id"], "item": item["id"]},
        }
        _resolve_tags(list(scale["tags"]) + list(block.get("tags") or []), (*path, "tags"), q,
                      cat, sink, needed=True)
        _resolve_rule("show_if", block.get("show_if"), (*path, "show_if"), q, sink)
        _resolve_rule("low_if", low_if.get(item["id"]), (*path, "low_if", item["id"]), q, sink)
        qtype.resolve(spec, q, (*path, "scale"), ctx)
        questions.append(q)
        items_used.append({**item, "question_id": q["id"], "text": q["text"]})
    survey["scales"][scale["id"]] = {
        key: value for key, value in scale.items() if key not in ("items", "text_missing")
    } | {"items": items_used, "complete": len(items_used) == len(scale["items"])}
    return questions


def _only(text: Any, languages: list[str]) -> Any:
    """Shared text (scales) keeps just the languages one survey uses; a plain string
    counts as the source language."""
    if isinstance(text, str) and len(languages) == 1:
        return text
    if isinstance(text, str):
        return {languages[0]: text}
    if isinstance(text, dict):
        return {lang: value for lang, value in text.items() if lang in languages}
    return text


def _check_conditions(order: list[dict], sink: ErrorSink, broken: set[str]) -> None:
    """show_if may read only earlier questions, with values those questions can take;
    an option's show_if too (never its own question).

    Questions that failed to resolve (``broken``) are already reported; references to them
    are not reported again.
    """
    earlier: dict[str, dict] = {}
    for q in order:
        tree = q.get("show_if_tree")
        if tree is not None:
            _check_refs(tree, references(tree), earlier, (*q["_path"], "show_if"), sink, broken,
                        "an earlier question")
        for i, option in enumerate(q.get("options") or []):
            if option.get("show_if_tree") is not None:
                _check_refs(option["show_if_tree"], references(option["show_if_tree"]),
                            earlier, (*q["_path"], "options", i, "show_if"), sink, broken,
                            "an earlier question")
        earlier[q["id"]] = q


def _check_help_rules(order: list[dict], sink: ErrorSink, broken: set[str]) -> None:
    """help_if and low_if are read once every answer is in, so they may name any question
    of the survey; a low_if must read its own question, whose answer it marks as low."""
    known = {q["id"]: q for q in order}
    for q in order:
        for rule in ("help_if", "low_if"):
            tree = q.get(f"{rule}_tree")
            if tree is None:
                continue
            path = (*q["_path"], rule)
            refs = references(tree)
            if not question_types.get(q["type"]).answerable:
                sink.add(path, f"a statement takes no answer: move the {rule} to a question")
                continue
            if rule == "low_if" and q["id"] not in refs:
                sink.add(path, f"a low_if marks this question's answer as low, so it must read "
                         f"{q['id']!r}, such as: {q['id']} == 1")
            _check_refs(tree, refs, known, path, sink, broken, "a question of this survey")


def _check_refs(tree, refs, known, path, sink, broken, where: str) -> None:
    """Every id a condition reads is a question in ``known`` that takes an answer (or a
    grid's item, ``<grid>.<item>``), and every value it compares with is one of that
    question's answers. A name not found is told with the nearest that is."""
    names = [*known, *(f"{qid}.{item['id']}" for qid, q in known.items()
                       for item in q.get("items") or [])]
    for ref in refs:
        qid, _dot, item = ref.partition(".")
        if qid in broken:
            continue
        if qid not in known:
            sink.add(path, f"refers to {ref!r}, which is not {where}{_nearest(ref, names)}")
        elif not question_types.get(known[qid]["type"]).answerable:
            sink.add(path, f"refers to {qid!r}, a statement that takes no answer")
        elif item and known[qid]["type"] != "grid":
            sink.add(path, f"refers to {ref!r}, but {qid!r} is a {known[qid]['type']} "
                     "question: only a grid's items are read as <grid>.<item>")
        elif item and item not in {i["id"] for i in known[qid].get("items") or []}:
            items = [i["id"] for i in known[qid].get("items") or []]
            sink.add(path, f"refers to {ref!r}, but grid {qid!r} has no item {item!r}"
                     f"{_nearest(ref, [f'{qid}.{i}' for i in items])}: expected one of "
                     f"{', '.join(f'{qid}.{i}' for i in items)}")
    for ref, literal in literals_compared(tree):
        target = known.get(ref.partition(".")[0])
        values = [o["value"] for o in (target or {}).get("options") or []]
        if target and values and literal not in values:
            sink.add(path, f"{literal!r} is not an answer of {ref!r}: expected one of "
                     f"{', '.join(str(v) for v in values)}")


def _nearest(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _wording_hash(q: dict, lang: str) -> str:
    qtype = question_types.get(q["type"])
    parts = {"type": q["type"], "text": (q.get("text") or {}).get(lang)}
    parts.update(qtype.wording(q, lang))
    return canonical_hash(parts, 16)
