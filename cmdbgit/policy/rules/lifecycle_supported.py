"""No matched CI runs a SoftwareProduct version past its end of life.

The software a document runs is every ``{product, version}`` pair whose ``product`` the kind's
schema declares as a reference to a SoftwareProduct (``x-ref``) — ``spec.os``, ``spec.engine``
and each ``spec.software`` item for the standard kinds, and the same shapes in user kinds.
The version matches the longest version the product lists that is equal to it or a dotted
prefix of it (``22.04.3`` matches ``22.04``, never ``22.0``); past EOL means the run's date
is after that version's ``eol``. With ``min_days_left`` a version must also stay supported
that many more days. Versions the product does not list are not judged unless
``report_unlisted`` is true.

``needed_by`` narrows the policy to what some documents need: only CIs that a document
matching ``needed_by`` depends on, directly or transitively (see ``forbid-dependency`` for
how dependencies are read), are judged — e.g. everything tier-1 services need::

    rule: lifecycle-supported
    params:
      needed_by: {kinds: [Service], where: {spec.criticality: tier-1}}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import Field, StrictBool, StrictInt

from cmdbgit.model.document import Document
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import FieldPath, expand_pattern, get_path
from cmdbgit.policy.context import BuiltinRule, RuleContext, RuleParams, Violation
from cmdbgit.policy.dates import as_date
from cmdbgit.policy.model import Match

PRODUCT_KIND = "SoftwareProduct"


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


@dataclass(frozen=True, slots=True)
class Running:
    """One product version a document runs, and where its version is written."""

    path: FieldPath
    product: str
    version: str


def check(ctx: RuleContext, params: Params) -> Iterator[Violation]:
    needed: dict[str, str] | None = None
    if params.needed_by is not None:
        users = [d.id for d in ctx.facts.select(params.needed_by) if d.id]
        needed = ctx.facts.dependencies().closure(users)
    for doc in ctx.documents:
        if needed is not None and (doc.id or "") not in needed:
            continue
        for running in software(doc, ctx.facts.kinds):
            product = ctx.inventory.get(running.product)
            if product is None or product.kind != PRODUCT_KIND:
                continue  # a dangling product is the references layer's finding
            listed, eol = _line(product, running.version)
            origin = needed.get(doc.id or "") if needed else None
            suffix = f" (needed by {origin})" if origin and origin != doc.id else ""
            if listed is None:
                if params.report_unlisted:
                    yield Violation(
                        doc,
                        running.path,
                        f"{running.product} {running.version} is not a version "
                        f"{running.product} lists{suffix}",
                    )
                continue
            message = _judge(running, listed, eol, ctx.as_of, params.min_days_left)
            if message:
                yield Violation(
                    doc, running.path, message + suffix, related=((product, ("spec", "versions")),)
                )


def software(doc: Document, kinds: KindRegistry) -> Iterator[Running]:
    """Every (product, version) ``doc`` runs, found through the schema's ``x-ref`` fields."""
    schema = kinds.get(doc.kind or "")
    if schema is None:
        return
    for ref in schema.refs:
        if PRODUCT_KIND not in ref.kinds or ref.pattern[-1:] != ("product",):
            continue
        for path, product in expand_pattern(doc.data, ref.pattern):
            holder = get_path(doc.data, path[:-1])
            version = holder.get("version") if isinstance(holder, dict) else None
            if isinstance(product, str) and isinstance(version, str):
                yield Running((*path[:-1], "version"), product, version)


def _line(product: Document, version: str) -> tuple[str | None, date | None]:
    """The longest listed version equal to ``version`` or a dotted prefix of it, with its EOL."""
    best: tuple[str | None, date | None] = (None, None)
    versions: Any = product.spec.get("versions")
    for entry in versions if isinstance(versions, list) else ():
        listed = entry.get("version") if isinstance(entry, dict) else None
        if not isinstance(listed, str):
            continue
        if (version == listed or version.startswith(listed + ".")) and len(listed) > len(
            best[0] or ""
        ):
            best = (listed, as_date(entry.get("eol")))
    return best


def _judge(running: Running, listed: str, eol: date | None, today: date, days: int) -> str:
    if eol is None:
        return ""
    name = f"{running.product} {running.version}"
    line = "" if listed == running.version else f" (version line {listed})"
    left = (eol - today).days
    if left < 0:
        return f"runs {name}{line}, past its end of life on {eol}"
    if left < days:
        return f"runs {name}{line}, whose end of life is {eol}, in {left} days (at least {days} required)"
    return ""


RULE = BuiltinRule(Params, check, __doc__ or "")
