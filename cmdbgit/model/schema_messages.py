"""A JSON Schema failure (jsonschema-rs) in the words of a YAML author.

Every keyword gets its own sentence written here from the failure's kind, the schema and the
document's value; the validator's own text is never shown, because it quotes the value (a value
may be a secret). A value appears only through ``redact``. Messages carry no field path: every
output format shows the problem's path beside its message.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from cmdbgit.model.paths import get_path
from cmdbgit.model.redact import redact
from cmdbgit.model.suggest import did_you_mean, suggest

#: JSON types as a YAML author calls them.
_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}

_DECIMAL = r"^-?[0-9]+(\.[0-9]+)?$"
_DECIMAL_RE = re.compile(_DECIMAL)


def _decimal(value: Any) -> str:
    text = "a plain decimal number such as 1200.00 (digits and a decimal point only)"
    if isinstance(value, str):
        cleaned = re.sub(r"[\s,'_]", "", value)
        if cleaned != value and _DECIMAL_RE.match(cleaned):
            return f"{text}: write {cleaned}"
    return text


def _upper(what: str, example: str, length: int) -> Callable[[Any], str]:
    def words(value: Any) -> str:
        text = f"{what} such as {example}"
        if isinstance(value, str) and len(value) == length and value.isalpha():
            return f"{text}: write {value.upper()}"
        return text

    return words


#: The forms the standard schemas ask for, by pattern: what a person would call them.
KNOWN_PATTERNS: dict[str, Callable[[Any], str]] = {
    _DECIMAL: _decimal,
    "^[A-Z]{3}$": _upper("an ISO 4217 currency code in capitals", "EUR", 3),
    "^[A-Z]{2}$": _upper("an ISO 3166 country code in capitals", "DE", 2),
    "^@[A-Za-z0-9-]+/[A-Za-z0-9._-]+$": lambda _v: "a GitHub team written @org/team",
    "^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$": lambda _v: (
        "a GitHub user name such as octocat"
    ),
}

#: The formats the standard schemas use, as a person would write one.
KNOWN_FORMATS = {
    "date": "a date written YYYY-MM-DD, such as 2023-03-15",
    "date-time": "a date and time such as 2023-03-15T09:30:00Z",
    "email": "an email address such as ada@example.com",
    "ipv4": "an IPv4 address such as 192.0.2.10",
    "ipv6": "an IPv6 address such as 2001:db8::10",
    "uri": "an absolute URI such as https://example.com/",
    "hostname": "a host name such as db1.example.com",
}


def type_words(types: Any) -> str:
    names = types if isinstance(types, list | tuple) else [types]
    return " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in names)


def found(value: Any, path: str) -> str:
    """``the string 'four'`` / ``a mapping``: what the document holds, safe to print."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {redact(value, path)}"
    if isinstance(value, str):
        return f"the string {redact(value, path)}"
    kind = "integer" if isinstance(value, int) else "number"
    return f"the {kind} {redact(value, path)}"


def schema_node(root: Any, schema_path: list[Any]) -> dict[str, Any]:
    """The schema object a failure's keyword sits in (its ``schema_path`` minus the keyword)."""
    node = get_path(root, tuple(schema_path[:-1]), {})
    return node if isinstance(node, dict) else {}


def unknown_field(key: str, node: dict[str, Any]) -> str:
    """``unknown field 'hostnme' (did you mean 'hostname'?)``."""
    known = node.get("properties")
    hint = did_you_mean(key, known) if isinstance(known, dict) else ""
    return f"unknown field {redact(key)}{hint}"


def describe(error: Any, value: Any, path: str, root: Any) -> str:
    """The message for one failure of ``value`` (at ``path``) against ``root``."""
    name = type(error.kind).__name__
    detail = error.kind.as_dict()
    node = schema_node(root, list(error.schema_path))
    writer = _WRITERS.get(name)
    if writer is not None:
        return writer(detail, value, path, node)
    keyword = str(error.schema_path[-1]) if len(error.schema_path) else name
    return f"does not satisfy the schema's {keyword!r} rule"


def _type(detail: dict[str, Any], value: Any, path: str, _node: dict[str, Any]) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return "the number is out of range: it is too large to be stored exactly"
    return f"expected {type_words(detail.get('types'))}, found {found(value, path)}"


