"""The policies two processes share are taken as work items: those that read the same
dependency graph together (one process builds it once and runs them all with it), placed
where the costliest of them stands; every other policy alone."""

from __future__ import annotations

from cmdbgit.policy.layer import _by_graph
from cmdbgit.revision import list_revision
from cmdbgit.store.costs import costliest_first
from tests.conftest import ROOT

#: The project's own starter policies that read the dependency graph of every relation type.
GRAPH_READERS = {"prod-independent-of-nonprod", "tier1-software-supported"}


def test_policies_reading_one_graph_are_one_item_where_the_costliest_stands() -> None:
    policies = list_revision(ROOT).policies.policies
    ids = [p.id for p in policies]
    assert set(ids) >= GRAPH_READERS
    assert {p.id for p in policies if p.graphs()} == GRAPH_READERS
    costs = dict.fromkeys(ids, 0.01) | {
        "tier1-software-supported": 0.4,
        "prod-independent-of-nonprod": 0.2,
        "software-supported": 0.3,
    }
    items = _by_graph(policies, costliest_first(ids, costs))
    named = [[ids[at] for at in item] for item in items]
    assert named[0] == ["tier1-software-supported", "prod-independent-of-nonprod"]
    assert named[1] == ["software-supported"]
    assert all(len(item) == 1 for item in named[1:])
    assert sorted(at for item in items for at in item) == list(range(len(policies)))
