"""``dumps`` (the one JSON writer) writes exactly the bytes of the plain ``json.dumps`` writer
it replaced, for any JSON-like data: controls, separators, bidi characters and lone
surrogates escaped, ``1e+16`` and ``NaN`` spelled as before, non-string keys converted."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cmdbgit.output.json_format import dumps

_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def reference(data: Any, indent: int | None = 2) -> str:
    """The writer before msgspec: pure-Python ``json`` (indented) and one substitution."""
    text = json.dumps(data, indent=indent, ensure_ascii=False, default=str)
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


#: Every code point, lone surrogates included, weighted towards the ones that get escaped.
_CHARS = st.one_of(
    st.characters(codec=None, categories=None),
    st.sampled_from('\x00\x1f\x7f\x80\x9f\u2028\u2029\u202e\u2066\ud800\udfff"\\/é€😀'),
)
_TEXT = st.text(_CHARS, max_size=12)
_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    _TEXT,
    st.dates(),
    st.decimals(allow_nan=False, places=2, min_value=-(10**6), max_value=10**6),
)
_KEYS = st.one_of(_TEXT, st.integers(min_value=-(2**40), max_value=2**40), st.booleans())
_DATA = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(_KEYS, inner, max_size=4),
    ),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(data=_DATA, indent=st.sampled_from([None, 2, 4]))
def test_dumps_writes_the_bytes_of_the_json_module(data: Any, indent: int | None) -> None:
    assert dumps(data, indent) == reference(data, indent)


def test_known_differences_of_msgspec_are_not_ours() -> None:
    data = {
        "big": 1e16,
        "small": 1.5e-7,
        "nan": float("nan"),
        "inf": [float("-inf")],
        "keys": {1: "a", False: "b", None: "c", 2.5: "d"},
        "when": date(2026, 11, 27),
        "money": Decimal("12.50"),
        "lone": "a\ud800b",
        "controls": "\x00\x1b[31m\x85\u2028\u202e",
        "empty": [{}, [], ""],
    }
    assert dumps(data) == reference(data)
    assert "\\ud800" in dumps(data) and "1e+16" in dumps(data) and "NaN" in dumps(data)
    without_nan = {k: v for k, v in data.items() if k not in ("nan", "inf")}
    assert dumps(without_nan) == reference(without_nan)
