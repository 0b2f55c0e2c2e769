"""No matched CI runs a SoftwareProduct version past its end of life.

The software a document runs is every ``{product, version}`` pair whose ``product`` the kind's
schema declares as a reference to a SoftwareProduct (``x-ref``) — ``spec.os``, ``spec.engine``
and each ``spec.software`` item for the standard kinds, and the same shapes in user kinds.
The version matches the longest version the product lists that is equal to it or a dotted
prefix of it (``22.04.3`` matches ``22.04``, never ``22.0``); past EOL means the run's date
is after that version's ``eol``. With ``min_days_left`` a version must also stay supported
that many more days. Versions the product does not list are not judged unless
``report_unlisted`` is true.

With ``hardware: true`` the hardware itself is judged too: a matched document's end of life
is its own ``spec.lifecycle.eol``, else the ``end_of_support`` of the HardwareModel its
``spec.hardware_model`` names (``min_days_left`` applies the same way) — e.g. every deployed
device on a model its vendor no longer supports::

    rule: lifecycle-supported
    match: {kinds: [HardwareAsset], where: {spec.lifecycle.status: deployed}}
    params: {hardware: true}

``needed_by`` narrows the policy to what some documents need: only CIs that a document
matching ``needed_by`` depends on, directly or transitively (see ``forbid-dependency`` for
how dependencies are read), are judged — e.g. everything tier-1 services need::

    rule: lifecycle-supported
    params:
      needed_by: {kinds: [Service], where: {spec.criticality: tier-1}}
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pydantic import Field, StrictBool, StrictInt

from cmdbgit.model.document import Document
from cmdbgit.model.hardware import MODEL_KIND, end_of_life
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.reads import SpecReads
from cmdbgit.model.software import (
    PRODUCT_KIND,
    Installed,
    VersionLine,
    installed_software,
    match_version,
    product_holders,
    version_lines,
)
from cmdbgit.model.words import plural
from cmdbgit.policy.context import (
    BuiltinRule,
    RuleContext,
    RuleParams,
    Violation,
    selector_reads,
)
from cmdbgit.policy.model import Match


class Params(RuleParams):
    min_days_left: StrictInt = Field(
        default=0, ge=0, description="days of support that must remain after the run's date"
    )
    needed_by: Match | None = Field(
        default=None, description="judge only CIs that documents matching this depend on"
    )
    report_unlisted: StrictBool = Field(
        default=False, description="also report versions the product does not list"
    )
    hardware: StrictBool = Field(
        default=False,
        description="also judge the hardware's end of life (its own, else its hardware model's)",
    )


def check(ctx: RuleContext, params: Params) -> Iterator[Violation]:
    needed: dict[str, str] | None = None
    if params.needed_by is not None:
        users = [d.id for d in ctx.facts.select(params.needed_by) if d.id]
        needed = ctx.facts.dependencies().closure(users)
    lines: dict[str, list[VersionLine]] = {}  # each product's, read once (10^4s of runs each)
    for doc in ctx.documents:
        if needed is not None and (doc.id or "") not in needed:
            continue
        origin = needed.get(doc.id or "") if needed else None
        suffix = f" (needed by {origin})" if origin and origin != doc.id else ""
        if params.hardware:
            yield from _hardware(ctx, doc, params.min_days_left, suffix)
        for running in installed_software(doc, ctx.facts.kinds):
            product = ctx.inventory.get(running.product)
            if product is None or product.kind != PRODUCT_KIND:
                continue  # a dangling product is the references layer's finding
            listing = lines.get(running.product)
            if listing is None:
                listing = lines[running.product] = version_lines(product)
            line = match_version(running.version, listing)
            listed, eol = (line.version, line.eol) if line else (None, None)
            if listed is None:
                if params.report_unlisted:
                    yield Violation(
                        doc,
                        running.version_path,
                        f"{running.product} {running.version} is not a version "
                        f"{running.product} lists{suffix}",
                    )
                continue
            message = _judge(running, listed, eol, ctx.as_of, params.min_days_left)
            if message:
                yield Violation(
                    doc,
                    running.version_path,
                    message + suffix,
                    related=((product, ("spec", "versions")),),
                )


def _hardware(ctx: RuleContext, doc: Document, days: int, suffix: str) -> Iterator[Violation]:
    end = end_of_life(doc, ctx.inventory)
    if end is None:
        return
    whose = (
        f"its hardware model {end.model.id}'s end of support" if end.model else "its end of life"
    )
    left = (end.day - ctx.as_of).days
    if left < 0:
        message = f"past {whose} on {end.day}"
    elif left < days:
        message = f"{whose} is {end.day}, in {left} days (at least {days} required)"
    else:
        return
    related = ((end.model, ("spec", "end_of_support")),) if end.model else ()
    yield Violation(doc, end.path, message + suffix, related=related)


def _judge(running: Installed, listed: str, eol: date | None, today: date, days: int) -> str:
    if eol is None:
        return ""
    name = f"{running.product} {running.version}"
    line = "" if listed == running.version else f" (version line {listed})"
    left = (eol - today).days
    if left < 0:
        return f"runs {name}{line}, past its end of life on {eol}"
    if left < days:
        return f"runs {name}{line}, whose end of life is {eol}, in {plural(left, 'day')} (at least {days} required)"
    return ""


def _graphs(params: Params) -> tuple[frozenset[str] | None, ...]:
    return (None,) if params.needed_by is not None else ()


def _reads(params: Params, matched: frozenset[str] | None, kinds: KindRegistry) -> SpecReads:
    """What each matched document runs (its schema's SoftwareProduct references), the
    products' versions, with ``hardware`` the end of life and its model, and the fields
    ``needed_by`` selects by; the dependency graph is made of relations."""
    reads = SpecReads().add([PRODUCT_KIND], None)
    for name in sorted(kinds if matched is None else matched):
        schema = kinds.get(name)
        for pattern in () if schema is None else product_holders(schema.refs):
            reads.add_path([name], pattern)
    if params.hardware:
        reads.add(matched, ["lifecycle", "hardware_model"]).add([MODEL_KIND], None)
    if params.needed_by is not None:
        reads.update(selector_reads(params.needed_by))
    return reads


RULE = BuiltinRule(Params, check, __doc__ or "", graphs=_graphs, spec_reads=_reads)
