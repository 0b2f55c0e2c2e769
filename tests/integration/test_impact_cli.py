"""``cmdbgit impact`` on real repositories: by id, and of a change (--since)."""

from __future__ import annotations

import pytest

from tests.conftest import GitRepo, run_cli, run_json
from tests.integration.pr_org import build_main, change_on_branch


def test_impact_of_the_pull_request_change(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    change_on_branch(scaffold_repo)
    code, out = run_json("impact", "--since", "main", repo=scaffold_repo.path)
    assert code == 0
    # Changed and removed documents are the roots; srv-2 only moved.
    assert out["roots"] == ["app-batch", "db-old", "srv-1"]
    got = {i["id"]: (i["kind"], i["distance"], i["path"]) for i in out["impacted"]}
    assert got == {
        "app-api": ("Application", 1, ["srv-1", "app-api"]),
        "db-main": ("Database", 1, ["srv-1", "db-main"]),
        "svc-int": ("Service", 1, ["app-batch", "svc-int"]),
        "svc-pay": ("Service", 2, ["srv-1", "app-api", "svc-pay"]),
    }
    assert [(s["id"], s["criticality"]) for s in out["services"]] == [
        ("svc-pay", "tier-1"),
        ("svc-int", "tier-3"),
    ]
    # The removed database that app-batch still depends on is called out.
    assert out["removed"] == ["db-old"]
    assert out["still_used"] == [{"id": "db-old", "by": ["app-batch"]}]


def test_impact_by_id_with_depth(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    code, out = run_json("impact", "srv-1", repo=scaffold_repo.path)
    assert code == 0
    assert [(i["id"], i["distance"]) for i in out["impacted"]] == [
        ("app-api", 1),
        ("db-main", 1),
        ("svc-pay", 2),
    ]
    code, out = run_json("impact", "srv-1", "--depth", "1", repo=scaffold_repo.path)
    assert [i["id"] for i in out["impacted"]] == ["app-api", "db-main"]
    assert out["services"] == []


def test_reverse_gives_a_recovery_order(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    code, out = run_json("impact", "svc-pay", "--reverse", repo=scaffold_repo.path)
    assert code == 0
    assert {i["id"]: i["distance"] for i in out["impacted"]} == {
        "app-api": 1,
        "db-main": 2,
        "srv-1": 2,
    }
    assert [step["ids"] for step in out["recovery_order"]] == [
        ["srv-1"],
        ["db-main"],
        ["app-api"],
        ["svc-pay"],
    ]
    text = run_cli("impact", "svc-pay", "--reverse", repo=scaffold_repo.path).stdout
    assert "recovery order (dependencies first" in text


def test_markdown_has_a_mermaid_drawing(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    result = run_cli("impact", "srv-1", "--format", "markdown", repo=scaffold_repo.path)
    assert result.exit_code == 0
    assert "```mermaid\nflowchart LR\n" in result.stdout
    assert '["svc-pay · Service · tier-1"]' in result.stdout
    assert "| `svc-pay` Payments | tier-1 | down | 2 |" in result.stdout


def test_text_lists_services_first(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    result = run_cli("impact", "srv-1", repo=scaffold_repo.path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "srv-1 impacts 3 document(s), reaching 1 service(s)"
    assert lines[2:4] == [
        "services:",
        "  tier-1  svc-pay (Payments) distance 2: srv-1 -> app-api -> svc-pay",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give one or more document IDs, or --since BASE"),
        (("srv-1", "--since", "main"), "not both"),
        (("nope",), "no document with id 'nope'"),
        (("srv-1", "--depth", "0"), "--depth must be at least 1"),
    ],
)
def test_bad_arguments_are_exit_2(
    scaffold_repo: GitRepo, args: tuple[str, ...], message: str
) -> None:
    build_main(scaffold_repo)
    result = run_cli("impact", *args, repo=scaffold_repo.path)
    assert result.exit_code == 2
    assert message in result.stderr
