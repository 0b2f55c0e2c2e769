"""What each rule id means: what it catches, an example, and how to fix it.

The one source for the rule documentation (``docs/rules.md`` is generated from it), the SARIF
rule help and ``explain``. The rules themselves live in ``parse/``, ``validate/``, ``policy/``
and the config loader; every rule id they emit has an entry here (a test holds them to that).
"""

from __future__ import annotations

from dataclasses import dataclass

from cmdbgit import PROJECT_URL

POLICY_PREFIX = "policy/"
DOCS_URL = f"{PROJECT_URL}/blob/main/docs/rules.md"


@dataclass(frozen=True, slots=True)
class RuleDoc:
    short: str
    full: str
    #: A small input that triggers the rule (YAML unless it says otherwise), and what cmdbgit says.
    example: str = ""
    message: str = ""
    fix: str = ""
    severity: str = "error"

    @property
    def help_markdown(self) -> str:
        parts = [self.full]
        if self.example:
            parts.append(f"Example:\n\n```yaml\n{self.example.rstrip()}\n```")
        if self.message:
            parts.append(f"cmdbgit says: `{self.message}`")
        if self.fix:
            parts.append(f"How to fix: {self.fix}")
        return "\n\n".join(parts)

    @property
    def help_text(self) -> str:
        return f"{self.full} How to fix: {self.fix}" if self.fix else self.full


def anchor(rule: str) -> str:
    """The heading anchor of a rule in docs/rules.md (GitHub's slug of ``rule``)."""
    return "policyid" if rule.startswith(POLICY_PREFIX) else rule.replace("/", "")


def url(rule: str) -> str:
    return f"{DOCS_URL}#{anchor(rule)}"


