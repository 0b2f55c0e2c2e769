"""A pull request that changes 5,000 documents still yields a report under GitHub's limit."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import GitRepo, run_cli

DOCS = 5_000
PER_FILE = 50
TEAM = """\
apiVersion: cmdbgit/v1
kind: Team
metadata: {id: team-a, name: Team A}
---
apiVersion: cmdbgit/v1
kind: Service
metadata: {id: svc-big, name: Big service, owner: team-a}
spec: {criticality: tier-1}
---
apiVersion: cmdbgit/v1
kind: Database
metadata: {id: db-core, name: Core DB, owner: team-a}
spec: {size_gb: 100}
"""
APP = """\
apiVersion: cmdbgit/v1
kind: Application
metadata: {{id: app-{n:05}, name: Application number {n} with a long descriptive name, owner: team-a}}
spec: {{description: "{description}"}}
relations:
  - {{type: part_of, target: svc-big}}
  - {{type: depends_on, target: db-core}}{extra}
"""


def _write_apps(repo: GitRepo, description: str, extra: str) -> None:
    for start in range(0, DOCS, PER_FILE):
        docs = [
            APP.format(n=n, description=description, extra=extra)
            for n in range(start, start + PER_FILE)
        ]
        repo.write(f"inventory/apps/apps-{start:05}.yaml", "---\n".join(docs))


def test_five_thousand_document_change(scaffold_repo: GitRepo, tmp_path: Path) -> None:
    scaffold_repo.write("inventory/base.yaml", TEAM)
    _write_apps(scaffold_repo, "first", "")
    scaffold_repo.commit("5,000 applications")
    scaffold_repo.git("checkout", "-q", "-b", "feature")
    # Every application changes a field and gains a relation to a database that does not
    # exist: 5,000 changes and 5,000 new errors, all reaching the tier-1 service.
    _write_apps(scaffold_repo, "second", "\n  - {type: depends_on, target: db-missing}")

    report = tmp_path / "report.md"
    result = run_cli("check", "--base", "main", "--report", str(report), repo=scaffold_repo.path)
    assert result.exit_code == 1
    text = report.read_text(encoding="utf-8")
    assert len(text.encode("utf-16-le")) // 2 <= 65_000
    lines = text.splitlines()
    assert lines[0] == (
        "### ❌ cmdbgit check: not safe to merge — 5000 new errors"
        " (judged HEAD with uncommitted changes as is: it already contains `main`)"
    )
    assert lines[2] == (
        "- **Changes:** 0 added, 5000 changed, 0 removed, 0 moved, 0 renamed · "
        "**down:** tier-1 1 (`svc-big`) · **degraded:** none"
    )
    assert (
        lines[3] == "- **Ask:** Team A (`svc-big`; 5000 changed documents; no handle in the base)"
    )
    # Folds and fenced blocks are whole: shortened or dropped, never cut.
    assert text.count("<details") == text.count("</details>") >= 1
    assert len(re.findall(r"^```", text, flags=re.MULTILINE)) % 2 == 0
    assert "more (see the JSON and SARIF)" in text
