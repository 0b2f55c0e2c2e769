"""The one way a message shows a value taken from a document.

A value may be a secret (a password in a field the schema did not expect, a token under a
misspelt key), and messages travel into pull-request comments, code scanning and CI logs.
"""

from __future__ import annotations

import json

REDACTED = "<redacted>"
#: Longer values are cut: a message names a value, it does not reproduce a document.
MAX_CHARS = 80


def redact(value: object, path: str = "") -> str:
    """``value`` as a message shows it: ``<redacted>`` when the field named by ``path`` or the
    value itself looks secret, otherwise its text (strings quoted) cut to 80 characters with
    control characters escaped."""
    from cmdbgit.policy.secrets import judge  # the secrets rule's own test of secret-ness

    name = path.rsplit(".", 1)[-1].split("[", 1)[0]
    if judge(name, value) is not None:
        return REDACTED
    if isinstance(value, str):
        # repr escapes every unprintable character: controls, C1, bidi overrides, U+2028.
        return repr(value if len(value) <= MAX_CHARS else value[: MAX_CHARS - 1] + "…")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        text = str(value)
    else:
        shown = json.dumps(value, ensure_ascii=False, default=str)
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"
