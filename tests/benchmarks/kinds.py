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
    "Endpoint": "ep", "HardwareAsset": "hw", "HardwareModel": "hwm", "PowerDevice": "pwr",
    "Domain": "dom", "Cluster": "cl", "API": "api",
}  # fmt: skip
RACK_UNITS = 42


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
    sites: list[str] = field(default_factory=list)  # datacenters and colos: rooms go in them
    rooms: list[str] = field(default_factory=list)
    racks: dict[str, int] = field(default_factory=dict)  # rack id: next free unit
    feeds: list[str] = field(default_factory=list)
    pdus: dict[str, str] = field(default_factory=dict)  # PDU id: its rack
    clustered: set[str] = field(default_factory=set)
    env: dict[str, str] = field(default_factory=dict)  # id: its env label
    ips: int = 0

    def new_id(self, kind: str, hint: str = "") -> str:
        n = self.counter[kind] = self.counter.get(kind, 0) + 1
        return f"{PREFIX[kind]}{'-' + hint if hint else ''}-{n:06d}"

    def pick(self, kind: str) -> str:
        return self.rng.choice(self.by_kind[kind]).id

    def team(self) -> str:
        return self.pick("Team")

    def active_person(self) -> str:
        """A person still here (the starter policies flag assets assigned to others)."""
        people = self.by_kind["Person"]
        while True:
            doc = self.rng.choice(people)
            if doc.data["spec"]["status"] != "offboarded":
                return doc.id

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
    """Sites first, then rooms in sites and racks in rooms (containment points "down")."""
    city = CITIES[w.counter.get("Location", 0) % len(CITIES)]
    country = w.rng.choice(["DE", "NL", "GB", "FR", "ES", "PL", "AT", "CH"])
    n = w.counter.get("Location", 0)
    if n < 4 or not w.sites or w.rng.random() < 0.15:
        kind = w.rng.choice(["datacenter", "office", "colo", "cloud_region"])
        spec = {"address": f"{w.rng.randint(1, 200)} Harbour Street, {city.upper()}",
                "country": country, "type": kind}  # fmt: skip
        ident = w.new_id("Location", city)
        if kind in ("datacenter", "colo"):
            w.sites.append(ident)
        return Built(ident, f"{city.upper()} {kind.replace('_', ' ')}", spec)
    if not w.rooms or w.rng.random() < 0.12:
        ident = w.new_id("Location", "room")
        w.rooms.append(ident)
        rels = [{"type": "located_in", "target": w.rng.choice(w.sites)}]
        return Built(ident, f"Data hall {ident[-6:]}", {"type": "room", "country": country},
                     relations=rels)  # fmt: skip
    ident = w.new_id("Location", "rack")
    w.racks[ident] = 1
    spec = {"type": "rack", "country": country, "height_units": RACK_UNITS}
    rels = [{"type": "located_in", "target": w.rng.choice(w.rooms)}]
    return Built(ident, f"Rack {ident[-6:]}", spec, relations=rels)


def rack_slot(w: World, height: int) -> tuple[str, dict[str, Any]] | None:
    """A rack with ``height`` free units and the position there (racks fill bottom-up)."""
    free = [r for r, unit in w.racks.items() if unit + height - 1 <= RACK_UNITS]
    if not free:
        return None
    rack = w.rng.choice(free[:8])  # fill a few racks at a time, as a datacenter does
    unit = w.racks[rack]
    w.racks[rack] = unit + height
    return rack, {"unit": unit, "height": height, "face": "front"}


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
    spec: dict[str, Any] = {"github": f"@example-org/{word}-{w.counter['Team']}",
                            "members": members}  # fmt: skip
    if w.by_kind["Team"] and w.rng.random() < 0.85:  # an earlier team: a tree, no cycle
        spec["parent"] = w.pick("Team")
    return Built(ident, f"{word.title()} team {w.counter['Team']}", spec)


