"""Cached verdicts of the document-local layers (``envelope``, ``schema``): documents judged
clean are skipped next time under the same rules, and only then."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cmdbgit.judge import verdicts_for
from cmdbgit.revision import open_revision
from cmdbgit.store import parse_cache as cache
from cmdbgit.store.verdicts import VERDICT_FILE
from tests.conftest import GitRepo, cache_folder, forget_judgements, run_json

TEAM = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a}\n"
SERVER = """\
apiVersion: cmdbgit/v1
kind: Server
metadata: {{id: {ident}, owner: team-a}}
spec: {{hostname: {ident}{extra}}}
"""


def _settled(repo: Path) -> set[str]:
    cache.forget_open_caches()
    return set(verdicts_for(open_revision(repo)).settled())


def _report(repo: Path, *args: str) -> dict[str, Any]:
    """``validate``'s JSON, judged afresh: no remembered judgement (one would answer an
    unchanged tree without judging it at all)."""
    cache.forget_open_caches()
    forget_judgements(repo)  # judged whole, every other cache kept
    _code, report = run_json("validate", *args, repo=repo)
    return dict(report)


def _problems(repo: Path, *args: str) -> list[tuple[str, str, int, int]]:
    return [
        (p["rule"], p["file"], p["line"], p["column"]) for p in _report(repo, *args)["problems"]
    ]


def test_clean_documents_are_settled_and_problems_judged_again(scaffold_repo: GitRepo) -> None:
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.write("inventory/good.yaml", SERVER.format(ident="srv-good", extra=""))
    repo.write("inventory/bad.yaml", SERVER.format(ident="srv-bad", extra=", cpu_cores: 0"))
    repo.commit("inventory")
    assert _settled(repo.path) == set()
    first = _problems(repo.path)
    assert [p[:2] for p in first] == [("schema", "inventory/bad.yaml")]
    assert (cache_folder(repo.path) / VERDICT_FILE).is_file()
    assert _settled(repo.path) == {"inventory/team.yaml", "inventory/good.yaml"}
    assert _problems(repo.path) == first  # the bad one is judged again

    # A new blob is judged: the good server gains the problem.
    repo.write("inventory/good.yaml", SERVER.format(ident="srv-good", extra=", cpu_cores: 0"))
    assert {p[1] for p in _problems(repo.path)} == {"inventory/bad.yaml", "inventory/good.yaml"}


def test_other_schemas_are_other_rules(scaffold_repo: GitRepo) -> None:
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.write("inventory/srv.yaml", SERVER.format(ident="srv-1", extra=""))
    repo.commit("inventory")
    assert _problems(repo.path) == []
    assert _settled(repo.path)
    schema = repo.path / "schemas" / "Server.schema.json"
    data = json.loads(schema.read_text())
    data["required"] = ["hostname", "ip"]
    schema.write_text(json.dumps(data))
    assert _settled(repo.path) == set()
    assert [p[:2] for p in _problems(repo.path)] == [("schema", "inventory/srv.yaml")]


def test_no_cache_and_a_damaged_file_settle_nothing(scaffold_repo: GitRepo) -> None:
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.commit("inventory")
    _problems(repo.path, "--no-cache")
    assert not (cache_folder(repo.path) / VERDICT_FILE).exists()
    _problems(repo.path)
    file = cache_folder(repo.path) / VERDICT_FILE
    file.write_bytes(file.read_bytes()[:-3])
    assert _settled(repo.path) == set()


LABELS_POLICY = """\
apiVersion: cmdbgit/v1
kind: Policy
metadata: {{id: env-label}}
spec:
  rule: required-labels
  severity: error
  match: {{kinds: [Server]}}
  params: {{labels: [{labels}]}}
  exceptions:
    - {{id: srv-waived, reason: being rebuilt, expires: 2099-12-31}}
"""
LABELLED = "apiVersion: cmdbgit/v1\nkind: Server\nmetadata: {id: srv-good, owner: team-a, labels: {env: prod}}\nspec: {hostname: srv-good}\n"


def test_document_local_policies_settle_with_the_layers(scaffold_repo: GitRepo) -> None:
    """A file clean for ``envelope``, ``schema`` and the document-local policies is skipped
    by all of them; a policy problem, waived or not, keeps its file judged; another policy
    is another rule set."""
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.write("inventory/good.yaml", LABELLED)
    repo.write("inventory/bare.yaml", SERVER.format(ident="srv-bare", extra=""))
    repo.write("inventory/waived.yaml", SERVER.format(ident="srv-waived", extra=""))
    repo.write("policies/labels.yaml", LABELS_POLICY.format(labels="env"))
    repo.commit("inventory")
    first = _report(repo.path)
    assert [(p["rule"], p["file"]) for p in first["problems"]] == [
        ("policy/env-label", "inventory/bare.yaml")
    ]
    assert [s["problem"]["file"] for s in first["suppressed"]] == ["inventory/waived.yaml"]
    assert _settled(repo.path) == {"inventory/team.yaml", "inventory/good.yaml"}
    assert _report(repo.path) == first  # settled files skipped, the others judged again

    repo.write("policies/labels.yaml", LABELS_POLICY.format(labels="env, tier"))
    assert _settled(repo.path) == set()
    again = _report(repo.path)
    assert {p["file"] for p in again["problems"]} == {"inventory/bare.yaml", "inventory/good.yaml"}


DEPENDENT = """\
apiVersion: cmdbgit/v1
kind: Application
metadata: {{id: app-{n}, owner: team-a}}
spec: {{}}
relations:
  - {{type: runs_on, target: srv-good}}
  - {{type: runs_on, target: {second}}}
"""


def test_a_repeated_relation_is_found_again_and_a_clean_file_settled(
    scaffold_repo: GitRepo,
) -> None:
    """``duplicate-relation`` is decided by the document alone: its verdicts are cached with
    the layers' — a file with a repeated relation is never settled, one without is."""
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.write("inventory/good.yaml", SERVER.format(ident="srv-good", extra=""))
    repo.write("inventory/other.yaml", SERVER.format(ident="srv-other", extra=""))
    repo.write("inventory/twice.yaml", DEPENDENT.format(n=1, second="srv-good"))
    repo.write("inventory/once.yaml", DEPENDENT.format(n=2, second="srv-other"))
    repo.commit("inventory")
    first = _problems(repo.path)
    assert [p[:2] for p in first] == [("duplicate-relation", "inventory/twice.yaml")]
    assert first[0][2:] == (7, 5)  # the second entry
    settled = _settled(repo.path)
    assert "inventory/once.yaml" in settled and "inventory/twice.yaml" not in settled
    assert _problems(repo.path) == first  # found again, in the file never settled
