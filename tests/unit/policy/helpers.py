"""Judge small inventories by one or more policies, through the real loaders and engine.

Each call writes ``inventory/docs.yaml`` and ``policies/policy.yaml`` into a folder (no Git:
the working-tree source walks it) and runs ``judge`` exactly as ``validate`` does; the kinds
and relations are the packaged standard ones.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from cmdbgit.judge import judge
from cmdbgit.model.problem import Problem
from cmdbgit.model.result import ValidationResult
from cmdbgit.revision import open_revision

AS_OF = date(2026, 11, 27)


def doc(
    kind: str, ident: str, spec: dict[str, Any] | None = None, **metadata: Any
) -> dict[str, Any]:
    """A document; ``relations=[...]`` and ``owner``/``labels``/``annotations`` are keywords."""
    relations = metadata.pop("relations", None)
    meta: dict[str, Any] = {"id": ident, **metadata}
    if kind not in ("Team", "Person", "Vendor", "Location"):
        meta.setdefault("owner", "team-a")
    out: dict[str, Any] = {"apiVersion": "cmdbgit/v1", "kind": kind, "metadata": meta}
    if spec is not None:
        out["spec"] = spec
    if relations is not None:
        out["relations"] = [{"type": t, "target": x} for t, x in relations]
    return out


def policy(ident: str, rule: str | None = None, **spec: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"description": f"test policy {ident}", **spec}
    if rule is not None:
        body["rule"] = rule
    return {
        "apiVersion": "cmdbgit/v1",
        "kind": "Policy",
        "metadata": {"id": ident, "owner": "team-a"},
        "spec": body,
    }


def yaml_stream(items: list[dict[str, Any]]) -> str:
    # JSON is YAML: one flow document per item keeps every value exactly as given.
    return "".join(f"---\n{json.dumps(item)}\n" for item in items)


def run(
    root: Path,
    documents: list[dict[str, Any]] | str,
    policies: list[dict[str, Any]] | str,
    as_of: date = AS_OF,
) -> ValidationResult:
    inventory = documents if isinstance(documents, str) else yaml_stream(documents)
    rules = policies if isinstance(policies, str) else yaml_stream(policies)
    (root / "inventory").mkdir(parents=True, exist_ok=True)
    (root / "policies").mkdir(parents=True, exist_ok=True)
    (root / "inventory" / "docs.yaml").write_text(inventory, encoding="utf-8")
    if rules:
        (root / "policies" / "policy.yaml").write_text(rules, encoding="utf-8")
    return judge(open_revision(root), as_of)


def policy_problems(result: ValidationResult) -> list[Problem]:
    return [p for p in result.problems if p.rule.startswith("policy")]


def violators(result: ValidationResult, ident: str | None = None) -> set[str]:
    """Ids of documents with an unsuppressed problem of policy ``ident`` (any policy: None)."""
    rule = f"policy/{ident}" if ident else None
    return {
        p.id or ""
        for p in result.problems
        if (p.rule == rule if rule else p.rule.startswith("policy/"))
    }


TEAM = doc("Team", "team-a", {"members": ["p-a"]})
PERSON = doc("Person", "p-a", {"email": "a@example.com", "status": "active"})
