"""``get --where``: conditions on a document's fields.

``PATH OP VALUE`` with OP one of ``= != < <= > >=``, ``PATH in a,b,c`` and ``PATH exists``.
Values are read as YAML reads a scalar (``8`` is a number, ``true`` a boolean, ``'8'`` the
string, which never matches 8). Two ISO dates compare as dates. A money field
(``{amount, currency}``) compares with a value that names its currency (``1000 EUR``); across
currencies, or without a currency, it is an error — never a guess at an exchange rate.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from cmdbgit.errors import UsageError
from cmdbgit.model.paths import get_path, parse_dotted
from cmdbgit.parse.scalars import resolve_plain

_MISSING = object()
_COMPARISON = re.compile(r"^\s*(?P<path>[^\s=!<>]+)\s*(?P<op>!=|<=|>=|=|<|>)\s*(?P<value>.*?)\s*$")
_WORDS = re.compile(r"^\s*(?P<path>\S+)\s+(?P<op>in|exists)\b\s*(?P<value>.*?)\s*$")
_MONEY = re.compile(
    r"^(?:(?P<c1>[A-Z]{3})\s+)?(?P<amount>-?\d+(?:\.\d+)?)(?:\s+(?P<c2>[A-Z]{3}))?$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Condition:
    text: str
    path: tuple[str, ...]
    op: str  # = != < <= > >= in exists
    values: tuple[Any, ...] = ()

    def matches(self, data: Any, ident: str | None = None) -> bool:
        actual = get_path(data, self.path, _MISSING)
        if self.op == "exists":
            return actual is not _MISSING and actual is not None
        if actual is _MISSING:
            return False
        if self.op == "in":
            return any(same(actual, v) for v in self.values)
        wanted = self.values[0]
        if self.op == "=":
            return same(actual, wanted)
        if self.op == "!=":
            return not same(actual, wanted)
        left, right = comparable(actual, wanted, self, ident)
        if left is None:
            return False
        return _ORDER[self.op](left, right)


def parse_condition(text: str) -> Condition:
    """One ``--where`` argument, or a one-line error that shows the accepted forms."""
    words = _WORDS.match(text)
    if words:
        path, op, rest = words["path"], words["op"], words["value"]
        if op == "exists":
            if rest:
                raise UsageError(f"--where {text!r}: 'exists' takes no value")
            return Condition(text, _path(text, path), "exists")
        values = tuple(scalar(v.strip()) for v in rest.split(",") if v.strip())
        if not values:
            raise UsageError(f"--where {text!r}: 'in' needs values, e.g. env in prod,staging")
        return Condition(text, _path(text, path), "in", values)
    match = _COMPARISON.match(text)
    if not match:
        raise UsageError(
            f"--where {text!r}: expected PATH=VALUE, PATH!=VALUE, PATH<VALUE (also <=, >, >=), "
            "'PATH in A,B' or 'PATH exists', e.g. spec.os.product=ubuntu"
        )
    value = match["value"]
    parsed: Any = _money(value) if match["op"] in _ORDER else None
    if parsed is None:
        parsed = scalar(value)
    return Condition(text, _path(text, match["path"]), match["op"], (parsed,))


def scalar(text: str) -> Any:
    """A value as YAML reads it: quoted is a string (``'0042'``), plain is resolved by the
    YAML 1.2 core schema (``0042`` the number 42, ``true`` the boolean)."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return resolve_plain(text)


def _path(text: str, path: str) -> tuple[str, ...]:
    parts = parse_dotted(path)
    if not parts:
        raise UsageError(f"--where {text!r}: the field path is empty")
    return parts


def _money(text: str) -> Money | None:
    match = _MONEY.match(text.strip())
    currency = match and (match["c1"] or match["c2"])
    if not match or not currency or (match["c1"] and match["c2"]):
        return None
    return Money(Decimal(match["amount"]), currency)


def same(actual: Any, wanted: Any) -> bool:
    """Equality without coercion: a bool is not a number, a number is not a string; ints and
    floats compare as numbers (``8`` matches ``8.0``)."""
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return isinstance(actual, bool) and isinstance(wanted, bool) and actual == wanted
    if isinstance(actual, int | float) and isinstance(wanted, int | float):
        return actual == wanted
    return type(actual) is type(wanted) and bool(actual == wanted)


def comparable(actual: Any, wanted: Any, cond: Condition, ident: str | None) -> tuple[Any, Any]:
    """The two sides as values ``<`` can order, or (None, None) when they are of different
    kinds (no match, as with ``=``). Money in two currencies is an error."""
    if isinstance(actual, dict) and {"amount", "currency"} <= actual.keys():
        return _money_pair(actual, wanted, cond, ident)
    if isinstance(wanted, Money):
        raise UsageError(f"--where {cond.text!r}: {_where(cond, ident)} is not an amount of money")
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return None, None
    if isinstance(actual, int | float) and isinstance(wanted, int | float):
        return actual, wanted
    if isinstance(actual, str) and isinstance(wanted, str):
        if _DATE.match(actual) and _DATE.match(wanted):
            try:
                return date.fromisoformat(actual), date.fromisoformat(wanted)
            except ValueError:
                return None, None
        return actual, wanted
    return None, None


def _money_pair(
    actual: dict[str, Any], wanted: Any, cond: Condition, ident: str | None
) -> tuple[Any, Any]:
    if not isinstance(wanted, Money):
        raise UsageError(
            f"--where {cond.text!r}: {_where(cond, ident)} is money; name the currency, "
            f"e.g. {'.'.join(cond.path)}{cond.op}1000 {actual.get('currency') or 'EUR'}"
        )
    if actual.get("currency") != wanted.currency:
        raise UsageError(
            f"--where {cond.text!r}: {_where(cond, ident)} is in "
            f"{actual.get('currency')!s}, not {wanted.currency}; amounts in different "
            "currencies are not compared"
        )
    try:
        return Decimal(str(actual.get("amount"))), wanted.amount
    except InvalidOperation:
        return None, None


def _where(cond: Condition, ident: str | None) -> str:
    field = ".".join(cond.path)
    return f"{field} of {ident}" if ident else field
