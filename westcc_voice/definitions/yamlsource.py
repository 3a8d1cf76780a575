"""Read YAML safely while remembering the line of every value, for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import DefinitionError, Path_

#: Bounds no questionnaire comes near; a file past them is refused with a clear message
#: instead of exhausting memory, the stack or the validator's time.
MAX_BYTES = 2_000_000
MAX_DEPTH = 40
MAX_VALUES = 200_000


class _Problem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Builder:
    """Turns a composed node graph into plain data, within MAX_DEPTH and MAX_VALUES.

    Anchors and aliases are allowed, but an alias that contains itself, or aliases that
    expand to more values than any questionnaire needs (the "billion laughs" file), are
    refused with the line they start on."""

    def __init__(self, lines: dict[Path_, int]):
        self.lines = lines
        self.values = 0
        self.open: set[int] = set()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        line = node.start_mark.line + 1
        if id(node) in self.open:
            raise _Problem(line, "an alias refers to the anchor it is inside: remove the "
                           "alias or write the values out")
        if len(path) > MAX_DEPTH:
            raise _Problem(line, f"nested more than {MAX_DEPTH} levels deep: a questionnaire "
                           "never needs that; check for brackets or indentation gone astray")
        self.values += 1
        if self.values > MAX_VALUES:
            raise _Problem(line, f"expands to more than {MAX_VALUES:,} values (anchors and "
                           "aliases repeated inside each other?): write the values out")
        if not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            return _scalar(node, path, self.lines)
        self.open.add(id(node))
        try:
            return _collection(node, path, self.lines, self.build)
        finally:
            self.open.discard(id(node))


def _scalar(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _collection(node: yaml.Node, path: Path_, lines: dict[Path_, int], build) -> Any:
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
            out[key] = build(value_node, (*path, key))
        return out
    return [build(child, (*path, i)) for i, child in enumerate(node.value)]


def read_yaml(path: Path, display: str | None = None) -> tuple[Any, dict[Path_, int], list]:
    """Return (data, lines, errors). On a syntax error, data is None and errors says where."""
    display = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, {}, [DefinitionError(display, 1, "(file)", f"cannot be read: {exc}")]
    if len(text.encode("utf-8")) > MAX_BYTES:
        return None, {}, [DefinitionError(
            display, 1, "(file)", f"is larger than {MAX_BYTES // 1_000_000} MB: a questionnaire "
            "is a few hundred kilobytes at most; is this the right file?")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        message = f"not valid YAML: {problem}" + syntax_hint(text, line, problem)
        return None, {}, [DefinitionError(display, line, "(syntax)", message)]
    except RecursionError:
        return None, {}, [DefinitionError(
            display, 1, "(syntax)", f"nested more than {MAX_DEPTH} levels deep: a "
            "questionnaire never needs that; check for brackets gone astray")]
    if node is None:
        return None, {}, [DefinitionError(display, 1, "(file)", "the file is empty")]
    lines: dict[Path_, int] = {}
    try:
        data = _Builder(lines).build(node, ())
    except _Problem as exc:
        return None, {}, [DefinitionError(display, exc.line, "(syntax)", exc.message)]
    except yaml.YAMLError as exc:
        return None, {}, [DefinitionError(display, 1, "(syntax)", f"not valid YAML: {exc}")]
    return data, lines, []


def syntax_hint(text: str, line: int, problem: str) -> str:
    """A likely fix for the YAML slips questionnaire authors make, or ''."""
    source = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if "{" in source and problem.startswith("expected ',' or '}'"):
        return (". In the one-line form {en: ..., ar: ...}, put each text in quotes when it "
                "holds ? : , # { } [ ] or starts with a quote: {en: \"Is it OK?\", ar: \"...\"}")
    if "mapping values are not allowed" in problem:
        return (". A text that holds ': ' must be in quotes, or written on its own lines "
                "after '>-'")
    if "found character '\\t'" in problem:
        return ". Indent with spaces, not tabs"
    return ""
