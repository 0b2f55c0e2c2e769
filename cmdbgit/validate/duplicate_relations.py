"""``duplicate-relation``: the same relation (type and target) written twice in one document.

Harmless to the graph, but a sign of a copy-paste slip (one of the two was meant to point
elsewhere), so a warning, located at the second. A relation repeated many times is ONE
problem that says how often: a generated file with 100,000 copies must not cost 100,000
located problems.

A document's own relations decide it, so it is one of the document-local layers whose clean
verdicts are remembered by blob (``store/verdicts.py``): a file judged clean before is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmdbgit.model.document import Document
from cmdbgit.model.problem import Problem
from cmdbgit.validate.context import CheckContext

RULE = "duplicate-relation"


def check(ctx: CheckContext) -> Iterator[Problem]:
    settled = ctx.settled
    for doc in ctx.inventory.documents:
        if doc.id is None or (settled and doc.file in settled):
            continue  # no id, no edges; or judged clean before (same blob, same rules)
        relations = doc.data.get("relations")
        if not isinstance(relations, list) or len(relations) < 2:
            continue
        written: list[tuple[tuple[str, str], int]] = []
        for index, rel in enumerate(relations):
            if isinstance(rel, dict):  # what the inventory makes an edge of
                rtype, target = rel.get("type"), rel.get("target")
                if isinstance(rtype, str) and isinstance(target, str):
                    written.append(((rtype, target), index))
        if len({key for key, _index in written}) == len(written):  # almost always
            continue
        places: dict[tuple[str, str], list[int]] = {}
        for key, index in written:
            places.setdefault(key, []).append(index)
        for (rtype, target), indexes in places.items():
            if len(indexes) > 1:
                yield _problem(ctx, doc, rtype, target, indexes)


def _problem(
    ctx: CheckContext, doc: Document, rtype: str, target: str, indexes: list[int]
) -> Problem:
    first, second = indexes[0], indexes[1]
    times = "twice" if len(indexes) == 2 else f"{len(indexes):,} times"
    return ctx.problem(
        RULE,
        doc,
        ("relations", second),
        f"relation {rtype} → {target!r} is written {times} (first as relations[{first}]): keep one",
        severity="warning",
        related=(ctx.location(doc, ("relations", first)),),
    )
