"""``$filter``: a tokenizer and a recursive-descent parser that build a typed expression tree.

Only what Exact is known to accept is accepted: ``eq ne gt ge lt le and or``, parentheses,
``trim``, ``substringof`` and ``startswith``, and string, guid, datetime, Int32/Int64, decimal,
boolean and null literals. Anything else (``not``, arithmetic, other functions, comparing two
fields, navigation paths, a literal of the wrong type for the property) is a 400, never a
silently ignored filter that would return the full list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .errors import query_syntax
from .schema import EntityDef
from .values import GUID_RE, parse_datetime_text

NUMERIC = {"Edm.Byte", "Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Double", "Edm.Decimal"}
COMPARISONS = {"eq", "ne", "gt", "ge", "lt", "le"}
FUNCTIONS = {"trim": 1, "substringof": 2, "startswith": 2}
TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<typed>(?:guid|datetime|datetimeoffset|time|X|binary)'(?:[^']|'')*')
  | (?P<string>'(?:[^']|'')*')
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[LlMmDdFf]?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<punct>[(),])
  | (?P<other>.)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    pos: int


@dataclass(frozen=True)
class Node:
    """One typed node; ``evaluate`` returns its value for a record."""

    edm: str
    evaluate: Callable[[dict], object]
    is_property: bool = False
    is_literal: bool = False


def tokenize(text: str) -> list[Token]:
    tokens = []
    for match in TOKEN_RE.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "ws":
            continue
        if kind == "other":
            raise query_syntax(
                f"Unexpected character '{match.group()}' at position {match.start()}."
            )
        tokens.append(Token(kind, match.group(), match.start()))
    return tokens


class FilterParser:
    def __init__(self, text: str, entity: EntityDef) -> None:
        self.text = text
        self.entity = entity
        self.tokens = tokenize(text)
        self.index = 0

    # -- token helpers -------------------------------------------------------------------------
    def _peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _next(self) -> Token:
        token = self._peek()
        if token is None:
            raise query_syntax("Unexpected end of the $filter expression.")
        self.index += 1
        return token

    def _expect(self, text: str) -> None:
        token = self._next()
        if token.text != text:
            raise query_syntax(f"Expected '{text}' at position {token.pos}, found '{token.text}'.")

    def _is_word(self, word: str) -> bool:
        token = self._peek()
        return token is not None and token.kind == "name" and token.text == word

    # -- grammar -------------------------------------------------------------------------------
    def parse(self) -> Callable[[dict], bool]:
        if not self.tokens:
            raise query_syntax("The $filter expression is empty.")
        node = self._or()
        if self._peek() is not None:
            token = self._peek()
            raise query_syntax(f"Unexpected '{token.text}' at position {token.pos}.")
        if node.edm != "Edm.Boolean" or node.is_property or node.is_literal:
            raise query_syntax("The $filter expression must be a boolean comparison.")
        return lambda record: node.evaluate(record) is True

    def _or(self) -> Node:
        left = self._and()
        while self._is_word("or"):
            self._next()
            right = self._and()
            left = _logical("or", left, right)
        return left

    def _and(self) -> Node:
        left = self._comparison()
        while self._is_word("and"):
            self._next()
            right = self._comparison()
            left = _logical("and", left, right)
        return left

    def _comparison(self) -> Node:
        left = self._operand()
        token = self._peek()
        if token is not None and token.kind == "name" and token.text in COMPARISONS:
            self._next()
            right = self._operand()
            return _compare(token.text, left, right)
        if (
            token is not None
            and token.kind == "name"
            and token.text.lower()
            in {"add", "sub", "mul", "div", "mod", "not", "has", "in"} | COMPARISONS
        ):
            raise query_syntax(f"Operator '{token.text}' is not supported.")
        return left

    def _operand(self) -> Node:
        token = self._next()
        if token.text == "(":
            node = self._or()
            self._expect(")")
            return node
        if token.kind == "string":
            value = token.text[1:-1].replace("''", "'")
            return Node("Edm.String", lambda _r, v=value: v, is_literal=True)
        if token.kind == "typed":
            return self._typed_literal(token)
        if token.kind == "number":
            return _number_literal(token)
        if token.kind == "name":
            nxt = self._peek()
            if nxt is not None and nxt.text == "(":
                return self._function(token)
            if token.text in ("true", "false"):
                value = token.text == "true"
                return Node("Edm.Boolean", lambda _r, v=value: v, is_literal=True)
            if token.text == "null":
                return Node("null", lambda _r: None, is_literal=True)
            return self._property(token)
        raise query_syntax(f"Unexpected '{token.text}' at position {token.pos}.")

    def _typed_literal(self, token: Token) -> Node:
        prefix, _, rest = token.text.partition("'")
        body = rest[:-1].replace("''", "'")
        if prefix == "guid":
            if not GUID_RE.match(body):
                raise query_syntax(f"Unrecognized 'Edm.Guid' literal '{token.text}'.")
            value = body.lower()
            return Node("Edm.Guid", lambda _r, v=value: v, is_literal=True)
        if prefix == "datetime":
            parsed = (
                parse_datetime_text(body)
                if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?", body)
                else None
            )
            if parsed is None:
                raise query_syntax(f"Unrecognized 'Edm.DateTime' literal '{token.text}'.")
            return Node("Edm.DateTime", lambda _r, v=parsed: v, is_literal=True)
        raise query_syntax(f"Literal '{token.text}' is not supported.")

    def _property(self, token: Token) -> Node:
        if "/" in token.text:
            raise query_syntax(f"Filtering on navigation property '{token.text}' is not supported.")
        prop = self.entity.prop(token.text)
        if prop is None:
            raise query_syntax(
                f"No property '{token.text}' exists in type '{self.entity.type_name}' "
                f"at position {token.pos}."
            )
        if prop.is_collection:
            raise query_syntax(f"Filtering on navigation property '{token.text}' is not supported.")
        name = prop.name
        return Node(prop.type, lambda record, n=name: record.get(n), is_property=True)

    def _function(self, token: Token) -> Node:
        name = token.text
        if name not in FUNCTIONS:
            raise query_syntax(f"Unknown function '{name}' at position {token.pos}.")
        self._expect("(")
        args = [self._or()]
        while self._peek() is not None and self._peek().text == ",":
            self._next()
            args.append(self._or())
        self._expect(")")
        if len(args) != FUNCTIONS[name]:
            raise query_syntax(f"Function '{name}' takes {FUNCTIONS[name]} argument(s).")
        for arg in args:
            if arg.edm != "Edm.String":
                raise query_syntax(f"Function '{name}' needs Edm.String arguments.")
        if name == "trim":
            arg = args[0]
            return Node(
                "Edm.String",
                lambda r: None if arg.evaluate(r) is None else str(arg.evaluate(r)).strip(),
            )
        first, second = args

        def contains(record: dict) -> bool:
            needle, haystack = first.evaluate(record), second.evaluate(record)
            if needle is None or haystack is None:
                return False
            # Case-sensitive (UNCONFIRMED: Exact's SQL collation may ignore case); the stricter
            # choice keeps clients from relying on a case-insensitive match.
            if name == "substringof":  # substringof(needle, haystack)
                return needle in haystack
            return needle.startswith(haystack)  # startswith(text, prefix)

        return Node("Edm.Boolean", contains)


def _number_literal(token: Token) -> Node:
    text = token.text
    suffix = text[-1] if text[-1] in "LlMmDdFf" else ""
    digits = text[:-1] if suffix else text
    if suffix in ("L", "l"):
        if not re.fullmatch(r"-?\d+", digits):
            raise query_syntax(f"Unrecognized 'Edm.Int64' literal '{text}'.")
        value: Decimal | int = int(digits)
        edm = "Edm.Int64"
    elif suffix or "." in digits or "e" in digits.lower():
        value = Decimal(digits)
        edm = "Edm.Decimal"
    else:
        value = int(digits)
        edm = "Edm.Int32" if -(2**31) <= value < 2**31 else "Edm.Int64"
    return Node(edm, lambda _r, v=value: v, is_literal=True)


def _compatible(left: str, right: str) -> bool:
    if "null" in (left, right):
        return True
    if left in NUMERIC and right in NUMERIC:
        return True
    return left == right


def _compare(op: str, left: Node, right: Node) -> Node:
    if left.is_property and right.is_property:
        raise query_syntax("Comparing one property with another is not supported.")
    if not _compatible(left.edm, right.edm):
        raise query_syntax(
            f"Operator '{op}' incompatible with operand types '{left.edm}' and '{right.edm}'."
        )
    if op not in ("eq", "ne") and (
        "null" in (left.edm, right.edm) or left.edm in ("Edm.Boolean", "Edm.Guid")
    ):
        raise query_syntax(f"Operator '{op}' is not defined for '{left.edm}'.")

    def evaluate(record: dict) -> bool:
        a, b = _norm(left.evaluate(record)), _norm(right.evaluate(record))
        if op == "eq":
            return a == b
        if op == "ne":
            return a != b
        if a is None or b is None:
            return False
        if op == "gt":
            return a > b
        if op == "ge":
            return a >= b
        if op == "lt":
            return a < b
        return a <= b

    return Node("Edm.Boolean", evaluate)


def _norm(value: object) -> object:
    if isinstance(value, bool) or value is None or isinstance(value, str | datetime):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    return value


def _logical(op: str, left: Node, right: Node) -> Node:
    for side in (left, right):
        if side.edm != "Edm.Boolean" or side.is_property or side.is_literal:
            raise query_syntax(f"Operands of '{op}' must be boolean comparisons.")
    if op == "and":
        return Node("Edm.Boolean", lambda r: left.evaluate(r) is True and right.evaluate(r) is True)
    return Node("Edm.Boolean", lambda r: left.evaluate(r) is True or right.evaluate(r) is True)


def compile_filter(text: str, entity: EntityDef) -> Callable[[dict], bool]:
    return FilterParser(text, entity).parse()
