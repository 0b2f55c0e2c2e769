"""One builder per standard kind for the synthetic inventory (a registry, in generation order).

A builder returns the document's parts; it may refer only to kinds built before it (``ORDER``),
and the acyclic relation types only ever point "down" that order or to an earlier document of
the same kind, so the generated graph has no cycle. Every value fits the shipped schemas.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# fmt: off
WORDS = [
    "billing", "orders", "ledger", "catalog", "search", "identity", "payments", "shipping",
    "routing", "tracking", "invoices", "customers", "partners", "reporting", "analytics",
    "warehouse", "inventory", "pricing", "claims", "returns", "fleet", "scheduling",
    "notifications", "documents", "archive", "gateway", "portal", "payroll", "recruiting",
]
FIRST = ["anna", "ben", "carla", "dmitri", "emma", "farid", "greta", "hugo", "ines", "jonas"]
LAST = ["keller", "okafor", "mendes", "volkov", "schmidt", "novak", "berg", "lind", "costa"]
# fmt: on
CITIES = ["fra1", "ams2", "ham1", "rtm1", "lon3", "par2", "mad1", "waw1", "vie1", "zrh1"]
ENVS = ["prod", "prod", "prod", "staging", "dev", "test"]
OS = [
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
PRODUCTS = [*OS, *ENGINES, *RUNTIMES, *DESKTOP, *NETOS]  # fmt: skip
PREFIX = {
    "Team": "team", "Person": "person", "Vendor": "vendor", "Location": "loc",
    "SoftwareProduct": "prod", "SoftwareLicense": "lic", "Contract": "contract",
    "CloudSubscription": "sub", "SLA": "sla", "Service": "svc", "Application": "app",
    "Database": "db", "Server": "srv", "NetworkDevice": "net", "CloudResource": "cloud",
    "Endpoint": "ep", "HardwareAsset": "hw",
}  # fmt: skip


@dataclass(slots=True)
class Doc:
    kind: str
    id: str
    data: dict[str, Any]
    file: str = ""


@dataclass(slots=True)
class Built:
    """What a builder decides; the envelope around it is the same for every kind."""

    id: str
    name: str
    spec: dict[str, Any]
    owner: str | None = None
    relations: list[dict[str, str]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class World:
    """Everything built so far, and the pools later kinds draw from."""

    rng: random.Random
    by_kind: dict[str, list[Doc]] = field(default_factory=dict)
    counter: dict[str, int] = field(default_factory=dict)
    products: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # name: id, versions
    free_hardware: list[str] = field(default_factory=list)
    hardware: dict[str, Doc] = field(default_factory=dict)
    hypervisors: list[str] = field(default_factory=list)
    switches: list[str] = field(default_factory=list)
    ips: int = 0

    def new_id(self, kind: str, hint: str = "") -> str:
        n = self.counter[kind] = self.counter.get(kind, 0) + 1
        return f"{PREFIX[kind]}{'-' + hint if hint else ''}-{n:06d}"

    def pick(self, kind: str) -> str:
        return self.rng.choice(self.by_kind[kind]).id

    def team(self) -> str:
        return self.pick("Team")

    def ip(self) -> str:
        self.ips += 1
        return f"10.{(self.ips >> 16) & 255}.{(self.ips >> 8) & 255}.{self.ips & 255}"

    def day(self, first_year: int, last_year: int) -> str:
        r = self.rng
        return f"{r.randint(first_year, last_year)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"

    def version(self, group: list[tuple[str, list[str]]]) -> dict[str, str]:
        name, versions = self.rng.choice(group)
        return {"product": self.products[name][0], "version": self.rng.choice(versions)}

    def money(self, low: int, high: int) -> dict[str, Any]:
        cents = self.rng.choice(["00", "50", "90"])
        currency = self.rng.choice(["EUR", "EUR", "EUR", "USD", "GBP"])
        return {"amount": f"{self.rng.randint(low, high)}.{cents}", "currency": currency}


def vendor(w: World) -> Built:
    word = w.rng.choice(WORDS)
    ident = w.new_id("Vendor", word)
    host = f"{word}-{w.counter['Vendor']}.example.com"
    spec = {"website": f"https://www.{host}", "support_email": f"support@{host}",
            "support_phone": f"+49 40 {w.rng.randint(1000000, 9999999)}"}  # fmt: skip
    return Built(ident, f"{word.title()} Systems {w.counter['Vendor']}", spec)


def location(w: World) -> Built:
    city = CITIES[w.counter.get("Location", 0) % len(CITIES)]
    kind = w.rng.choice(["datacenter", "office", "colo", "cloud_region"])
    spec = {"address": f"{w.rng.randint(1, 200)} Harbour Street, {city.upper()}",
            "country": w.rng.choice(["DE", "NL", "GB", "FR", "ES", "PL", "AT", "CH"]),
            "type": kind}  # fmt: skip
    return Built(w.new_id("Location", city), f"{city.upper()} {kind.replace('_', ' ')}", spec)


def person(w: World) -> Built:
    first, last = w.rng.choice(FIRST), w.rng.choice(LAST)
    ident = w.new_id("Person", f"{first}-{last}")
    n = w.counter["Person"]
    status = w.rng.choices(["active", "leaving", "offboarded"], [92, 3, 5])[0]
    spec = {"email": f"{first}.{last}.{n}@example.com", "github": f"{first}{last}{n}",
            "status": status}  # fmt: skip
    department = w.rng.choice(["it", "finance", "operations", "sales"])
    return Built(ident, f"{first.title()} {last.title()}", spec, labels={"department": department})


def team(w: World) -> Built:
    word = w.rng.choice(WORDS)
    ident = w.new_id("Team", word)
    members = sorted({w.pick("Person") for _ in range(w.rng.randint(3, 8))})
    spec = {"github": f"@example-org/{word}-{w.counter['Team']}", "members": members}
    return Built(ident, f"{word.title()} team {w.counter['Team']}", spec)


def software_product(w: World) -> Built:
    base, versions = PRODUCTS[w.counter.get("SoftwareProduct", 0) % len(PRODUCTS)]
    ident = w.new_id("SoftwareProduct", base)
    w.products.setdefault(base, (ident, versions))
    spec = {"vendor": w.pick("Vendor"),
            "versions": [{"version": v, "released": w.day(2018, 2023), "eol": w.day(2025, 2032)}
                         for v in versions]}  # fmt: skip
    return Built(ident, base.replace("-", " ").title(), spec, w.team())


def sla(w: World) -> Built:
    ident = w.new_id("SLA", w.rng.choice(["gold", "silver", "bronze"]))
    spec = {"availability": w.rng.choice([99.95, 99.9, 99.5, 99.0]),
            "response_minutes": w.rng.choice([15, 30, 60, 240]),
            "resolution_hours": w.rng.choice([4, 8, 24, 72]),
            "hours": w.rng.choice(["24x7", "business"])}  # fmt: skip
    return Built(ident, f"SLA {ident}", spec, w.team())


def software_license(w: World) -> Built:
    base = w.rng.choice(sorted(w.products))
    ident = w.new_id("SoftwareLicense", base)
    spec = {"product": w.products[base][0], "vendor": w.pick("Vendor"),
            "metric": w.rng.choice(["user", "device", "core", "site", "subscription"]),
            "quantity": w.rng.randint(10, 5000),
            "term": {"start": w.day(2023, 2025), "end": w.day(2026, 2029)},
            "cost": {**w.money(5, 900), "period": w.rng.choice(["monthly", "yearly"])},
            "key_ref": f"vault://licenses/{ident}"}  # fmt: skip
    return Built(ident, f"{base.title()} licence pool", spec, w.team())


def hardware_asset(w: World) -> Built:
    ident = w.new_id("HardwareAsset")
    w.free_hardware.append(ident)
    models = ["PowerEdge R750", "ProLiant DL380", "ThinkPad T14", "MacBook Pro 14",
              "Catalyst 9300", "EX4400"]  # fmt: skip
    status = w.rng.choices(["deployed", "in_stock", "in_repair", "retired"], [85, 8, 2, 5])[0]
    method = w.rng.choice(["straight_line", "declining_balance", "sum_of_years_digits"])
    spec = {"serial": f"SN{w.rng.randint(10**9, 10**10 - 1)}",
            "asset_tag": f"AT-{w.counter['HardwareAsset']:07d}",
            "model": w.rng.choice(models), "vendor": w.pick("Vendor"),
            "purchase": {"date": w.day(2019, 2026), "cost": w.money(900, 25000),
                         "invoice": f"INV-{w.rng.randint(100000, 999999)}"},
            "warranty": {"end": w.day(2025, 2030)},
            "depreciation": {"method": method, "life_months": w.rng.choice([36, 48, 60])},
            "lifecycle": {"status": status},
            "cost_center": f"CC-{w.rng.randint(1000, 9999)}"}  # fmt: skip
    rels = [{"type": "located_in", "target": w.pick("Location")}]
    return Built(ident, f"Asset {ident}", spec, w.team(), rels)


def contract(w: World) -> Built:
    ident = w.new_id("Contract", w.rng.choice(["support", "warranty", "lease"]))
    covers = sorted({w.pick("HardwareAsset") for _ in range(w.rng.randint(1, 4))})
    spec = {"vendor": w.pick("Vendor"),
            "type": w.rng.choice(["warranty", "support", "lease", "subscription"]),
            "start": w.day(2022, 2024), "end": w.day(2026, 2029), "covers": covers,
            "cost": w.money(1000, 90000)}  # fmt: skip
    return Built(ident, f"Contract {ident}", spec, w.team())


def cloud_subscription(w: World) -> Built:
    provider = w.rng.choice(["aws", "azure", "gcp"])
    ident = w.new_id("CloudSubscription", provider)
    spec = {"provider": provider, "plan": w.rng.choice(["enterprise", "business", "developer"]),
            "account": f"{w.rng.randint(10**11, 10**12 - 1)}",
            "cost": {**w.money(500, 50000), "period": "monthly"},
            "term": {"start": w.day(2023, 2025), "end": w.day(2026, 2028)}}  # fmt: skip
    return Built(ident, f"{provider.upper()} subscription {ident[-6:]}", spec, w.team())


def service(w: World) -> Built:
    word = w.rng.choice(WORDS)
    ident = w.new_id("Service", word)
    spec = {"criticality": w.rng.choice(["tier-1", "tier-2", "tier-3", "tier-4"]),
            "description": f"The {word} service for customers and partners, run by "
                           f"{w.counter['Service'] % 7 + 2} squads."}  # fmt: skip
    rels = [{"type": "governed_by", "target": w.pick("SLA")}]
    if w.by_kind["Service"]:
        for _ in range(w.rng.choice([0, 1, 1, 2])):  # an earlier service: no cycle
            rels.append({"type": "depends_on", "target": w.pick("Service")})
    return Built(ident, f"{word.title()} service {w.counter['Service']}", spec, w.team(), rels)


def network_device(w: World) -> Built:
    city = w.rng.choice(CITIES)
    role = w.rng.choice(["router", "switch", "switch", "firewall", "load_balancer",
                         "access_point"])  # fmt: skip
    ident = w.new_id("NetworkDevice", f"{city}-{role.replace('_', '')}")
    spec = {"hostname": f"{ident}.{city}.example.net", "ip": w.ip(), "role": role,
            "os": w.version(NETOS)}  # fmt: skip
    if w.free_hardware:
        spec["asset"] = w.free_hardware.pop()
    rels = [{"type": "located_in", "target": w.pick("Location")}]
    if w.switches:
        rels.append({"type": "connected_to", "target": w.rng.choice(w.switches)})
    w.switches.append(ident)
    return Built(ident, f"{role.replace('_', ' ').title()} {ident}", spec, w.team(), rels)


def server(w: World) -> Built:
    city = w.rng.choice(CITIES)
    virtual = bool(w.hypervisors) and w.rng.random() < 0.6
    ident = w.new_id("Server", city)
    spec = {"hostname": f"{ident}.{city}.example.com", "ip": w.ip(), "os": w.version(OS),
            "cpu_cores": w.rng.choice([2, 4, 8, 16, 32]),
            "memory_gb": w.rng.choice([8, 16, 32, 64, 128, 256]), "virtual": virtual}  # fmt: skip
    rels = [{"type": "located_in", "target": w.pick("Location")},
            {"type": "connected_to", "target": w.rng.choice(w.switches)}]  # fmt: skip
    if virtual:  # on a physical host built earlier
        rels.append({"type": "hosted_on", "target": w.rng.choice(w.hypervisors)})
    else:
        if w.free_hardware:
            spec["asset"] = w.free_hardware.pop()
        w.hypervisors.append(ident)
    if w.rng.random() < 0.6:
        rels.append({"type": "uses_license", "target": w.pick("SoftwareLicense")})
    return Built(ident, f"{'VM' if virtual else 'Host'} {ident}", spec, w.team(), rels)


def cloud_resource(w: World) -> Built:
    provider = w.rng.choice(["aws", "azure", "gcp"])
    ident = w.new_id("CloudResource", provider)
    rtype = w.rng.choice(["kubernetes-cluster", "bucket", "queue", "managed-db", "function"])
    spec = {"provider": provider, "account": f"{w.rng.randint(10**11, 10**12 - 1)}",
            "region": w.rng.choice(["eu-central-1", "eu-west-1", "westeurope", "europe-west3"]),
            "resource_type": f"{provider}:{rtype}",
            "resource_id": f"arn:{provider}:{rtype}:{ident}"}  # fmt: skip
    services = {w.pick("Service") for _ in range(1 if w.rng.random() < 0.6 else 2)}  # shared
    rels = [{"type": "part_of", "target": s} for s in sorted(services)]
    return Built(ident, f"{rtype.replace('-', ' ').title()} {ident}", spec, w.team(), rels)


def database(w: World) -> Built:
    ident = w.new_id("Database", w.rng.choice(WORDS))
    spec = {"engine": w.version(ENGINES), "size_gb": w.rng.randint(1, 4000)}
    host = w.pick("Server") if w.rng.random() < 0.7 else w.pick("CloudResource")
    rels = [{"type": "runs_on", "target": host}, {"type": "part_of", "target": w.pick("Service")}]
    if w.by_kind["Database"] and w.rng.random() < 0.5:  # a replica of an earlier one
        rels.append({"type": "depends_on", "target": w.pick("Database")})
    return Built(ident, f"Database {ident}", spec, w.team(), rels)


def application(w: World) -> Built:
    word = w.rng.choice(WORDS)
    ident = w.new_id("Application", word)
    spec = {"description": f"{word.title()} backend: REST API, batch jobs and event consumers "
                           f"for the {w.rng.choice(WORDS)} domain.",
            "repository": f"https://git.example.com/apps/{ident}",
            "software": [w.version(RUNTIMES)]}  # fmt: skip
    rels = [{"type": "part_of", "target": w.pick("Service")},
            {"type": "runs_on", "target": w.pick("Server")},
            {"type": "depends_on", "target": w.pick("Database")}]  # fmt: skip
    if w.by_kind["Application"] and w.rng.random() < 0.4:
        rels.append({"type": "depends_on", "target": w.pick("Application")})
    return Built(ident, f"{word.title()} app {w.counter['Application']}", spec, w.team(), rels)


def endpoint(w: World) -> Built:
    ident = w.new_id("Endpoint")
    spec = {"hostname": f"nb-{w.counter['Endpoint']:06d}.corp.example.com",
            "os": w.version(DESKTOP), "cpu_cores": w.rng.choice([4, 8, 10, 12]),
            "assigned_to": w.pick("Person")}  # fmt: skip
    if w.free_hardware:
        spec["asset"] = w.free_hardware.pop()
    licences = {w.pick("SoftwareLicense") for _ in range(w.rng.choice([1, 2, 2, 3]))}
    rels = [{"type": "connected_to", "target": w.rng.choice(w.switches)}]
    rels += [{"type": "uses_license", "target": lic} for lic in sorted(licences)]
    return Built(ident, f"Laptop {ident}", spec, w.team(), rels)


#: Every standard kind, in generation order (each refers only to kinds above it).
BUILDERS: dict[str, Callable[[World], Built]] = {
    "Vendor": vendor,
    "Location": location,
    "Person": person,
    "Team": team,
    "SoftwareProduct": software_product,
    "SLA": sla,
    "SoftwareLicense": software_license,
    "HardwareAsset": hardware_asset,
    "Contract": contract,
    "CloudSubscription": cloud_subscription,
    "Service": service,
    "NetworkDevice": network_device,
    "Server": server,
    "CloudResource": cloud_resource,
    "Database": database,
    "Application": application,
    "Endpoint": endpoint,
}


def make(w: World, kind: str) -> Doc:
    """A document of ``kind``, in the envelope with realistic metadata."""
    built = BUILDERS[kind](w)
    meta: dict[str, Any] = {"id": built.id, "name": built.name}
    if built.owner:
        meta["owner"] = built.owner
    meta["labels"] = {**(built.labels or {"env": w.rng.choice(ENVS)}),
                      "region": w.rng.choice(CITIES),
                      "cost-center": f"cc-{w.rng.randint(1000, 9999)}"}  # fmt: skip
    if w.rng.random() < 0.2:
        meta["labels"]["pci"] = "true"
    if w.rng.random() < 0.7:
        meta["annotations"] = {"runbook": f"https://wiki.example.com/runbooks/{built.id}",
                               "monitoring": f"https://grafana.example.com/d/{built.id}",
                               "ticket-queue": w.rng.choice(["OPS", "NET", "DBA", "SEC"])}  # fmt: skip
    if w.rng.random() < 0.8:
        meta["last_verified"] = w.day(2025, 2026)
    data: dict[str, Any] = {"apiVersion": "cmdbgit/v1", "kind": kind, "metadata": meta,
                            "spec": built.spec}  # fmt: skip
    if built.relations:
        data["relations"] = built.relations
    doc = Doc(kind, built.id, data)
    if kind == "HardwareAsset":
        w.hardware[built.id] = doc
    return doc
