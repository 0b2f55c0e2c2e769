"""Secret detection: by name, by shape, and what is never a secret."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.paths import FieldPath
from cmdbgit.model.redact import NOT_SECRET_FIELDS
from cmdbgit.policy.secrets import (
    REDACTED,
    find_secrets,
    judge,
    redact,
    secret_name,
    worth_a_look,
)
from tests.conftest import ROOT

KINDS = KindRegistry.from_files(
    {p.name: p.read_bytes() for p in (ROOT / "schemas").glob("*.schema.json")}
)


@pytest.mark.parametrize(
    "name",
    [
        "password",
        "db_password",
        "DB-PASSWORD",
        "adminPassword",
        "client_secret",
        "apiToken",
        "github_token",
        "api_key",
        "apiKey",
        "license_key",
        "licence-key",
        "private_key",
        "aws_secret_access_key",
        "passphrase",
        "credentials",
    ],
)
def test_secret_names(name: str) -> None:
    assert secret_name(name)
    assert judge(name, "x1") is not None


@pytest.mark.parametrize(
    "name",
    [
        "key_ref",
        "password_ref",
        "token_ttl",
        "secret_store",
        "serial",
        "asset_tag",
        "keyboard",
        "tokenizer",
        "id",
        "password_rotation_days",
        "monkey",
    ],
)
def test_names_that_are_not_secrets(name: str) -> None:
    assert not secret_name(name)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----", "PEM private key"),
        ("-----BEGIN PRIVATE KEY-----", "PEM private key"),
        ("use ghp_EXAMPLEexampleEXAMPLEexample0123456789 to deploy", "GitHub token"),
        ("github_pat_11EXAMPLE0example_EXAMPLEexampleEXAMPLE", "GitHub token"),
        ("xoxb-123456789012-EXAMPLEexample", "Slack token"),
        ("xoxp-123456789012-EXAMPLEexample", "Slack token"),
        ("AKIAIOSFODNN7EXAMPLE", "AWS access key id"),
        ("sk_live_EXAMPLEexample00000000", "Stripe live key"),
        ("glpat-EXAMPLEexample000000", "GitLab token"),
        ("https://admin:hunter2@db.example.com/", "embedded password"),
        ("q8Zr2LmX4vN7tYp1Kd9sW3bH6jF0cGuE5aRxVoTi", "high-entropy"),
    ],
)
def test_secret_shapes(value: str, why: str) -> None:
    found = judge("note", value)
    assert found is not None and why in found


@pytest.mark.parametrize(
    "value",
    [
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",  # sha256
        "3f786850e387550fdab836ed7e6dc881de23001b",  # a commit id
        "123e4567-e89b-12d3-a456-426614174000",  # a UUID
        "arn:aws:ec2:eu-central-1:412345678901:instance/i-0a1b2c3d4e5f60718",
        "https://wiki.northwind.example/ops/payments/restore-from-backup-procedure",
        "vault://kv/licenses/jetbrains/all-products-pack",
        "Translates EDIFACT/X12 messages to and from the order database.",
        "AbstractSingletonProxyFactoryBeanImplementation",
        "INV-DE-2023-004417",
        "",
    ],
)
def test_values_that_are_not_secrets(value: str) -> None:
    assert judge("note", value) is None


def test_values_under_secret_names_that_are_not_values() -> None:
    assert judge("password", True) is None
    assert judge("password", None) is None
    assert judge("password", "") is None
    assert judge("pin_password", 123456) is not None


def test_ids_serials_and_references_are_never_secrets() -> None:
    token_like = "q8Zr2LmX4vN7tYp1Kd9sW3bH6jF0cGuE5aRxVoTi"
    data = {
        "apiVersion": "cmdbgit/v1",
        "kind": "HardwareAsset",
        "metadata": {"id": token_like.lower(), "owner": token_like, "annotations": {"ok": "fine"}},
        "spec": {
            "serial": token_like,
            "asset_tag": token_like,
            "assigned_to": token_like,
            "vendor": token_like,
        },
        "relations": [{"type": "located_in", "target": token_like}],
    }
    assert list(find_secrets(data, KINDS["HardwareAsset"])) == []
    data["spec"]["model"] = token_like
    assert [f.path for f in find_secrets(data, KINDS["HardwareAsset"])] == [("spec", "model")]


def test_nested_and_listed_values_are_found_with_their_paths() -> None:
    data = {
        "kind": "X",
        "metadata": {"id": "x", "annotations": {"api_key": "abc", "note": "plain"}},
        "spec": {"items": [{"name": "a"}, {"password": "p"}]},
    }
    assert [(f.path, "field name" in f.why) for f in find_secrets(data)] == [
        (("metadata", "annotations", "api_key"), True),
        (("spec", "items", 1, "password"), True),
    ]


def test_redact_replaces_only_flagged_values() -> None:
    data = {
        "kind": "X",
        "metadata": {"id": "x", "annotations": {"db_password": "hunter2", "a": "b"}},
    }
    clean = redact(data)
    assert clean["metadata"]["annotations"] == {"db_password": REDACTED, "a": "b"}
    assert data["metadata"]["annotations"]["db_password"] == "hunter2"  # a copy, not in place
    assert redact({"kind": "X"}) == {"kind": "X"}


def _every_value(data: dict[str, Any]) -> list[tuple[FieldPath, str]]:
    """The findings of judging every value on its own (what ``find_secrets`` must equal; it
    judges only documents whose joined text could hold a secret's shape)."""
    found: list[tuple[FieldPath, str]] = []

    def walk(node: Any, path: FieldPath, name: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and key.lower() in NOT_SECRET_FIELDS:
                    continue
                walk(value, (*path, key), key if isinstance(key, str) else name)
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, (*path, index), name)
        elif (why := judge(name, node)) is not None:
            found.append((path, why))

    for key, value in data.items():
        if key not in ("apiVersion", "kind", "relations"):
            walk(value, (key,), key)
    return found


#: Pieces that make or nearly make a secret's shape, so generated values hit every branch.
_PIECES = st.sampled_from(
    ["password", "api_key", ": ", "=", "hunter2hunter2", "ghp_", "A" * 20, "aB3" * 12,
     "https://u:p@h/", "-----BEGIN PRIVATE KEY-----", "AKIA", "0123456789ABCDEF", " ", "\n",
     "${VAR}", "vault://x", "sk_live_", "npm_", "x", '"', "\\", "\t", "é", "\u2028",
     "\u212a", "/"]
)  # fmt: skip
_TEXT = st.lists(_PIECES, max_size=6).map("".join)
_NAMES = st.sampled_from(
    ["description", "password", "token", "notes", "serial", "url", "x", "api_\u212aey", 'a"b']
)
_VALUES = st.recursive(
    st.one_of(_TEXT, st.integers(), st.booleans(), st.none()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(_NAMES, inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_NAMES, _VALUES, max_size=5))
def test_one_search_per_document_finds_what_judging_every_value_finds(
    spec: dict[str, Any],
) -> None:
    data = {"apiVersion": "cmdbgit/v1", "kind": "Thing", "metadata": {"id": "t"}, "spec": spec}
    assert [(f.path, f.why) for f in find_secrets(data)] == _every_value(data)


@pytest.mark.parametrize(
    "value",
    [
        "password\t=\tSup3rS3cret!2026",
        'password="Sup3rS3cret!2026"',
        "password=Sup3rS3cret!2026\\",
        # 16 characters twice: 4.0 bits a character, just random enough
        "\t" + "tA1bC2dE3fG4hJ5k" * 2,
    ],
)
def test_secrets_beside_tabs_quotes_and_backslashes_are_found(value: str) -> None:
    data = {"kind": "Thing", "metadata": {"id": "t"}, "spec": {"notes": value}}
    assert [f.path for f in find_secrets(data)] == [("spec", "notes")]


_DOCUMENTS = st.lists(
    st.one_of(
        st.dictionaries(_NAMES, _VALUES, max_size=5).map(
            lambda spec: {"kind": "Thing", "metadata": {"id": "t"}, "spec": spec}
        ),
        st.dictionaries(_NAMES, _VALUES, max_size=3),  # secrets at the top level too
        _VALUES,  # not a mapping: nothing to find
    ),
    max_size=8,
)


@settings(max_examples=400, deadline=None)
@given(_DOCUMENTS)
def test_documents_passed_over_by_the_search_of_many_hold_no_secret(datas: list[Any]) -> None:
    """``worth_a_look`` searches the JSON text of many documents at once: it may send a
    document without a secret on to ``find_secrets``, never pass over one with a secret."""
    for data, look in zip(datas, worth_a_look(datas), strict=True):
        if not look:
            assert list(find_secrets(data)) == []


@pytest.mark.parametrize(
    "value",
    [
        "ghp_" + "a1B2" * 9,
        "github_pat_" + "a1B2" * 6,
        "glpat-abcdefghijklmnopqrstu",
        "db_pwd: Sup3rS3cret!2026",
        "client-secret=Sup3rS3cret!2026",
        "token: Sup3rS3cret!2026",
        "credential=Sup3rS3cret!2026",
        "xoxb-1234567890-abc",
        "AKIA1234567890ABCDEF",
        "ASIA1234567890ABCDEF",
        "sk_live_" + "a1B2" * 5,
        "AIza" + "a1B2c3D4e5" * 4,
        "npm_" + "a1B2" * 9,
        "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
        "see https://admin:hunter2@db.example.com/",
        'https://us"er:pa\\ss@h/',
        "password=Sup3rS3cret!2026",
        "apiKey: Sup3rS3cret!2026",
        "\u0001" + "tA1bC2dE3fG4hJ5k" * 2,
        "line one\n" + "tA1bC2dE3fG4hJ5k" * 2,
        "\t" + "tA1bC2dE3fG4hJ5k" * 2,  # ``\t`` then the run: "t" + run is not random
        '"' + "tA1bC2dE3fG4hJ5k" * 2,
        "api\u212aey: Sup3rS3cret!2026 \u00e9",
    ],
)
def test_each_shape_is_looked_at_in_a_batch_of_clean_documents(value: str) -> None:
    """One document with a secret among thousands without (more than one batch), wherever
    it stands: it is looked at, and the clean ones are not."""
    clean = {"kind": "Thing", "metadata": {"id": "c"}, "spec": {"notes": "nothing to see"}}
    secret = {"kind": "Thing", "metadata": {"id": "s"}, "spec": {"notes": value}}
    assert list(find_secrets(secret)) != []
    for where in (0, 1_999, 2_000, 4_500):
        datas = [clean] * 4_501
        datas[where] = secret
        looked = [number for number, look in enumerate(worth_a_look(datas)) if look]
        assert looked == [where]


def test_a_document_json_cannot_hold_is_left_to_find_secrets() -> None:
    """A key JSON has no spelling for (YAML's ``null:`` or ``true:``): judged one by one."""
    data = {"kind": "Thing", "metadata": {"id": "t"}, "spec": {None: "x", "notes": "plain"}}
    assert worth_a_look([data, {"spec": {"notes": "plain"}}]) == [True, False]
