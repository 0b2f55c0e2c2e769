"""What the kind registry reads from schema annotations: ``x-impact`` and ``x-acyclic`` on
reference fields, ``x-at-most-incoming`` on counts — and a wrong value is a located
configuration error, not a silent default."""

from __future__ import annotations

import json

import pytest

from cmdbgit.errors import ConfigError
from cmdbgit.model.kinds import KindRegistry


def _kinds(properties: dict[str, object]) -> KindRegistry:
    schema = {"type": "object", "properties": properties}
    return KindRegistry.from_files({"schemas/Thing.schema.json": json.dumps(schema).encode()})


def test_annotations_are_read_from_the_schema() -> None:
    thing = _kinds(
        {
            "box": {"type": "string", "x-ref": "HardwareAsset", "x-impact": "to-source"},
            "parent": {"type": "string", "x-ref": ["Thing"], "x-acyclic": True},
            "plain": {"type": "string", "x-ref": "Team"},
            "needs": {"type": "integer", "x-at-most-incoming": "member_of"},
        }
    )["Thing"]
    refs = {ref.pattern: (ref.kinds, ref.impact, ref.acyclic) for ref in thing.refs}
    assert refs == {
        ("spec", "box"): (("HardwareAsset",), "to-source", False),
        ("spec", "parent"): (("Thing",), "none", True),
        ("spec", "plain"): (("Team",), "none", False),
    }
    assert thing.at_most_incoming == ((("spec", "needs"), "member_of"),)


def test_an_unknown_impact_direction_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError) as caught:
        _kinds({"box": {"type": "string", "x-ref": "HardwareAsset", "x-impact": "sideways"}})
    assert "schemas/Thing.schema.json" in str(caught.value)
    assert "x-impact of spec.box" in str(caught.value)
