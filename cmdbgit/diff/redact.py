"""Redacting secrets in the values a diff shows (values flagged as secrets are
redacted in every output).

The judgement is the ``no-plaintext-secrets`` policy rule's own (``cmdbgit.policy.secrets``:
by field or annotation name, by value shape), applied whether or not a policy enables the
rule. A diff redacts after comparing, so a changed password still shows as a change.
"""

from __future__ import annotations

from typing import Any

from cmdbgit.policy.secrets import NOT_SECRET_FIELDS, REDACTED, judge

__all__ = ["REDACTED", "redact"]


def redact(value: Any, names: tuple[str, ...]) -> Any:
    """``value`` with every flagged leaf replaced by ``<redacted>``; ``names`` are the
    mapping keys on the way to it (a leaf is judged under the nearest one, as the rule does)."""
    name = names[-1] if names else ""
    if name.lower() in NOT_SECRET_FIELDS:
        return value
    if isinstance(value, dict):
        return {k: redact(v, (*names, str(k))) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, names) for v in value]
    return REDACTED if judge(name, value) else value
