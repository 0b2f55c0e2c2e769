"""``duplicate-id``: the same id defined twice — one problem per place, naming the others."""

from __future__ import annotations

from collections.abc import Iterator

from cmdbgit.model.problem import Problem
from cmdbgit.validate.context import CheckContext

RULE = "duplicate-id"
ID_PATH = ("metadata", "id")


def check(ctx: CheckContext) -> Iterator[Problem]:
    for ident, docs in ctx.inventory.duplicates.items():
        places = [ctx.location(doc, ID_PATH) for doc in docs]
        for doc, here in zip(docs, places, strict=True):
            others = tuple(p for p in places if p is not here)
            # each other definition by its document's first line (its ``related`` place
            # says where its id is, once placed)
            listed = ", ".join(f"{d.file}:{d.line}" for d in docs if d is not doc)
            yield ctx.problem(
                RULE,
                doc,
                ID_PATH,
                f"id {ident!r} is defined {len(docs)} times (also at {listed})",
                related=others,
            )
