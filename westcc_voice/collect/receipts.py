"""Receipt codes: what a respondent keeps so they can withdraw their answers later.

A receipt is three groups of four characters from an alphabet without look-alikes
(``7KQM-3H9T-XWCP``). It is derived from the submission's UUID with an HMAC keyed by the
app's secret, so a retried upload gets the same receipt back although the receipt
itself is never stored: only its SHA-256 hash is (``Response.receipt_hash``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

#: No 0/O, 1/I/L: a receipt is copied by hand from a screen.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS = 3
GROUP_SIZE = 4
LENGTH = GROUPS * GROUP_SIZE

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212._·]+")


def receipt_for(submission_id: str, secret: str | bytes) -> str:
    """The receipt of a submission, formatted for reading: ``XXXX-XXXX-XXXX``."""
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    digest = hmac.new(key, f"receipt:{submission_id}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest, "big")
    chars = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    code = "".join(chars)
    return "-".join(code[i:i + GROUP_SIZE] for i in range(0, LENGTH, GROUP_SIZE))


def normalise(text: str | None) -> str | None:
    """What was meant: upper case without separators; None if it cannot be a receipt."""
    if not text:
        return None
    code = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def receipt_hash(code: str) -> str:
    """The stored form of a receipt (hex SHA-256 of its normalised characters)."""
    normal = normalise(code)
    if normal is None:
        raise ValueError("not a receipt code")
    return hashlib.sha256(f"receipt:{normal}".encode()).hexdigest()
