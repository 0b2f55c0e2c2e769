"""Every JSON Schema keyword has a message of cmdbgit's own; none shows the validator's text or
a secret value."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest

from cmdbgit.model.schema_messages import _WRITERS, describe

SECRET = "c4n4ry-correct-horse-battery-staple"

#: (keyword, schema, failing value) for every keyword a kind schema can use.
CASES: list[tuple[str, dict[str, Any], Any]] = [
    ("type", {"type": "integer"}, SECRET),
    ("enum", {"enum": ["a", "b"]}, SECRET),
    ("const", {"const": "x"}, SECRET),
    ("format", {"format": "date"}, SECRET),
    ("pattern", {"pattern": "^[0-9]+$"}, SECRET),
    ("minimum", {"minimum": 10}, 3),
    ("maximum", {"maximum": 1}, 3),
    ("exclusiveMinimum", {"exclusiveMinimum": 3}, 3),
    ("exclusiveMaximum", {"exclusiveMaximum": 3}, 3),
    ("multipleOf", {"multipleOf": 2}, 3),
    ("minLength", {"minLength": 100}, SECRET),
    ("maxLength", {"maxLength": 8}, SECRET),
    ("minItems", {"minItems": 2}, [SECRET]),
    ("maxItems", {"maxItems": 1}, [SECRET, SECRET + "2"]),
    ("uniqueItems", {"uniqueItems": True}, [SECRET, SECRET]),
    ("contains", {"contains": {"type": "integer"}}, [SECRET]),
    ("minProperties", {"minProperties": 2}, {"a": SECRET}),
    ("maxProperties", {"maxProperties": 0}, {"a": SECRET}),
    ("not", {"not": {"type": "string"}}, SECRET),
    ("propertyNames", {"propertyNames": {"maxLength": 3}}, {"abcdef": SECRET}),
    ("anyOf", {"anyOf": [{"type": "integer"}, {"minLength": 100}]}, SECRET),
    ("oneOf", {"oneOf": [{"type": "integer"}, {"type": "boolean"}]}, SECRET),
    ("oneOf-both", {"oneOf": [{"type": "string"}, {"minLength": 1}]}, SECRET),
    ("items-false", {"prefixItems": [{}], "items": False}, [1, SECRET]),
    ("unevaluatedItems", {"prefixItems": [{}], "unevaluatedItems": False}, [1, SECRET]),
    ("unevaluatedProperties", {"unevaluatedProperties": False}, {"a": SECRET}),
    ("additionalProperties", {"additionalProperties": False}, {"a": SECRET}),
    ("required", {"required": ["a"]}, {"b": SECRET}),
    ("dependentRequired", {"dependentRequired": {"b": ["a"]}}, {"b": SECRET}),
    ("false", {"properties": {"a": False}}, {"a": SECRET}),
]


@pytest.mark.parametrize(("keyword", "schema", "value"), CASES, ids=[c[0] for c in CASES])
def test_every_keyword_has_its_own_words(keyword: str, schema: dict[str, Any], value: Any) -> None:
    validator = jsonschema_rs.validator_for(
        {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema},
        validate_formats=True,
    )
    errors = list(validator.iter_errors(value))
    assert errors, f"{keyword}: the case must fail"
    for error in errors:
        assert type(error.kind).__name__ in _WRITERS
        instance = value
        for part in error.instance_path:
            instance = instance[part]
        message = describe(error, instance, "spec.password", schema)
        assert message
        assert "c4n4ry" not in message, message
        assert str(error.message) != message
        assert "schema's" not in message, f"{keyword} fell back to a generic sentence"


def test_a_secret_field_is_redacted_even_where_the_value_is_named() -> None:
    validator = jsonschema_rs.validator_for({"enum": ["a"]})
    [error] = validator.iter_errors("hunter2-not-a-shape")
    assert "hunter2" not in describe(error, "hunter2-not-a-shape", "spec.password", {})
    assert "<redacted>" in describe(error, "hunter2-not-a-shape", "spec.password", {})
    assert "'hunter2-not-a-shape'" in describe(error, "hunter2-not-a-shape", "spec.name", {})


def test_every_failure_kind_of_the_validator_has_a_writer() -> None:
    kinds = {k for k in dir(jsonschema_rs.ValidationErrorKind) if k[0].isupper()}
    assert kinds <= set(_WRITERS), sorted(kinds - set(_WRITERS))
