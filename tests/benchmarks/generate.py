"""Generate a realistic synthetic inventory of any size, as a Git repository.

    python tests/benchmarks/generate.py OUT --docs N [--seed S] [--change K]

The result validates cleanly against the shipped schemas and relation registry: all 17
standard kinds in the proportions of a mid-size organisation, about three relations per CI
(the acyclic relation types only ever point "down" a fixed order, so there is no cycle),
~800-byte documents, mostly one per file and sometimes several per file, in sharded folders.

Commit 1 (branch ``main``) holds the inventory. Commit 2, on branch ``change`` (left checked
out), touches ``K`` documents: about 60 % changed, 15 % moved to another file, 15 % added,
10 % removed. The head stays valid, so ``check --base main`` has nothing new to report.

Everything is a function of ``--seed``: the same arguments give byte-identical files and the
same commit ids (identities and dates are pinned).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmdbgit.parse.scalars import resolve_plain

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "cmdbgit" / "scaffold" / "schemas"

#: Share of each kind in the inventory (HardwareAsset takes the rest).
PROPORTIONS: dict[str, float] = {
    "Team": 0.010,
    "Person": 0.150,
    "Vendor": 0.004,
    "Location": 0.003,
    "SoftwareProduct": 0.006,
    "SoftwareLicense": 0.015,
    "Contract": 0.025,
    "CloudSubscription": 0.003,
    "SLA": 0.001,
    "Service": 0.020,
    "Application": 0.080,
    "Database": 0.040,
    "Server": 0.140,
    "NetworkDevice": 0.035,
    "CloudResource": 0.090,
    "Endpoint": 0.150,
}
#: Minimum count of kinds every other kind needs to refer to.
MINIMUM = {
    "Team": 2,
    "Person": 2,
    "Vendor": 2,
    "Location": 2,
    "SoftwareProduct": 16,
    "SLA": 2,
    "Service": 2,
    "SoftwareLicense": 3,
    "NetworkDevice": 2,
    "Contract": 1,
}
#: Generation order: a kind only refers to kinds generated before it.
ORDER = [
    "Vendor",
    "Location",
    "Person",
    "Team",
    "SoftwareProduct",
    "SLA",
    "SoftwareLicense",
    "HardwareAsset",
    "Contract",
    "CloudSubscription",
    "Service",
    "NetworkDevice",
    "Server",
    "CloudResource",
    "Database",
    "Application",
    "Endpoint",
]
FOLDER = {
    "Team": "org/teams",
    "Person": "org/people",
    "Vendor": "vendors",
    "Location": "locations",
    "SoftwareProduct": "products",
    "SoftwareLicense": "licenses",
    "Contract": "contracts",
    "CloudSubscription": "cloud/subscriptions",
    "SLA": "slas",
    "Service": "services",
    "Application": "apps",
    "Database": "databases",
    "Server": "servers",
    "NetworkDevice": "network",
    "CloudResource": "cloud/resources",
    "Endpoint": "endpoints",
    "HardwareAsset": "hardware",
}
PREFIX = {
    "Team": "team",
    "Person": "person",
    "Vendor": "vendor",
    "Location": "loc",
    "SoftwareProduct": "prod",
    "SoftwareLicense": "lic",
    "Contract": "contract",
    "CloudSubscription": "sub",
    "SLA": "sla",
    "Service": "svc",
    "Application": "app",
    "Database": "db",
    "Server": "srv",
    "NetworkDevice": "net",
    "CloudResource": "cloud",
    "Endpoint": "ep",
    "HardwareAsset": "hw",
}
SHARD = 400  # files per folder
MULTI_SHARE = 0.12  # share of files that hold several documents

WORDS = (
    "billing orders ledger catalog search identity payments shipping routing tracking invoices "
    "customers partners reporting analytics warehouse inventory pricing claims returns fleet "
    "scheduling notifications documents archive gateway portal payroll recruiting training"
).split()
FIRST = (
    "anna ben carla dmitri emma farid greta hugo ines jonas kira lars maria nils olga paul".split()
)
LAST = (
    "keller okafor mendes volkov schmidt novak berg lind costa weber haas roth fuchs moreau".split()
)
CITIES = ["fra1", "ams2", "ham1", "rtm1", "lon3", "par2", "mad1", "waw1", "vie1", "zrh1"]
ENVS = ["prod", "prod", "prod", "staging", "dev", "test"]
OS_PRODUCTS = [
    ("rhel", ["8.10", "9.2", "9.4"]),
    ("ubuntu", ["20.04", "22.04", "24.04"]),
    ("windows-server", ["2019", "2022"]),
    ("debian", ["11", "12"]),
]
ENGINES = [
    ("postgresql", ["13.16", "15.8", "16.4"]),
    ("mysql", ["8.0.39", "8.4.2"]),
    ("mssql", ["2019", "2022"]),
    ("redis", ["6.2.14", "7.2.5"]),
]
RUNTIMES = [
    ("java-temurin", ["17.0.12", "21.0.5"]),
    ("python", ["3.11.9", "3.12.6"]),
    ("nodejs", ["18.20.4", "20.17.0"]),
    ("dotnet", ["6.0.33", "8.0.8"]),
]
DESKTOP = [("windows", ["10", "11"]), ("macos", ["13", "14", "15"])]
NETOS = [("junos", ["21.4", "22.4"]), ("ios-xe", ["17.6", "17.9"])]
PRODUCT_GROUPS = [OS_PRODUCTS, ENGINES, RUNTIMES, DESKTOP, NETOS]


@dataclass(slots=True)
class Doc:
    kind: str
    id: str
    data: dict[str, Any]
    file: str = ""


@dataclass(slots=True)
class World:
    rng: random.Random
    by_kind: dict[str, list[Doc]] = field(default_factory=dict)
    counter: dict[str, int] = field(default_factory=dict)
    products: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # name -> id, versions
    hardware_free: list[str] = field(default_factory=list)
    hardware: dict[str, Doc] = field(default_factory=dict)
    hypervisors: list[str] = field(default_factory=list)
    switches: list[str] = field(default_factory=list)
    ips: int = 0

    def new_id(self, kind: str, hint: str = "") -> str:
        n = self.counter.get(kind, 0) + 1
        self.counter[kind] = n
        middle = f"-{hint}" if hint else ""
        return f"{PREFIX[kind]}{middle}-{n:06d}"

    def pick(self, kind: str) -> Doc:
        return self.rng.choice(self.by_kind[kind])

    def ip(self) -> str:
        self.ips += 1
        n = self.ips
        return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def counts(total: int) -> dict[str, int]:
    """Documents per kind, summing to ``total`` (at least the minimum of each kind)."""
    out = {k: max(MINIMUM.get(k, 1), round(total * share)) for k, share in PROPORTIONS.items()}
    out["HardwareAsset"] = max(1, total - sum(out.values()))
    while sum(out.values()) > total and out["Person"] > MINIMUM["Person"]:
        out["Person"] -= 1
    return out


def day(rng: random.Random, first_year: int, last_year: int) -> str:
    return f"{rng.randint(first_year, last_year)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def metadata(w: World, ident: str, name: str, owner: str | None, **labels: str) -> dict[str, Any]:
    rng = w.rng
    meta: dict[str, Any] = {"id": ident, "name": name}
    if owner:
        meta["owner"] = owner
    meta["labels"] = {
        **(labels or {"env": rng.choice(ENVS)}),
        "region": rng.choice(CITIES),
        "cost-center": f"cc-{rng.randint(1000, 9999)}",
    }
    if rng.random() < 0.2:
        meta["labels"]["pci"] = "true"
    if rng.random() < 0.7:
        meta["annotations"] = {
            "runbook": f"https://wiki.example.com/runbooks/{ident}",
            "monitoring": f"https://grafana.example.com/d/{ident}",
            "ticket-queue": rng.choice(["OPS", "NET", "DBA", "SEC", "IT"]),
        }
    if rng.random() < 0.8:
        meta["last_verified"] = day(rng, 2025, 2026)
    return meta


def team(w: World) -> str:
    return w.pick("Team").id


def version_of(w: World, group: list[tuple[str, list[str]]]) -> dict[str, str]:
    name, versions = w.rng.choice(group)
    return {"product": w.products[name][0], "version": w.rng.choice(versions)}


def money(rng: random.Random, low: int, high: int) -> dict[str, Any]:
    return {
        "amount": f"{rng.randint(low, high)}.{rng.choice(['00', '50', '90'])}",
        "currency": rng.choice(["EUR", "EUR", "EUR", "USD", "GBP"]),
    }


def make(w: World, kind: str) -> Doc:  # noqa: C901 - one branch per kind, on purpose
    rng = w.rng
    rels: list[dict[str, str]] = []
    spec: dict[str, Any]
    owner: str | None = None
    if kind == "Vendor":
        word = rng.choice(WORDS)
        ident = w.new_id(kind, word)
        spec = {
            "website": f"https://www.{word}-{w.counter[kind]}.example.com",
            "support_email": f"support@{word}-{w.counter[kind]}.example.com",
            "support_phone": f"+49 40 {rng.randint(1000000, 9999999)}",
        }
        name = f"{word.title()} Systems {w.counter[kind]}"
    elif kind == "Location":
        city = CITIES[w.counter.get(kind, 0) % len(CITIES)]
        ident = w.new_id(kind, city)
        kind_of = rng.choice(["datacenter", "office", "colo", "cloud_region"])
        spec = {
            "address": f"{rng.randint(1, 200)} Harbour Street, {city.upper()}",
            "country": rng.choice(["DE", "NL", "GB", "FR", "ES", "PL", "AT", "CH"]),
            "type": kind_of,
        }
        name = f"{city.upper()} {kind_of.replace('_', ' ')}"
    elif kind == "SoftwareProduct":
        groups = [p for g in PRODUCT_GROUPS for p in g]
        base, versions = groups[w.counter.get(kind, 0) % len(groups)]
        ident = w.new_id(kind, base)
        w.products.setdefault(base, (ident, versions))
        spec = {
            "vendor": w.pick("Vendor").id,
            "versions": [
                {"version": v, "released": day(rng, 2018, 2023), "eol": day(rng, 2025, 2032)}
                for v in versions
            ],
        }
        name = base.replace("-", " ").title()
        owner = team(w)
    elif kind == "Person":
        first, last = rng.choice(FIRST), rng.choice(LAST)
        ident = w.new_id(kind, f"{first}-{last}")
        spec = {
            "email": f"{first}.{last}.{w.counter[kind]}@example.com",
            "github": f"{first}{last}{w.counter[kind]}",
            "status": rng.choices(["active", "leaving", "offboarded"], [92, 3, 5])[0],
        }
        name = f"{first.title()} {last.title()}"
        labels = {"department": rng.choice(["it", "finance", "operations", "sales"])}
        return Doc(
            kind, ident, envelope(kind, metadata(w, ident, name, None, **labels), spec, rels)
        )
    elif kind == "Team":
        word = rng.choice(WORDS)
        ident = w.new_id(kind, word)
        members = sorted({w.pick("Person").id for _ in range(rng.randint(3, 8))})
        spec = {"github": f"@example-org/{word}-{w.counter[kind]}", "members": members}
        name = f"{word.title()} team {w.counter[kind]}"
    elif kind == "SLA":
        ident = w.new_id(kind, rng.choice(["gold", "silver", "bronze"]))
        spec = {
            "availability": rng.choice([99.95, 99.9, 99.5, 99.0]),
            "response_minutes": rng.choice([15, 30, 60, 240]),
            "resolution_hours": rng.choice([4, 8, 24, 72]),
            "hours": rng.choice(["24x7", "business"]),
        }
        name = f"SLA {ident}"
        owner = team(w)
    elif kind == "SoftwareLicense":
        base = rng.choice(sorted(w.products))
        ident = w.new_id(kind, base)
        spec = {
            "product": w.products[base][0],
            "vendor": w.pick("Vendor").id,
            "metric": rng.choice(["user", "device", "core", "site", "subscription"]),
            "quantity": rng.randint(10, 5000),
            "term": {"start": day(rng, 2023, 2025), "end": day(rng, 2026, 2029)},
            "cost": {**money(rng, 5, 900), "period": rng.choice(["monthly", "yearly"])},
            "key_ref": f"vault://licenses/{ident}",
        }
        name = f"{base.title()} licence pool"
        owner = team(w)
    elif kind == "HardwareAsset":
        ident = w.new_id(kind)
        w.hardware_free.append(ident)
        bought = day(rng, 2019, 2026)
        spec = {
            "serial": f"SN{rng.randint(10**9, 10**10 - 1)}",
            "asset_tag": f"AT-{w.counter[kind]:07d}",
            "model": rng.choice(
                [
                    "PowerEdge R750",
                    "ProLiant DL380",
                    "ThinkPad T14",
                    "MacBook Pro 14",
                    "Catalyst 9300",
                    "EX4400",
                ]
            ),
            "vendor": w.pick("Vendor").id,
            "purchase": {
                "date": bought,
                "cost": money(rng, 900, 25000),
                "invoice": f"INV-{rng.randint(100000, 999999)}",
            },
            "warranty": {"end": day(rng, 2025, 2030)},
            "depreciation": {
                "method": rng.choice(["straight_line", "declining_balance", "sum_of_years_digits"]),
                "life_months": rng.choice([36, 48, 60]),
            },
            "lifecycle": {
                "status": rng.choices(
                    ["deployed", "in_stock", "in_repair", "retired"], [85, 8, 2, 5]
                )[0]
            },
            "cost_center": f"CC-{rng.randint(1000, 9999)}",
        }
        name = f"Asset {ident}"
        owner = team(w)
        rels = [{"type": "located_in", "target": w.pick("Location").id}]
        doc = Doc(kind, ident, envelope(kind, metadata(w, ident, name, owner), spec, rels))
        w.hardware[ident] = doc
        return doc
    elif kind == "Contract":
        ident = w.new_id(kind, rng.choice(["support", "warranty", "lease"]))
        covered = sorted(
            {rng.choice(w.by_kind["HardwareAsset"]).id for _ in range(rng.randint(1, 4))}
        )
        spec = {
            "vendor": w.pick("Vendor").id,
            "type": rng.choice(["warranty", "support", "lease", "subscription"]),
            "start": day(rng, 2022, 2024),
            "end": day(rng, 2026, 2029),
            "covers": covered,
            "cost": money(rng, 1000, 90000),
        }
        name = f"Contract {ident}"
        owner = team(w)
    elif kind == "CloudSubscription":
        provider = rng.choice(["aws", "azure", "gcp"])
        ident = w.new_id(kind, provider)
        spec = {
            "provider": provider,
            "plan": rng.choice(["enterprise", "business", "developer"]),
            "account": f"{rng.randint(10**11, 10**12 - 1)}",
            "cost": {**money(rng, 500, 50000), "period": "monthly"},
            "term": {"start": day(rng, 2023, 2025), "end": day(rng, 2026, 2028)},
        }
        name = f"{provider.upper()} subscription {w.counter[kind]}"
        owner = team(w)
    elif kind == "Service":
        word = rng.choice(WORDS)
        ident = w.new_id(kind, word)
        spec = {
            "criticality": rng.choice(["tier-1", "tier-2", "tier-3", "tier-4"]),
            "description": f"The {word} service for customers and partners, "
            f"run by {w.counter[kind] % 7 + 2} squads.",
        }
        name = f"{word.title()} service {w.counter[kind]}"
        owner = team(w)
        rels = [{"type": "governed_by", "target": w.pick("SLA").id}]
        earlier = w.by_kind.get("Service", [])
        for _ in range(rng.choice([0, 1, 1, 2]) if earlier else 0):
            rels.append({"type": "depends_on", "target": rng.choice(earlier).id})
    elif kind == "NetworkDevice":
        city = rng.choice(CITIES)
        role = rng.choice(
            ["router", "switch", "switch", "firewall", "load_balancer", "access_point"]
        )
        ident = w.new_id(kind, f"{city}-{role.replace('_', '')}")
        spec = {
            "hostname": f"{ident}.{city}.example.net",
            "ip": w.ip(),
            "role": role,
            "os": version_of(w, NETOS),
        }
        if w.hardware_free:
            spec["asset"] = w.hardware_free.pop()
        name = f"{role.replace('_', ' ').title()} {ident}"
        owner = team(w)
        rels = [{"type": "located_in", "target": w.pick("Location").id}]
        if w.switches:
            rels.append({"type": "connected_to", "target": rng.choice(w.switches)})
        w.switches.append(ident)
    elif kind == "Server":
        city = rng.choice(CITIES)
        virtual = bool(w.hypervisors) and rng.random() < 0.6
        ident = w.new_id(kind, city)
        spec = {
            "hostname": f"{ident}.{city}.example.com",
            "ip": w.ip(),
            "os": version_of(w, OS_PRODUCTS),
            "cpu_cores": rng.choice([2, 4, 8, 16, 32]),
            "memory_gb": rng.choice([8, 16, 32, 64, 128, 256]),
            "virtual": virtual,
        }
        owner = team(w)
        rels = [
            {"type": "located_in", "target": w.pick("Location").id},
            {"type": "connected_to", "target": rng.choice(w.switches)},
        ]
        if virtual:
            rels.append({"type": "hosted_on", "target": rng.choice(w.hypervisors)})
        else:
            if w.hardware_free:
                spec["asset"] = w.hardware_free.pop()
            w.hypervisors.append(ident)
        if rng.random() < 0.3:
            rels.append({"type": "uses_license", "target": w.pick("SoftwareLicense").id})
        name = f"{'VM' if virtual else 'Host'} {ident}"
    elif kind == "CloudResource":
        provider = rng.choice(["aws", "azure", "gcp"])
        ident = w.new_id(kind, provider)
        rtype = rng.choice(["kubernetes-cluster", "bucket", "queue", "managed-db", "function"])
        spec = {
            "provider": provider,
            "account": f"{rng.randint(10**11, 10**12 - 1)}",
            "region": rng.choice(["eu-central-1", "eu-west-1", "westeurope", "europe-west3"]),
            "resource_type": f"{provider}:{rtype}",
            "resource_id": f"arn:{provider}:{rtype}:{ident}",
        }
        name = f"{rtype.replace('-', ' ').title()} {ident}"
        owner = team(w)
        rels = [{"type": "part_of", "target": w.pick("Service").id}]
    elif kind == "Database":
        ident = w.new_id(kind, rng.choice(WORDS))
        spec = {"engine": version_of(w, ENGINES), "size_gb": rng.randint(1, 4000)}
        name = f"Database {ident}"
        owner = team(w)
        host = w.pick("Server").id if rng.random() < 0.7 else w.pick("CloudResource").id
        rels = [
            {"type": "runs_on", "target": host},
            {"type": "part_of", "target": w.pick("Service").id},
        ]
        earlier = w.by_kind.get("Database", [])
        if earlier and rng.random() < 0.3:
            rels.append({"type": "depends_on", "target": rng.choice(earlier).id})
    elif kind == "Application":
        word = rng.choice(WORDS)
        ident = w.new_id(kind, word)
        spec = {
            "description": f"{word.title()} backend: REST API, batch jobs and event consumers "
            f"for the {rng.choice(WORDS)} domain.",
            "repository": f"https://git.example.com/apps/{ident}",
            "software": [version_of(w, RUNTIMES)],
        }
        name = f"{word.title()} app {w.counter[kind]}"
        owner = team(w)
        rels = [
            {"type": "part_of", "target": w.pick("Service").id},
            {"type": "runs_on", "target": w.pick("Server").id},
            {"type": "depends_on", "target": w.pick("Database").id},
        ]
        earlier = w.by_kind.get("Application", [])
        if earlier and rng.random() < 0.4:
            rels.append({"type": "depends_on", "target": rng.choice(earlier).id})
    elif kind == "Endpoint":
        ident = w.new_id(kind)
        spec = {
            "hostname": f"nb-{w.counter[kind]:06d}.corp.example.com",
            "os": version_of(w, DESKTOP),
            "cpu_cores": rng.choice([4, 8, 10, 12]),
            "assigned_to": w.pick("Person").id,
        }
        if w.hardware_free:
            spec["asset"] = w.hardware_free.pop()
        name = f"Laptop {ident}"
        owner = team(w)
        rels = [
            {"type": "connected_to", "target": rng.choice(w.switches)},
            {"type": "uses_license", "target": w.pick("SoftwareLicense").id},
        ]
    else:  # pragma: no cover - every standard kind is listed above
        raise ValueError(kind)
    return Doc(kind, ident, envelope(kind, metadata(w, ident, name, owner), spec, rels))


def envelope(
    kind: str, meta: dict[str, Any], spec: dict[str, Any], rels: list[dict[str, str]]
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "apiVersion": "cmdbgit/v1",
        "kind": kind,
        "metadata": meta,
        "spec": spec,
    }
    if rels:
        data["relations"] = rels
    return data


def build(total: int, seed: int) -> World:
    """Every document, in generation order, with references only to earlier kinds."""
    w = World(random.Random(seed))
    plan = counts(total)
    for kind in ORDER:
        w.by_kind[kind] = []
        for _ in range(plan[kind]):
            w.by_kind[kind].append(make(w, kind))
    # Links that point "forward" in ORDER: people's licences, warranties' contracts.
    for person in w.by_kind["Person"]:
        if w.rng.random() < 0.4:
            lic = w.pick("SoftwareLicense").id
            person.data["relations"] = [{"type": "uses_license", "target": lic}]
    for contract in w.by_kind["Contract"]:
        for asset_id in contract.data["spec"]["covers"][:1]:
            asset = w.hardware[asset_id]
            asset.data["spec"]["warranty"]["contract"] = contract.id
    return w


# -- YAML writing -------------------------------------------------------------------------------
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/@+()-]*$")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text  # YAML 1.2: a date stays the string it was written as
    if (
        _PLAIN.match(text)
        and resolve_plain(text) == text
        and text.lower() not in _RESERVED
        and not text.endswith((" ", ":"))
    ):
        return text
    return json.dumps(text)


def flow(data: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in data.items()) + "}"


def emit(data: Any, indent: int = 0) -> Iterator[str]:
    pad = " " * indent
    for key, value in data.items():
        if (
            isinstance(value, dict)
            and value
            and all(not isinstance(v, dict | list) for v in value.values())
            and len(value) <= 3
        ):
            yield f"{pad}{key}: {flow(value)}"
        elif isinstance(value, dict):
            yield f"{pad}{key}:"
            yield from emit(value, indent + 2)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            yield f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]"
        elif isinstance(value, list):
            yield f"{pad}{key}:"
            for item in value:
                yield f"{pad}  - {flow(item)}"
        else:
            yield f"{pad}{key}: {scalar(value)}"


def render(doc: Doc) -> str:
    return "\n".join(emit(doc.data)) + "\n"


def layout(w: World) -> dict[str, list[Doc]]:
    """Assign documents to files: sharded folders, sometimes several documents per file."""
    rng = w.rng
    files: dict[str, list[Doc]] = {}
    for kind in ORDER:
        docs = w.by_kind[kind]
        i = 0
        n = 0
        while i < len(docs):
            size = rng.randint(2, 5) if rng.random() < MULTI_SHARE else 1
            group = docs[i : i + size]
            i += size
            folder = f"inventory/{FOLDER[kind]}/{n // SHARD:03d}"
            name = group[0].id if size == 1 else f"{group[0].id}-group"
            path = f"{folder}/{name}.yaml"
            n += 1
            for doc in group:
                doc.file = path
            files[path] = group
    return files


def file_text(docs: list[Doc]) -> str:
    head = f"# {docs[0].kind} records, maintained by the owning team.\n"
    return head + "---\n".join(render(d) for d in docs)


def write_files(out: Path, files: dict[str, list[Doc]]) -> None:
    for path, docs in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file_text(docs), encoding="utf-8")


# -- the second commit --------------------------------------------------------------------------
def change(w: World, files: dict[str, list[Doc]], out: Path, k: int) -> dict[str, int]:
    """Change, move, add and remove documents (``k`` in all); the head stays valid."""
    rng = w.rng
    n_add = k * 15 // 100
    n_remove = k * 10 // 100
    n_move = k * 15 // 100
    n_change = k - n_add - n_remove - n_move
    stats = {"changed": 0, "moved": 0, "added": 0, "removed": 0}
    touched: set[str] = set()

    # Removed: Endpoints are never the target of a reference, so removing one breaks nothing.
    endpoints = [d for d in w.by_kind["Endpoint"] if d.file]
    for doc in rng.sample(endpoints, min(n_remove, len(endpoints))):
        files[doc.file].remove(doc)
        touched.add(doc.file)
        stats["removed"] += 1
    # Changed: a field of the spec, a label, and sometimes one more relation.
    mutable = [
        d
        for kind in ("Server", "Application", "Database", "Endpoint")
        for d in w.by_kind[kind]
        if d.file and d in files[d.file]
    ]
    for doc in rng.sample(mutable, min(n_change, len(mutable))):
        spec = doc.data["spec"]
        if doc.kind == "Server":
            spec["memory_gb"] = spec["memory_gb"] * 2
        elif doc.kind == "Application":
            spec["description"] = spec["description"].replace("REST API", "GraphQL API")
            if rng.random() < 0.5:
                doc.data["relations"].append(
                    {"type": "depends_on", "target": w.pick("Database").id}
                )
        elif doc.kind == "Database":
            spec["size_gb"] = spec["size_gb"] + 100
        else:
            spec["cpu_cores"] = spec["cpu_cores"] + 2
        doc.data["metadata"]["labels"]["changed"] = "true"
        touched.add(doc.file)
        stats["changed"] += 1
    # Moved: single-document files to another folder (sometimes changed on the way).
    singles = [p for p, docs in files.items() if len(docs) == 1 and p not in touched]
    for path in rng.sample(singles, min(n_move, len(singles))):
        docs = files.pop(path)
        (out / path).unlink()
        new = path.replace("inventory/", "inventory/moved/", 1)
        for doc in docs:
            doc.file = new
        files[new] = docs
        touched.add(new)
        stats["moved"] += 1
    # Added: new Applications and Endpoints wired to what exists.
    for i in range(n_add):
        kind = "Application" if i % 2 == 0 else "Endpoint"
        doc = make(w, kind)
        doc.file = f"inventory/added/{doc.id}.yaml"
        files[doc.file] = [doc]
        touched.add(doc.file)
        stats["added"] += 1
    for path in sorted(touched):
        docs = files.get(path)
        if docs:
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(file_text(docs), encoding="utf-8")
        else:
            files.pop(path, None)
            (out / path).unlink(missing_ok=True)
    return stats


# -- the repository -----------------------------------------------------------------------------
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Benchmark",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Benchmark",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(out: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    done = subprocess.run(
        ["git", *args], cwd=out, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def scaffold(out: Path) -> None:
    (out / "schemas").mkdir(parents=True)
    for schema in sorted(SCHEMAS.iterdir()):
        shutil.copyfile(schema, out / "schemas" / schema.name)
    (out / ".gitignore").write_text("# cmdbgit's local state (parse cache)\n.cmdbgit/\n")
    (out / "cmdbgit.yaml").write_text(
        "paths: {inventory: inventory, schemas: schemas}\nbase_branch: main\n"
    )


def generate(out: Path, docs: int, seed: int, k: int) -> dict[str, Any]:
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out}: exists and is not empty")
    out.mkdir(parents=True, exist_ok=True)
    w = build(docs, seed)
    files = layout(w)
    scaffold(out)
    write_files(out, files)
    git(out, "init", "-q", "-b", "main")
    git(out, "add", "-A")
    git(
        out,
        "commit",
        "-q",
        "-m",
        f"Inventory of {docs} documents (seed {seed})",
        date="2026-01-01T12:00:00+00:00",
    )
    base = git(out, "rev-parse", "HEAD")
    git(out, "checkout", "-q", "-b", "change")
    stats = change(w, files, out, k) if k else {}
    git(out, "add", "-A")
    git(
        out,
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        f"Change {k} documents",
        date="2026-01-02T12:00:00+00:00",
    )
    total = sum(len(v) for v in w.by_kind.values())
    return {
        "documents": total,
        "files": len(files),
        "base": base,
        "head": git(out, "rev-parse", "HEAD"),
        "change": stats,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory to create (must be empty or absent)")
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the base commit")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--change",
        type=int,
        default=50,
        help="documents touched by the second commit (branch 'change')",
    )
    args = parser.parse_args(argv)
    if args.docs < 60:
        parser.error("--docs must be at least 60 (every kind needs a few documents)")
    summary = generate(args.out, args.docs, args.seed, args.change)
    json.dump(summary, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
