"""``member-count``: a number that counts members does not exceed the members there are.

A kind schema marks such a field with ``"x-at-most-incoming": "<relation type>"`` — a
Cluster's ``min_healthy`` with ``member_of``. The value may not be larger than the number of
documents that point at this one with that relation type. A warning, not an error: a cluster
is often written before its members are, in the same pull request or the next one; until
then it can never be healthy, and that is worth saying.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import get_path
from cmdbgit.model.problem import Problem
from cmdbgit.model.reads import SpecReads
from cmdbgit.validate.context import CheckContext

RULE = "member-count"


def check(ctx: CheckContext) -> Iterator[Problem]:
    bounded = {
        kind: s.at_most_incoming for kind, s in ctx.rules.kinds.items() if s.at_most_incoming
    }
    if not bounded:
        return
    types = {relation for fields in bounded.values() for _path, relation in fields}
    members: dict[tuple[str, str], set[str]] = defaultdict(set)
    for edge in ctx.inventory.edges:
        if edge.type in types:
            members[(edge.target, edge.type)].add(edge.source)
    for kind, fields in bounded.items():
        for doc in ctx.inventory.of_kind(kind):
            for path, relation in fields:
                value = get_path(doc.data, path)
                if isinstance(value, bool) or not isinstance(value, int | float):
                    continue  # the schema layer's finding (2.0 is an integer to JSON Schema)
                have = len(members.get((doc.id or "", relation), ()))
                if value > have:
                    yield ctx.problem(
                        RULE,
                        doc,
                        path,
                        f"{path[-1]} is {value}, but only {have} document(s) are "
                        f"{relation} {doc.id}",
                        severity="warning",
                    )


def spec_reads(kinds: KindRegistry) -> SpecReads:
    """The counting fields of the kinds that have them."""
    reads = SpecReads()
    for kind, schema in kinds.items():
        for path, _relation in schema.at_most_incoming:
            reads.add_path([kind], path)
    return reads
