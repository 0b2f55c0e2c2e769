"""``kinds`` and ``explain``: finding one's way from the command line.

``explain`` prints every field the rule documentation has (``RuleDoc``), whatever they are,
so the one source that feeds the docs and SARIF help feeds this too; for ``policy/<id>`` it
adds the repository's policy and the built-in rule it uses.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from cmdbgit.authoring.layout import resolve
from cmdbgit.errors import UsageError
from cmdbgit.model.document import UNOWNED_KINDS
from cmdbgit.output.rule_docs import POLICY_PREFIX, describe, known
from cmdbgit.policy.loader import PolicySet
from cmdbgit.policy.rules import RULES
from cmdbgit.workspace import RuleSet


@dataclass(slots=True)
class KindInfo:
    kind: str
    description: str
    required: list[str]
    references: list[tuple[str, list[str]]]  # (dotted field, target kinds)
    relations: list[tuple[str, list[str]]]  # (relation type, target kinds)
    owner_required: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "description": self.description,
            "owner_required": self.owner_required,
            "required": self.required,
            "references": [{"field": f, "kinds": k} for f, k in self.references],
            "relations": [{"type": t, "to": k} for t, k in self.relations],
        }


def kinds(rules: RuleSet) -> list[KindInfo]:
    out = []
    for name, kind in sorted(rules.kinds.items()):
        refs = [("metadata.owner", ["Team"])] if name not in UNOWNED_KINDS else []
        refs += [(".".join(r.pattern).replace(".*", "[]"), list(r.kinds)) for r in kind.refs]
        relations = [
            (t.name, list(t.to_kinds))
            for t in sorted(rules.relations.types.values(), key=lambda t: t.name)
            if name in t.from_kinds
        ]
        about = resolve(kind.schema, kind.schema).get("description")
        out.append(
            KindInfo(
                name,
                about if isinstance(about, str) else "",
                [".".join(p) for p in kind.required],
                refs,
                relations,
                name not in UNOWNED_KINDS,
            )
        )
    return out


@dataclass(slots=True)
class Explanation:
    rule: str
    sections: list[tuple[str, str]] = field(default_factory=list)


def explain(rule: str, policies: PolicySet | None) -> Explanation:
    """Every field of the rule's documentation, titled by its name."""
    if rule not in known() and not rule.startswith(POLICY_PREFIX):
        raise UsageError(f"unknown rule {rule!r}; rules: {', '.join(known())}, policy/<id>")
    result = Explanation(rule)
    doc = describe(rule)
    for item in dataclasses.fields(doc):
        value = getattr(doc, item.name)
        if value:
            result.sections.append((item.name.replace("_", " "), _text(value)))
    if rule.startswith(POLICY_PREFIX) and policies is not None:
        policy = policies.get(rule[len(POLICY_PREFIX) :])
        if policy is not None:
            spec = policy.spec
            result.sections.append(("policy", f"{policy.document.file}: {spec.description}"))
            result.sections.append(("severity", spec.severity))
            if spec.rule is not None and spec.rule in RULES:
                result.sections.append((f"built-in rule {spec.rule}", RULES[spec.rule].doc.strip()))
            if spec.exceptions:
                result.sections.append(
                    (
                        "how to waive",
                        "add an entry to the policy's exceptions: {id, reason, expires}",
                    )
                )
    return result


def _text(value: object) -> str:
    if isinstance(value, list | tuple):
        return "\n".join(f"- {v}" for v in value)
    return str(value)