def software_product(w: World) -> Built:
    base, versions = PRODUCTS[w.counter.get("SoftwareProduct", 0) % len(PRODUCTS)]
    ident = w.new_id("SoftwareProduct", base)
    w.products.setdefault(base, (ident, versions))
    spec = {"vendor": w.pick("Vendor"),
            "versions": [{"version": v, "released": w.day(2018, 2023), "eol": w.day(2027, 2032)}
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


def hardware_model(w: World) -> Built:
    name, form = w.rng.choice([("PowerEdge R750", "rack"), ("ProLiant DL380", "rack"),
                               ("ThinkPad T14", "laptop"), ("MacBook Pro 14", "laptop"),
                               ("Catalyst 9300", "rack"), ("EX4400", "rack"),
                               ("OptiPlex 7010", "desktop")])  # fmt: skip
    ident = w.new_id("HardwareModel", name.split()[0].lower())
    spec = {"vendor": w.pick("Vendor"), "model": f"{name} gen {w.counter['HardwareModel']}",
            "part_number": f"PN-{w.rng.randint(10**5, 10**6 - 1)}", "form_factor": form,
            "end_of_sale": w.day(2022, 2027), "end_of_support": w.day(2027, 2033),
            "depreciation_life_months": w.rng.choice([36, 48, 60])}  # fmt: skip
    return Built(ident, f"{name} (model {w.counter['HardwareModel']})", spec, w.team())


def power_device(w: World) -> Built:
    """Feeds in rooms first, then PDUs in racks on a feed (power points "down" too)."""
    if not w.feeds or not w.racks or w.rng.random() < 0.15:
        ident = w.new_id("PowerDevice", "feed")
        w.feeds.append(ident)
        where = w.rng.choice(w.rooms or w.sites or [w.pick("Location")])
        spec = {"type": "feed", "voltage": 400, "amperage": 63, "phase": "three-phase"}
        return Built(ident, f"Feed {ident[-6:]}", spec, w.team(),
                     [{"type": "located_in", "target": where}])  # fmt: skip
    ident = w.new_id("PowerDevice", "pdu")
    rack = w.rng.choice(sorted(w.racks))
    w.pdus[ident] = rack
    spec = {"type": "pdu", "voltage": 230, "amperage": w.rng.choice([16, 32]),
            "phase": w.rng.choice(["single-phase", "three-phase"])}  # fmt: skip
    rels = [{"type": "located_in", "target": rack},
            {"type": "powered_by", "target": w.rng.choice(w.feeds)}]  # fmt: skip
    return Built(ident, f"PDU {ident[-6:]}", spec, w.team(), rels)


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
            "purchase": {"date": w.day(2020, 2026), "cost": w.money(900, 25000),
                         "invoice": f"INV-{w.rng.randint(100000, 999999)}"},
            "warranty": {"end": w.day(2025, 2030)},
            "depreciation": {"method": method, "life_months": w.rng.choice([36, 48, 60])},
            "lifecycle": {"status": status},
            "cost_center": f"CC-{w.rng.randint(1000, 9999)}"}  # fmt: skip
    if w.rng.random() < 0.9:
        spec["hardware_model"] = w.pick("HardwareModel")
    slot = rack_slot(w, w.rng.choice([1, 1, 2, 2, 4])) if w.rng.random() < 0.45 else None
    if slot is None:
        return Built(ident, f"Asset {ident}", spec, w.team(),
                     [{"type": "located_in", "target": w.pick("Location")}])  # fmt: skip
    rack, spec["rack_position"] = slot
    rels = [{"type": "located_in", "target": rack}]
    pdus = [p for p, r in w.pdus.items() if r == rack]
    if pdus:
        rels.append({"type": "powered_by", "target": w.rng.choice(pdus)})
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


def domain(w: World) -> Built:
    word = w.rng.choice(WORDS)
    ident = w.new_id("Domain", word)
    spec = {"description": f"Everything about {word}: the services, their teams and data."}
    # No env label: a domain groups services of every environment.
    return Built(ident, f"{word.title()} domain", spec, w.team(), labels={"area": word})


def service(w: World) -> Built:
    word = w.rng.choice(WORDS)
    ident = w.new_id("Service", word)
    spec = {"criticality": w.rng.choice(["tier-1", "tier-2", "tier-3", "tier-4"]),
            "description": f"The {word} service for customers and partners, run by "
                           f"{w.counter['Service'] % 7 + 2} squads."}  # fmt: skip
    rels = [{"type": "governed_by", "target": w.pick("SLA")}]
    if w.rng.random() < 0.8:
        rels.append({"type": "part_of", "target": w.pick("Domain")})
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


def cluster(w: World) -> Built:
    """Hypervisor clusters of physical servers and database pairs; the members link to it
    (``member_of`` is written on them) and ``min_healthy`` never exceeds them."""
    ident = w.new_id("Cluster")
    hosts = [h for h in w.hypervisors if h not in w.clustered]
    if len(hosts) >= 2 and w.rng.random() < 0.4:
        kind, members = "hypervisor", w.rng.sample(hosts, min(len(hosts), w.rng.randint(2, 4)))
    else:
        pool = [d.id for d in w.by_kind["Database"] if d.id not in w.clustered]
        kind = w.rng.choice(["active-passive", "active-passive", "active-active"])
        members = w.rng.sample(pool, min(len(pool), 2)) or [w.pick("Database")]
    by_id = {d.id: d for k in ("Server", "Database") for d in w.by_kind[k]}
    for member in members:
        w.clustered.add(member)
        by_id[member].data.setdefault("relations", []).append(
            {"type": "member_of", "target": ident}
        )
    spec = {"type": kind, "min_healthy": max(1, len(members) - 1),
            "description": f"{kind} cluster of {len(members)}"}  # fmt: skip
    # A cluster depends on its members: production only when they all are.
    env = w.rng.choice(ENVS)
    if env == "prod" and any(w.env.get(m, "prod") != "prod" for m in members):
        env = w.rng.choice(ENVS[3:])
    w.env[ident] = env
    return Built(ident, f"Cluster {ident[-6:]}", spec, w.team(), labels={"env": env})


def application(w: World) -> Built:
    word = w.rng.choice(WORDS)
    ident = w.new_id("Application", word)
    spec = {"description": f"{word.title()} backend: REST API, batch jobs and event consumers "
                           f"for the {w.rng.choice(WORDS)} domain.",
            "repository": f"https://git.example.com/apps/{ident}",
            "software": [w.version(RUNTIMES)],
            "type": w.rng.choices(["service", "website", "library", "job"], [70, 10, 12, 8])[0],
            "lifecycle": w.rng.choices(["experimental", "production", "deprecated"],
                                       [10, 82, 8])[0]}  # fmt: skip
    rels = [{"type": "runs_on", "target": w.pick("Server")},
            {"type": "depends_on", "target": w.pick("Database")}]  # fmt: skip
    if w.by_kind["Application"] and w.rng.random() < 0.4:
        rels.append({"type": "depends_on", "target": w.pick("Application")})
    if w.by_kind["Cluster"] and w.rng.random() < 0.1:
        rels.append({"type": "depends_on", "target": w.pick("Cluster")})
    rels.insert(0, {"type": "part_of", "target": w.pick("Service")})
    return Built(ident, f"{word.title()} app {w.counter['Application']}", spec, w.team(), rels)


def api(w: World) -> Built:
    """An API of an application built before it, consumed by one to three others (the
    relations are written on the applications)."""
    word = w.rng.choice(WORDS)
    ident = w.new_id("API", word)
    apps = w.rng.sample(w.by_kind["Application"], min(len(w.by_kind["Application"]), 4))
    provider, consumers = apps[0], apps[1 : 1 + w.rng.randint(1, 3)]
    # An API serves its provider's environment; production consumes only production APIs.
    env = w.env.get(provider.id, "prod")
    if env != "prod":
        consumers = [app for app in consumers if w.env.get(app.id) != "prod"]
    w.env[ident] = env
    provider.data.setdefault("relations", []).append({"type": "provides_api", "target": ident})
    for app in consumers:
        app.data.setdefault("relations", []).append({"type": "consumes_api", "target": ident})
    spec = {"type": w.rng.choice(["openapi", "openapi", "asyncapi", "grpc", "graphql"]),
            "lifecycle": w.rng.choices(["experimental", "production", "deprecated"],
                                       [15, 75, 10])[0],
            "definition_url": f"https://git.example.com/apis/{ident}/definition.yaml"}  # fmt: skip
    name = f"{word.title()} API {w.counter['API']}"
    return Built(ident, name, spec, w.team(), labels={"env": env})


def endpoint(w: World) -> Built:
    ident = w.new_id("Endpoint")
    spec = {"hostname": f"nb-{w.counter['Endpoint']:06d}.corp.example.com",
            "os": w.version(DESKTOP), "cpu_cores": w.rng.choice([4, 8, 10, 12]),
            "assigned_to": w.active_person()}  # fmt: skip
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
    "HardwareModel": hardware_model,
    "PowerDevice": power_device,
    "HardwareAsset": hardware_asset,
    "Contract": contract,
    "CloudSubscription": cloud_subscription,
    "Domain": domain,
    "Service": service,
    "NetworkDevice": network_device,
    "Server": server,
    "CloudResource": cloud_resource,
    "Database": database,
    "Cluster": cluster,
    "Application": application,
    "API": api,
    "Endpoint": endpoint,
}


