"""How well redaction does on answers people have labelled: what it changes that it
should not, and which identifiers it leaves.

The file is YAML with a list ``answers``; each has an ``id``, a ``split`` (``tune`` or
``holdout``), the ``text``, and ``reference.identifiers``: the exact substrings a
redactor must remove ("Mrs Patel", "07700 900123"), ``[]`` when there are none. Other
keys (the coders' labels, the audience) are read by other measures and ignored here.

For each split it counts:

- answers without identifiers that redaction changed at all (each is a child's words
  lost for good);
- identifiers removed, by kind. An identifier is removed when none of its words is
  left where it was (a title may stay: "Mrs Patel" -> "Mrs [name]" is removed,
  "Jayden Smith" -> "[name] Smith" is not).

Used by ``flask redaction measure`` and tests/privacy/test_redaction_measure.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .names import AR_TITLES
from .resources import load_resources

#: The kinds identifiers are counted by, in the order they are reported.
IDENTIFIER_KINDS = ("name", "staff", "school", "phone", "email", "postcode", "address",
                    "link", "handle")

_EMAIL = re.compile(r"@[\w-]+(?:\.[\w-]+)+|\b(?:at|\(at\))\s+\w+\s+dot\s", re.I)
_LINK = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk|uk|ly|be|tv)\b", re.I)
_POSTCODE = re.compile(r"^[a-z]{1,2}\d[a-z\d]?(?:\s*\d[a-z]{2})?$", re.I)
_SCHOOL = re.compile(r"\b(?:primary|academy|school|college|infants?|juniors?|nursery|"
                     r"high|secondary)\b", re.I)
_STREET = re.compile(r"\b(?:road|rd|street|st|terrace|tce|avenue|ave|lane|crescent|close|"
                     r"gardens|grove|drive|way|place|court|square|estate|view|walk)\.?$",
                     re.I)
_WORD = re.compile(r"[^\W_]+")


class MeasureError(ValueError):
    """The labelled file cannot be read; the message names the file, line and field."""


@dataclass(frozen=True)
class Labelled:
    id: str
    split: str
    text: str
    identifiers: tuple[str, ...]


@dataclass
class SplitResult:
    """Redaction against the labels, for the answers of one split."""

    answers: int = 0
    clean: int = 0
    #: ids of answers without identifiers that redaction changed, with what it made
    changed: list[tuple[str, str]] = field(default_factory=list)
    #: kind -> [removed, total]
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    #: (id, identifier, redacted text) for each identifier left
    missed: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def identifiers(self) -> int:
        return sum(total for _removed, total in self.by_kind.values())

    @property
    def removed(self) -> int:
        return sum(removed for removed, _total in self.by_kind.values())


def load_labelled(path: Path | str, display: str | None = None) -> list[Labelled]:
    """Read a labelled file; any problem raises MeasureError naming file, line and field."""
    from ...analysis.text.accuracy import read_answers
    from ...analysis.text.codebook import CodebookError

    try:
        answers, codebook_fail = read_answers(path, display)
    except CodebookError as exc:
        raise MeasureError(str(exc)) from None

    def fail(at: tuple, message: str) -> MeasureError:
        return MeasureError(str(codebook_fail(at, message)))

    if not answers:
        raise fail(("answers",), "expected a list of answers")
    out: list[Labelled] = []
    seen: set[str] = set()
    for i, entry in enumerate(answers):
        at = ("answers", i)
        if not isinstance(entry, dict):
            raise fail(at, "expected a mapping with id, split, text and reference")
        ident = entry.get("id")
        if not isinstance(ident, (str, int)) or str(ident) in seen:
            raise fail((*at, "id"), f"expected a unique id, got {ident!r}")
        seen.add(str(ident))
        split = entry.get("split")
        if not isinstance(split, str) or not split:
            raise fail((*at, "split"), "expected a split such as tune or holdout")
        text = entry.get("text")
        if not isinstance(text, str) or not text.strip():
            raise fail((*at, "text"), "expected the answer's text")
        reference = entry.get("reference")
        if not isinstance(reference, dict):
            raise fail((*at, "reference"), "expected a mapping with identifiers")
        found = reference.get("identifiers", [])
        if not isinstance(found, list) or not all(isinstance(x, str) and x for x in found):
            raise fail((*at, "reference", "identifiers"),
                       "expected a list of the exact identifying substrings ([] for none)")
        for k, identifier in enumerate(found):
            if identifier not in text:
                raise fail((*at, "reference", "identifiers", k),
                           f"{identifier!r} does not occur in the text")
        out.append(Labelled(str(ident), split, text, tuple(found)))
    return out


def identifier_kind(identifier: str, schools: Iterable[str] = ()) -> str:
    """The kind of a labelled identifier, from its shape; ``schools`` (the partnership's
    school names) count "Hadrian Fields" as a school though it does not say so."""
    res = load_resources()
    stripped = identifier.strip()
    if len(stripped) > 3 and any(stripped.casefold() in s.casefold() for s in schools):
        return "school"
    if _EMAIL.search(stripped):
        return "email"
    if stripped.startswith("@") or "_" in stripped:
        return "handle"
    if _LINK.search(stripped):
        return "link"
    digits = re.sub(r"\D", "", stripped)
    if len(digits) >= 6 and not re.search(r"[a-z]{3}", stripped, re.I):
        return "phone"
    if _POSTCODE.match(stripped):
        return "postcode"
    if re.match(r"^(?:flat\s+)?\d", stripped, re.I) or _STREET.search(stripped):
        return "address"
    if _SCHOOL.search(stripped):
        return "school"
    first = stripped.split()[0].casefold().strip(".") if stripped.split() else ""
    if first in res.strong_titles or first in res.soft_titles:
        return "staff"
    return "name"


def _significant_words(identifier: str) -> list[str]:
    """The identifier's words but titles, in English ("Mrs") as in Arabic ("الأستاذ"),
    which redaction keeps before ``[name]`` alike."""
    res = load_resources()
    return [
        w.casefold() for w in _WORD.findall(identifier)
        if w.casefold() not in res.strong_titles and w.casefold() not in res.soft_titles
        and w not in AR_TITLES
    ]


def is_removed(identifier: str, original: str, redacted: str) -> bool:
    """No word of the identifier (titles aside) is left where it was.

    Counted per word: for each place the identifier occurs, the redacted text must
    hold one fewer of each of its words, so the same word elsewhere in the answer
    ("Hill lives up the hill") neither hides a miss nor counts as one. An identifier
    inside a longer word (an answer typed without spaces) is removed when it is gone.
    """
    before = [w.casefold() for w in _WORD.findall(original)]
    after = [w.casefold() for w in _WORD.findall(redacted)]
    words = _significant_words(identifier) or [w.casefold() for w in _WORD.findall(identifier)]
    if not all(w in before for w in words):
        # Inside a longer word ("mrsmith" in "mrsmithisthebest", typed without spaces):
        # removed when it is no longer there.
        return redacted.casefold().count(identifier.casefold()) < max(
            1, original.casefold().count(identifier.casefold()))
    places = max(1, original.count(identifier))
    for word in set(words):
        if after.count(word) > before.count(word) - places * words.count(word):
            return False
    return True


def measure(answers: Iterable[Labelled], redactor: Callable[[str], str],
            schools: Iterable[str] = ()) -> dict[str, SplitResult]:
    """Run ``redactor`` on every answer; results by split, in the order splits appear.
    ``schools`` are the partnership's school names, for counting identifiers by kind."""
    schools = tuple(schools)
    results: dict[str, SplitResult] = {}
    for answer in answers:
        result = results.setdefault(answer.split, SplitResult())
        redacted = redactor(answer.text)
        result.answers += 1
        if not answer.identifiers:
            result.clean += 1
            if redacted != answer.text:
                result.changed.append((answer.id, redacted))
            continue
        for identifier in answer.identifiers:
            counts = result.by_kind.setdefault(identifier_kind(identifier, schools), [0, 0])
            counts[1] += 1
            if is_removed(identifier, answer.text, redacted):
                counts[0] += 1
            else:
                result.missed.append((answer.id, identifier, redacted))
    return results


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f} %)" if whole else "-"


