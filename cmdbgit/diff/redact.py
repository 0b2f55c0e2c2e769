"""Redacting the values a diff shows: ``cmdbgit.model.redact``'s tree redaction, under the
name the diff and query code import it by. A diff redacts after comparing, so a changed
password still shows as a change."""

from __future__ import annotations

from cmdbgit.model.redact import REDACTED
from cmdbgit.model.redact import redact_tree as redact

__all__ = ["REDACTED", "redact"]
