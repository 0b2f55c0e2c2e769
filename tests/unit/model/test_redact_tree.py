"""``redact_tree`` (the fast walk) decides exactly what the plain recursive walk it replaced
decided: a leaf judged under its nearest mapping key, ``id``/``serial``… subtrees kept; and
``redacted_bytes`` (the walk skipped where the JSON shows nothing to find) writes the same."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmdbgit.model import redact as redact_module
from cmdbgit.model.redact import (
    NOT_SECRET_FIELDS,
    REDACTED,
    judge,
    plain_key,
    possible_in_json,
    redact_tree,
)
from cmdbgit.output.json_format import dumps_bytes, redacted_bytes
from cmdbgit.reports.formats.json_format import _PLAIN_KEYS


def reference(value: Any, names: tuple[str, ...]) -> Any:
    """The walk before the speed work, verbatim."""
    name = names[-1] if names else ""
    if name.lower() in NOT_SECRET_FIELDS:
        return value
    if isinstance(value, dict):
        return {k: reference(v, (*names, str(k))) for k, v in value.items()}
    if isinstance(value, list):
        return [reference(v, names) for v in value]
    return REDACTED if judge(name, value) else value


def reference_random(run: str) -> bool:
    if redact_module._HEX.fullmatch(run):
        return False
    has = (
        any(c.islower() for c in run),
        any(c.isupper() for c in run),
        any(c.isdigit() for c in run),
    )
    if sum(has) < 3:
        return False
    counts = Counter(run)
    entropy = -sum(n / len(run) * math.log2(n / len(run)) for n in counts.values())
    return entropy >= redact_module.ENTROPY_THRESHOLD


_NAMES = st.sampled_from(
    ["id", "ID", "serial", "name", "password", "db_password", "api_key", "apiToken", "note", ""]
)
_SECRETS = st.sampled_from(
    [
        "ghp_" + "a1B2" * 9,
        "AKIAABCDEFGHIJKLMNOP",
        "password=hunter2hunter2",
        "https://u:pw@example.com/",
        "Zx9Qw2Er7Ty4Ui1Op3As5Df8Gh6Jk0Lm",
        "c0ffee" * 8,
        "srv-web-0001-frankfurt-primary-rack-a",
        "",
    ]
)
_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    _SECRETS,
)
_TREES = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(_NAMES, st.integers(0, 3)), inner, max_size=4),
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(tree=_TREES, names=st.lists(_NAMES, max_size=2).map(tuple))
def test_redact_tree_agrees_with_the_plain_walk(tree: Any, names: tuple[str, ...]) -> None:
    assert redact_tree(tree, names) == reference(tree, names)


@settings(max_examples=400, deadline=None)
@given(run=st.text(alphabet="abcfXYZF0189+/=_-", min_size=32, max_size=48))
def test_random_run_test_agrees_with_the_plain_one(run: str) -> None:
    assert redact_module._random(run) == reference_random(run)


def test_secrets_in_a_tree_are_redacted() -> None:
    tree = {"rows": [{"id": "ghp_" + "a1B2" * 9, "note": "password=hunter2hunter2"}], "pwd": 3}
    assert redact_tree(tree, ()) == {
        "rows": [{"id": "ghp_" + "a1B2" * 9, "note": REDACTED}],
        "pwd": REDACTED,
    }


def reference_shape(value: str) -> str | None:
    """``secret_shape`` before the speed work, verbatim but for ``_random`` (tested above)."""
    r = redact_module
    candidate = r._CANDIDATE.search(value) is not None
    if candidate:
        if r._PEM.search(value):
            return "it holds a PEM private key"
        for why, pattern in r._TOKENS:
            if pattern.search(value):
                return f"it holds {why}"
        if r._CREDENTIAL_URL.search(value):
            return "it holds a URL with an embedded password"
    if ("=" in value or ":" in value) and r._ASSIGNMENT.search(value):
        return "it holds a secret written as key=value"
    if not candidate:
        return None
    for run in r._RUN.findall(value):
        if reference_random(run):
            return "it holds a long high-entropy string"
    return None


_FRAGMENTS = st.sampled_from(
    [
        "-----BEGIN RSA PRIVATE KEY-----",
        "ghp_",
        "github_pat_",
        "glpat-",
        "xoxb-",
        "AKIA",
        "sk_live_",
        "AIza",
        "npm_",
        "https://",
        "u:p@",
        "a1B2c3D4e5F6g7H8",
        "srv-web-0001-",
        "password=",
        " ",
        "x",
    ]
)


@settings(max_examples=600, deadline=None)
@given(value=st.one_of(st.lists(_FRAGMENTS, max_size=8).map("".join), st.text(max_size=40)))
def test_secret_shape_agrees_with_the_plain_one(value: str) -> None:
    assert redact_module.secret_shape(value) == reference_shape(value)


# ``output.json_format.redacted_bytes``: the redaction skipped where the encoded line shows it
# could find nothing must write what redacting first writes.

_REPORT_NAMES = st.sampled_from(
    ["passed", "Passed", "checked", "name", "password", "passed_token", "x", "key_ref", 'a"passed']
)
_REPORT_LEAVES = st.one_of(
    _LEAVES, st.floats(allow_nan=True), st.sampled_from(["Zürich", "\ud800", "\x00passed\t"])
)
_REPORTS = st.recursive(
    _REPORT_LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(_NAMES, _REPORT_NAMES, st.integers(0, 3)), inner, max_size=4),
    ),
    max_leaves=30,
)


@settings(max_examples=600, deadline=None)
@given(tree=_REPORTS)
def test_redacted_bytes_writes_what_redacting_first_writes(tree: Any) -> None:

    assert redacted_bytes(tree, _PLAIN_KEYS) == dumps_bytes(redact_tree(tree, ()))


def test_a_secret_under_a_plain_key_or_beside_one_is_still_redacted() -> None:

    token = "ghp_" + "a1B2" * 9
    for tree in (
        {"passed": token},
        {"passed": 3, "db_password": "hunter2"},
        {"passed": 3, "note": "password=hunter2hunter2"},
        [{"passed": 1}, {"apiToken": 7}],
    ):
        assert b"<redacted>" in redacted_bytes(tree, _PLAIN_KEYS), tree
    assert b"<redacted>" not in redacted_bytes({"passed": 3, "checked": 4}, _PLAIN_KEYS)


def test_only_words_that_end_no_secret_name_are_plain_keys() -> None:

    assert plain_key("passed") == b'"passed":'
    for word in ("password", "token", "key", "Passed", "api_key", "pass word"):
        with pytest.raises(ValueError):
            plain_key(word)
    line = b'{"checked":4,"passed":3}'
    assert possible_in_json([line]) == [True]  # "pass" is a word part of secret names
    assert possible_in_json([line], [plain_key("passed")]) == [False]
    assert possible_in_json([b'{"passed":3,"pwd":1}'], [plain_key("passed")]) == [True]
