"""``model.redact``: what a message may show of a document value, and terminal safety."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cmdbgit.model.redact import REDACTED, cut, is_secret, redact, secret_shape, terminal
from cmdbgit.policy.secrets import find_secrets

#: What no line of text output may hold (the hostile corpus's own list).
FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ("hunter2", "spec.password"),
        ("x1", 'metadata.labels["db-password"]'),
        ("x1", "spec.users[0].api_key"),
        (123456, "spec.pin_secret"),
        (PEM, "spec.note"),
        ("postgres://app:S3cret@db.internal/app", "relations[0].target"),
        ("login with password=Sup3rS3cret!2026 please", "spec.description"),
        ("hunter2", "spec.db_password"),
        ("db_password: hunter22x", "spec.notes"),
        ("token=ghp_" + "a1B2" * 9, ""),
        ({"nested": {"password": "x"}}, "spec.config"),
    ],
)
def test_secrets_are_redacted(value: object, path: str) -> None:
    assert redact(value, path) == REDACTED
    assert is_secret(value, path)


@pytest.mark.parametrize(
    "value",
    [
        "password: ${VAULT_DB_PASSWORD}",
        "password_ref=vault://kv/db/app",
        "secret: stored in vault",
        "token: monthly",
        "the api key rotates every 90 days",
        "svc-web",
        "https://status.example.com/web",
        "Password policy: see wiki",
    ],
)
def test_text_that_mentions_secrets_is_not_one(value: str) -> None:
    assert secret_shape(value) is None
    assert redact(value, "spec.description") == f"'{value}'"


def test_a_password_written_as_key_value_is_flagged_by_the_rule() -> None:
    data = {
        "apiVersion": "cmdbgit/v1",
        "kind": "Service",
        "metadata": {"id": "svc-web"},
        "spec": {"description": "Admin login: password=Sup3rS3cret!2026 (rotate me)"},
    }
    (finding,) = find_secrets(data)
    assert finding.path == ("spec", "description")
    assert "key=value" in finding.why


def test_values_are_cut_to_80_characters() -> None:
    shown = redact("a" * 200, "spec.x")
    assert len(shown) == 82 and shown.endswith("…'")
    assert redact("short", "spec.x") == "'short'"
    assert cut("abc", 2) == "a…"
    assert redact(["a", 1], "spec.list") == '["a", 1]'
    assert (redact(True), redact(None), redact(2.5)) == ("true", "null", "2.5")


def test_terminal_escapes_every_unsafe_character_as_u_escapes() -> None:
    hostile = "a\nb\tc\x1b]8;;https://evil\x07d\x9b\u2028\u2029\u202e\u2066\ud800\x7f"
    out = terminal(hostile)
    assert not FORBIDDEN.search(out)
    assert out == (
        "a\\u000ab\\u0009c\\u001b]8;;https://evil\\u0007d\\u009b\\u2028\\u2029\\u202e"
        "\\u2066\\ud800\\u007f"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("::add-mask::x", "\\u003a:add-mask::x"),
        ("  ::stop-commands::t", "  \\u003a:stop-commands::t"),
        ("\n::warning file=a::b", "\\u000a::warning file=a::b"),
        ("text ##[add-mask]x", "text \\u0023#[add-mask]x"),
        ("a::b", "a::b"),
    ],
)
def test_terminal_breaks_workflow_commands(value: str, expected: str) -> None:
    assert terminal(value) == expected


def test_a_redacted_value_is_terminal_safe() -> None:
    assert redact("\u202eevil\n::error::x", "spec.name") == "'\\u202eevil\\u000a::error::x'"


@given(st.text())
def test_terminal_output_is_one_safe_line_and_idempotent(value: str) -> None:
    out = terminal(value)
    assert not FORBIDDEN.search(out)
    assert "\n" not in out and not out.lstrip().startswith("::")
    assert terminal(out) == out


#: The patterns as first written, without the look-around that makes them fast: the
#: written-for-speed ones must find exactly what these find.
_PLAIN_RUN = re.compile(r"[A-Za-z0-9+/=_-]{32,}")
_PLAIN_PREFIXED = re.compile(
    r"-----BEGIN |gh[pousr]_|github_pat_|glpat-|xox[abposr]-|AKIA|ASIA|[rs]k_live_|AIza|npm_"
    r"|://[^/\s:@]+:[^/\s@]+@"
)
_PLAIN_CANDIDATE = re.compile(_PLAIN_PREFIXED.pattern + r"|[A-Za-z0-9+/=_-]{32,}")
#: Text made of run characters, their neighbours and the patterns' literals, so runs of every
#: length meet every kind of boundary.
_PIECES = st.lists(
    st.sampled_from(
        ["a", "Z", "9", "+", "/", "=", "_", "-", " ", ".", ":", "@", "\n", "é", "x" * 31,
         "Ab1" * 11, "ghp_", "xoxb-", "AKIA", "sk_live_", "://u:p@", "-----BEGIN "]
    ),
    max_size=40,
).map("".join)  # fmt: skip


@given(_PIECES)
def test_the_fast_patterns_find_what_the_plain_ones_find(text: str) -> None:
    from cmdbgit.model import redact as module

    assert module._RUN.findall(text) == _PLAIN_RUN.findall(text)
    assert bool(module._PREFIXED.search(text)) == bool(_PLAIN_PREFIXED.search(text))
    assert bool(module._CANDIDATE.search(text)) == bool(_PLAIN_CANDIDATE.search(text))
