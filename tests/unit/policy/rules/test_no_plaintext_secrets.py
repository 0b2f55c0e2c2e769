from __future__ import annotations

from pathlib import Path

from tests.unit.policy.helpers import PERSON, TEAM, doc, policy, run

TOKEN = "ghp_EXAMPLEexampleEXAMPLEexample0123456789"
PASSWORD = "correct-horse-battery-staple"


def test_flagged_fields_are_located_and_never_quoted(tmp_path: Path) -> None:
    docs = [
        doc(
            "Server",
            "srv-1",
            {"hostname": "a"},
            annotations={"root_password": PASSWORD, "note": f"token {TOKEN}"},
        ),
        doc(
            "Server",
            "srv-2",
            {"hostname": "b"},
            annotations={"owner_note": "ask the platform team"},
        ),
        doc(
            "SoftwareLicense",
            "lic-1",
            {"product": "x", "metric": "site", "quantity": 1, "key_ref": "vault://kv/licenses/x"},
        ),
    ]
    result = run(tmp_path, [TEAM, PERSON, *docs], [policy("secrets", "no-plaintext-secrets")])
    found = [p for p in result.problems if p.rule == "policy/secrets"]
    assert [(p.id, p.path) for p in found] == [
        ("srv-1", "metadata.annotations.root_password"),
        ("srv-1", "metadata.annotations.note"),
    ]
    text = repr(result.to_json())
    assert PASSWORD not in text and TOKEN not in text and "ghp_" not in text
    assert "GitHub token" in found[1].message and "root_password" in found[0].message


def test_takes_no_params(tmp_path: Path) -> None:
    rule = policy("secrets", "no-plaintext-secrets", params={"names": ["pin"]})
    [problem] = run(tmp_path, [TEAM, PERSON], [rule]).problems
    assert (problem.rule, problem.path) == ("policy", "spec.params.names")