RULES: dict[str, RuleDoc] = {
    "yaml": RuleDoc(
        "The file is not valid, safe YAML",
        "The file cannot be read as plain YAML 1.2 data: a syntax error, a duplicate mapping "
        "key, a tag (`!!python/object`, custom tags), too many aliases or too deep nesting, "
        "bytes that are not UTF-8, a key that is not a string, tab indentation, or a file over "
        "the size limit (`limits` in cmdbgit.yaml). A symlink or an unreadable file is an "
        "error too; a file that holds no document, or one cmdbgit skips (`*.YAML`, a "
        "submodule, a Git LFS pointer) is a warning.",
        "metadata:\n  id: srv-web-01\n  id: srv-web-02   # the same key twice",
        "duplicate key 'id' (first defined at line 2)",
        "Fix the YAML at the reported line: remove the duplicate key, replace tabs with "
        "spaces, drop tags and anchors, quote values that contain `: `. Split a file over the "
        "size limit into several.",
    ),
    "envelope": RuleDoc(
        "The document envelope is invalid",
        "The part every document shares is wrong: `apiVersion` is not `cmdbgit/v1`, `kind` "
        "names no kind in `schemas/`, `metadata.id` is missing or not a valid id (lower-case "
        "letters, digits and `-._`), `metadata.owner` is missing where it is required, labels "
        "are not strings, a relation entry lacks `type` or `target`, or there is a top-level "
        "key the envelope does not know.",
        "apiVersion: cmdbgit/v1\nkind: Sever\nmetadata: {id: srv-web-01, owner: team-platform}",
        "unknown kind 'Sever' (known: Application, …, Server, …)",
        "Correct the field the problem points at. Kinds are the file names in `schemas/` "
        '(`Server` for `schemas/Server.schema.json`); quote label values (`rack: "12"`).',
    ),
    "schema": RuleDoc(
        "The document violates its kind's JSON Schema",
        "`spec` does not satisfy `schemas/<Kind>.schema.json`: a required field is missing, a "
        "value has the wrong type or form, or a field is not in the schema (schemas are "
        "closed, so a typo is caught). One problem per violation, at the offending value.",
        "kind: Server\nspec:\n  hostnme: web-01.example.com   # typo",
        "unknown field 'spec.hostnme'",
        "Use the field names and forms of the kind (docs/kinds.md lists them); dates are "
        '`YYYY-MM-DD`, amounts decimal strings such as `"1200.00"`, currencies ISO 4217 '
        "codes such as `EUR`. To add a field for your organisation, add it to the schema.",
    ),
    "duplicate-id": RuleDoc(
        "The same id is defined more than once",
        "Document ids are unique across the whole inventory, whatever their kind. Every "
        "definition of a duplicated id is reported and names the others.",
        "# inventory/a.yaml\nkind: Server\nmetadata: {id: srv-web-01}\n---\n"
        "# inventory/b.yaml\nkind: Endpoint\nmetadata: {id: srv-web-01}",
        "id 'srv-web-01' is defined 2 times",
        "Rename one of the documents (and the references to it), or delete the copy.",
    ),
    "duplicate-relation": RuleDoc(
        "The same relation is written twice",
        "A document lists the same relation (same type and target) more than once; the "
        "second adds nothing and usually hides a copy-and-paste mistake.",
        "relations:\n  - {type: runs_on, target: srv-web-01}\n"
        "  - {type: runs_on, target: srv-web-01}",
        "relation runs_on → srv-web-01 is written twice",
        "Delete the repeated entry, or correct it if it was meant to name another target.",
        "warning",
    ),
    "dangling-reference": RuleDoc(
        "A reference names no document",
        "A field the schema marks with `x-ref`, a `metadata.owner` or a relation target names "
        "an id that no document defines, or one of the wrong kind.",
        "kind: Application\nmetadata: {id: app-web, owner: team-platform}\n"
        "relations:\n  - {type: runs_on, target: srv-web-99}",
        "relation target 'srv-web-99' names no document",
        "Correct the id (cmdbgit suggests close matches), or add the missing document in the "
        "same change.",
    ),
    "relation-type": RuleDoc(
        "The relation is not allowed by the registry",
        "The relation type is not in `schemas/relations.yaml`, an inverse name is used where "
        "the forward name belongs, or the registry does not allow these source and target "
        "kinds.",
        "kind: Server\nrelations:\n  - {type: runs, target: app-web}   # inverse of runs_on",
        "'runs' is the inverse name of 'runs_on': write the relation on the other document as "
        "'runs_on'",
        "Write relations with the forward name on the source document (docs/relations.md "
        "lists every type and the kinds it connects), or add the type to the registry.",
    ),
    "sarif-results-left-out": RuleDoc(
        "More problems than one SARIF run may hold",
        "GitHub code scanning accepts at most 25,000 results per run: the errors come first, "
        "then the warnings, and this result counts the rest.",
        "(a run with 30,000 problems)",
        "5,000 more problems are not in this SARIF file (GitHub accepts 25,000 results per "
        "run); run `cmdbgit validate --format json` for the full list",
        "Run `cmdbgit validate --format json` (or text) for the full list, and fix the "
        "errors first: they come first in the file.",
        "warning",
    ),
    "cycle": RuleDoc(
        "A cycle through acyclic relation types",
        "Following relation types marked `acyclic: true` in the registry (`depends_on`, "
        "`runs_on`, `hosted_on`, …) leads back to where it started; the message names the "
        "cycle.",
        "# svc-a depends_on svc-b, and svc-b depends_on svc-a",
        "cycle through acyclic relations: svc-a → svc-b → svc-a",
        "Remove or redirect one relation of the cycle; a real mutual dependency is usually a "
        "shared third component both depend on.",
    ),
    "owner": RuleDoc(
        "The owner is not a Team",
        "`metadata.owner` of a document names a document that exists but is not a Team; the "
        "owner of a Policy names no Team at all.",
        "kind: Server\nmetadata: {id: srv-web-01, owner: alice}   # alice is a Person",
        "owner 'alice' is a Person, not a Team",
        "Name the Team that answers for it; add a Team document if there is none yet.",
    ),
    "config": RuleDoc(
        "cmdbgit's own configuration is broken",
        "`cmdbgit.yaml`, a kind schema or the relation registry cannot be read or is invalid, "
        "a rule folder in `paths:` leaves the project, a `$ref` points outside the schema and "
        "`schemas/`, or a `.cmdbgit/` path (local state) is tracked by Git (caches are never "
        "read from the repository). `validate` stops with exit 2; "
        "`check` reports it as a problem of the head.",
        "# cmdbgit.yaml\nbase_brnach: main   # typo",
        "",
        "Correct the file at the reported line (docs/configuration.md lists every key); "
        "`git rm --cached -r .cmdbgit` and keep `.cmdbgit/` in .gitignore.",
    ),
    "policy": RuleDoc(
        "A policy document is malformed",
        "A file in `policies/` is not a valid Policy: an unknown rule, parameters of the wrong "
        "type or name, a misspelt key, an invalid `assert` schema, a policy id defined twice. "
        "The policy does not run and the run fails; every mistake is listed at once. A "
        "`match` naming an unknown kind is a warning (it selects nothing).",
        "kind: Policy\nmetadata: {id: laptop-warranty, owner: team-platform}\nspec:\n"
        "  severity: error\n  rule: warranty-vaild",
        "unknown rule 'warranty-vaild' (built-in: …, required-labels, warranty-valid)",
        "Correct the policy at the reported line; `cmdbgit policy list` prints every rule "
        "with its parameters.",
    ),
    "rack-position": RuleDoc(
        "A rack position does not fit its rack",
        "spec.rack_position of a device reaches above the height_units of the rack it is "
        "located_in, shares a unit and a face with another device in that rack, or the device "
        "is not located_in a Location of type rack.",
        "kind: HardwareAsset\nspec: {rack_position: {unit: 41, height: 2, face: front}}\n"
        "relations:\n  - {type: located_in, target: loc-fra1-r01}   # a 42-unit rack",
        "hw-srv-db-01 occupies units 41-42, but rack loc-fra1-r01 has 42 units",
        "Correct unit or height to where the device really sits (unit is the lowest unit it "
        "occupies), fix the rack's height_units, or locate the device in the right rack.",
        "error",
    ),
    "member-count": RuleDoc(
        "Fewer members than the document needs",
        "A field marked x-at-most-incoming in its kind schema (a Cluster's min_healthy) is "
        "larger than the number of documents linked to it by that relation type (member_of): "
        "the cluster can never be healthy.",
        "kind: Cluster\nmetadata: {id: cl-db-payments}\nspec: {type: active-passive, "
        "min_healthy: 3}   # two documents are member_of it",
        "min_healthy is 3, but only 2 document(s) are member_of cl-db-payments",
        "Add the missing members' member_of relations, or lower min_healthy to the number of "
        "members that must be up for the cluster to serve.",
        "warning",
    ),
    "policy-exception": RuleDoc(
        "A policy exception names no document",
        "An entry of a policy's `exceptions` names an id that no document defines: the "
        "document was renamed or removed and the waiver is stale.",
        "exceptions:\n  - {id: hw-retired-01, reason: migrated, expires: 2027-03-31}",
        "exception of policy 'prod-hardware-under-warranty' names no document: 'hw-retired-01'",
        "Delete the exception, or correct its id.",
        "warning",
    ),
    "policy-test": RuleDoc(
        "A policy test file is malformed",
        "A PolicyTest in `policies/tests/` is not valid: a missing `policy`, documents that "
        "are not mappings, an `expect` entry naming no document of the test. Reported by "
        "`cmdbgit policy test` (exit 2).",
        "kind: PolicyTest\nspec:\n  policy: laptop-warranty\n  documents: []",
        "spec.documents must not be empty",
        "Correct the test at the reported line (docs/policies.md shows the format).",
    ),
}

