"""``match`` semantics exactly as docs/policies.md says."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmdbgit.model.document import Document
from cmdbgit.model.inventory import Inventory
from cmdbgit.policy.match import matcher, matches, same, select
from cmdbgit.policy.model import Match


def _doc(data: dict[str, Any]) -> Document:
    return Document("inventory/a.yaml", 0, 1, data)


SERVER = _doc(
    {
        "kind": "Server",
        "metadata": {"id": "srv-1", "labels": {"env": "prod", "tier": "1"}},
        "spec": {"cpu_cores": 8, "virtual": False, "os": {"product": "ubuntu"}, "tags": ["a"]},
    }
)


@pytest.mark.parametrize(
    ("match", "expected"),
    [
        ({}, True),
        ({"kinds": ["Server"]}, True),
        ({"kinds": ["Database", "Server"]}, True),
        ({"kinds": ["Database"]}, False),
        ({"labels": {"env": "prod"}}, True),
        ({"labels": {"env": ["dev", "prod"]}}, True),
        ({"labels": {"env": "dev"}}, False),
        ({"labels": {"env": ["dev", "test"]}}, False),
        ({"labels": {"owner": "x"}}, False),  # a missing label never matches
        ({"labels": {"env": "prod", "tier": "2"}}, False),  # every condition must hold
        ({"where": {"spec.os.product": "ubuntu"}}, True),
        ({"where": {"spec.os.product": ["rhel", "ubuntu"]}}, True),
        ({"where": {"spec.os.version": "22.04"}}, False),  # missing field
        ({"where": {"spec.os.product.name": "ubuntu"}}, False),  # path through a scalar
        ({"where": {"spec.cpu_cores": 8}}, True),
        ({"where": {"spec.cpu_cores": 8.0}}, True),  # the same JSON number
        ({"where": {"spec.cpu_cores": "8"}}, False),  # no coercion
        ({"where": {"spec.virtual": False}}, True),
        ({"where": {"spec.virtual": 0}}, False),  # false is not 0
        ({"where": {"spec.virtual": "false"}}, False),
        ({"where": {"spec.tags": "a"}}, False),  # a list field is not "any of" its items
        ({"where": {"metadata.labels.tier": "1"}}, True),
        ({"where": {"metadata.labels.tier": 1}}, False),
        (
            {"kinds": ["Server"], "labels": {"env": "prod"}, "where": {"spec.cpu_cores": [4, 8]}},
            True,
        ),
    ],
)
def test_match(match: dict[str, Any], expected: bool) -> None:
    assert matches(Match.model_validate(match), SERVER) is expected


def test_booleans_are_not_numbers() -> None:
    assert not same(True, 1)
    assert not same(1, True)
    assert same(True, True)
    assert same([1, {"a": 2.0}], [1.0, {"a": 2}])
    assert not same([1], [1, 2])
    assert not same({"a": 1}, {"a": "1"})


def test_select_uses_kinds_and_keeps_the_rest_of_the_match() -> None:
    docs = [
        _doc({"kind": "Server", "metadata": {"id": "a", "labels": {"env": "prod"}}}),
        _doc({"kind": "Server", "metadata": {"id": "b", "labels": {"env": "dev"}}}),
        _doc({"kind": "Database", "metadata": {"id": "c", "labels": {"env": "prod"}}}),
    ]
    index = Inventory(docs).by_kind
    prod_servers = Match.model_validate({"kinds": ["Server"], "labels": {"env": "prod"}})
    assert [d.id for d in select(prod_servers, docs, index)] == ["a"]
    assert [d.id for d in select(Match(), docs, index)] == ["a", "b", "c"]
    both = Match.model_validate({"kinds": ["Database", "Server", "Server"]})
    assert sorted(d.id or "" for d in select(both, docs, index)) == ["a", "b", "c"]


_SCALARS = st.one_of(
    st.sampled_from(["prod", "dev", "1", "", "Prod"]), st.integers(0, 2), st.booleans(), st.none()
)
_LABEL_VALUES = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=2))
_WANTED = st.one_of(  # a policy's labels are strings (the model refuses anything else)
    st.sampled_from(["prod", "dev", "1"]),
    st.lists(st.sampled_from(["prod", "dev", "1", ""]), min_size=1, max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(
    kinds=st.one_of(st.none(), st.lists(st.sampled_from(["Server", "Service"]), min_size=1)),
    wanted=st.dictionaries(st.sampled_from(["env", "tier"]), _WANTED, max_size=2),
    labels=st.one_of(
        st.dictionaries(st.sampled_from(["env", "tier", "x"]), _LABEL_VALUES, max_size=3),
        st.lists(_SCALARS, max_size=1),
        st.none(),
    ),
    kind=st.sampled_from(["Server", "Service", None]),
)
def test_a_bound_matcher_decides_as_matches(
    kinds: list[str] | None, wanted: dict[str, Any], labels: Any, kind: str | None
) -> None:
    match = Match.model_validate({"kinds": kinds, "labels": wanted})
    data: dict[str, Any] = {"metadata": {"id": "x", "labels": labels}}
    if kind is not None:
        data["kind"] = kind
    doc = Document("f.yaml", 0, 1, data)
    assert matcher(match)(doc) == matches(match, doc)


_WHERE_WANTED = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=3), st.just(8.0))
_FIELD_VALUES = st.one_of(
    _SCALARS,
    st.just(8),
    st.just(8.0),
    st.lists(_SCALARS, max_size=2),
    st.dictionaries(st.sampled_from(["a"]), _SCALARS, max_size=1),
)


@settings(max_examples=400, deadline=None)
@given(
    kinds=st.one_of(st.none(), st.lists(st.sampled_from(["Server", "Service"]), min_size=1)),
    labels=st.dictionaries(st.sampled_from(["env"]), _WANTED, max_size=1),
    where=st.dictionaries(
        st.sampled_from(["spec.a", "spec.a.a", "spec", "x"]), _WHERE_WANTED, max_size=2
    ),
    spec=st.one_of(
        st.dictionaries(st.sampled_from(["a", "b"]), _FIELD_VALUES, max_size=2), _FIELD_VALUES
    ),
    kind=st.sampled_from(["Server", "Service", None]),
)
def test_a_bound_matcher_with_where_decides_as_matches(
    kinds: list[str] | None,
    labels: dict[str, Any],
    where: dict[str, Any],
    spec: Any,
    kind: str | None,
) -> None:
    match = Match.model_validate({"kinds": kinds, "labels": labels, "where": where})
    data: dict[str, Any] = {"metadata": {"id": "x", "labels": {"env": "prod"}}, "spec": spec}
    if kind is not None:
        data["kind"] = kind
    doc = Document("f.yaml", 0, 1, data)
    assert matcher(match)(doc) == matches(match, doc)
