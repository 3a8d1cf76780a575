"""The `show_if` language: small, safe, and never passed to eval.

Grammar::

    expr    := and_expr ("or" and_expr)*
    and_expr:= not_expr ("and" not_expr)*
    not_expr:= "not" not_expr | compare
    compare := value (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") value)?
    value   := NUMBER | STRING | true | false | question_id | "[" value ("," value)* "]"
             | "(" expr ")"

A grid's item is read as ``<grid id>.<item id>`` (``learning.enjoy >= 4``).
A question id alone is true when that question was answered (and not "prefer not to
say"). ``x in [...]`` tests a single answer against a list; ``'football' in hobbies``
tests whether a multiple-choice answer contains a value. Any comparison with an
unanswered question is false.

Parsed expressions are JSON-ready lists, so the browser can evaluate the same tree:
``["or", a, b]``, ``["and", a, b]``, ``["not", a]``, ``["cmp", op, left, right]``,
``["ref", id]``, ``["lit", value]``, ``["list", [values]]``, ``["answered", id]``.
"""

from __future__ import annotations

import re
from typing import Any

PREFER_NOT_TO_SAY = "prefer_not_to_say"

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<num>-?\d+(?:\.\d+)?)
      | (?P<str>'[^'\\]*'|"[^"\\]*")
      | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
      | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
    )""",
    re.VERBOSE,
)
_COMPARISONS = {"==", "!=", "<", "<=", ">", ">=", "in", "not in"}
_KEYWORDS = {"and", "or", "not", "in", "true", "false"}


class ExpressionError(ValueError):
    """The expression cannot be read; the message says where and what was expected."""


def _tokenise(source: str) -> list[tuple[str, Any]]:
    tokens: list[tuple[str, Any]] = []
    pos = 0
    source = source.rstrip()
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if not match or match.end() == pos:
            rest = source[pos:].strip()
            hint = ""
            if rest.startswith("=") and not rest.startswith("=="):
                hint = ": to compare, write == (two equals signs)"
            elif rest.startswith("=="):
                hint = ": write == once, between a question id and a value"
            raise ExpressionError(f"cannot read {rest[:20]!r} at character {pos + 1}{hint}")
        pos = match.end()
        if match.group("num") is not None:
            text = match.group("num")
            tokens.append(("lit", float(text) if "." in text else int(text)))
        elif match.group("str") is not None:
            tokens.append(("lit", match.group("str")[1:-1]))
        elif match.group("op") is not None:
            tokens.append(("op", match.group("op")))
        else:
            word = match.group("word")
            if word == "true":
                tokens.append(("lit", True))
            elif word == "false":
                tokens.append(("lit", False))
            elif word in _KEYWORDS:
                tokens.append(("op", word))
            else:
                tokens.append(("ref", word))
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, Any]]):
        self.tokens = tokens
        self.i = 0

    def peek(self) -> tuple[str, Any] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take_op(self, *ops: str) -> str | None:
        tok = self.peek()
        if tok and tok[0] == "op" and tok[1] in ops:
            self.i += 1
            return tok[1]
        return None

    def expect(self, op: str) -> None:
        if not self.take_op(op):
            tok = self.peek()
            found = "the end" if tok is None else repr(tok[1])
            raise ExpressionError(f"expected {op!r} but found {found}")

    def parse(self) -> list:
        if not self.tokens:
            raise ExpressionError("is empty: expected a condition such as likes_school == 'yes'")
        tree = self.or_expr()
        if self.peek() is not None:
            raise ExpressionError(f"unexpected {self.peek()[1]!r} after a complete condition")
        return tree

    def or_expr(self) -> list:
        parts = [self.and_expr()]
        while self.take_op("or"):
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else ["or", *parts]

    def and_expr(self) -> list:
        parts = [self.not_expr()]
        while self.take_op("and"):
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else ["and", *parts]

    def not_expr(self) -> list:
        if self.take_op("not"):
            return ["not", self.not_expr()]
        return self.compare()

    def compare(self) -> list:
        left = self.value()
        op = self.take_op("==", "!=", "<", "<=", ">", ">=", "in")
        if op is None and self.peek() == ("op", "not") and self.i + 1 < len(self.tokens) \
                and self.tokens[self.i + 1] == ("op", "in"):
            self.i += 2
            op = "not in"
        if op is None:
            if left[0] == "ref":
                return ["answered", left[1]]
            if left[0] == "lit" and isinstance(left[1], bool):
                return left
            if left[0] in {"or", "and", "not", "cmp", "answered"}:
                return left
            raise ExpressionError(f"{left[1]!r} on its own is not a condition")
        right = self.value()
        return ["cmp", op, left, right]

    def value(self) -> list:
        tok = self.peek()
        if tok is None:
            raise ExpressionError("ends too early: expected a value")
        if tok[0] == "op" and tok[1] == "(":
            self.i += 1
            inner = self.or_expr()
            self.expect(")")
            return inner
        if tok[0] == "op" and tok[1] == "[":
            self.i += 1
            items = []
            if not self.take_op("]"):
                while True:
                    item = self.value()
                    if item[0] != "lit":
                        raise ExpressionError("a list holds only numbers and quoted text")
                    items.append(item[1])
                    if self.take_op("]"):
                        break
                    self.expect(",")
            return ["list", items]
        if tok[0] in ("lit", "ref"):
            self.i += 1
            return [tok[0], tok[1]]
        raise ExpressionError(f"unexpected {tok[1]!r}: expected a value")


def parse(source: str) -> list:
    """Parse a show_if expression into a JSON-ready tree, or raise ExpressionError."""
    if not isinstance(source, str):
        raise ExpressionError(f"expected text, got {type(source).__name__}")
    return _Parser(_tokenise(source)).parse()


def references(tree: list) -> list[str]:
    """Question ids an expression reads, in order of appearance."""
    out: list[str] = []
    kind = tree[0]
    if kind in ("ref", "answered"):
        out.append(tree[1])
    elif kind == "cmp":
        out += references(tree[2]) + references(tree[3])
    elif kind in ("and", "or", "not"):
        for child in tree[1:]:
            out += references(child)
    return out


def literals_compared(tree: list) -> list[tuple[str, Any]]:
    """(question id, literal) pairs, for checking literals against a question's answers."""
    out: list[tuple[str, Any]] = []
    kind = tree[0]
    if kind == "cmp":
        _, _, left, right = tree
        for ref, other in ((left, right), (right, left)):
            if ref[0] == "ref":
                if other[0] == "lit":
                    out.append((ref[1], other[1]))
                elif other[0] == "list":
                    out += [(ref[1], v) for v in other[1]]
    elif kind in ("and", "or", "not"):
        for child in tree[1:]:
            out += literals_compared(child)
    return out


