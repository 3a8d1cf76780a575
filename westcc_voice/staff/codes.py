"""Join codes, letter codes, link tokens and QR images: plain data in, plain data out.

The respondent side imports ``normalise_join_code`` and ``letter_code_hash`` from here, so
that what a child or parent types is read exactly the way staff pages made it.

The alphabet
------------
Codes are read off a projector or a letter and typed by children, so the alphabet leaves
out both members of every look-alike pair the brief lists (0/O, 1/I/L, 5/S, 2/Z, 8/B),
plus:

- the vowels A, E and U, so that no code spells a word a class would giggle at
  (I and O are already out);
- G, which reads as 6 on many projectors, and Q, which reads as O.

That leaves 20 characters: ``34679CDFHJKMNPRTVWXY``. Six of them give 64 million join
codes; eight give 25 billion letter codes.

Look-alikes typed by mistake
----------------------------
Normalising upper-cases, applies Unicode NFKC (full-width letters from some tablet
keyboards become plain ones) and drops spaces, dashes and dots. It does **not** map
look-alikes: because both members of each pair are missing from the alphabet, a typed
O could have been meant as nothing that is in a code, so there is no unambiguous letter
to map it to. Guessing would turn a typo into someone else's code. Such characters are
left in place, the look-up fails, and the join page can use ``LOOKALIKE_HINT`` to say
which characters codes never use.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

import segno

JOIN_CODE_ALPHABET = "34679CDFHJKMNPRTVWXY"
JOIN_CODE_LENGTH = 6
LETTER_CODE_LENGTH = 8
#: Link tokens: 31 symbols, 26 of them = 128.8 bits, the strength of token_urlsafe(16).
LINK_TOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
LINK_TOKEN_LENGTH = 26
#: Characters a child or parent might type that never appear in a code.
NEVER_USED = "0O1IL5S2Z8BAEUGQ"
LOOKALIKE_HINT = (
    "Codes never use the letters O, I, L, S, Z, B, A, E, U, G or Q, "
    "or the numbers 0, 1, 2, 5 or 8."
)

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212._·]+")


def _random_code(length: int) -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(length))


def new_join_code() -> str:
    """A fresh six-character class-session code (the caller checks it is unused)."""
    return _random_code(JOIN_CODE_LENGTH)


def new_letter_code() -> str:
    """A fresh eight-character single-use code for one letter of a letter run."""
    return _random_code(LETTER_CODE_LENGTH)


def new_link_token() -> str:
    """An unguessable token for a parent or community link: 26 characters, 128+ bits.

    As strong as ``secrets.token_urlsafe(16)`` but typeable from a printed letter: lower
    case only and without i, l, o, 0 or 1, so a parent copying the address can't mix
    them up. URL-safe as it stands.
    """
    return "".join(secrets.choice(LINK_TOKEN_ALPHABET) for _ in range(LINK_TOKEN_LENGTH))


def normalise_join_code(text: str | None) -> str:
    """What the person meant to type: upper case, no spaces, dashes or dots.

    ``" cdf-4h7 "`` and ``"ＣＤＦ４Ｈ７"`` both become ``"CDF4H7"``. Look-alikes are not
    mapped (see the module docstring), so ``"CDF0H7"`` stays as it is and matches nothing.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    return _SEPARATORS.sub("", text).upper()


def normalise_letter_code(text: str | None) -> str:
    """Letter codes are read the same way as join codes."""
    return normalise_join_code(text)


def has_never_used_characters(text: str | None) -> bool:
    """True if normalised ``text`` holds a character no code uses (show LOOKALIKE_HINT)."""
    return any(c in NEVER_USED for c in normalise_join_code(text))


def is_well_formed(code: str, length: int = JOIN_CODE_LENGTH) -> bool:
    """True if a normalised code has the right length and only alphabet characters."""
    return len(code) == length and all(c in JOIN_CODE_ALPHABET for c in code)


def format_code(code: str, group: int | None = None) -> str:
    """Split a code into groups for reading aloud: ``CDF4H7`` -> ``CDF 4H7``.

    Join codes are shown in two groups of three with a space; letter codes in two groups
    of four with a dash. Both are stripped again by ``normalise_join_code``.
    """
    group = group or (3 if len(code) <= JOIN_CODE_LENGTH else 4)
    parts = [code[i:i + group] for i in range(0, len(code), group)]
    return (" " if group == 3 else "-").join(parts)


def letter_code_hash(code: str, secret_key: str | bytes) -> str:
    """HMAC-SHA256 of the normalised code, keyed with the app's SECRET_KEY (hex).

    Only this is stored, so a copy of the database does not reveal which codes are
    still unused.
    """
    key = secret_key.encode("utf-8") if isinstance(secret_key, str) else secret_key
    message = normalise_letter_code(code).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def qr_svg(url: str, label: str | None = None) -> str:
    """An inline SVG QR code of ``url`` that scales with CSS (no width or height).

    Dark on white with the standard four-module quiet zone, error correction level M,
    so that a phone can read it off a projector or a photocopied letter.
    """
    qr = segno.make(url, error="m", micro=False, boost_error=False)
    svg = qr.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff",
                        svgclass="qr", lineclass="qr-modules")
    aria = label or f"QR code for {url}"
    aria = aria.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{aria}" ', 1)
