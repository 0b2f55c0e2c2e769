"""``envelope``: apiVersion, kind, metadata (id, owner, labels…) and the shape of relations."""

from __future__ import annotations

from collections.abc import Iterator

from cmdbgit.model.document import UNOWNED_KINDS
from cmdbgit.model.envelope import envelope_errors
from cmdbgit.model.problem import Problem
from cmdbgit.validate.context import CheckContext

RULE = "envelope"


def check(ctx: CheckContext) -> Iterator[Problem]:
    settled = ctx.settled
    for doc in ctx.loaded.documents:
        if settled and doc.file in settled:
            continue  # judged clean before: same blob, same rules
        if ctx.loaded.is_broken(doc):
            continue  # its yaml problem says it all
        if not isinstance(doc.data, dict):
            found = type(doc.data).__name__.replace("list", "a sequence").replace("str", "a string")
            yield ctx.problem(RULE, doc, (), f"a document must be a mapping, found {found}")
            continue
        for path, message in envelope_errors(doc.data):
            yield ctx.problem(RULE, doc, path, message, at_key="unknown field" in message)
        kind = doc.kind
        if kind is not None and kind not in ctx.rules.kinds:
            known = ", ".join(sorted(ctx.rules.kinds))
            yield ctx.problem(RULE, doc, ("kind",), f"unknown kind {kind!r} (known: {known})")
        if (
            kind is not None
            and kind not in UNOWNED_KINDS
            and isinstance(doc.data.get("metadata"), dict)
        ) and "owner" not in doc.metadata:
            yield ctx.problem(
                RULE,
                doc,
                ("metadata",),
                f"metadata.owner is required for a {kind} (a Team id)",
                at_key=True,
            )
