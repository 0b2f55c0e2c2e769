"""One-line and full descriptions of rule ids, for formats that describe their rules (SARIF
``rules``, report legends). The rules themselves live in ``validate/`` and ``policy/``;
this table only says in words what SPEC §4 says each id means."""

from __future__ import annotations

from dataclasses import dataclass

POLICY_PREFIX = "policy/"


@dataclass(frozen=True, slots=True)
class RuleDoc:
    short: str
    full: str


_CORE: dict[str, RuleDoc] = {
    "yaml": RuleDoc(
        "The file is not valid, safe YAML",
        "Unparseable YAML, duplicate mapping keys, forbidden tags, alias or depth limits, "
        "bytes that are not UTF-8, non-string keys, tab indentation or a file over the size "
        "limit.",
    ),
    "envelope": RuleDoc(
        "The document envelope is invalid",
        "apiVersion, kind, metadata.id or metadata.owner is missing or invalid, the kind is "
        "unknown, or the envelope has a field it does not allow.",
    ),
    "schema": RuleDoc(
        "The document violates its kind's JSON Schema",
        "The spec of the document does not satisfy schemas/<Kind>.schema.json; the problem "
        "points at the offending field.",
    ),
    "duplicate-id": RuleDoc(
        "The same id is defined more than once",
        "Document ids are globally unique; every definition of a duplicated id is reported "
        "and names the others.",
    ),
    "dangling-reference": RuleDoc(
        "A reference names no document",
        "A field annotated with x-ref in the schema, or a relation target, names an id that "
        "no document defines (or one of the wrong kind).",
    ),
    "relation-type": RuleDoc(
        "The relation is not allowed by the registry",
        "Unknown relation type, an inverse name used instead of the forward name, or source "
        "and target kinds the relationship registry (schemas/relations.yaml) does not allow.",
    ),
    "cycle": RuleDoc(
        "A cycle through acyclic relation types",
        "Following relation types marked acyclic in the registry leads back to the start; "
        "the message names the cycle.",
    ),
    "owner": RuleDoc(
        "The owner is not a Team",
        "metadata.owner names a document that exists but is not a Team.",
    ),
    "rack-position": RuleDoc(
        "A rack position does not fit its rack",
        "spec.rack_position of a device reaches above the height_units of the rack it is "
        "located_in, shares a unit and a face with another device in that rack, or the device "
        "is not located_in a Location of type rack.",
    ),
    "member-count": RuleDoc(
        "Fewer members than the document needs",
        "A field marked x-at-most-incoming in its kind schema (a Cluster's min_healthy) is "
        "larger than the number of documents linked to it by that relation type (member_of): "
        "the cluster can never be healthy.",
    ),
    "policy-exception": RuleDoc(
        "A policy exception names no document",
        "An entry of a policy's exceptions list names an id that no document defines.",
    ),
}


def describe(rule: str) -> RuleDoc:
    """The description of a rule id; policies and unknown rules get a generic one."""
    doc = _CORE.get(rule)
    if doc is not None:
        return doc
    if rule.startswith(POLICY_PREFIX):
        name = rule[len(POLICY_PREFIX) :]
        return RuleDoc(
            f"Policy {name} is violated",
            f"The document violates the repository policy {name!r} (policies/); its "
            "description and parameters are in the policy document.",
        )
    return RuleDoc(f"cmdbgit rule {rule}", f"A problem reported by the cmdbgit rule {rule!r}.")
