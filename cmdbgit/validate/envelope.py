"""``envelope``: apiVersion, kind, metadata (id, owner, labels…) and the shape of relations."""

from __future__ import annotations

from collections.abc import Iterator

from cmdbgit.model.document import UNOWNED_KINDS
from cmdbgit.model.envelope import envelope_errors, key_problem
from cmdbgit.model.problem import Problem
from cmdbgit.model.redact import redact
from cmdbgit.model.suggest import did_you_mean
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
            yield ctx.problem(RULE, doc, path, message, at_key=key_problem(message))
        kind = doc.kind
        if kind is not None and kind not in ctx.rules.kinds:
            hint = did_you_mean(kind, ctx.rules.kinds)
            if not hint:
                hint = f" (known: {', '.join(sorted(ctx.rules.kinds))})"
            message = f"unknown kind {redact(kind, 'kind')}{hint}"
            yield ctx.problem(RULE, doc, ("kind",), message)
        if (
            kind is not None
            and kind not in UNOWNED_KINDS
            and isinstance(doc.data.get("metadata"), dict)
        ) and "owner" not in doc.metadata:
            yield ctx.problem(
                RULE,
                doc,
                ("metadata",),
                f"'owner' is required for a {kind}: the id of the Team that owns it",
                at_key=True,
            )