POLICY = RuleDoc(
    "A repository policy is violated",
    "`policy/<id>` problems come from the repository's own policies (`policies/`): the "
    "document violates the policy `<id>`. The severity is the policy's; an exception in the "
    "policy can waive it for one document until a date.",
    "kind: HardwareAsset\nmetadata: {id: hw-srv-01, owner: team-platform, labels: {env: prod}}\n"
    "spec: {warranty: {end: 2025-01-31}}",
    "warranty ended on 2025-01-31 (665 days ago)",
    "Fix the document as the policy's description says, or, when the violation is accepted "
    "for a while, add an exception with a reason and an expiry date to the policy.",
)


def describe(rule: str) -> RuleDoc:
    """The documentation of a rule id; ``policy/<id>`` and unknown ids get a generic one."""
    doc = RULES.get(rule)
    if doc is not None:
        return doc
    if rule.startswith(POLICY_PREFIX):
        name = rule[len(POLICY_PREFIX) :]
        return RuleDoc(
            f"Policy {name} is violated",
            f"The document violates the repository policy {name!r} (policies/); its "
            "description and parameters are in the policy document.",
            fix=POLICY.fix,
        )
    return RuleDoc(f"cmdbgit rule {rule}", f"A problem reported by the cmdbgit rule {rule!r}.")


def known() -> list[str]:
    """The rule ids with their own description (``explain`` lists them)."""
    return sorted(RULES)
