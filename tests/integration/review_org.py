"""The example organisation as a fresh Git repository on ``main`` (for review-report tests)."""

from __future__ import annotations

import shutil

from tests.conftest import ROOT, GitRepo


def example_repo(git_repo: GitRepo) -> GitRepo:
    for name in ("inventory", "schemas", "policies"):
        shutil.copytree(ROOT / name, git_repo.path / name)
    git_repo.commit("the example organisation")
    return git_repo


def _cut(text: str, start: str, end: str) -> str:
    return text[: text.index(start)] + text[text.index(end) :]


def edit(repo: GitRepo, rel: str, old: str, new: str, *, after: str = "") -> None:
    """Replace the first ``old`` (after the first ``after``) in a file of the repository."""
    path = repo.path / rel
    text = path.read_text(encoding="utf-8")
    at = text.index(old, text.index(after) if after else 0)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


def drop_the_standby(repo: GitRepo) -> None:
    """On a branch ``pr``: the standby DB host and its database go, the box behind it is
    retired, and two more people use the JetBrains licence (7 of 5 seats become 9)."""
    repo.git("checkout", "-q", "-b", "pr")
    doc = "---\napiVersion: cmdbgit/v1\nkind: {kind}\nmetadata:\n  id: {id}"
    servers = repo.path / "inventory/servers/payments-db.yaml"
    text = servers.read_text(encoding="utf-8")
    servers.write_text(text[: text.index(doc.format(kind="Server", id="srv-pay-db-02"))])
    databases = repo.path / "inventory/databases/payments.yaml"
    databases.write_text(
        _cut(
            databases.read_text(encoding="utf-8"),
            doc.format(kind="Database", id="db-payments-replica"),
            doc.format(kind="Database", id="db-payments-staging"),
        )
    )
    edit(
        repo,
        "inventory/hardware/servers.yaml",
        "lifecycle: {status: deployed",
        "lifecycle: {status: retired",
        after="id: hw-srv-db-02",
    )
    for who in ("person-lars-nielsen", "person-olivia-brown"):
        edit(
            repo,
            "inventory/org/people-engineering.yaml",
            "  - {type: uses_license, target: lic-jira-cloud}",
            "  - {type: uses_license, target: lic-jetbrains-all-products}\n"
            "  - {type: uses_license, target: lic-jira-cloud}",
            after=f"id: {who}",
        )
    repo.commit("drop the standby database")
