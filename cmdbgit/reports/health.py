"""``health``: ServiceNow-style CMDB health, four 0–100 scores with the failing items.

* completeness — share of required and ``x-recommended`` fields that are filled (a nested
  field counts only where its parent object exists);
* correctness — share of checked documents with no duplicate serial, hostname or IP across
  documents and that are not orphans (a kind marked ``x-expects-relations`` with no relation
  in or out);
* freshness — share of documents verified within ``stale_days``: ``metadata.last_verified``,
  else the last commit that touched the document's file (one ``git log`` pass). In a shallow
  clone only ``last_verified`` counts and the report says so;
* compliance — share of documents with no ``policy/…`` problem, when policies exist;
* truth — where imports ran: share of the documents in an import source's scope that agreed
  with it when it last looked (``observed/<source>.json``, recorded by
  ``import --write``): no field it owns differed and it still saw the document.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Callable, Iterator

from cmdbgit.imports.observation import observations
from cmdbgit.model.dates import parse_date
from cmdbgit.model.document import Document
from cmdbgit.model.paths import expand_pattern, format_path
from cmdbgit.reports.context import POLICY_PREFIX, ReportContext
from cmdbgit.reports.gitdates import last_commit_dates
from cmdbgit.reports.health_model import Dimension, HealthItem, HealthReport
from cmdbgit.source.base import WORKTREE


def _item(doc: Document, detail: str, **extra: object) -> HealthItem:
    return HealthItem(doc.id or "", doc.kind or "", doc.file, detail, dict(extra))


def _filled(value: object) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _slots(doc: Document, path: tuple[str, ...]) -> Iterator[tuple[str, bool]]:
    """(concrete path, filled) for each place ``path`` applies in ``doc``."""
    parent, leaf = path[:-1], path[-1]
    nodes = [(parent, doc.spec)] if parent == ("spec",) else list(expand_pattern(doc.data, parent))
    for where, node in nodes:
        value = node.get(leaf) if isinstance(node, dict) else None
        yield format_path((*where, leaf)) or leaf, _filled(value)


def completeness(ctx: ReportContext) -> Dimension:
    checked = passed = 0
    items = []
    for doc in ctx.inventory.documents:
        schema = ctx.revision.rules.kinds.get(doc.kind or "")
        if schema is None:
            continue
        missing = []
        for path in dict.fromkeys((*schema.required, *schema.recommended)):
            for shown, ok in _slots(doc, path):
                checked += 1
                passed += ok
                if not ok:
                    missing.append(shown)
        if missing:
            items.append(_item(doc, "missing " + ", ".join(missing), missing=missing))
    return Dimension(
        "completeness", "required and recommended fields filled", checked, passed, "fields", items
    )


def _hostname(value: str) -> str:
    return value.strip().rstrip(".").lower()


def _ip(value: str) -> str:
    try:
        return ipaddress.ip_address(value.strip()).compressed
    except ValueError:
        return value.strip()


#: Identity fields that must not repeat across documents, with how values compare.
IDENTITIES: dict[str, Callable[[str], str]] = {
    "serial": lambda v: v.strip().upper(),
    "hostname": _hostname,
    "ip": _ip,
}


def correctness(ctx: ReportContext) -> Dimension:
    seen: dict[tuple[str, str], list[Document]] = defaultdict(list)
    subject: dict[str, Document] = {}
    for doc in ctx.inventory.documents:
        for name, normal in IDENTITIES.items():
            value = doc.spec.get(name)
            if isinstance(value, str) and value.strip():
                seen[(name, normal(value))].append(doc)
                subject[doc.id or ""] = doc
    findings: dict[str, list[str]] = defaultdict(list)
    extra: dict[str, list[dict[str, object]]] = defaultdict(list)
    for (name, value), docs in sorted(seen.items()):
        if len(docs) < 2:
            continue
        for doc in docs:
            others = sorted(d.id or "" for d in docs if d is not doc)
            findings[doc.id or ""].append(f"duplicate {name} {value} (also {', '.join(others)})")
            extra[doc.id or ""].append(
                {"issue": f"duplicate-{name}", "value": value, "others": others}
            )
    linked = {e.source for e in ctx.inventory.edges} | {e.target for e in ctx.inventory.edges}
    for doc in ctx.inventory.documents:
        schema = ctx.revision.rules.kinds.get(doc.kind or "")
        if schema is not None and schema.expects_relations:
            subject[doc.id or ""] = doc
            if doc.id not in linked:
                findings[doc.id or ""].append("orphan: no relation in or out")
                extra[doc.id or ""].append({"issue": "orphan"})
    items = [
        _item(subject[i], "; ".join(findings[i]), issues=extra[i])
        for i in sorted(findings, key=lambda i: (subject[i].file, i))
    ]
    return Dimension(
        "correctness",
        "no duplicate serials/hostnames/IPs, no orphans",
        len(subject),
        len(subject) - len(items),
        "documents",
        items,
    )


def freshness(ctx: ReportContext) -> Dimension:
    revision = ctx.revision
    shallow = revision.handle.repo is not None and revision.handle.is_shallow
    docs = ctx.inventory.documents
    verified = {doc.id: parse_date(doc.metadata.get("last_verified")) for doc in docs}
    committed = {}
    if not shallow and revision.handle.repo is not None:
        rev = "HEAD" if revision.source.label == WORKTREE else revision.source.label
        wanted = {doc.file for doc in docs if verified[doc.id] is None}
        committed = last_commit_dates(
            revision.handle, rev, revision.rules.config.paths.inventory, wanted
        )
    checked = passed = 0
    items, unknown = [], []
    for doc in docs:
        when, source = verified[doc.id], "last_verified"
        if when is None:
            when, source = committed.get(doc.file), "last commit"
        if when is None:
            unknown.append(doc.id or "")
            continue
        checked += 1
        age = (ctx.as_of - when).days
        if age <= ctx.settings.stale_days:
            passed += 1
        else:
            items.append(
                _item(
                    doc,
                    f"{source} {when.isoformat()} ({age} days ago)",
                    date=when.isoformat(),
                    source=source,
                    age_days=age,
                )
            )
    items.sort(key=lambda i: (-int(i.extra["age_days"]), i.id))
    dim = Dimension(
        "freshness",
        f"verified or changed within {ctx.settings.stale_days} days",
        checked,
        passed,
        "documents",
        items,
    )
    if shallow:
        dim.notes.append("shallow clone: only metadata.last_verified counts (Git history is cut)")
    if unknown:
        dim.notes.append(
            f"{len(unknown)} document(s) have no last_verified and no commit "
            "(uncommitted or shallow) and are not scored"
        )
    return dim


def policies_exist(ctx: ReportContext) -> bool:
    return bool(ctx.revision.policies.policies)


def compliance(ctx: ReportContext) -> Dimension:
    docs = ctx.inventory.documents
    if not policies_exist(ctx):
        return Dimension(
            "compliance",
            "documents with no policy problem",
            0,
            0,
            "documents",
            [],
            status="no policies",
        )
    by_doc: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for p in ctx.problems:
        if p.rule.startswith(POLICY_PREFIX) and p.id is not None:
            by_doc[(p.file, p.id)].append(
                {"rule": p.rule, "severity": p.severity, "path": p.path, "message": p.message}
            )
    items = []
    for doc in docs:
        found = by_doc.get((doc.file, doc.id or ""))
        if found:
            detail = "; ".join(f"{f['rule']}: {f['message']}" for f in found)
            items.append(_item(doc, detail, problems=found))
    return Dimension(
        "compliance",
        "documents with no policy problem",
        len(docs),
        len(docs) - len(items),
        "documents",
        items,
    )


def truth(ctx: ReportContext) -> Dimension:
    found, notes = observations(ctx.revision.source)
    description = "documents that agreed with their import source when it last looked"
    if not found:
        return Dimension("truth", description, 0, 0, "documents", [], "no imports", notes)
    disagreed: dict[str, list[str]] = defaultdict(list)
    in_scope: set[str] = set()
    for seen in found:
        in_scope.update(seen.in_scope)
        for ident in seen.disagreed:
            disagreed[ident].append(f"{seen.source} on {seen.as_of}")
    items = []
    checked = 0
    for doc in ctx.inventory.documents:
        if doc.id is None or doc.id not in in_scope:
            continue  # retired since, or never in a source's scope
        checked += 1
        if doc.id in disagreed:
            detail = "disagreed with " + ", ".join(disagreed[doc.id])
            items.append(_item(doc, detail, sources=disagreed[doc.id]))
    passed = checked - len(items)
    return Dimension("truth", description, checked, passed, "documents", items, notes=notes)


DIMENSIONS: dict[str, Callable[[ReportContext], Dimension]] = {
    "completeness": completeness,
    "correctness": correctness,
    "freshness": freshness,
    "compliance": compliance,
    "truth": truth,
}


def build(ctx: ReportContext) -> HealthReport:
    dimensions = [check(ctx) for check in DIMENSIONS.values()]
    handle = ctx.revision.handle
    shallow = handle.repo is not None and handle.is_shallow
    report = HealthReport(
        dimensions=dimensions, stale_days=ctx.settings.stale_days, shallow=shallow, notes=[]
    )
    for d in dimensions:
        report.notes.extend(f"{d.name}: {n}" for n in d.notes)
    return report
