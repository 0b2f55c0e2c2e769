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
import re
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


#: A field of a kind to check: its path, and for a direct field of ``spec`` (nearly all of
#: them) its leaf and how it is shown, so the common case is one dict lookup.
_Field = tuple[tuple[str, ...], str | None, str]


def _fields(ctx: ReportContext, kind: str) -> list[_Field] | None:
    schema = ctx.revision.rules.kinds.get(kind)
    if schema is None:
        return None
    out: list[_Field] = []
    for path in dict.fromkeys((*schema.required, *schema.recommended)):
        direct = path[:-1] == ("spec",)
        leaf = path[-1]
        out.append((path, leaf if direct else None, format_path(path) or leaf))
    return out


def completeness(ctx: ReportContext) -> Dimension:
    checked = passed = 0
    items = []
    by_kind: dict[str, list[_Field] | None] = {}
    for doc in ctx.inventory.documents:
        kind = doc.kind or ""
        if kind not in by_kind:
            by_kind[kind] = _fields(ctx, kind)
        fields = by_kind[kind]
        if fields is None:
            continue
        spec = doc.spec
        missing = []
        for path, leaf, shown in fields:
            if leaf is not None:  # _slots for a direct field of spec, inline
                checked += 1
                if _filled(spec.get(leaf)):
                    passed += 1
                else:
                    missing.append(shown)
                continue
            for where, ok in _slots(doc, path):
                checked += 1
                passed += ok
                if not ok:
                    missing.append(where)
        if missing:
            items.append(_item(doc, "missing " + ", ".join(missing), missing=missing))
    return Dimension(
        "completeness", "required and recommended fields filled", checked, passed, "fields", items
    )


def _hostname(value: str) -> str:
    return value.strip().rstrip(".").lower()


#: A dotted IPv4 address as ``ipaddress`` writes it (no leading zeros): its own compressed
#: form, known without parsing.
_PLAIN_IPV4 = re.compile(
    r"(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}"
    r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
)


def _ip(value: str) -> str:
    if _PLAIN_IPV4.fullmatch(value):
        return value
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
    identities = list(IDENTITIES.items())
    for doc in ctx.inventory.documents:
        spec = doc.spec
        for name, normal in identities:
            value = spec.get(name)
            if isinstance(value, str) and value.strip():
                seen[(name, normal(value))].append(doc)
                subject[doc.id or ""] = doc
    findings: dict[str, list[str]] = defaultdict(list)
    extra: dict[str, list[dict[str, object]]] = defaultdict(list)
    # Sorted after the filter: nearly every value is unique.
    for (name, value), docs in sorted(item for item in seen.items() if len(item[1]) > 1):
        for doc in docs:
            others = sorted(d.id or "" for d in docs if d is not doc)
            findings[doc.id or ""].append(f"duplicate {name} {value} (also {', '.join(others)})")
            extra[doc.id or ""].append(
                {"issue": f"duplicate-{name}", "value": value, "others": others}
            )
    linked = {e.source for e in ctx.inventory.edges} | {e.target for e in ctx.inventory.edges}
    kinds = ctx.revision.rules.kinds
    expects = {}
    for doc in ctx.inventory.documents:
        kind = doc.kind or ""
        if kind not in expects:
            schema = kinds.get(kind)
            expects[kind] = schema is not None and schema.expects_relations
        if expects[kind]:
            ident = doc.id
            subject[ident or ""] = doc
            if ident not in linked:
                findings[ident or ""].append("orphan: no relation in or out")
                extra[ident or ""].append({"issue": "orphan"})
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
    ids = [doc.id for doc in docs]
    verified = {
        ident: parse_date(doc.metadata.get("last_verified"))
        for ident, doc in zip(ids, docs, strict=True)
    }
    committed = {}
    if not shallow and revision.handle.repo is not None:
        rev = "HEAD" if revision.source.label == WORKTREE else revision.source.label
        wanted = {doc.file for ident, doc in zip(ids, docs, strict=True) if verified[ident] is None}
        committed = last_commit_dates(
            revision.handle, rev, revision.rules.config.paths.inventory, wanted
        )
    checked = passed = 0
    items, unknown = [], []
    for ident, doc in zip(ids, docs, strict=True):
        when, source = verified[ident], "last_verified"
        if when is None:
            when, source = committed.get(doc.file), "last commit"
        if when is None:
            unknown.append(ident or "")
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
