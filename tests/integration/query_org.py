"""A small purpose-built organisation for the query tests (get, show, graph)."""

from __future__ import annotations

from tests.conftest import GitRepo

ORG = """\
apiVersion: cmdbgit/v1
kind: Team
metadata: {id: team-ops, name: Operations}
spec: {github: "@acme/ops", members: [p-ann, p-bob]}
---
apiVersion: cmdbgit/v1
kind: Person
metadata: {id: p-ann, name: Ann Example}
spec: {email: ann@example.com, status: active}
---
apiVersion: cmdbgit/v1
kind: Person
metadata: {id: p-bob, name: Bob Example}
spec: {email: bob@example.com, status: leaving}
"""
HARDWARE = """\
apiVersion: cmdbgit/v1
kind: HardwareAsset
metadata: {id: hw-srv-1, name: Rack server 1, owner: team-ops}
spec:
  serial: SN-001
  model: PowerEdge R750
  purchase: {date: 2024-01-01, cost: {amount: 12000.00, currency: EUR}, invoice: INV-7}
  warranty: {end: 2026-10-01}
  depreciation: {method: straight_line, life_months: 48, salvage_value: 0}
  lifecycle: {status: deployed}
  assigned_to: p-bob
"""
SERVERS = """\
apiVersion: cmdbgit/v1
kind: Server
metadata: {id: srv-1, name: Server one, owner: team-ops, labels: {env: prod}}
spec: {hostname: srv-1, cpu_cores: 8, virtual: false, asset: hw-srv-1}
---
apiVersion: cmdbgit/v1
kind: Server
metadata: {id: srv-2, name: Server two, owner: team-ops, labels: {env: test}}
spec: {hostname: srv-2, cpu_cores: 16, virtual: true}
"""
APPS = """\
apiVersion: cmdbgit/v1
kind: Application
metadata: {id: app-web, name: "Web \\"front\\" <end>", owner: team-ops, labels: {env: prod}}
relations:
  - {type: runs_on, target: srv-1}
  - {type: part_of, target: svc-shop}
---
apiVersion: cmdbgit/v1
kind: Application
metadata: {id: end, name: Reserved word, owner: team-ops}
relations:
  - {type: depends_on, target: app-web}
---
apiVersion: cmdbgit/v1
kind: Service
metadata: {id: svc-shop, name: Shop, owner: team-ops}
spec: {criticality: tier-1}
"""


def build(repo: GitRepo) -> GitRepo:
    repo.write("inventory/org.yaml", ORG)
    repo.write("inventory/hardware.yaml", HARDWARE)
    repo.write("inventory/servers.yaml", SERVERS)
    repo.write("inventory/apps.yaml", APPS)
    repo.commit("the organisation")
    return repo
