"""``offboarding``: what people whose status is ``leaving`` or ``offboarded`` still hold.

* hardware — HardwareAssets (not retired/disposed) and CIs such as Endpoints whose
  ``assigned_to`` names the person (a laptop's Endpoint is folded into its asset's row);
* licences — ``uses_license`` relations from the person;
* teams — Teams whose ``members`` list the person.

People in those states who hold nothing are listed too: the checklist is done for them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, ClassVar

from cmdbgit.model.document import Document
from cmdbgit.reports.context import ReportContext
from cmdbgit.reports.holders import GONE, status_of
from cmdbgit.reports.licenses import USES_LICENSE
from cmdbgit.reports.model import CsvTable, Report, Table, cols

DEPARTING = ("leaving", "offboarded")


@dataclass(frozen=True, slots=True)
class Held:
    category: str  # hardware | licence | team
    id: str
    kind: str
    name: str
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "detail": self.detail,
        }


@dataclass(slots=True)
class Departing:
    id: str
    name: str
    email: str | None
    status: str
    held: list[Held]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "status": self.status,
            "held": [h.to_json() for h in self.held],
        }


@dataclass(slots=True)
class OffboardingReport(Report):
    name: ClassVar[str] = "offboarding"
    title: ClassVar[str] = "Offboarding"
    people: list[Departing]

    def count(self, category: str) -> int:
        return sum(1 for p in self.people for h in p.held if h.category == category)

    def payload(self) -> dict[str, Any]:
        return {
            "summary": {
                "people": len(self.people),
                "with_items": sum(1 for p in self.people if p.held),
                "hardware": self.count("hardware"),
                "licences": self.count("licence"),
                "teams": self.count("team"),
            },
            "people": [p.to_json() for p in self.people],
        }

    def summary(self) -> list[tuple[str, str]]:
        return [
            ("People leaving or offboarded", str(len(self.people))),
            ("Still holding something", str(sum(1 for p in self.people if p.held))),
            ("Hardware to collect", str(self.count("hardware"))),
            ("Licence seats to reclaim", str(self.count("licence"))),
            ("Team memberships to remove", str(self.count("team"))),
        ]

    def tables(self) -> list[Table]:
        held = Table(
            "Still held",
            cols("Person", "Status", "What", "Id", "Kind", "Name", "Detail"),
            [
                (p.name, p.status, h.category, h.id, h.kind, h.name, h.detail)
                for p in self.people
                for h in p.held
            ],
            "Nobody who is leaving or offboarded holds anything.",
        )
        clear = Table(
            "Nothing left to reclaim",
            cols("Person", "Status", "Email"),
            [(p.name, p.status, p.email or "—") for p in self.people if not p.held],
            "Everyone listed above still holds something.",
        )
        return [held, clear]

    def csv(self) -> CsvTable:
        header = ("person", "person_name", "status", "category", "id", "kind", "name", "detail")
        return CsvTable(
            header,
            [
                (p.id, p.name, p.status, h.category, h.id, h.kind, h.name, h.detail)
                for p in self.people
                for h in p.held
            ],
        )


@dataclass(slots=True)
class _Index:
    """Everything a person can hold, indexed once by person id (one pass over the
    inventory, however many people are leaving)."""

    assigned: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    licences: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    teams: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, ctx: ReportContext) -> _Index:
        index = cls()
        for doc in ctx.inventory.documents:
            person = doc.spec.get("assigned_to")
            if isinstance(person, str):
                index.assigned[person].append(doc)
        for edge in ctx.inventory.edges:
            if edge.type == USES_LICENSE:
                index.licences[edge.source].add(edge.target)
        for team in ctx.inventory.of_kind("Team"):
            members = team.spec.get("members")
            for member in members if isinstance(members, list) else ():
                if isinstance(member, str):
                    index.teams[member].append(team)
        return index


def _hardware(ctx: ReportContext, docs: list[Document]) -> list[Held]:
    assets: dict[str, Document] = {}
    cis: list[Document] = []
    for doc in docs:
        if doc.kind != "HardwareAsset":
            cis.append(doc)
        elif status_of(doc) not in GONE:
            assets[doc.id or ""] = doc
    # A laptop is a HardwareAsset and an Endpoint naming it: one row, on the asset.
    folded: dict[str, list[str]] = {}
    out: list[Held] = []
    for ci in cis:
        asset = ci.spec.get("asset")
        if isinstance(asset, str) and asset in assets:
            folded.setdefault(asset, []).append(ci.id or "")
            continue
        detail = f"asset {asset}" if isinstance(asset, str) else "no asset recorded"
        out.append(Held("hardware", ci.id or "", ci.kind or "", ci.name, detail))
    for ident, asset in assets.items():
        tag = asset.spec.get("asset_tag")
        parts = [f"tag {tag}" if isinstance(tag, str) else "", f"status {status_of(asset)}"]
        parts.extend(f"{ctx.inventory.kind_of(ci)} {ci}" for ci in folded.get(ident, ()))
        out.append(
            Held("hardware", ident, "HardwareAsset", asset.name, ", ".join(p for p in parts if p))
        )
    return sorted(out, key=lambda h: (h.kind != "HardwareAsset", h.id))


def _licences(ctx: ReportContext, targets: set[str]) -> list[Held]:
    out = []
    for target in sorted(targets):
        lic = ctx.inventory.get(target)
        product = lic.spec.get("product") if lic else None
        detail = f"product {ctx.name_of(product)}" if isinstance(product, str) else ""
        kind = (lic.kind or "") if lic else ""
        out.append(Held("licence", target, kind, ctx.name_of(target), detail))
    return out


def _person(ctx: ReportContext, index: _Index, doc: Document) -> Departing:
    ident = doc.id or ""
    email = doc.spec.get("email")
    teams = [Held("team", t.id or "", "Team", t.name, "member") for t in index.teams[ident]]
    return Departing(
        id=ident,
        name=doc.name,
        email=email if isinstance(email, str) else None,
        status=str(doc.spec.get("status")),
        held=[
            *_hardware(ctx, index.assigned[ident]),
            *_licences(ctx, index.licences[ident]),
            *teams,
        ],
    )


def build(ctx: ReportContext) -> OffboardingReport:
    departing = [d for d in ctx.inventory.of_kind("Person") if d.spec.get("status") in DEPARTING]
    index = _Index.of(ctx) if departing else _Index()
    people = [_person(ctx, index, doc) for doc in departing]
    people.sort(key=lambda p: (DEPARTING.index(p.status), p.id))
    return OffboardingReport(people=people, notes=[])
