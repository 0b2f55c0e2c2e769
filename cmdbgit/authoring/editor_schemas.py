"""Whole-document JSON Schemas for editors (yaml-language-server, VS Code).

The kind schemas in ``schemas/`` describe ``spec`` only, so a complete document fails against
them. Here each kind becomes ``<Kind>.document.json`` — the envelope, that kind's ``spec`` and
its relations with the allowed types as an enum — plus one combined schema that picks the kind
by ``kind``. Policy, PolicyTest and ``cmdbgit.yaml`` come from their pydantic models, so the
editor and the loader cannot disagree.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from cmdbgit.model.config import Config
from cmdbgit.model.document import UNOWNED_KINDS
from cmdbgit.model.envelope import ENVELOPE_SCHEMA
from cmdbgit.model.kinds import KindSchema
from cmdbgit.model.relations import RelationRegistry
from cmdbgit.policy.model import PolicyDocument
from cmdbgit.policy.testcase import PolicyTestDocument
from cmdbgit.workspace import RuleSet

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DOCUMENT_SUFFIX = ".document.json"
#: The combined schema: any inventory document, its kind chosen by ``kind``.
COMBINED = "inventory.document.json"
CONFIG_SCHEMA = "cmdbgit.yaml.schema.json"


def export(rules: RuleSet) -> dict[str, bytes]:
    """File name -> bytes of every editor schema for this rule set."""
    per_kind = {
        name: document_schema(kind, rules.relations) for name, kind in sorted(rules.kinds.items())
    }
    schemas: dict[str, dict[str, Any]] = {f"{k}{DOCUMENT_SUFFIX}": s for k, s in per_kind.items()}
    schemas[COMBINED] = combined_schema(per_kind)
    schemas[f"Policy{DOCUMENT_SUFFIX}"] = _model_schema(PolicyDocument, "Policy")
    schemas[f"PolicyTest{DOCUMENT_SUFFIX}"] = _model_schema(PolicyTestDocument, "PolicyTest")
    schemas[CONFIG_SCHEMA] = _model_schema(Config, "cmdbgit.yaml")
    return {name: _dump(schema) for name, schema in schemas.items()}


def document_schema(kind: KindSchema, relations: RelationRegistry) -> dict[str, Any]:
    """The schema of one whole document of ``kind``."""
    envelope = copy.deepcopy(ENVELOPE_SCHEMA)
    props = envelope["properties"]
    props["kind"] = {"const": kind.kind}
    if kind.kind not in UNOWNED_KINDS:
        props["metadata"]["required"] = ["id", "owner"]
        props["metadata"]["properties"]["owner"] = {"type": "string", "description": "Team id."}
    spec = _rebase(_strip_root(kind.schema), "#/$defs/spec/")
    envelope["$defs"] = {"spec": spec}
    if kind.schema.get("required"):
        envelope["required"] = [*envelope["required"], "spec"]
        props["spec"] = {"$ref": "#/$defs/spec"}
    else:
        props["spec"] = {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/spec"}]}
    allowed = sorted(n for n, t in relations.types.items() if kind.kind in t.from_kinds)
    entry = props["relations"]["items"]
    if allowed:
        entry["properties"]["type"] = {"enum": allowed}
    else:
        props["relations"]["maxItems"] = 0
    title = kind.schema.get("title") or kind.kind
    head: dict[str, Any] = {"$schema": DRAFT, "title": f"{title} document"}
    if isinstance(kind.schema.get("description"), str):
        head["description"] = kind.schema["description"]
    return {**head, **envelope}


def combined_schema(per_kind: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Any inventory document: ``kind`` picks the per-kind schema (``if``/``then`` on a const,
    which yaml-language-server follows for completion)."""
    defs = {name: _rebase(_strip_root(s), f"#/$defs/{name}/") for name, s in per_kind.items()}
    return {
        "$schema": DRAFT,
        "title": "cmdbgit inventory document",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": sorted(per_kind)}},
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
                "then": {"$ref": f"#/$defs/{name}"},
            }
            for name in sorted(per_kind)
        ],
        "$defs": defs,
    }


def _model_schema(model: Any, title: str) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True)
    return {"$schema": DRAFT, **schema, "title": title}


def _strip_root(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema made fit to embed: no ``$schema``/``$id`` of its own."""
    return {k: v for k, v in schema.items() if k not in ("$schema", "$id")}


def _rebase(node: Any, prefix: str) -> Any:
    """Local ``$ref`` pointers rewritten for a schema embedded at ``prefix``."""
    if isinstance(node, dict):
        out = {k: _rebase(v, prefix) for k, v in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            out["$ref"] = prefix + ref[2:] if ref.startswith("#/") else prefix.rstrip("/")
        return out
    if isinstance(node, list):
        return [_rebase(v, prefix) for v in node]
    return node


def _dump(schema: dict[str, Any]) -> bytes:
    return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
