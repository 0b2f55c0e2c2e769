"""SARIF regions end where the offending value ends, when that is known (a scalar on one
line, plain or quoted); otherwise they carry the start only, never a wrong end."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import GitRepo, run_cli

APPS = """\
apiVersion: cmdbgit/v1
kind: Team
metadata: {id: team-a, name: A}
---
apiVersion: cmdbgit/v1
kind: Application
metadata: {id: app-a, owner: team-a}
relations:
  - {type: depends_on, target: db-gone}
  - type: depends_on
    target: "db-quoted"   # a comment
  - {type: depends_on, target: "db-\\x41"}
"""


def regions(repo: GitRepo) -> dict[int, dict[str, Any]]:
    result = run_cli("validate", "--format", "sarif", repo=repo.path)
    assert result.exit_code == 1, result.output
    log = json.loads(result.stdout)
    found = [
        r["locations"][0]["physicalLocation"]["region"]
        for r in log["runs"][0]["results"]
        if r["ruleId"] == "dangling-reference"
    ]
    return {region["startLine"]: region for region in found}


def test_regions_end_at_the_end_of_the_value(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write("inventory/apps.yaml", APPS)
    found = regions(scaffold_repo)
    assert found[9] == {"startLine": 9, "startColumn": 32, "endLine": 9, "endColumn": 39}
    assert found[11] == {"startLine": 11, "startColumn": 13, "endLine": 11, "endColumn": 24}
    # An escape: the text is not the value, so no end is claimed.
    assert found[12] == {"startLine": 12, "startColumn": 32}
