from __future__ import annotations

from pathlib import Path

from tests.unit.policy.helpers import PERSON, TEAM, doc, policy, run


def test_labels_and_allowed_values(tmp_path: Path) -> None:
    docs = [
        doc("Server", "srv-ok", {"hostname": "a"}, labels={"env": "prod", "team": "x"}),
        doc("Server", "srv-no-env", {"hostname": "b"}, labels={"team": "x"}),
        doc("Server", "srv-bad-env", {"hostname": "c"}, labels={"env": "production", "team": "x"}),
        doc("Server", "srv-nothing", {"hostname": "d"}),
    ]
    labels = policy(
        "labels",
        "required-labels",
        match={"kinds": ["Server"]},
        params={"labels": ["env", "team"], "allowed": {"env": ["prod", "dev"]}},
    )
    result = run(tmp_path, [TEAM, PERSON, *docs], [labels])
    found = sorted((p.id, p.path, p.message) for p in result.problems)
    assert found == [
        ("srv-bad-env", "metadata.labels.env", "label 'env' is 'production'; allowed: prod, dev"),
        ("srv-no-env", "metadata.labels.env", "label 'env' is required by this policy"),
        ("srv-nothing", "metadata.labels.env", "label 'env' is required by this policy"),
        ("srv-nothing", "metadata.labels.team", "label 'team' is required by this policy"),
    ]


def test_allowed_alone_checks_only_present_labels(tmp_path: Path) -> None:
    docs = [
        doc("Server", "srv-none", {"hostname": "a"}),
        doc("Server", "srv-bad", {"hostname": "b"}, labels={"env": "qa"}),
    ]
    labels = policy(
        "labels",
        "required-labels",
        params={"allowed": {"env": ["prod"]}},
        match={"kinds": ["Server"]},
    )
    result = run(tmp_path, [TEAM, PERSON, *docs], [labels])
    assert [p.id for p in result.problems] == ["srv-bad"]


def test_params_need_labels_or_allowed(tmp_path: Path) -> None:
    result = run(tmp_path, [TEAM, PERSON], [policy("labels", "required-labels", params={})])
    [problem] = result.problems
    assert (problem.rule, problem.path) == ("policy", "spec.params")
    assert "give 'labels', 'allowed' or both" in problem.message