def report(results: dict[str, SplitResult], detail_split: str = "tune") -> list[str]:
    """Lines of a plain-text report; ids and texts only for ``detail_split``."""
    splits = list(results)
    rows = [["", *splits]]
    rows.append(["answers", *(str(results[s].answers) for s in splits)])
    rows.append(["without identifiers, changed",
                 *(_share(len(results[s].changed), results[s].clean) for s in splits)])
    rows.append(["identifiers removed",
                 *(_share(results[s].removed, results[s].identifiers) for s in splits)])
    for kind in IDENTIFIER_KINDS:
        if any(kind in results[s].by_kind for s in splits):
            rows.append([f"  {kind}", *(_share(*results[s].by_kind.get(kind, [0, 0]))
                                       for s in splits)])
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    detail = results.get(detail_split)
    if detail is not None:
        lines.append("")
        lines.append(f"Answers without identifiers changed ({detail_split}): "
                     + (", ".join(i for i, _ in detail.changed) or "none"))
        lines.extend(f"  {i}: {text}" for i, text in detail.changed)
        lines.append(f"Identifiers missed ({detail_split}): "
                     + (", ".join(sorted({i for i, _, _ in detail.missed})) or "none"))
        lines.extend(f"  {i}: {ident!r} in: {text}" for i, ident, text in detail.missed)
    return lines
