"""Finding plaintext secrets in a document — by field name and by the shape of the value.

Used by the ``no-plaintext-secrets`` rule and by anything that must redact (values
flagged as secrets are redacted in every output). A finding names the field and *why* it looks
secret; it never carries the value.

Not secrets: ids (``metadata.id``, ``metadata.owner``, relation targets and every ``x-ref``
field), and fields named ``serial``, ``asset_tag`` or ``key_ref`` (a reference into a secret
store). Hex-only strings (digests, commit ids, UUIDs, MAC addresses) are not judged by shape.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cmdbgit.model.kinds import KindSchema
from cmdbgit.model.paths import FieldPath, expand_pattern

#: Field names that are never secrets, whatever their value looks like.
NOT_SECRET_FIELDS = frozenset({"serial", "asset_tag", "key_ref", "id"})

#: The last word of a field name that marks a secret ("db_password", "apiToken", "client-secret");
#: a name that merely starts with one ("password_ref", "token_ttl") points at a secret or
#: describes it.
_SECRET_WORDS = frozenset(
    {
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "secret",
        "token",
        "apikey",
        "credential",
        "credentials",
    }
)
#: The last two words of a field name that mark a secret ("api_key", "license_key").
_SECRET_PAIRS = frozenset(
    {
        ("api", "key"),
        ("license", "key"),
        ("licence", "key"),
        ("private", "key"),
        ("access", "key"),
        ("secret", "key"),
        ("auth", "key"),
        ("signing", "key"),
        ("encryption", "key"),
    }
)
_PEM = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ )*)(?:PRIVATE KEY|KEY BLOCK)-----")
_TOKENS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "a GitHub token",
        re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})"),
    ),
    ("a GitLab token", re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("an AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a Stripe live key", re.compile(r"\b[rs]k_live_[A-Za-z0-9]{16,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    ("an npm token", re.compile(r"\bnpm_[A-Za-z0-9]{36}")),
)
_CREDENTIAL_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.IGNORECASE)
_RUN = re.compile(r"[A-Za-z0-9+/=_-]{32,}")
#: One cheap scan that every flagged value passes: most values fail it and cost one search.
_CANDIDATE = re.compile(
    r"-----BEGIN |gh[pousr]_|github_pat_|glpat-|xox[abposr]-|AKIA|ASIA|[rs]k_live_|AIza|npm_"
    r"|://[^/\s:@]+:[^/\s@]+@|[A-Za-z0-9+/=_-]{32,}"
)
_HEX = re.compile(r"[0-9a-fA-F-]+")
#: Bits of Shannon entropy per character above which a long mixed run reads as random.
ENTROPY_THRESHOLD = 4.0


@dataclass(frozen=True, slots=True)
class Finding:
    path: FieldPath
    why: str


def find_secrets(data: Any, schema: KindSchema | None = None) -> Iterator[Finding]:
    """Every field of a document that looks like a plaintext secret."""
    if not isinstance(data, dict):
        return
    skip: set[FieldPath] = {("metadata", "id"), ("metadata", "owner")}
    if schema is not None:
        for ref in schema.refs:
            skip.update(path for path, _ in expand_pattern(data, ref.pattern))
    for key, value in data.items():
        if key in ("apiVersion", "kind", "relations"):
            continue
        yield from _walk(value, (key,), skip)


def _walk(node: Any, path: FieldPath, skip: set[FieldPath]) -> Iterator[Finding]:
    if path in skip:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.lower() in NOT_SECRET_FIELDS:
                continue
            yield from _walk(value, (*path, key), skip)
        return
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, (*path, index), skip)
        return
    why = judge(_name(path), node)
    if why:
        yield Finding(path, why)


def _name(path: FieldPath) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return ""


def judge(name: str, value: Any) -> str | None:
    """Why ``value`` under field ``name`` looks like a secret, or None."""
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, str | int | float) and secret_name(name):
        return f"its field name {name!r} marks a secret"
    if isinstance(value, str):
        return secret_shape(value)
    return None


@functools.lru_cache(maxsize=4096)
def secret_name(name: str) -> bool:
    """True when ``name`` ends with a secret word (``db_password``) or pair (``api_key``)."""
    if name.lower() in NOT_SECRET_FIELDS:
        return False
    words = _words(name)
    if not words:
        return False
    return words[-1] in _SECRET_WORDS or tuple(words[-2:]) in _SECRET_PAIRS


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]


def secret_shape(value: str) -> str | None:
    if not _CANDIDATE.search(value):
        return None
    if _PEM.search(value):
        return "it holds a PEM private key"
    for why, pattern in _TOKENS:
        if pattern.search(value):
            return f"it holds {why}"
    if _CREDENTIAL_URL.search(value):
        return "it holds a URL with an embedded password"
    for run in _RUN.findall(value):
        if _random(run):
            return "it holds a long high-entropy string"
    return None


def _random(run: str) -> bool:
    if _HEX.fullmatch(run):
        return False  # digests, commit ids, UUIDs: identifiers, not credentials
    has = (
        any(c.islower() for c in run),
        any(c.isupper() for c in run),
        any(c.isdigit() for c in run),
    )
    if sum(has) < 3:
        return False
    counts = Counter(run)
    entropy = -sum(n / len(run) * math.log2(n / len(run)) for n in counts.values())
    return entropy >= ENTROPY_THRESHOLD


REDACTED = "<redacted>"


def redact(data: Any, schema: KindSchema | None = None) -> Any:
    """A copy of a document's data with every flagged value replaced by ``<redacted>``."""
    flagged = {f.path for f in find_secrets(data, schema)}
    if not flagged:
        return data

    def copy(node: Any, path: FieldPath) -> Any:
        if path in flagged:
            return REDACTED
        if isinstance(node, dict):
            return {k: copy(v, (*path, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [copy(v, (*path, i)) for i, v in enumerate(node)]
        return node

    return copy(data, ())
