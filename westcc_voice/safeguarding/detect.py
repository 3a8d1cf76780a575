"""Possible-disclosure detection in free text, for the designated safeguarding lead (DSL).

``scan(text, language=None)`` takes the ORIGINAL answer (before redaction: the intake
keeps the original text only for flagged answers) and returns a list of
:class:`Concern`, one per rule that matched, in the order they appear in the text::

    >>> [(c.severity, c.category) for c in scan("me dad hitts me and i wanna die")]
    [('urgent', 'physical_abuse'), ('urgent', 'suicidal')]

Each concern carries the rule's ``severity`` ("urgent" or "concern") and ``reason``, the
plain words the DSL reads. The rules are data, one file per language in ``rules/``
beside this module (``rules/en.yaml``, ``rules/pl.yaml``...), with the categories and
their severities in ``rules/categories.yaml``; they are loaded and compiled once per
process (:func:`load_rules`).

Every answer is scanned with the English rules (a child mixes languages), with the rules
of the language it is written in (``language_id.detect``), and with the rules of the
language the respondent chose for the survey when that is given. Text is normalised
first, per language file: lower case, apostrophes dropped, stretched letters squeezed,
children's spellings rewritten ("wanna" -> "want to"), and, where the file says
``fold: true``, accents and letter variants folded so one pattern covers "zabiję" and
"zabije", or Arabic "أ" and "ا".

Negation: a match with "not", "never", "nobody"... just before it ("nobody hits me",
"I don't get bullied any more") is dropped for a concern rule and kept, as a concern
rather than urgent, for an urgent one: a missed disclosure costs far more than a false
alarm. Rules whose phrase holds its own negation ("I don't want to live") say
``negation: keep``.

Escalation: a rules file may list ``escalate`` entries, signs of danger now (a threat to
kill, a weapon shown, an injury that needed stitches, "tonight", "don't ring home"). An
answer whose findings are all concerns and that holds one of them gets one more finding,
urgent, with the entry's ``reason``. A sign may say which kinds of concern it raises
(``after``: a plan or a means raises a wish not to be here or self-harm, not bullying) and
the urgent kind it makes of them (``category``: suicidal); without them it raises any
concern and keeps that concern's category.

No Flask imports; no state between calls.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .prefilter import Prefilter

__all__ = ["Concern", "Rule", "RuleSet", "SEVERITIES", "languages_with_rules",
           "load_categories", "load_rules", "normalise", "parse_rules", "scan"]

_RULES_DIR = "rules"
_CATEGORIES_FILE = "categories.yaml"
SEVERITIES = ("urgent", "concern")
_NEGATION_MODES = ("auto", "keep")
_FRAGMENT = re.compile(r"\{([a-z_]+)\}")
_APOSTROPHES = "'’‘`´ʼ"
# A word: letters and digits with their combining marks (Arabic harakat, Bengali vowel
# signs), zero-width joiners, and apostrophes inside; or a sentence end.
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0980-\u09ff\u200c\u200d"
_WORD = re.compile(
    rf"(?:[^\W_]|[{_MARKS}])+(?:[{_APOSTROPHES}](?:[^\W_]|[{_MARKS}])+)*|[.!?\n؟۔।]"
)
_STOPS = ".!?\n؟۔।"
_STRETCH = re.compile(r"([^\W\d_])\1{2,}")
# Letters that do not decompose but that people also write without their mark, and
# Arabic-script variants that children and parents type interchangeably.
_FOLD = str.maketrans({
    "ł": "l", "đ": "d", "ø": "o", "ı": "i", "ß": "ss",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ې": "ي", "ة": "ه",
    "ۀ": "ه", "ہ": "ه", "ھ": "ه", "ک": "ك", "ؤ": "و", "ئ": "ي", "ـ": None,
    "\u200c": None, "\u200d": None,
})


@dataclass(frozen=True)
class Concern:
    """One possible disclosure, as the DSL reads it.

    ``severity`` is "urgent" or "concern"; ``reason`` says in plain words why the
    answer was flagged; ``phrase`` is the child's own words that matched.
    """

    category: str
    phrase: str
    rule_id: str
    severity: str
    reason: str
    language: str


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    reason: str
    pattern: re.Pattern[str]
    unless: tuple[re.Pattern[str], ...]
    negation: str
    examples: tuple[str, ...]
    not_examples: tuple[str, ...]
    #: For an ``escalate`` sign: the categories of concern it raises (empty: any).
    after: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RuleSet:
    language: str
    categories: Mapping[str, str]
    spellings: Mapping[str, tuple[str, ...]]
    negators: tuple[str, ...]
    fold: bool
    rules: tuple[Rule, ...]
    #: (ending as written, ending restored): "touchin" -> "touching" (see ``_restored``)
    endings: tuple[tuple[str, str], ...] = ()
    #: Which rules could match a text at all (see ``prefilter.py``); built from ``rules``.
    prefilter: Prefilter | None = field(default=None, compare=False, repr=False)
    #: The script every possible match is written in (a character class), when there is
    #: one: a text with no letter of it cannot match, so it is not even normalised.
    script: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    #: Each word as written -> the words the rules see (``_forms``), remembered: answers
    #: repeat their words and each other's. Emptied when it reaches ``_FORMS_KEPT``.
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False,
                                              repr=False)
    #: Words that, after a negating word, say nobody knew or was told (``telling``).
    telling: frozenset[str] = frozenset()
    #: Signs of danger now that raise an answer's concerns to urgent (``escalate``). A
    #: sign with ``after`` raises only concerns of those categories; a sign without a
    #: ``category`` gives its finding the category of the concern it raises.
    escalations: tuple[Rule, ...] = ()


_LOCK = threading.Lock()
_CACHE: dict[str, Any] = {}


class RulesError(ValueError):
    """A rules file is not valid; the message names the file, the rule and the field."""


class _StrictLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice in one mapping (the second would win silently)."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise RulesError(f"line {key_node.start_mark.line + 1}: {key!r} is given twice")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _read_yaml(name: str) -> Any:
    text = _rules_dir().joinpath(name).read_text("utf-8")
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader)
    except RulesError as exc:
        raise RulesError(f"{_RULES_DIR}/{name}: {exc}") from exc


def _expand(pattern: str, fragments: Mapping[str, str], where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in fragments:
            raise RulesError(f"{where} uses unknown fragment {{{name}}}")
        return f"(?:{fragments[name]})"

    return _FRAGMENT.sub(sub, pattern)


def _fold_text(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch)
                   or "\u0980" <= ch <= "\u09ff")
    return unicodedata.normalize("NFC", kept).translate(_FOLD)


def _compile(pattern: Any, fragments: Mapping[str, str], where: str,
             fold: bool) -> re.Pattern[str]:
    text = unicodedata.normalize("NFC", _expand(str(pattern), fragments, where))
    if fold:
        text = _fold_text(text)
    try:
        return re.compile(text)
    except re.error as exc:
        raise RulesError(f"{where}: bad pattern: {exc}") from exc


def _list(item: dict[str, Any], key: str, where: str) -> list[Any]:
    value = item.get(key) or []
    if not isinstance(value, list):
        raise RulesError(f"{where}: field {key!r} must be a list")
    return value


def _parse_rule(item: Any, kind: str, i: int, seen: set[str], fragments: dict[str, str],
                fold: bool, categories: Mapping[str, str], escalating: bool = False) -> Rule:
    """One entry of ``rules`` or, with ``escalating`` set, of ``escalate``: a sign of
    danger now, urgent, that raises concerns of the categories in its ``after`` (any,
    when it has none) and names its own ``category`` or takes the concern's."""
    where = f"{kind} {i + 1}"
    if not isinstance(item, dict):
        raise RulesError(f"{where} is not a mapping")
    rule_id = str(item.get("id") or "")
    where = f"{kind} {rule_id or i + 1}"
    if not rule_id or rule_id in seen:
        raise RulesError(f"{where}: missing or repeated id {rule_id!r}")
    category = str(item.get("category") or "")
    if (category or not escalating) and category not in categories:
        raise RulesError(f"{where}: unknown category {category!r} (expected one of "
                         f"{', '.join(categories)})")
    after = [str(c) for c in _list(item, "after", where)]
    if after and not escalating:
        raise RulesError(f"{where}: field 'after' is only for escalate entries")
    for name in after:
        if name not in categories:
            raise RulesError(f"{where}: field 'after' names unknown category {name!r} "
                             f"(expected one of {', '.join(categories)})")
    if escalating:
        severity = "urgent"
    else:
        severity = str(item.get("severity") or "")
        if severity not in SEVERITIES:
            raise RulesError(f"{where}: field 'severity' must be 'urgent' or 'concern', "
                             f"not {severity!r}")
    reason = str(item.get("reason") or "").strip()
    if not reason:
        raise RulesError(f"{where}: field 'reason' is missing (plain words for the DSL)")
    negation = str(item.get("negation") or "auto")
    if negation not in _NEGATION_MODES:
        raise RulesError(f"{where}: field 'negation' must be 'auto' or 'keep'")
    if not item.get("pattern"):
        raise RulesError(f"{where}: field 'pattern' is missing")
    seen.add(rule_id)
    return Rule(
        id=rule_id, category=category, severity=severity, reason=reason,
        pattern=_compile(item["pattern"], fragments, where, fold),
        unless=tuple(_compile(u, fragments, f"{where} unless", fold)
                     for u in _list(item, "unless", where)),
        negation=negation,
        examples=tuple(str(e) for e in _list(item, "examples", where)),
        not_examples=tuple(str(e) for e in _list(item, "not_examples", where)),
        after=frozenset(after),
    )