_MISSING = object()


def _answered(value: Any) -> bool:
    return value not in (None, "", [], {}, PREFER_NOT_TO_SAY)


def lookup(answers: dict[str, Any], ref: str) -> Any:
    """The answer a reference reads: a question's, or one grid item's (``learning.enjoy``
    reads item ``enjoy`` of grid ``learning``, kept flat or nested)."""
    if ref in answers or "." not in ref:
        return answers.get(ref)
    qid, item = ref.split(".", 1)
    grid = answers.get(qid)
    return grid.get(item) if isinstance(grid, dict) else None


def _value(node: list, answers: dict[str, Any]) -> Any:
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "list":
        return list(node[1])
    if kind == "ref":
        value = lookup(answers, node[1])
        return value if _answered(value) else _MISSING
    return evaluate(node, answers)


def evaluate(tree: list, answers: dict[str, Any]) -> bool:
    """Evaluate a parsed expression against answers given so far."""
    kind = tree[0]
    if kind == "or":
        return any(evaluate(child, answers) for child in tree[1:])
    if kind == "and":
        return all(evaluate(child, answers) for child in tree[1:])
    if kind == "not":
        return not evaluate(tree[1], answers)
    if kind == "answered":
        return _answered(lookup(answers, tree[1]))
    if kind == "lit":
        return bool(tree[1])
    if kind == "cmp":
        _, op, left_node, right_node = tree
        left, right = _value(left_node, answers), _value(right_node, answers)
        if left is _MISSING or right is _MISSING:
            return False
        try:
            if op == "==":
                return left == right
            if op == "!=":
                return left != right
            if op in ("in", "not in"):
                found = left in right if isinstance(right, list) else False
                return found if op == "in" else not found
            return {"<": left < right, "<=": left <= right, ">": left > right,
                    ">=": left >= right}[op]
        except TypeError:
            return False
    raise ExpressionError(f"unknown node {kind!r}")
