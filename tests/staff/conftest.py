"""A small partnership for the staff tests: two schools, a wave, questionnaires, people."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from werkzeug.security import generate_password_hash

from .. import helpers

_password_hashes: dict[str, str] = {}


def _hash_once(password: str) -> str:
    """Password hashing is deliberately slow; six people per test need only one hash."""
    if password not in _password_hashes:
        _password_hashes[password] = generate_password_hash(password)
    return _password_hashes[password]


@pytest.fixture
def world(db, monkeypatch):
    monkeypatch.setattr(helpers, "generate_password_hash", _hash_once)
    school = helpers.gen_school(db, name="Canny Primary")
    other = helpers.gen_school(db, name="Other Academy")
    wave = helpers.gen_wave(db, starts_on=dt.date(2020, 9, 1))
    wave.ends_on = dt.date(2099, 7, 20)
    pupils = helpers.gen_survey_version(db, "pupil", [3, 4, 5, 6], title="Pupils 7 to 11")
    parents = helpers.gen_survey_version(db, "parent", languages=["en", "ar", "pl"],
                                         title="Parents and carers", estimated_minutes=12)
    community = helpers.gen_survey_version(db, "community", title="Community voice")
    db.flush()
    return SimpleNamespace(
        school=school, other_school=other, wave=wave,
        pupils=pupils, parents=parents, community=community,
        teacher=helpers.gen_staff(db, "teacher", school),
        other_teacher=helpers.gen_staff(db, "teacher", other),
        lead=helpers.gen_staff(db, "school_lead", school),
        dsl=helpers.gen_staff(db, "dsl", school),
        steering=helpers.gen_staff(db, "steering"),
        admin=helpers.gen_staff(db, "admin"),
    )


def svg_in(html: str) -> str:
    """The first inline QR SVG in a page."""
    match = re.search(r'<svg [^>]*class="qr".*?</svg>', html, re.S)
    assert match, "no QR code SVG on the page"
    return match.group(0)


def qr_modules(svg: str) -> list[list[bool]]:
    """Read segno's SVG path back into a grid of dark modules (quiet zone included).

    The path draws each run of dark modules as ``h<n>`` along the row whose centre is
    ``y + 0.5``, moving with absolute ``M`` and relative ``m``.
    """
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    d = re.search(r'class="qr-modules"[^>]* d="([^"]+)"|d="([^"]+)"[^>]*class="qr-modules"',
                  svg)
    path = d.group(1) or d.group(2)
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    for op, args in re.findall(r"([MmHhVv])([-\d. ]+)", path):
        nums = [float(v) for v in args.split()]
        if op == "M":
            x, y = nums
        elif op == "m":
            x, y = x + nums[0], y + nums[1]
        elif op == "h":
            for i in range(int(nums[0])):
                grid[int(y)][int(x) + i] = True
            x += nums[0]
        else:
            raise AssertionError(f"unexpected path command {op}")
    return grid


def expected_modules(url: str) -> list[list[bool]]:
    import segno

    qr = segno.make(url, error="m", micro=False, boost_error=False)
    return [[bool(v) for v in row] for row in qr.matrix_iter(scale=1, border=4)]