def parse_rules(data: Any, categories: Mapping[str, str] | None = None,
                name: str = "rules") -> RuleSet:
    """Validate and compile one language's rules (as loaded from YAML).

    ``categories`` maps category -> label (default: ``rules/categories.yaml``).
    """
    if categories is None:
        categories = load_categories()
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulesError(f"{name}: expected a mapping with a list under 'rules'")
    language = str(data.get("language") or "")
    if not language:
        raise RulesError(f"{name}: field 'language' is missing (a code such as 'en')")
    fold = bool(data.get("fold", False))
    fragments: dict[str, str] = {}
    for frag, value in (data.get("fragments") or {}).items():
        fragments[str(frag)] = _expand(str(value), fragments, f"{name}: fragment {frag}")
    spellings = {
        _norm_word(str(k), fold): tuple(_norm_word(w, fold) for w in str(v).split())
        for k, v in (data.get("spellings") or {}).items()
    }
    negators = tuple(_norm_word(str(w), fold) for w in data.get("negators") or ())
    telling = frozenset(_norm_word(str(w), fold) for w in data.get("telling") or ())
    endings_data = data.get("endings") or {}
    if not isinstance(endings_data, dict):
        raise RulesError(f"{name}: field 'endings' must map an ending to its restored form")
    endings = tuple((str(k), str(v)) for k, v in endings_data.items())
    seen: set[str] = set()
    rules = [_parse_rule(item, f"{name}: rule", i, seen, fragments, fold, categories)
             for i, item in enumerate(data["rules"])]
    escalations = [_parse_rule(item, f"{name}: escalate", i, seen, fragments, fold,
                               categories, escalating=True)
                   for i, item in enumerate(data.get("escalate") or [])]
    prefilter = Prefilter.build(rule.pattern for rule in rules)
    return RuleSet(language=language, categories=categories, spellings=spellings,
                   negators=negators, fold=fold, rules=tuple(rules), endings=endings,
                   prefilter=prefilter, script=_sole_script(prefilter, spellings, endings),
                   escalations=tuple(escalations), telling=telling)


