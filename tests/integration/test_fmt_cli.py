"""``cmdbgit fmt`` through the CLI: the example inventory keeps every comment and value,
``--check`` prints a diff and writes nothing, broken YAML is refused and named."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from cmdbgit.model.config import Limits
from cmdbgit.parse.loader import load_file
from tests.conftest import ROOT, GitRepo, run_cli

_COMMENT = re.compile(r"(?:^|\s)(#.*)$")


def _project(repo: GitRepo) -> Path:
    for folder in ("inventory", "schemas", "policies"):
        shutil.copytree(ROOT / folder, repo.path / folder)
    repo.commit("example")
    return repo.path


def _snapshot(root: Path) -> dict[str, tuple[list[object], list[str], bytes]]:
    out = {}
    for path in sorted(root.glob("inventory/**/*.yaml")) + sorted(root.glob("policies/**/*.yaml")):
        raw = path.read_bytes()
        data = [d.data for d in load_file(str(path), raw, Limits()).documents]
        comments = sorted(
            m.group(1).strip() for line in raw.decode().splitlines() if (m := _COMMENT.search(line))
        )
        out[str(path.relative_to(root))] = (data, comments, raw)
    return out


def test_fmt_example_inventory_keeps_values_and_comments(git_repo: GitRepo) -> None:
    root = _project(git_repo)
    before = _snapshot(root)
    check = run_cli("fmt", "--check", repo=root)
    assert check.exit_code == 1
    assert "--- a/inventory/apps/payments.yaml" in check.stdout
    assert _snapshot(root) == before  # --check writes nothing
    result = run_cli("fmt", repo=root)
    assert result.exit_code == 0, result.output
    after = _snapshot(root)
    changed = [p for p in before if before[p][2] != after[p][2]]
    assert changed and len(changed) < len(before)
    for path in before:
        assert after[path][0] == before[path][0], path  # values
        assert after[path][1] == before[path][1], path  # every comment, once
    again = run_cli("fmt", "--check", repo=root)
    assert again.exit_code == 0, again.output
    assert run_cli("validate", repo=root).exit_code == 0
    text = (root / "inventory/apps/payments.yaml").read_text()
    assert text.index("software:") < text.index("repository:") < text.index("description:")


def test_fmt_reorders_envelope_and_keeps_comments_where_they_belong(git_repo: GitRepo) -> None:
    git_repo.write(
        "inventory/a.yaml",
        "# the web server\n"
        "kind: Server\n"
        "spec:\n"
        "  ip: 10.0.0.1  # primary\n"
        "  # the name\n"
        "  hostname:   web-1\n"
        "metadata:\n"
        "  owner: team-a\n"
        "  name: 'yes'\n"
        "  id: srv-1\n"
        "apiVersion: cmdbgit/v1\n"
        "---\n"
        "apiVersion: cmdbgit/v1\n"
        "kind: Team\n"
        "metadata: {id: team-a}\n",
    )
    git_repo.commit()
    assert run_cli("fmt", "inventory/a.yaml", repo=git_repo.path).exit_code == 0
    assert (git_repo.path / "inventory/a.yaml").read_text() == (
        "# the web server\n"
        "apiVersion: cmdbgit/v1\n"
        "kind: Server\n"
        "metadata:\n"
        "  id: srv-1\n"
        "  name: 'yes'\n"
        "  owner: team-a\n"
        "spec:\n"
        "  # the name\n"
        "  hostname: web-1\n"
        "  ip: 10.0.0.1  # primary\n"
        "---\n"
        "apiVersion: cmdbgit/v1\n"
        "kind: Team\n"
        "metadata: {id: team-a}\n"
    )


def test_fmt_refuses_a_file_with_yaml_problems(git_repo: GitRepo) -> None:
    bad = "apiVersion: cmdbgit/v1\nkind: Team\nkind: Person\nmetadata: {id: t}\n"
    git_repo.write("inventory/bad.yaml", bad)
    git_repo.write("inventory/ok.yaml", "kind: Team\napiVersion: cmdbgit/v1\nmetadata: {id: t2}\n")
    git_repo.commit()
    result = run_cli("fmt", repo=git_repo.path)
    assert result.exit_code == 1
    assert "inventory/bad.yaml:3:1: yaml:" in result.stderr
    assert "duplicate" in result.stderr
    assert (git_repo.path / "inventory/bad.yaml").read_text() == bad
    assert (git_repo.path / "inventory/ok.yaml").read_text().startswith("apiVersion")


def test_fmt_rejects_paths_outside_the_project(git_repo: GitRepo, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("b: 1\na: 2\n")
    result = run_cli("fmt", str(outside), repo=git_repo.path)
    assert result.exit_code == 2
    assert "outside the project" in result.stderr
    assert outside.read_text() == "b: 1\na: 2\n"


def test_check_diff_never_prints_a_secret(git_repo: GitRepo) -> None:
    git_repo.write(
        "inventory/evil.yaml",
        "kind: Service\napiVersion: cmdbgit/v1\n"
        'metadata: {id: svc-evil, owner: t, annotations: {password: "c4n4ry-Sup3rS3cret!2026"}}\n'
        "spec:\n  description: x\n  criticality: tier-1\n"
        "---\nkind: Service\napiVersion: cmdbgit/v1\n"
        "metadata:\n  id: svc-evil2\n  annotations:\n    db_password: |\n      c4n4ry-1\n"
        "      c4n4ry-2\n    ok: fine\nspec: {criticality: tier-1}\n",
    )
    git_repo.commit()
    result = run_cli("fmt", "--check", repo=git_repo.path)
    assert result.exit_code == 1
    assert "+apiVersion: cmdbgit/v1" in result.stdout
    assert "<redacted>" in result.stdout
    assert "c4n4ry" not in result.stdout + result.stderr


def test_fmt_refuses_rather_than_lose_a_comment(git_repo: GitRepo) -> None:
    # ruamel.yaml drops "# between" in this layout; fmt leaves the file alone and says why.
    text = (
        "kind: Server\napiVersion: cmdbgit/v1\nmetadata: {id: srv-1}\nspec:\n"
        "  cpu_cores:  # who\n    # first\n    - {b: web}\n    # between\n    - {b: web}  # x\n"
    )
    git_repo.write("inventory/a.yaml", text)
    git_repo.commit()
    result = run_cli("fmt", repo=git_repo.path)
    assert result.exit_code == 1
    assert "would lose the comment '# between'" in result.stderr
    assert (git_repo.path / "inventory/a.yaml").read_text() == text
