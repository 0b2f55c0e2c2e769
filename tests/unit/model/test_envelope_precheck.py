"""The jsonschema-rs pre-check of the envelope never accepts what the pydantic models reject:
a document it lets through skips pydantic, so a gap here would hide an ``envelope`` problem."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from cmdbgit.model.envelope import Envelope, _passes_precheck, envelope_errors

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.floats(allow_nan=False),
    st.sampled_from(
        ["", "a", "srv-01", "Srv", "a..b", "-a", "a" * 130, "x\n", "2024-02-29", "2024-02-30",
         "0000-01-01", "2024-1-5", "20240105", "2024-W03-1", "cmdbgit/v1", "cmdbgit/v2", "Team"]
    ),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=2), st.dictionaries(
        st.sampled_from(["a", "type", "target", "id"]), inner, max_size=2)), max_leaves=4
)  # fmt: skip
IDS = st.sampled_from(["srv-01", "a", "a.b_c-d", "A", "-x", "x-", "é", "2024-02-28"])


PATHS = [
    ("apiVersion",), ("kind",), ("metadata",), ("spec",), ("relations",), ("status",),
    ("metadata", "id"), ("metadata", "name"), ("metadata", "owner"), ("metadata", "labels"),
    ("metadata", "annotations"), ("metadata", "last_verified"), ("metadata", "extra"),
    ("metadata", "labels", "env"), ("spec", "a"), ("relations", 0), ("relations", 0, "type"),
    ("relations", 0, "target"), ("relations", 0, "extra"),
]  # fmt: skip


def _valid() -> dict[str, Any]:
    return {
        "apiVersion": "cmdbgit/v1",
        "kind": "Server",
        "metadata": {"id": "srv-01", "name": "S", "owner": "team-a", "labels": {"env": "prod"},
                     "annotations": {}, "last_verified": "2024-02-29"},
        "spec": {"a": 1},
        "relations": [{"type": "runs_on", "target": "x"}],
    }  # fmt: skip


@st.composite
def envelopes(draw: st.DrawFn) -> dict[str, Any]:
    """A well-formed envelope with zero to two fields replaced by odd values, or dropped."""
    data = _valid()
    for path in draw(st.lists(st.sampled_from(PATHS), max_size=2)):
        node: Any = data
        for step in path[:-1]:
            if not isinstance(node, dict | list) or (
                isinstance(node, list) and (not node or not isinstance(step, int))
            ):
                break  # an earlier replacement put a list (or a scalar) where a step goes
            node = node[step] if isinstance(node, list) else node.setdefault(step, {})
        else:
            last = path[-1]
            if isinstance(node, dict):
                if draw(st.integers(0, 4)) == 0:
                    node.pop(last, None)
                else:
                    node[last] = draw(st.one_of(IDS, VALUES))
            elif isinstance(node, list) and node:
                node[0] = draw(VALUES)
    return data


def _pydantic_accepts(data: dict[str, Any]) -> bool:
    try:
        Envelope.model_validate(data)
    except ValidationError:
        return False
    return True


@settings(max_examples=800, deadline=None)
@given(envelopes())
def test_precheck_accepts_only_what_pydantic_accepts(data: dict[str, Any]) -> None:
    if _passes_precheck(data):
        assert _pydantic_accepts(data), data
    assert (envelope_errors(data) == []) is _pydantic_accepts(data)


def test_precheck_accepts_a_plain_envelope() -> None:
    # Otherwise the test above would pass with a pre-check that never accepts anything.
    data = {
        "apiVersion": "cmdbgit/v1",
        "kind": "Server",
        "metadata": {"id": "srv-01", "owner": "team-a", "labels": {"env": "prod"},
                     "last_verified": "2024-02-29", "name": None},
        "spec": {"hostname": "x"},
        "relations": [{"type": "runs_on", "target": "x"}],
    }  # fmt: skip
    assert _passes_precheck(data)
    assert not _passes_precheck(
        {**data, "metadata": {"id": "srv-01", "last_verified": "2024-02-30"}}
    )
