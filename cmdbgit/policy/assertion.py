"""``assert``: a JSON Schema fragment every matched document must satisfy, whole.

The fragment is applied to the entire document (``apiVersion``, ``kind``, ``metadata``,
``spec``, ``relations``) as JSON Schema 2020-12 with formats enforced. Each failure becomes a
violation at the failing value's path. Messages are written here from the failure's kind and
the *policy's* schema, never from the validator's text, which quotes the document's value (and
a value may be a secret).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema_rs

from cmdbgit.model.document import Document
from cmdbgit.model.paths import FieldPath
from cmdbgit.model.refs import Retriever
from cmdbgit.policy.context import Violation


def compile_assertion(schema: dict[str, Any]) -> Any:
    """The compiled validator; raises ``ValueError`` with the reason when the schema is invalid.
    A ``$ref`` may only point inside the fragment: nothing is ever retrieved."""
    retriever = Retriever()
    try:
        return jsonschema_rs.Draft202012Validator(
            schema, validate_formats=True, retriever=retriever
        )
    except Exception as exc:  # jsonschema_rs raises its own ValidationError or ValueError
        refused = retriever.explain("a $ref in 'assert' may point only inside it (#/...)")
        if refused is not None:
            raise ValueError(f"'assert': {refused}") from None
        raise ValueError(f"'assert' is not a valid JSON Schema: {exc}") from None


def violations(validator: Any, documents: list[Document]) -> Iterator[Violation]:
    for doc in documents:
        if validator.is_valid(doc.data):
            continue
        for error in validator.iter_errors(doc.data):
            path: FieldPath = tuple(error.instance_path)
            kind = error.kind
            name = type(kind).__name__
            if name == "Required":
                missing = (*path, kind.property)
                yield Violation(doc, missing, "is required by this policy", at_key=True)
            elif name == "AdditionalProperties":
                for key in kind.unexpected:
                    extra = (*path, key)
                    yield Violation(doc, extra, "is not allowed by this policy", at_key=True)
            else:
                # The path is shown beside the message; only the document as a whole is named.
                where = "" if path else "the document "
                yield Violation(doc, path or ("kind",), f"{where}{describe(name, kind.as_dict())}")


#: What the policy's schema wanted, by failure kind; ``{…}`` are the failure's details.
_WORDS: dict[str, str] = {
    "Type": "must be of type {types}",
    "Constant": "must be {expected_value}",
    "Enum": "must be one of: {options}",
    "Pattern": "must match the pattern {pattern}",
    "Format": "must be a valid {format}",
    "Minimum": "must be at least {limit}",
    "Maximum": "must be at most {limit}",
    "ExclusiveMinimum": "must be more than {limit}",
    "ExclusiveMaximum": "must be less than {limit}",
    "MinLength": "must be at least {limit} characters long",
    "MaxLength": "must be at most {limit} characters long",
    "MinItems": "must have at least {limit} item(s)",
    "MaxItems": "must have at most {limit} item(s)",
    "MinProperties": "must have at least {limit} field(s)",
    "MaxProperties": "must have at most {limit} field(s)",
    "MultipleOf": "must be a multiple of {multiple_of}",
    "Contains": "must contain an item that matches the policy",
    "UniqueItems": "must not repeat items",
    "Not": "must not match the policy's 'not' schema",
    "FalseSchema": "is not allowed",
    "AnyOf": "does not match any of the allowed shapes",
    "OneOfNotValid": "does not match any of the allowed shapes",
    "OneOfMultipleValid": "matches more than one of the exclusive shapes",
}


def describe(name: str, detail: dict[str, Any]) -> str:
    """What the policy's schema wanted, in words; never the document's value."""
    template = _WORDS.get(name)
    shown = {key: _show(key, value) for key, value in detail.items()}
    try:
        text = template.format(**shown) if template else f"does not satisfy the policy ({name})"
        return text.replace("(s)", "" if detail.get("limit") == 1 else "s")
    except (KeyError, IndexError):
        return f"does not satisfy the policy ({name})"


def _show(key: str, value: Any) -> str:
    """Values the policy compares with are quoted; names (types, formats, patterns) are not."""
    quoted = key in ("expected_value", "options")
    items = value if isinstance(value, list) else [value]
    text = [repr(v) if quoted and isinstance(v, str) else str(v) for v in items]
    return (" or " if key == "types" else ", ").join(text)
