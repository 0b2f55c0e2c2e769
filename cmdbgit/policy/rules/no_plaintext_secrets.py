"""Documents hold no plaintext secrets: passwords, tokens, API and licence keys, private keys.

A value is flagged when its field or annotation name ends with a word that marks a secret
(``password``, ``secret``, ``token``, ``api_key``, ``license_key``, ``private_key`` … in any
case or separator style; ``password_ref`` and ``token_ttl`` point at or describe a secret and
are not flagged), or when its shape does: a PEM private key block, a well-known token
(``ghp_``/``github_pat_``, ``glpat-``, ``xoxb-``/``xoxp-``, ``AKIA…``, ``sk_live_``, ``AIza…``,
``npm_``), a URL with an embedded password, a secret written as ``key=value`` or
``key: value`` inside any text (``password=Sup3rS3cret!2026`` in a description; a reference
such as ``${VAR}`` or ``vault://…`` is not one), or a long run of mixed-case letters and
digits with high entropy. ``serial``, ``asset_tag``, ``key_ref`` and ids (``metadata.id``, owners,
relation targets, ``x-ref`` fields) are not secrets.

The finding names the field and why; the value itself is never printed, in any format.
Store the secret in a secret manager and keep only a reference (``key_ref: vault://…``).

Example::

    rule: no-plaintext-secrets
"""

from __future__ import annotations

from collections.abc import Iterator

from cmdbgit.policy.context import BuiltinRule, RuleContext, RuleParams, Violation
from cmdbgit.policy.secrets import find_secrets, worth_a_look


class Params(RuleParams):
    """The rule takes no parameters: what counts as a secret is fixed (module docstring)."""


def check(ctx: RuleContext, params: Params) -> Iterator[Violation]:
    del params  # the rule takes none; the model still rejects unknown ones
    documents = ctx.documents
    for doc, look in zip(documents, worth_a_look([d.data for d in documents]), strict=True):
        if not look:
            continue
        for finding in find_secrets(doc.data, ctx.facts.kinds.get(doc.kind or "")):
            yield Violation(
                doc,
                finding.path,
                f"looks like a plaintext secret: {finding.why} "
                "(value not shown; keep a reference to a secret store instead)",
            )


RULE = BuiltinRule(Params, check, __doc__ or "", document_local=True)
