"""YAML 1.2 core-schema scalar resolution, shared by the located loader.

Implemented here rather than taken from a library so that both loaders agree exactly:
``no``/``on``/``yes`` are strings, ``2024-01-15`` stays the string it was written as (core
1.2 has no timestamp type, which is also how dates reach the schemas as ISO strings),
``1_000`` is a string, ``0o17`` is 15.
"""

from __future__ import annotations

import math
import re
from typing import Any

CORE_TAG = "tag:yaml.org,2002:"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


class ScalarError(ValueError):
    """A tagged scalar whose text does not fit its tag (``!!int abc``)."""


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar under the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT10.match(text):
        return int(text, 10)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


#: Explicit tags accepted on scalars; everything else is rejected, never constructed.
SCALAR_TAGS = frozenset(
    {
        "!",
        f"{CORE_TAG}str",
        f"{CORE_TAG}int",
        f"{CORE_TAG}float",
        f"{CORE_TAG}bool",
        f"{CORE_TAG}null",
    }
)
COLLECTION_TAGS = frozenset({"!", f"{CORE_TAG}map", f"{CORE_TAG}seq"})


def resolve_tagged(tag: str, text: str) -> Any:
    """The value of a scalar with an accepted explicit tag."""
    if tag in ("!", f"{CORE_TAG}str"):
        return text
    value = resolve_plain(text)
    expected: dict[str, tuple[type, ...]] = {
        f"{CORE_TAG}int": (int,),
        f"{CORE_TAG}float": (float, int),
        f"{CORE_TAG}bool": (bool,),
        f"{CORE_TAG}null": (type(None),),
    }
    types = expected[tag]
    if isinstance(value, bool) and bool not in types:
        raise ScalarError(f"{text!r} is not a valid {tag.removeprefix(CORE_TAG)}")
    if not isinstance(value, types):
        raise ScalarError(f"{text!r} is not a valid {tag.removeprefix(CORE_TAG)}")
    if tag == f"{CORE_TAG}float" and isinstance(value, int):
        return float(value)
    return value
