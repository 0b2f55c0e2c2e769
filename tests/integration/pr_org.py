"""A small organisation on ``main`` and a pull-request branch that changes it, for the PR-gate
tests (diff, impact, check). The branch edits a field, moves a file, adds a relation and
removes a document that another one still depends on."""

from __future__ import annotations

from tests.conftest import GitRepo

ORG = """\
apiVersion: cmdbgit/v1
kind: Team
metadata: {id: team-a, name: Team A}
spec: {members: [p-ann]}
---
apiVersion: cmdbgit/v1
kind: Person
metadata: {id: p-ann, name: Ann}
spec: {email: ann@example.com, status: active}
"""
SERVICES = """\
apiVersion: cmdbgit/v1
kind: Service
metadata: {id: svc-pay, name: Payments, owner: team-a}
spec: {criticality: tier-1}
---
apiVersion: cmdbgit/v1
kind: Service
metadata: {id: svc-int, name: Intranet, owner: team-a}
spec: {criticality: tier-3}
"""
APPS = """\
apiVersion: cmdbgit/v1
kind: Application
metadata: {id: app-api, name: Payments API, owner: team-a}
relations:
  - {type: part_of, target: svc-pay}
  - {type: depends_on, target: db-main}
  - {type: runs_on, target: srv-1}
---
apiVersion: cmdbgit/v1
kind: Application
metadata: {id: app-batch, name: Batch, owner: team-a}
relations:
  - {type: part_of, target: svc-int}
  - {type: depends_on, target: db-old}
"""
DATABASES = """\
apiVersion: cmdbgit/v1
kind: Database
metadata: {id: db-main, name: Main DB, owner: team-a}
spec: {size_gb: 100}
relations:
  - {type: runs_on, target: srv-1}
---
apiVersion: cmdbgit/v1
kind: Database
metadata: {id: db-old, name: Old DB, owner: team-a}
spec: {size_gb: 10}
relations:
  - {type: runs_on, target: srv-2}
"""
SERVER = """\
apiVersion: cmdbgit/v1
kind: Server
metadata: {{id: {id}, name: Server {id}, owner: team-a}}
spec: {{hostname: {id}.example.com, memory_gb: {memory}}}
"""


def build_main(repo: GitRepo) -> str:
    """The base organisation, committed on ``main``; returns its sha."""
    repo.write("inventory/org.yaml", ORG)
    repo.write("inventory/services.yaml", SERVICES)
    repo.write("inventory/apps.yaml", APPS)
    repo.write("inventory/databases.yaml", DATABASES)
    repo.write("inventory/servers/srv-1.yaml", SERVER.format(id="srv-1", memory=16))
    repo.write("inventory/servers/srv-2.yaml", SERVER.format(id="srv-2", memory=8))
    return repo.commit("base organisation")


def change_on_branch(repo: GitRepo, branch: str = "feature") -> None:
    """The pull request, left uncommitted in the working tree of ``branch``: srv-1's memory
    16 -> 32 (a field), srv-2 moved to another file, app-batch gains a relation to db-main,
    and db-old removed although app-batch still depends on it."""
    repo.git("checkout", "-q", "-b", branch)
    repo.write("inventory/servers/srv-1.yaml", SERVER.format(id="srv-1", memory=32))
    repo.git("mv", "inventory/servers/srv-2.yaml", "inventory/legacy-srv-2.yaml")
    apps = APPS.replace(
        "  - {type: part_of, target: svc-int}\n",
        "  - {type: part_of, target: svc-int}\n  - {type: depends_on, target: db-main}\n",
    )
    repo.write("inventory/apps.yaml", apps)
    repo.write("inventory/databases.yaml", DATABASES.split("---\n")[0])
