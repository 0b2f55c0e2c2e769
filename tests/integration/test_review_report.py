"""The review report on the example organisation: what breaks, who to ask, what it costs —
in the first five lines, with the detail in check.json (real repositories, the real CLI)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import AS_OF, GitRepo, run_cli
from tests.integration.review_org import drop_the_standby, edit, example_repo


@pytest.fixture
def example(git_repo: GitRepo) -> GitRepo:
    return example_repo(git_repo)


def _check(repo: GitRepo) -> tuple[int, list[str], dict[str, Any]]:
    out = repo.path.parent
    result = run_cli(
        "check",
        "--base",
        "main",
        "--report",
        str(out / "report.md"),
        "--json",
        str(out / "check.json"),
        repo=repo.path,
    )
    assert result.exit_code in (0, 1), result.output
    data = json.loads((out / "check.json").read_text(encoding="utf-8"))
    return result.exit_code, (out / "report.md").read_text(encoding="utf-8").splitlines(), data


def test_first_five_lines_of_a_meaningful_change(example: GitRepo) -> None:
    drop_the_standby(example)
    head = example.git("rev-parse", "HEAD")[:12]
    code, lines, data = _check(example)
    assert code == 0
    # The branch already contains main's tip: judged as it is, and the headline says so.
    assert (
        lines[0]
        == "### ✅ cmdbgit check: safe to merge (judged HEAD as is: it already contains `main`)"
    )
    assert data["judged"]["head"].startswith(head)
    assert lines[1] == "- **Problems:** 0 new errors, 0 new warnings · 9 existing · 0 resolved"
    assert lines[2] == (
        "- **Changes:** 0 added, 3 changed, 2 removed, 0 moved, 0 renamed · **down:** none · "
        "**degraded:** tier-1 1 (`svc-payments`); tier-2 1 (`svc-customer-portal`)"
    )
    assert lines[3] == (
        "- **Ask:** Payments `@northwind-logistics/payments` (`svc-payments`); Customer Portal "
        "`@northwind-logistics/customer-portal` (`svc-customer-portal`); Database "
        "Administration `@northwind-logistics/dba` (3 changed documents)"
    )
    assert lines[4] == (
        "- **Cost:** licence true-up +1,558.00 EUR/year · licence savings +1,299.00 EUR/year · "
        "book value −1,500.00 EUR · 1 covered asset leaving production"
    )
    assert not lines[5].startswith("- 🛡️")  # no rule or CI file changed
    text = "\n".join(lines)
    assert (
        "- +2 users on JetBrains All Products Pack (5 users): 7/5 → 9/5, true-up +1,558.00 EUR/year"
        in text
    )
    assert "| `svc-payments` Payments | tier-1 | degraded (left: `db-payments`) | 1 |" in text
    # Handles are code, never a live mention, in the report.
    assert not re.search(r"(?<!`)@northwind-logistics", text)


def test_check_json_carries_state_owners_and_delta(example: GitRepo) -> None:
    drop_the_standby(example)
    _, _, data = _check(example)
    services = {s["id"]: (s["state"], s["remaining"]) for s in data["impact"]["services"]}
    assert services["svc-payments"] == ("degraded", ["db-payments"])
    payments = next(o for o in data["owners"] if o["team"] == "team-payments")
    assert payments == {
        "team": "team-payments",
        "name": "Payments",
        "handle": "@northwind-logistics/payments",
        "services": ["svc-payments"],
        "documents": [],
    }
    delta = data["delta"]
    jetbrains = next(
        c for c in delta["licenses"]["changes"] if c["id"] == "lic-jetbrains-all-products"
    )
    assert jetbrains["consumed"] == {"before": 7, "after": 9}
    assert jetbrains["true_up"] == {"before": "1558.00", "after": "3116.00", "change": "1558.00"}
    assert (jetbrains["period"], jetbrains["currency"]) == ("yearly", "EUR")
    assert delta["licenses"]["true_up"] == [
        {"currency": "EUR", "period": "yearly", "change": "1558.00"}
    ]
    assert delta["assets"]["retired"] == ["hw-srv-db-02"]
    assert delta["assets"]["book_value"] == [
        {"currency": "EUR", "before": "1500.00", "after": "0.00", "change": "-1500.00"}
    ]
    assert delta["lifecycle"]["warranty_released"] == ["hw-srv-db-02"]
    assert set(delta["health"]) == {"scope", "overall", "completeness", "correctness", "compliance"}


def test_handles_come_from_the_base_only(example: GitRepo) -> None:
    example.git("checkout", "-q", "-b", "pr")
    edit(
        example,
        _team_file(example),
        'github: "@northwind-logistics/payments"',
        'github: "@someone-else/everyone"',
    )
    edit(example, "inventory/apps/payments.yaml", "\n  name: ", "\n  name: Renamed ")
    example.commit("point the payments handle elsewhere")
    _, lines, data = _check(example)
    payments = next(o for o in data["owners"] if o["team"] == "team-payments")
    assert payments["handle"] == "@northwind-logistics/payments"
    assert "someone-else" not in lines[3]


def _team_file(repo: GitRepo) -> str:
    for path in sorted((repo.path / "inventory").rglob("*.yaml")):
        if 'github: "@northwind-logistics/payments"' in path.read_text(encoding="utf-8"):
            return path.relative_to(repo.path).as_posix()
    raise AssertionError("no payments team")


def test_rule_and_ci_files_are_named_under_the_five_lines(example: GitRepo) -> None:
    example.git("checkout", "-q", "-b", "pr")
    example.write(".github/workflows/extra.yml", "name: extra\non: push\njobs: {}\n")
    edit(example, "inventory/apps/payments.yaml", "\n  name: ", "\n  name: Renamed ")
    policy = next(iter(sorted((example.path / "policies").glob("*.yaml"))))
    policy.write_text(policy.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    example.commit("touch the CI and a policy")
    _, lines, _ = _check(example)
    assert lines[5] == (
        "- 🛡️ **Rules, CI or tool files changed:** `.github/workflows/extra.yml`, "
        f"`policies/{policy.name}`"
    )


def test_eol_exposure_and_warranty_cover(example: GitRepo) -> None:
    example.git("checkout", "-q", "-b", "pr")
    # The primary moves to PostgreSQL 14 (past its end of life on the as-of date), and the
    # standby's box loses its warranty date and contract (deployed, cover now unknown).
    edit(example, "inventory/databases/payments.yaml", 'version: "16.4"', 'version: "14.13"')
    edit(
        example,
        "inventory/hardware/servers.yaml",
        "  warranty: {end: 2027-01-15, contract: ctr-hpe-carepack-db}\n",
        "",
        after="id: hw-srv-db-02",
    )
    edit(example, "inventory/contracts/server-support.yaml", ", hw-srv-db-02]", "]")
    example.commit("older database, no cover")
    _, lines, data = _check(example)
    lifecycle = data["delta"]["lifecycle"]
    assert [(r["id"], r["status"]) for r in lifecycle["eol_new"]] == [("db-payments", "past-eol")]
    assert lifecycle["warranty_lost"] == ["hw-srv-db-02"]
    assert "EOL exposure +1/−0 CIs" in lines[4]
    assert "warranty cover −1/+0 assets" in lines[4]


def _comment(check_json: Path, repo: Path, mention: bool) -> str:
    env = {**os.environ, "CMDBGIT_MENTION": "true" if mention else "false"}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "cmdbgit",
            "--repo",
            str(repo),
            "--as-of",
            AS_OF,
            "comment",
            "--from",
            str(check_json),
            "--conclusion",
            "success",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_the_comment_mentions_only_when_asked_and_only_known_teams(
    example: GitRepo, tmp_path: Path
) -> None:
    drop_the_standby(example)
    _check(example)
    check_json = example.path.parent / "check.json"
    # A tampered artifact: one more owner whose handle no team of the default branch has.
    data = json.loads(check_json.read_text(encoding="utf-8"))
    data["owners"].append(
        {"team": "x", "name": "X", "handle": "@evil/everyone", "services": [], "documents": []}
    )
    check_json.write_text(json.dumps(data), encoding="utf-8")
    example.git("checkout", "-q", "main")  # the comment job's checkout: the default branch

    quiet = _comment(check_json, example.path, mention=False)
    assert "`@northwind-logistics/payments`" in quiet
    assert not re.search(r"(?<!`)@northwind-logistics", quiet)

    loud = _comment(check_json, example.path, mention=True)
    assert "Payments @northwind-logistics/payments (svc-payments)" in loud
    assert "`@evil/everyone`" in loud and not re.search(r"(?<!`)@evil", loud)
