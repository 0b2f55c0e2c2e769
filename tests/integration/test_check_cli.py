"""``cmdbgit check``: the pull-request gate on real repositories with branches."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import jsonschema

from tests.conftest import ROOT, GitRepo, run_cli
from tests.integration.pr_org import SERVER, build_main, change_on_branch

SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
#: A hardware asset whose warranty contract names no document: an error already on main.
BROKEN_ASSET = """\
apiVersion: cmdbgit/v1
kind: HardwareAsset
metadata: {id: hw-1, name: Old box, owner: team-a}
spec:
  serial: SN-1
  warranty: {end: 2025-01-31, contract: ctr-missing}
"""


def check(repo: GitRepo, *args: str) -> tuple[int, dict[str, Any], str]:
    """Run check writing --json next to the repository; returns (exit, json, stdout)."""
    out = repo.path.parent / "check.json"
    result = run_cli("check", *args, "--json", str(out), "--format", "text", repo=repo.path)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(out.read_text(encoding="utf-8")), result.stdout


def test_pull_request_change(scaffold_repo: GitRepo, tmp_path: Path) -> None:
    base = build_main(scaffold_repo)
    change_on_branch(scaffold_repo)
    report, sarif = tmp_path / "report.md", tmp_path / "out.sarif"
    code, out, stdout = check(
        scaffold_repo, "--base", "main", "--report", str(report), "--sarif", str(sarif)
    )
    assert code == 1
    assert out["verdict"] == "fail"
    assert (out["base"], out["merge_base"], out["head"]) == (base, base, "WORKTREE")
    # Removing db-old leaves app-batch's relation dangling: the one new problem.
    assert [(p["rule"], p["id"], p["path"]) for p in out["problems"]["new"]] == [
        ("dangling-reference", "app-batch", "relations[2].target")
    ]
    assert out["problems"]["existing"] == []
    assert out["diff"]["summary"] == {
        "added": 0,
        "changed": 2,
        "removed": 1,
        "moved": 1,
        "renamed": 0,
    }
    assert out["impact"]["still_used"] == [{"id": "db-old", "by": ["app-batch"]}]
    assert [s["id"] for s in out["impact"]["services"]] == ["svc-pay", "svc-int"]
    assert out["rule_changes"] == []
    assert "inventory/apps.yaml:" in stdout and "[dangling-reference]" in stdout
    assert stdout.splitlines()[-1] == "check failed: new problems: 1 error(s), 0 warning(s)"

    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[0] == (
        "### ❌ cmdbgit check: not safe to merge — 1 new error"
        " (judged HEAD with uncommitted changes as is: it already contains `main`)"
    )
    assert lines[1] == "- **Problems:** 1 new error, 0 new warnings · 0 existing · 0 resolved"
    assert lines[2].startswith("- **Changes:** 0 added, 2 changed, 1 removed, 1 moved, 0 renamed")
    assert "**down:** tier-1 1 (`svc-pay`)" in lines[2]
    assert lines[5] == "- ⚠️ **Removed but still used:** `db-old` (by `app-batch`)"
    assert "```mermaid" in lines

    log = json.loads(sarif.read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["dangling-reference"]


def test_github_annotations_for_new_problems(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    change_on_branch(scaffold_repo)
    result = run_cli("check", "--base", "main", "--format", "github", repo=scaffold_repo.path)
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=inventory/apps.yaml,line=")
    assert "title=dangling-reference::" in result.stdout


def test_existing_error_in_the_base_does_not_block(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    scaffold_repo.write("inventory/hardware.yaml", BROKEN_ASSET)
    scaffold_repo.commit("an asset with a broken warranty contract")
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    scaffold_repo.write("inventory/servers/srv-1.yaml", SERVER.format(id="srv-1", memory=64))

    code, out, _ = check(scaffold_repo, "--base", "main")
    assert code == 0
    assert out["verdict"] == "pass"
    assert out["problems"]["new"] == []
    assert [(p["rule"], p["id"]) for p in out["problems"]["existing"]] == [
        ("dangling-reference", "hw-1")
    ]
    # --fail-on existing: every error fails.
    code, out, _ = check(scaffold_repo, "--base", "main", "--fail-on", "existing")
    assert (code, out["verdict"]) == (1, "fail")
    # The same working tree validated on its own fails: the split is what lets it pass.
    assert run_cli("validate", repo=scaffold_repo.path).exit_code == 1


def test_judged_as_merged_into_the_base_tip(scaffold_repo: GitRepo) -> None:
    """main fixes an old error and adds an unrelated document after the branch forked: the
    branch is judged merged into main's tip, so the fix is in, and the diff (from the tip)
    shows only the branch's own change."""
    build_main(scaffold_repo)
    scaffold_repo.write("inventory/hardware.yaml", BROKEN_ASSET)
    fork = scaffold_repo.commit("an asset with a broken warranty contract")
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    scaffold_repo.write("inventory/servers/srv-1.yaml", SERVER.format(id="srv-1", memory=64))
    scaffold_repo.commit("feature: memory")
    scaffold_repo.git("checkout", "-q", "main")
    scaffold_repo.write(
        "inventory/hardware.yaml", BROKEN_ASSET.replace(", contract: ctr-missing", "")
    )
    scaffold_repo.write("inventory/servers/srv-3.yaml", SERVER.format(id="srv-3", memory=4))
    tip = scaffold_repo.commit("main: fix the asset, add srv-3")
    scaffold_repo.git("checkout", "-q", "feature")

    code, out, _ = check(scaffold_repo, "--base", "main")
    assert (out["base"], out["merge_base"]) == (tip, fork)
    assert code == 0
    assert [c["id"] for c in out["diff"]["changes"]] == ["srv-1"]
    assert out["diff"]["base"] == tip
    assert out["problems"]["existing"] == []
    assert out["judged"]["tree"] == "merge"
    assert (out["judged"]["base"], out["judged"]["uncommitted"]) == (tip, False)


