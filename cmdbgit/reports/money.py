"""Exact money: ``{amount, currency}`` as ``Decimal`` plus an ISO 4217 code.

Amounts reach us as int, str or float, because the fast YAML path turns ``18450.00`` into a
Python float. Strings are read with ``Decimal(text)`` directly. Floats go through
``Decimal(repr(x))``: ``repr`` gives the shortest text that round-trips to the same float, and
every decimal literal with at most 15 significant digits round-trips through a binary double,
so for such literals (every realistic price) the result equals the literal as written —
``Decimal(repr(0.1)) == Decimal("0.1")``, whereas ``Decimal(0.1)`` would carry the binary error.
Literals with more than 15 significant digits should be quoted in the YAML to stay exact.

Different currencies are never added: ``Totals`` keeps one sum per currency. Rounding happens
only when printing: half-even to cents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")


def to_decimal(value: object) -> Decimal | None:
    """An exact Decimal from a YAML scalar, or None when it is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            return None
        return result if result.is_finite() else None
    return None


def cents(amount: Decimal) -> Decimal:
    """Rounded half-even to cents: the only rounding reports do, and only for printing."""
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


def plain(amount: Decimal) -> str:
    """``12000.00``: the JSON and CSV form of an amount."""
    return f"{cents(amount):f}"


def grouped(amount: Decimal) -> str:
    """``12,000.00``: the human form of an amount."""
    return f"{cents(amount):,.2f}"


@dataclass(frozen=True, slots=True, order=True)
class Money:
    currency: str
    amount: Decimal

    def __mul__(self, factor: int | Decimal) -> Money:
        return Money(self.currency, self.amount * factor)

    def to_json(self) -> dict[str, str]:
        return {"amount": plain(self.amount), "currency": self.currency}

    def display(self) -> str:
        return f"{grouped(self.amount)} {self.currency}"


def money_from(value: object) -> Money | None:
    """``{amount, currency}`` from document data, or None when either part is unusable."""
    if not isinstance(value, dict):
        return None
    amount = to_decimal(value.get("amount"))
    currency = value.get("currency")
    if amount is None or not isinstance(currency, str) or not currency:
        return None
    return Money(currency, amount)


def money_json(money: Money | None) -> dict[str, str] | None:
    return None if money is None else money.to_json()


def money_display(money: Money | None, missing: str = "—") -> str:
    return missing if money is None else money.display()


class Totals:
    """Sums kept apart per currency (and, optionally, per any other key)."""

    def __init__(self) -> None:
        self._sums: dict[str, Decimal] = defaultdict(Decimal)

    def add(self, money: Money | None) -> None:
        if money is not None:
            self._sums[money.currency] += money.amount

    def add_amount(self, currency: str, amount: Decimal) -> None:
        """``add(Money(currency, amount))`` without the object."""
        self._sums[currency] += amount

    def extend(self, items: Iterable[Money | None]) -> None:
        for money in items:
            self.add(money)

    def __iter__(self) -> Iterator[Money]:
        return (Money(c, self._sums[c]) for c in sorted(self._sums))

    def __bool__(self) -> bool:
        return bool(self._sums)

    def get(self, currency: str) -> Decimal:
        return self._sums.get(currency, Decimal(0))

    def to_json(self) -> list[dict[str, str]]:
        return [m.to_json() for m in self]

    def display(self, missing: str = "—") -> str:
        return "; ".join(m.display() for m in self) or missing


def json_amounts(values: dict[str, Any]) -> dict[str, Any]:
    """Replace every Decimal value of a flat mapping by its cents string."""
    return {k: plain(v) if isinstance(v, Decimal) else v for k, v in values.items()}
