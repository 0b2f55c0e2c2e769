"""Software licences are not consumed beyond what was bought.

Consumers are the documents with a ``relation`` (default ``uses_license``) to the licence,
counted by its ``spec.metric``: ``user`` counts Person consumers; ``device`` counts Endpoint
and Server consumers; ``core`` sums the consumers' ``spec.cpu_cores`` (consumers without it
are named as uncounted); ``site`` is 1 when the licence is used at all; ``subscription``
counts every consumer. Consumers of another kind than a ``user`` or ``device`` metric expects
are not counted (the ``licenses`` report lists them as mismatches). The entitlement is
``spec.quantity``, or 0 once ``spec.term.end`` is before the run's date.

Example::

    match: {kinds: [SoftwareLicense]}
    rule: license-within-entitlement
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from pydantic import Field, StrictStr

from cmdbgit.model.dates import parse_date
from cmdbgit.model.document import Document
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.reads import SpecReads
from cmdbgit.policy.context import BuiltinRule, RuleContext, RuleParams, Violation

#: Which consumer kinds a metric counts (None: every kind).
_COUNTED: dict[str, frozenset[str] | None] = {
    "user": frozenset({"Person"}),
    "device": frozenset({"Endpoint", "Server"}),
    "core": None,
    "site": None,
    "subscription": None,
}
_UNITS = {
    "user": "user",
    "device": "device",
    "core": "core",
    "site": "site",
    "subscription": "subscription",
}
#: At most this many consumers are attached to a finding as related locations.
_RELATED = 20


class Params(RuleParams):
    relation: StrictStr = Field(
        default="uses_license", description="the relation type that consumes a licence"
    )


def check(ctx: RuleContext, params: Params) -> Iterator[Violation]:
    consumers: dict[str, list[tuple[Document, int]]] = defaultdict(list)
    for edge in ctx.inventory.edges:
        if edge.type == params.relation:
            source = ctx.inventory.get(edge.source)
            if source is not None:
                consumers[edge.target].append((source, edge.index))
    for doc in ctx.documents:
        metric = doc.spec.get("metric")
        quantity = doc.spec.get("quantity")
        if metric not in _COUNTED or not isinstance(quantity, int) or isinstance(quantity, bool):
            continue
        users = [(c, i) for c, i in consumers.get(doc.id or "", []) if _counts(metric, c)]
        used, uncounted = _consumed(metric, [c for c, _ in users])
        term = doc.spec.get("term")
        end = parse_date(term.get("end")) if isinstance(term, dict) else None
        entitled = 0 if end is not None and end < ctx.as_of else quantity
        if used <= entitled:
            continue
        unit = _UNITS[metric] + ("" if used == 1 else "s")
        detail = f"{used} {unit} consumed, {entitled} entitled"
        if entitled != quantity:
            detail += f" (the term ended on {end})"
        else:
            detail += f" ({used - entitled} over)"
        if uncounted:
            detail += f"; not counted, no cpu_cores: {', '.join(uncounted)}"
        related = tuple((c, ("relations", i, "target")) for c, i in users[:_RELATED])
        where = ("spec", "quantity") if entitled == quantity else ("spec", "term", "end")
        yield Violation(doc, where, detail, related=related)


def _counts(metric: str, consumer: Document) -> bool:
    kinds = _COUNTED[metric]
    return kinds is None or consumer.kind in kinds


def _consumed(metric: str, users: list[Document]) -> tuple[int, list[str]]:
    if metric == "site":
        return (1 if users else 0), []
    if metric != "core":
        return len({u.id for u in users}), []
    total, uncounted = 0, []
    for user in {u.id: u for u in users}.values():
        cores = user.spec.get("cpu_cores")
        if isinstance(cores, int) and not isinstance(cores, bool):
            total += cores
        else:
            uncounted.append(user.id or "")
    return total, uncounted


def _reads(params: Params, matched: frozenset[str] | None, kinds: KindRegistry) -> SpecReads:
    """The matched licences' terms, and any consumer's ``cpu_cores``."""
    return SpecReads().add(matched, None).add(None, ["cpu_cores"])


RULE = BuiltinRule(Params, check, __doc__ or "", spec_reads=_reads)
