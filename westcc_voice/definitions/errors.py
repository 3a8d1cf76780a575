from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Path_ = tuple[Any, ...]


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


@dataclass(frozen=True)
class DefinitionError:
    """One problem in one file: where it is and what was expected."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class ErrorSink:
    """Collects errors for one file, turning data paths into line numbers."""

    def __init__(self, file: Path | str, lines: dict[Path_, int]):
        self.file = str(file)
        self.lines = lines
        self.errors: list[DefinitionError] = []

    def line_for(self, path: Path_) -> int:
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def add(self, path: Path_, message: str) -> None:
        self.errors.append(
            DefinitionError(self.file, self.line_for(path), format_path(path), message)
        )

    def __bool__(self) -> bool:
        return bool(self.errors)


def check_fields(data: dict, allowed: Iterable[str], path: Path_, sink: ErrorSink,
                 where: str = "") -> None:
    """Name every field of ``data`` that is not ``allowed``, with the likely intended one:
    a misspelt field is never silently ignored."""
    allowed = sorted(allowed)
    for key in data:
        if key in allowed:
            continue
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.7)
        guess = f" (did you mean {close[0]!r}?)" if close else ""
        sink.add((*path, key), f"unknown field {key!r}{where}{guess}: expected one of "
                 f"{', '.join(allowed)}")
