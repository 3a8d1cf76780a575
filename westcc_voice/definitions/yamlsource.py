"""Read YAML safely while remembering the line of every value, for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import DefinitionError, Path_


class _Problem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Problem(key_node.start_mark.line + 1, "a key must be plain text")
            key = yaml.SafeLoader.construct_scalar(yaml.SafeLoader(""), key_node)
            if key == "<<":
                raise _Problem(key_node.start_mark.line + 1, "merge keys (<<) are not supported")
            if key in out:
                raise _Problem(key_node.start_mark.line + 1, f"key {key!r} appears twice")
            out[key] = _build(value_node, (*path, key), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, (*path, i), lines) for i, child in enumerate(node.value)]
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def read_yaml(path: Path, display: str | None = None) -> tuple[Any, dict[Path_, int], list]:
    """Return (data, lines, errors). On a syntax error, data is None and errors says where."""
    display = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, {}, [DefinitionError(display, 1, "(file)", f"cannot be read: {exc}")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        return None, {}, [DefinitionError(display, line, "(syntax)", f"not valid YAML: {problem}")]
    if node is None:
        return None, {}, [DefinitionError(display, 1, "(file)", "the file is empty")]
    lines: dict[Path_, int] = {}
    try:
        data = _build(node, (), lines)
    except _Problem as exc:
        return None, {}, [DefinitionError(display, exc.line, "(syntax)", exc.message)]
    except yaml.YAMLError as exc:
        return None, {}, [DefinitionError(display, 1, "(syntax)", f"not valid YAML: {exc}")]
    return data, lines, []