#: Scripts whose rule sets are skipped for texts without a letter of them, as character
#: classes (Arabic with its supplements and presentation forms; Bengali).
_SCRIPTS = (
    "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]",
    "[\u0980-\u09ff]",
)


def _sole_script(prefilter: Prefilter, spellings: Mapping[str, tuple[str, ...]],
                 endings: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    """The script a text must contain a letter of for any rule to match, or None.

    Every rule must have required literals (``prefilter.py``) each holding a letter of
    the script; normalising cannot bring one in from elsewhere when every respelt word
    and every restored ending holds one too (folding keeps letters within their script).
    So a text without such a letter cannot hold a literal, and cannot match.
    """
    if prefilter.always:
        return None
    literals = [lit for lits in prefilter.literals for lit in lits or ()]
    sources = [*literals, *spellings, *(written for written, _restored in endings)]
    for script in _SCRIPTS:
        pattern = re.compile(script)
        if literals and all(pattern.search(text) for text in sources):
            return pattern
    return None


def _rules_dir():
    return resources.files(__package__).joinpath(_RULES_DIR)


def load_categories() -> Mapping[str, str]:
    """Category -> the label the DSL reads (``rules/categories.yaml``)."""
    cached = _CACHE.get("categories")
    if cached is None:
        data = _read_yaml(_CATEGORIES_FILE)
        if not isinstance(data, dict) or not isinstance(data.get("categories"), dict):
            raise RulesError(f"{_CATEGORIES_FILE}: expected a mapping under 'categories'")
        cached = {str(k): str(v) for k, v in data["categories"].items()}
        _CACHE["categories"] = cached
    return cached


def languages_with_rules() -> tuple[str, ...]:
    """The languages that have a rules file, English first."""
    cached = _CACHE.get("languages")
    if cached is None:
        names = sorted(p.name[:-5] for p in _rules_dir().iterdir()
                       if p.name.endswith(".yaml") and p.name != _CATEGORIES_FILE)
        cached = tuple(sorted(names, key=lambda code: (code != "en", code)))
        _CACHE["languages"] = cached
    return cached


def load_rules(language: str = "en") -> RuleSet:
    """One language's rules, loaded and compiled once per process."""
    key = f"rules:{language}"
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    if language not in languages_with_rules():
        raise KeyError(f"no safeguarding rules for language {language!r}")
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is None:
            name = f"{_RULES_DIR}/{language}.yaml"
            cached = parse_rules(_read_yaml(f"{language}.yaml"), load_categories(), name)
            if cached.language != language:
                raise RulesError(f"{name}: says language {cached.language!r}")
            _CACHE[key] = cached
        return cached


# --- normalising ------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _norm_word(word: str, fold: bool) -> str:
    word = word.casefold()
    for ch in _APOSTROPHES:
        word = word.replace(ch, "")
    word = _STRETCH.sub(r"\1", word)
    return _fold_text(word) if fold else word


#: A restored form is taken only for a word rarer than this (Zipf: 4 is once in 100,000
#: words; "thin", "begin" are commoner and stay) and at least this much commoner.
_RESTORE_BELOW = 4.0
_RESTORE_GAIN = 1.5


@lru_cache(maxsize=65536)
def _restored(word: str, language: str, endings: tuple[tuple[str, str], ...]) -> str:
    """The word with a dropped or misspelt ending restored, when that is far commoner.

    "touchin" -> "touching", "sayin" -> "saying", "batterd" -> "battered"; "robin",
    "thin", "herd" stay. Word frequencies come from ``wordfreq``.
    """
    if len(word) < 4 or not word.isalpha():
        return word
    from wordfreq import zipf_frequency

    own = None
    for written, restored in endings:
        if word.endswith(written):
            own = zipf_frequency(word, language) if own is None else own
            if own >= _RESTORE_BELOW:
                return word
            candidate = word[: len(word) - len(written)] + restored
            if zipf_frequency(candidate, language) >= own + _RESTORE_GAIN:
                return candidate
    return word


@dataclass(frozen=True)
class _Normalised:
    text: str
    # for each normalised word: (start, end) in ``text`` and (start, end) in the original;
    # None when not worked out (``_spanned`` works them out for a match's phrase)
    spans: tuple[tuple[int, int, int, int], ...] | None = None


#: Words remembered per rule set (``RuleSet.forms``) before the memory starts afresh.
_FORMS_KEPT = 50_000


def _forms(token: str, ruleset: RuleSet) -> tuple[str, ...]:
    """The words the rules see for one word as written: case, apostrophes, stretched
    letters and (folding languages) accents taken off, a dropped ending restored, a
    respelling expanded ("ur" -> "your")."""
    forms = ruleset.forms.get(token)
    if forms is None:
        word = _norm_word(token, ruleset.fold)
        if word not in ruleset.spellings and ruleset.endings:
            word = _restored(word, ruleset.language, ruleset.endings)
        forms = ruleset.spellings.get(word, (word,))
        if len(ruleset.forms) >= _FORMS_KEPT:
            ruleset.forms.clear()
        ruleset.forms[token] = forms
    return forms


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """The words and sentence ends of ``text`` (NFC), with their positions."""
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _words(text: str) -> list[str]:
    """The words and sentence ends of ``text`` (NFC), without their positions (``_tokens``)."""
    return _WORD.findall(text)


def _normalised_words(words: Sequence[str], ruleset: RuleSet) -> Iterator[tuple[int, str]]:
    """The words ``ruleset`` reads in ``words`` (a text's ``_words``), each with the index
    of the word it comes from; a sentence end is "." with index -1. ``_normalise`` and
    ``_normalised_text`` both read a text through this."""
    last_was_stop = True
    forms = ruleset.forms
    for i, token in enumerate(words):
        if token in _STOPS:
            if not last_was_stop:
                yield -1, "."
                last_was_stop = True
            continue
        found = forms.get(token)
        for out in _forms(token, ruleset) if found is None else found:
            yield i, out
        last_was_stop = False


def _normalised_text(words: Sequence[str], ruleset: RuleSet) -> str:
    """``_normalise(...).text`` from the text's ``_words``: the same text, without the
    positions, which only a match's phrase needs (most answers match nothing)."""
    return " ".join(out for _i, out in _normalised_words(words, ruleset))


def _normalise(text: str, ruleset: RuleSet,
               tokens: list[tuple[str, int, int]] | None = None) -> _Normalised:
    """``text`` as ``ruleset`` reads it; ``tokens`` are ``_tokens(text)`` of the text in
    NFC when the caller has them already (one answer read by several rule sets)."""
    if tokens is None:
        tokens = _tokens(unicodedata.normalize("NFC", text))
    parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    pos = 0
    for i, out in _normalised_words([token for token, _s, _e in tokens], ruleset):
        parts.append(out)
        if i >= 0:
            spans.append((pos, pos + len(out), tokens[i][1], tokens[i][2]))
        pos += len(out) + 1
    return _Normalised(" ".join(parts), tuple(spans))


def normalise(text: str, language: str = "en") -> str:
    """The text as one language's rules see it (for tests and for writing rules)."""
    return _normalise(text, load_rules(language)).text


_WINDOW_WORDS = 6
_NEGATION_WORDS = 3


def _sentence(norm: str, start: int, end: int) -> tuple[int, int]:
    left = norm.rfind(" . ", 0, start)
    right = norm.find(" . ", end)
    return (left + 3 if left >= 0 else 0), (right if right >= 0 else len(norm))


def _window(norm: str, start: int, end: int) -> str:
    """The match with up to six words either side, within its sentence.

    ``unless`` patterns look only here, so an innocent phrase elsewhere in a long,
    unpunctuated answer cannot hide a disclosure.
    """
    sent_start, sent_end = _sentence(norm, start, end)
    before = norm[sent_start:start].split()[-_WINDOW_WORDS:]
    after = norm[end:sent_end].split()[:_WINDOW_WORDS]
    return " ".join([*before, norm[start:end], *after])


def _negated(norm: str, start: int, negators: tuple[str, ...],
             telling: frozenset[str] = frozenset()) -> bool:
    """A negating word among the three words just before the match, same sentence.

    A negating word followed (before the match) by one of ``telling`` ("nobody KNOWS
    he hits me", "my mam does not KNOW", "nobody NOTICED the bruises") says that nobody
    knew or was told, not that nothing happened, so it does not count.
    """
    if not negators:
        return False
    sent_start, _ = _sentence(norm, start, start)
    before = norm[sent_start:start].split()[-_NEGATION_WORDS:]
    for i, word in enumerate(before):
        if word not in negators:
            continue
        following = before[i + 1:]
        if following and following[0] in ("one", "body"):
            following = following[1:]
        if following and following[0] in telling:
            continue
        return True
    return False


def _spanned(norm: _Normalised, original: str, ruleset: RuleSet) -> _Normalised:
    """``norm`` with its positions, worked out again when it was made without them."""
    return norm if norm.spans is not None else _normalise(original, ruleset)


def _original(norm: _Normalised, original: str, start: int, end: int) -> str:
    covered = [s for s in norm.spans or () if s[0] < end and s[1] > start]
    if not covered:
        return original[start:end]
    return original[covered[0][2]:covered[-1][3]]


def _read(text: str, ruleset: RuleSet, words: list[str] | None,
          norms: dict[Any, _Normalised] | None) -> _Normalised:
    """``text`` as ``ruleset`` reads it, made once per way of normalising in ``norms``;
    without its positions when the caller has the text's ``_words`` (see ``_spanned``).

    Rule sets with no respellings or restored endings read a text alike (Polish,
    Romanian, Czech, Slovak and Roman Urdu all fold accents and nothing more)."""
    way = (ruleset.fold,) if not ruleset.spellings and not ruleset.endings else id(ruleset)
    norm = None if norms is None else norms.get(way)
    if norm is None:
        norm = (_normalise(text, ruleset) if words is None
                else _Normalised(_normalised_text(words, ruleset)))
        if norms is not None:
            norms[way] = norm
    return norm


def _scan_one(text: str, ruleset: RuleSet, prefilter: bool = True,
              words: list[str] | None = None,
              norms: dict[Any, _Normalised] | None = None) -> list[tuple[int, Concern]]:
    """Concerns of one rule set in ``text``, with their positions.

    Rules whose required words are absent are not searched (``prefilter.py``), nor a
    rule set written in one script for a text without a letter of it (``_sole_script``);
    ``prefilter=False`` searches every rule, the reference the tests compare with.
    ``words`` (``_words`` of the text in NFC) and ``norms`` (the text as each way of
    normalising reads it) are shared by the rule sets reading one answer.
    """
    if prefilter and ruleset.script is not None and not ruleset.script.search(text):
        return []
    norm = _read(text, ruleset, words, norms)
    found: list[tuple[int, Concern]] = []
    rules: Iterable[Rule] = ruleset.rules
    if prefilter and ruleset.prefilter is not None:
        rules = [ruleset.rules[i] for i in ruleset.prefilter.candidates(norm.text)]
    for rule in rules:
        for m in rule.pattern.finditer(norm.text):
            if m.end() == m.start():
                continue
            if any(u.search(_window(norm.text, m.start(), m.end())) for u in rule.unless):
                continue
            severity, reason = rule.severity, rule.reason
            if rule.negation == "auto" and _negated(norm.text, m.start(),
                                                    ruleset.negators, ruleset.telling):
                if severity == "concern":
                    continue
                severity = "concern"
                reason = f"{reason} (written with a 'not' or 'never': read it to be sure)"
            norm = _spanned(norm, text, ruleset)
            phrase = _original(norm, text, m.start(), m.end()).strip()
            found.append((m.start(), Concern(rule.category, phrase, rule.id, severity,
                                             reason, ruleset.language)))
            break  # one concern per rule is enough for the DSL queue
    return found


#: Languages close enough to be told apart badly or mixed in one answer: detecting one
#: brings the rules of all (Arabic, Farsi, Urdu and Sorani share a script and many words;
#: Czech and Slovak are mutually intelligible, and Polish typed without its letters
#: ("uciekne z domu") is taken for either).
_KIN = ({"ar", "fa", "ur", "ckb"}, {"cs", "sk", "pl"})


def scan_languages(language: str | None, detected: str | list[str] | None) -> list[str]:
    """Which rule sets read an answer: English, the detected and the chosen language."""
    wanted = ["en"]
    detected = [detected] if isinstance(detected, str) or detected is None else detected
    for code in [*detected, language]:
        if code and code not in wanted:
            wanted.append(code)
    for code in list(wanted):
        for kin in _KIN:
            if code in kin:
                wanted.extend(sorted(kin - set(wanted)))
    available = languages_with_rules()
    return [code for code in wanted if code in available]


def scan(text: str, language: str | None = None,
         languages: Iterable[str] | None = None, prefilter: bool = True) -> list[Concern]:
    """Possible disclosures in one free-text answer (raw, unredacted); [] if none.

    ``language`` is the language the respondent chose, if known; the answer's own
    language is detected too. ``languages`` overrides both (for tests and measuring).
    ``prefilter=False`` searches every rule (the reference for tests; same result).
    """
    if not isinstance(text, str):
        raise TypeError(f"scan() takes a str, not {type(text).__name__}")
    if not text.strip():
        return []
    if languages is None:
        from ..collect.language_id import languages_in

        languages = scan_languages(language, languages_in(text))
    languages = list(languages)
    found: list[tuple[int, Concern]] = []
    words = _words(unicodedata.normalize("NFC", text))
    norms: dict[Any, _Normalised] = {}
    for code in languages:
        found.extend(_scan_one(text, load_rules(code), prefilter, words, norms))
    found.sort(key=lambda item: (item[0], SEVERITIES.index(item[1].severity)))
    concerns = [concern for _, concern in found]
    if concerns and most_severe(concerns) == "concern":
        concerns.extend(_escalated(text, concerns, languages, words, norms))
    return concerns


def _escalated(text: str, concerns: list[Concern], languages: Iterable[str],
               words: list[str], norms: dict[Any, _Normalised]
               ) -> list[Concern]:
    """An urgent finding for the first ``escalate`` sign in the text that raises one of
    the ``concerns`` (in text order), if there is one.

    Read only for answers whose findings are all concerns, so it costs nothing for most;
    it reads the text as the scan already normalised it (``words``, ``norms``).
    """
    for code in languages:
        ruleset = load_rules(code)
        if not ruleset.escalations:
            continue
        norm = _read(text, ruleset, words, norms)
        for sign in ruleset.escalations:
            raised = next((c for c in concerns if not sign.after or c.category in sign.after),
                          None)
            if raised is None:
                continue
            for m in sign.pattern.finditer(norm.text):
                if m.end() == m.start() or _negated(norm.text, m.start(),
                                                    ruleset.negators, ruleset.telling):
                    continue
                if any(u.search(_window(norm.text, m.start(), m.end())) for u in sign.unless):
                    continue
                norm = _spanned(norm, text, ruleset)
                phrase = _original(norm, text, m.start(), m.end()).strip()
                return [Concern(sign.category or raised.category, phrase, sign.id, "urgent",
                                sign.reason, ruleset.language)]
    return []


def most_severe(concerns: Iterable[Concern]) -> str | None:
    """"urgent", "concern", or None when there is nothing to flag."""
    severities = {c.severity for c in concerns}
    for severity in SEVERITIES:
        if severity in severities:
            return severity
    return None
