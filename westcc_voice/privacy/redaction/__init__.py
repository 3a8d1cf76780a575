"""Redaction of identifying details in free-text answers, run at intake on every answer.

``redact(text)`` returns a :class:`Redaction`: the text with each identifying detail
replaced by a bracketed placeholder, and how many of each kind were replaced::

    >>> r = redact("jayden pushed me at 12 Elswick Road, NE4 6SB")
    >>> r.text
    '[name] pushed me at [address], [postcode]'
    >>> r.counts
    {'postcode': 1, 'address': 1, 'name': 1}

Kinds, in the order they are applied: ``email``, ``link``, ``handle``, ``phone``,
``postcode``, ``school``, ``address``, ``name``. Each step works on the output of the
one before, so a later step never sees what an earlier one replaced. One module per
kind: :mod:`.contact` (email, link, handle), :mod:`.phone`, :mod:`.postcode`,
:mod:`.address` (addresses and street names), :mod:`.known` (the partnership's schools
and staff, passed in as a :class:`Directory`, and schools named in general),
:mod:`.names` (first names and surnames). An answer typed without spaces is read
split into words (:mod:`.runon`). What they know is loaded once per process by
:mod:`.resources`. Nothing here imports Flask or keeps state between calls.

Redaction removes identifiers and nothing else: every wrong change is a child's words
lost for good, so the rules keep contractions, pronouns, common words in capitals,
nationalities, and places that identify nobody.
"""

from __future__ import annotations

from .address import addresses
from .contact import emails, handles, links
from .known import Directory, directory_from_session, schools, staff
from .names import names
from .phone import phones
from .postcode import postcodes
from .resources import Resources, load_resources
from .result import KINDS, PLACEHOLDERS, UNREAD, Redaction, words_of
from .runon import redact_runs

__all__ = ["KINDS", "PLACEHOLDERS", "Directory", "Redaction", "directory_from_session",
           "load_resources", "redact"]


def redact(text: str, directory: Directory | None = None) -> Redaction:
    """Replace identifying details in one free-text answer.

    ``directory`` holds the partnership's school and staff names (from the database);
    without it, schools are found only by their shape ("Benwell Primary").
    """
    if not isinstance(text, str):
        raise TypeError(f"redact() takes a str, not {type(text).__name__}")
    if not text.strip():
        return Redaction(text, {})
    res = load_resources()
    runs = redact_runs(text, res, lambda spaced: _redact_words(spaced, res, directory))
    if runs is not None:
        return Redaction(*runs)
    return Redaction(*_redact_words(text, res, directory))


def _redact_words(text: str, res: Resources, directory: Directory | None
                  ) -> tuple[str, dict[str, int]]:
    counts: dict[str, int] = {}

    def step(kind: str, result: tuple[str, int]) -> str:
        new_text, n = result
        if n:
            counts[kind] = counts.get(kind, 0) + n
        return new_text

    text = step("email", emails(text))
    text = step("link", links(text))
    # The answer's words, read once for the steps that test for words, and again only
    # after a step has changed the text.
    words = words_of(text)
    before = text
    text = step("handle", handles(text, res, words))
    text = step("phone", phones(text))
    text = step("postcode", postcodes(text, res))
    if text is not before:
        words, before = UNREAD, text
    text = step("school", schools(text, res, directory, words))
    if text is not before:
        words, before = UNREAD, text
    text = step("address", addresses(text, res, words))
    if text is not before:
        words, before = UNREAD, text
    text = step("name", staff(text, res, directory, words))
    text = step("name", names(text, res))
    return text, counts