def _enum(detail: dict[str, Any], value: Any, path: str, _node: dict[str, Any]) -> str:
    options = [o for o in detail.get("options") or [] if o is not None]
    shown = ", ".join(str(o) for o in options)
    hint = ""
    if isinstance(value, str):
        close = suggest(value, [o for o in options if isinstance(o, str)], limit=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{found(value, path)} is not one of: {shown}{hint}"


def _const(detail: dict[str, Any], value: Any, path: str, _node: dict[str, Any]) -> str:
    expected = detail.get("expected_value")
    return f"must be {expected!r}, found {found(value, path)}"


def _format(detail: dict[str, Any], value: Any, path: str, _node: dict[str, Any]) -> str:
    form = str(detail.get("format", "value"))
    wanted = KNOWN_FORMATS.get(form, f"a valid {form}")
    return f"{found(value, path)} is not {wanted}"


def _pattern(detail: dict[str, Any], value: Any, path: str, node: dict[str, Any]) -> str:
    pattern = str(detail.get("pattern", ""))
    words = KNOWN_PATTERNS.get(pattern)
    if words is not None:
        return f"{found(value, path)} is not {words(value)}"
    examples = node.get("examples")
    if isinstance(examples, list) and examples:
        return f"{found(value, path)} is not of the expected form, such as {examples[0]!r}"
    return f"{found(value, path)} is not of the expected form (pattern {pattern})"


def _bound(word: str) -> Callable[[dict[str, Any], Any, str, dict[str, Any]], str]:
    def writer(detail: dict[str, Any], value: Any, path: str, _node: dict[str, Any]) -> str:
        return f"must be {word} {detail.get('limit')}, found {found(value, path)}"

    return writer


def _count(
    word: str, unit: str, *, empty: str | None = None
) -> Callable[[dict[str, Any], Any, str, dict[str, Any]], str]:
    def writer(detail: dict[str, Any], _value: Any, _path: str, _node: dict[str, Any]) -> str:
        limit = detail.get("limit")
        if empty is not None and limit == 1:
            return empty
        verb, tail = ("be", " long") if unit == "character" else ("have", "")
        return f"must {verb} {word} {limit} {unit}{'' if limit == 1 else 's'}{tail}"

    return writer


def _multiple(detail: dict[str, Any], value: Any, path: str, _node: dict[str, Any]) -> str:
    return f"must be a multiple of {detail.get('multiple_of')}, found {found(value, path)}"


def _property_names(detail: dict[str, Any], value: Any, _p: str, node: dict[str, Any]) -> str:
    inner = detail.get("error")
    key = getattr(inner, "instance", None)
    shown = f"the field name {redact(key)}" if isinstance(key, str) else "a field name"
    return f"{shown} is not allowed here"


def _any_of(detail: dict[str, Any], value: Any, path: str, _node: dict[str, Any]) -> str:
    # When every branch only wanted another type, say which types would do.
    types: list[str] = []
    for branch in detail.get("context") or []:
        kinds = [type(e.kind).__name__ for e in branch]
        if kinds != ["Type"]:
            return f"{found(value, path)} matches none of the shapes allowed here"
        types.extend(str(t) for t in branch[0].kind.as_dict().get("types", []))
    return f"expected {type_words(list(dict.fromkeys(types)))}, found {found(value, path)}"


def _fixed(text: str) -> Callable[[dict[str, Any], Any, str, dict[str, Any]], str]:
    return lambda _d, _v, _p, _n: text


def _content(label: str) -> Callable[[dict[str, Any], Any, str, dict[str, Any]], str]:
    def writer(detail: dict[str, Any], _value: Any, _path: str, _node: dict[str, Any]) -> str:
        what = next((str(v) for v in detail.values() if isinstance(v, str)), "")
        return f"is not valid {what or label}"

    return writer


_Writer = Callable[[dict[str, Any], Any, str, dict[str, Any]], str]

#: One writer per jsonschema-rs failure kind (``Required`` and the unexpected-field kinds are
#: located on the key and handled by the caller; they are here for callers that do not).
_WRITERS: dict[str, _Writer] = {
    "Type": _type,
    "Enum": _enum,
    "Constant": _const,
    "Format": _format,
    "Pattern": _pattern,
    "Minimum": _bound("at least"),
    "Maximum": _bound("at most"),
    "ExclusiveMinimum": _bound("more than"),
    "ExclusiveMaximum": _bound("less than"),
    "MultipleOf": _multiple,
    "MinLength": _count("at least", "character", empty="must not be empty"),
    "MaxLength": _count("at most", "character"),
    "MinItems": _count("at least", "item", empty="must not be empty"),
    "MaxItems": _count("at most", "item"),
    "MinProperties": _count("at least", "field", empty="must not be empty"),
    "MaxProperties": _count("at most", "field"),
    "AdditionalItems": _count("at most", "item"),
    "UniqueItems": _fixed("lists the same item more than once; each item must be unique"),
    "Contains": _fixed("has no item of the shape this list must contain"),
    "Not": _fixed("holds a value that is not allowed here"),
    "PropertyNames": _property_names,
    "AnyOf": _any_of,
    "OneOfNotValid": _any_of,
    "OneOfMultipleValid": _fixed("matches more than one of the shapes allowed here; pick one"),
    "FalseSchema": _fixed("is not allowed here"),
    "UnevaluatedItems": _fixed("has more items than allowed here"),
    "UnevaluatedProperties": _fixed("has fields that are not allowed here"),
    "AdditionalProperties": _fixed("has fields that are not allowed here"),
    "Required": lambda d, _v, _p, _n: f"the required field {d.get('property')!r} is missing",
    "ContentEncoding": _content("encoded content"),
    "ContentMediaType": _content("content"),
    "FromUtf8": _fixed("is not valid UTF-8 text"),
    "BacktrackLimitExceeded": _fixed("could not be checked: the schema's pattern is too costly"),
    "RegexEngineFailure": _fixed("could not be checked: the schema's pattern failed"),
    "Referencing": _fixed("could not be checked: the schema has a broken $ref"),
    "Custom": _fixed("does not satisfy the schema"),
}
