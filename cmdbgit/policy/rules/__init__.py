"""The built-in rules, by the name a policy's ``rule:`` uses. Adding a rule is one module
(docstring, ``Params``, ``check``, ``RULE``) and one line here."""

from __future__ import annotations

from typing import Any

from cmdbgit.policy.context import BuiltinRule
from cmdbgit.policy.rules import (
    assigned_to_active_person,
    forbid_dependency,
    license_within_entitlement,
    lifecycle_supported,
    max_age,
    no_plaintext_secrets,
    owner_active,
    required_fields,
    required_labels,
    warranty_valid,
)

RULES: dict[str, BuiltinRule[Any]] = {
    "required-fields": required_fields.RULE,
    "required-labels": required_labels.RULE,
    "owner-active": owner_active.RULE,
    "forbid-dependency": forbid_dependency.RULE,
    "warranty-valid": warranty_valid.RULE,
    "lifecycle-supported": lifecycle_supported.RULE,
    "license-within-entitlement": license_within_entitlement.RULE,
    "assigned-to-active-person": assigned_to_active_person.RULE,
    "no-plaintext-secrets": no_plaintext_secrets.RULE,
    "max-age": max_age.RULE,
}
