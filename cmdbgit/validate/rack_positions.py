"""``rack-position``: a device's ``spec.rack_position`` fits the rack it is ``located_in``.

A kind takes part when its schema has a ``rack_position`` field (``{unit, height, face}``);
its rack is the Location of type ``rack`` it is ``located_in``, whose ``spec.height_units``
bounds it. Three conditions, one rule:

* the device has a position but is not located in a rack (the units would mean nothing);
* it reaches above the rack's top unit (``unit + height - 1 > height_units``);
* it shares a unit and a face with another device in the same rack (a device without a
  ``face`` is full depth: it takes both faces).

The shapes themselves (integers ≥ 1, face ``front``/``rear``) are the ``schema`` layer's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TypeGuard

from cmdbgit.model.document import Document
from cmdbgit.model.kinds import KindRegistry
from cmdbgit.model.problem import Problem
from cmdbgit.model.reads import SpecReads
from cmdbgit.validate.context import CheckContext

RULE = "rack-position"
FIELD = "rack_position"
CONTAINMENT = "located_in"
RACK = "rack"
FULL_DEPTH = frozenset({"front", "rear"})


def check(ctx: CheckContext) -> Iterator[Problem]:
    inventory = ctx.inventory
    placed: list[tuple[Document, int, int, frozenset[str]]] = []
    for kind, schema in ctx.rules.kinds.items():
        if FIELD not in (schema.schema.get("properties") or {}):
            continue
        for doc in inventory.of_kind(kind):
            where = doc.spec.get(FIELD)
            if (
                isinstance(where, dict)
                and _count(where.get("unit"))
                and _count(where.get("height"))
            ):
                face = where.get("face")
                faces = frozenset({face}) if face in FULL_DEPTH else FULL_DEPTH
                placed.append((doc, where["unit"], where["height"], faces))
    if not placed:
        return
    containers: dict[str, list[str]] = defaultdict(list)
    for edge in inventory.edges:
        if edge.type == CONTAINMENT:
            containers[edge.source].append(edge.target)
    in_rack: dict[str, list[tuple[Document, int, int, frozenset[str]]]] = defaultdict(list)
    for doc, unit, height, faces in placed:
        rack = next((r for r in containers.get(doc.id or "", ()) if _is_rack(ctx, r)), None)
        path = ("spec", FIELD)
        if rack is None:
            yield ctx.problem(
                RULE, doc, path, f"{doc.id} has a rack position but is not located_in a rack"
            )
            continue
        size = inventory.by_id[rack].spec.get("height_units")
        top = unit + height - 1
        if _count(size) and top > size:
            yield ctx.problem(
                RULE,
                doc,
                (*path, "unit"),
                f"{doc.id} occupies units {unit}-{top}, but rack {rack} has {size} units",
                related=(ctx.location(inventory.by_id[rack], ("spec", "height_units")),),
            )
        in_rack[rack].append((doc, unit, height, faces))
    for rack, devices in in_rack.items():
        yield from _overlaps(ctx, rack, sorted(devices, key=lambda d: (d[1], d[0].id or "")))


def _overlaps(
    ctx: CheckContext, rack: str, devices: list[tuple[Document, int, int, frozenset[str]]]
) -> Iterator[Problem]:
    """Each device that shares a unit and a face with one placed lower (or at the same unit
    with a smaller id): sorted by first unit, so only devices still open can overlap."""
    open_: list[tuple[Document, int, int, frozenset[str]]] = []
    for doc, unit, height, faces in devices:
        open_ = [d for d in open_ if d[1] + d[2] - 1 >= unit]
        clash = next((d for d in open_ if d[3] & faces), None)
        if clash is not None:
            yield ctx.problem(
                RULE,
                doc,
                ("spec", FIELD, "unit"),
                f"{doc.id} overlaps {clash[0].id} in rack {rack} (unit {unit})",
                related=(ctx.location(clash[0], ("spec", FIELD)),),
            )
        open_.append((doc, unit, height, faces))


def spec_reads(kinds: KindRegistry) -> SpecReads:
    """The devices' positions and the racks' type and size."""
    reads = SpecReads().add(["Location"], None)
    for kind, schema in kinds.items():
        if FIELD in (schema.schema.get("properties") or {}):
            reads.add([kind], [FIELD])
    return reads


def _is_rack(ctx: CheckContext, ident: str) -> bool:
    target = ctx.inventory.by_id.get(ident)
    return target is not None and target.kind == "Location" and target.spec.get("type") == RACK


def _count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1