def test_rules_weakened_in_the_head_are_not_used(scaffold_repo: GitRepo, tmp_path: Path) -> None:
    """The head drops `hostname` from the Server schema's required fields and adds a server
    without one: judged by the base's schema, that is a new error."""
    build_main(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    schema_path = scaffold_repo.path / "schemas/Server.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["required"] = []
    schema_path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    scaffold_repo.write(
        "inventory/servers/srv-9.yaml",
        "apiVersion: cmdbgit/v1\nkind: Server\nmetadata: {id: srv-9, owner: team-a}\nspec: {}\n",
    )
    assert run_cli("validate", repo=scaffold_repo.path).exit_code == 0  # its own rules pass it

    report = tmp_path / "report.md"
    code, out, _ = check(scaffold_repo, "--base", "main", "--report", str(report))
    assert code == 1
    assert [(p["rule"], p["id"], p["path"]) for p in out["problems"]["new"]] == [
        ("schema", "srv-9", "spec.hostname")
    ]
    assert out["rule_changes"] == ["schemas/Server.schema.json"]
    assert out["rules_from"] == "base"
    text = report.read_text(encoding="utf-8")
    head = text[: text.index("<details")]
    assert "**This pull request changes the rules:** `schemas/Server.schema.json`" in head


def test_adopting_pull_request_uses_the_heads_rules(git_repo: GitRepo, tmp_path: Path) -> None:
    git_repo.write("README.md", "before cmdbgit\n")
    git_repo.commit("no cmdbgit yet")
    git_repo.git("checkout", "-q", "-b", "adopt")
    for schema in sorted((ROOT / "schemas").iterdir()):
        git_repo.write_bytes(f"schemas/{schema.name}", schema.read_bytes())
    build_main(git_repo)  # commits on the branch
    report = tmp_path / "report.md"
    code, out, _ = check(git_repo, "--base", "main", "--report", str(report))
    assert (code, out["rules_from"]) == (0, "head")
    assert out["diff"]["summary"]["added"] == 10
    text = report.read_text(encoding="utf-8")
    assert "this adopting pull request is judged by its own" in text[: text.index("<details")]


def test_without_base_validates_and_summarises(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    code, out, stdout = check(scaffold_repo)
    assert (code, out["verdict"], out["base"], out["diff"]) == (0, "pass", None, None)
    assert stdout.splitlines()[-1] == "check passed: problems: 0 error(s), 0 warning(s)"
    scaffold_repo.write("inventory/hardware.yaml", BROKEN_ASSET)
    code, out, _ = check(scaffold_repo)
    assert (code, [p["id"] for p in out["problems"]["new"]]) == (1, ["hw-1"])


def test_shallow_clone_without_the_base_is_exit_2(scaffold_repo: GitRepo, tmp_path: Path) -> None:
    build_main(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    scaffold_repo.write("inventory/servers/srv-1.yaml", SERVER.format(id="srv-1", memory=64))
    scaffold_repo.commit("feature")
    scaffold_repo.git("checkout", "-q", "main")
    scaffold_repo.write("inventory/servers/srv-3.yaml", SERVER.format(id="srv-3", memory=4))
    scaffold_repo.commit("main moves on")
    url = f"file://{scaffold_repo.path}"
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--branch", "feature", url, str(clone)], check=True
    )
    result = run_cli("check", "--base", "origin/main", repo=clone)
    assert result.exit_code == 2
    assert "fetch-depth: 0" in result.stderr and "git fetch --deepen" in result.stderr

    # Both branches fetched, but one commit deep: the merge base is missing.
    both = tmp_path / "both"
    subprocess.run(
        [
            "git",
            "clone",
            "-q",
            "--depth",
            "1",
            "--no-single-branch",
            "--branch",
            "feature",
            url,
            str(both),
        ],
        check=True,
    )
    result = run_cli("check", "--base", "origin/main", repo=both)
    assert result.exit_code == 2
    assert "no merge base" in result.stderr
    assert "fetch-depth: 0" in result.stderr and "git fetch --deepen" in result.stderr


WARRANTY_POLICY = """\
apiVersion: cmdbgit/v1
kind: Policy
metadata: {id: hardware-under-warranty, owner: team-a}
spec:
  description: Hardware stays under warranty
  severity: error
  match: {kinds: [HardwareAsset]}
  rule: warranty-valid
"""
LABEL_POLICY = """\
apiVersion: cmdbgit/v1
kind: Policy
metadata: {id: servers-have-env, owner: team-a}
spec:
  description: Every server says which environment it is in
  severity: error
  match: {kinds: [Server]}
  rule: required-labels
  params: {labels: [env]}
"""
EXPIRED_ASSET = """\
apiVersion: cmdbgit/v1
kind: HardwareAsset
metadata: {id: hw-1, name: Old box, owner: team-a}
spec:
  serial: SN-1
  warranty: {end: 2025-01-31}
"""


def test_failing_warranty_in_the_base_does_not_block(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    scaffold_repo.write("policies/hardware.yaml", WARRANTY_POLICY)
    scaffold_repo.write("inventory/hardware.yaml", EXPIRED_ASSET)
    scaffold_repo.commit("a warranty policy and an asset out of warranty")
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    scaffold_repo.write("inventory/servers/srv-1.yaml", SERVER.format(id="srv-1", memory=64))

    code, out, _ = check(scaffold_repo, "--base", "main")
    assert (code, out["verdict"], out["problems"]["new"]) == (0, "pass", [])
    assert [(p["rule"], p["id"]) for p in out["problems"]["existing"]] == [
        ("policy/hardware-under-warranty", "hw-1")
    ]
    # A second asset out of warranty is the pull request's own doing: new, and it fails.
    scaffold_repo.write(
        "inventory/hardware-2.yaml", EXPIRED_ASSET.replace("hw-1", "hw-2").replace("SN-1", "SN-2")
    )
    code, out, _ = check(scaffold_repo, "--base", "main")
    assert code == 1
    assert [(p["rule"], p["id"]) for p in out["problems"]["new"]] == [
        ("policy/hardware-under-warranty", "hw-2")
    ]


def test_policy_weakened_in_the_head_is_judged_by_the_base(scaffold_repo: GitRepo) -> None:
    build_main(scaffold_repo)
    labelled = SERVER.replace("owner: team-a}}", "owner: team-a, labels: {{env: prod}}}}")
    for ident in ("srv-1", "srv-2"):
        scaffold_repo.write(f"inventory/servers/{ident}.yaml", labelled.format(id=ident, memory=8))
    scaffold_repo.write("policies/servers.yaml", LABEL_POLICY)
    scaffold_repo.commit("servers carry env labels")
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    # The head downgrades the policy to info and adds a server without the label.
    scaffold_repo.write(
        "policies/servers.yaml", LABEL_POLICY.replace("severity: error", "severity: info")
    )
    scaffold_repo.write("inventory/servers/srv-9.yaml", SERVER.format(id="srv-9", memory=8))
    assert run_cli("validate", repo=scaffold_repo.path).exit_code == 0  # its own rules pass it

    code, out, _ = check(scaffold_repo, "--base", "main")
    assert code == 1
    assert [(p["rule"], p["id"], p["severity"]) for p in out["problems"]["new"]] == [
        ("policy/servers-have-env", "srv-9", "error")
    ]
    assert out["rule_changes"] == ["policies/servers.yaml"]


def test_rule_files_the_head_breaks_are_new_problems(scaffold_repo: GitRepo) -> None:
    """Judged by the base's rules, a head that breaks its own policy or config would pass and
    break main once merged: its broken rule files are reported as new problems."""
    build_main(scaffold_repo)
    scaffold_repo.write("policies/servers.yaml", LABEL_POLICY)
    scaffold_repo.commit("a policy")
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    scaffold_repo.write(
        "policies/servers.yaml", LABEL_POLICY.replace("severity: error", "severity: fatal")
    )
    code, out, _ = check(scaffold_repo, "--base", "main")
    assert code == 1
    [problem] = out["problems"]["new"]
    assert (problem["rule"], problem["file"]) == ("policy", "policies/servers.yaml")

    scaffold_repo.write("policies/servers.yaml", LABEL_POLICY)
    scaffold_repo.write("cmdbgit.yaml", "limits: {max_depth: deep}\n")
    code, out, _ = check(scaffold_repo, "--base", "main")
    assert code == 1
    [problem] = out["problems"]["new"]
    assert (problem["rule"], problem["file"], problem["severity"]) == (
        "config",
        "cmdbgit.yaml",
        "error",
    )
    assert "no longer load" in problem["message"]