def environment(w: World, built: Built) -> str:
    """A random environment, but never production for a document that names a non-production
    one, and a non-production document is part of non-production services only (a service
    depends on its parts). Relations point to earlier documents only, so production stays
    independent of non-production, as the starter policy demands."""
    env = w.rng.choice(ENVS)
    if env == "prod" and any(w.env.get(s, "prod") != "prod" for s in _strings(built)):
        env = w.rng.choice(ENVS[3:])
    w.env[built.id] = env
    if env != "prod":
        for rel in built.relations:
            if rel["type"] == "part_of" and w.env.get(rel["target"]) == "prod":
                rel["target"] = _non_prod_service(w, rel["target"])
    return env


def _non_prod_service(w: World, fallback: str) -> str:
    for _ in range(50):
        candidate = w.pick("Service")
        if w.env.get(candidate) != "prod":
            return candidate
    return fallback


def _strings(built: Built) -> list[str]:
    """The strings of a document's spec and of its relations but ``part_of`` (its parents)."""
    found: list[str] = []
    rels = [r for r in built.relations if r.get("type") != "part_of"]
    pending: list[Any] = [built.spec, rels]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return found


def make(w: World, kind: str) -> Doc:
    """A document of ``kind``, in the envelope with realistic metadata."""
    built = BUILDERS[kind](w)
    meta: dict[str, Any] = {"id": built.id, "name": built.name}
    if built.owner:
        meta["owner"] = built.owner
    meta["labels"] = {**(built.labels or {"env": environment(w, built)}),
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
