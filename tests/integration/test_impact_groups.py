"""A change reaching hundreds of documents: the report groups them by criticality and service,
shows the first few and says how many more; the JSON keeps them all."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import GitRepo, run_cli

APPS = 150
BASE = """\
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
kind: Service
metadata: {id: svc-small, name: Small service, owner: team-a}
spec: {criticality: tier-3}
---
apiVersion: cmdbgit/v1
kind: Database
metadata: {id: db-core, name: Core DB, owner: team-a}
spec: {size_gb: SIZE}
"""
APP = """\
---
apiVersion: cmdbgit/v1
kind: Application
metadata: {{id: app-{n:03}, name: App {n}, owner: team-a}}
relations:
  - {{type: part_of, target: {service}}}
  - {{type: depends_on, target: db-core}}
"""


def test_a_big_impact_is_grouped(scaffold_repo: GitRepo, tmp_path: Path) -> None:
    apps = "".join(
        APP.format(n=n, service="svc-big" if n < APPS - 2 else "svc-small") for n in range(APPS)
    )
    scaffold_repo.write("inventory/all.yaml", BASE.replace("SIZE", "100") + apps)
    scaffold_repo.commit("one database under 150 applications")
    scaffold_repo.git("checkout", "-q", "-b", "pr")
    scaffold_repo.write("inventory/all.yaml", BASE.replace("SIZE", "200") + apps)
    scaffold_repo.commit("a bigger database")
    report, out = tmp_path / "r.md", tmp_path / "c.json"
    result = run_cli(
        "check",
        "--base",
        "main",
        "--report",
        str(report),
        "--json",
        str(out),
        repo=scaffold_repo.path,
    )
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    assert "**Services reached, by criticality**" in text
    assert (
        "- **tier-1** (1 service)\n  - `svc-big` Big service — down, 149 documents: "
        "`db-core`, `app-000`, `app-001`, `app-002`, `app-003` and 144 more"
    ) in text
    assert (
        "  - `svc-small` Small service — down, 3 documents: `db-core`, `app-148`, `app-149`" in text
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["impact"]["impacted"]) == APPS + 2
