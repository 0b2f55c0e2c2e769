"""``netbox``: the estate NetBox holds, from saved REST API pages or the live API (``--url``).

Regions, sites, locations and racks become Locations nested by ``located_in``; manufacturers
Vendors; device types HardwareModels; tenants Teams (a device's tenant is its owner);
contacts Persons; clusters Clusters; virtual machines virtual Servers ``member_of`` their
cluster. A device becomes a Server (with the HardwareAsset it runs on, which holds its rack
position), a NetworkDevice or a HardwareAsset by its role (``import.netbox.roles``, else by
the role's name). A cable between two devices is ``connected_to`` the network device.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

from cmdbgit.imports.jsonfile import dig, integer, text
from cmdbgit.imports.naming import slug
from cmdbgit.imports.netbox_api import Objects, from_api, from_files
from cmdbgit.imports.observed import InputProblem, Observed, Reading
from cmdbgit.imports.sources import ReadContext, files_in

NAME = "netbox"
SUMMARY = "sites, racks, devices, VMs, clusters, tenants from NetBox's REST API"
OWNS: tuple[str, ...] = (
    "spec.type",
    "spec.address",
    "spec.height_units",
    "spec.model",
    "spec.vendor",
    "spec.part_number",
    "spec.serial",
    "spec.asset_tag",
    "spec.hardware_model",
    "spec.rack_position",
    "spec.ip",
    "spec.role",
    "spec.virtual",
    "spec.cpu_cores",
    "spec.memory_gb",
    "spec.asset",
    "spec.email",
    "spec.description",
)
_NETWORK = {
    "router": "router",
    "switch": "switch",
    "firewall": "firewall",
    "load-balancer": "load_balancer",
    "access-point": "access_point",
    "spine": "switch",
    "leaf": "switch",
}


def read(inputs: list[Path], context: ReadContext) -> Reading:
    objects = from_api(context.url) if context.url else from_files(files_in(inputs, (".json",)))
    return _Mapper(objects, context.source.roles).reading()


def _id(prefix: str, *parts: Any) -> str:
    return slug("-".join([prefix, *(str(p) for p in parts if p)]))


def _loc(kind: str, obj: Any) -> str | None:
    """The Location id of a nested region/site/location/rack."""
    if not isinstance(obj, dict):
        return None
    name = text(obj.get("slug")) or text(obj.get("name"))
    if name is None:
        return None
    if kind == "rack":
        return _id("loc-rack", obj.get("id"), name)
    if kind == "location":
        return _id("loc-room", name)
    return _id("loc", name)


def _ip(obj: Any) -> str | None:
    address = text(dig(obj, "address")) if isinstance(obj, dict) else None
    if address is None:
        return None
    try:
        return str(ipaddress.ip_interface(address).ip)
    except ValueError:
        return None


class _Mapper:
    def __init__(self, objects: Objects, roles: dict[str, str]) -> None:
        self.objects = objects
        self.roles = roles
        self.out = Reading()
        self.heights = {
            obj.get("id"): obj for _o, obj in objects.get("device-types", []) if obj.get("id")
        }
        self.device_kinds: dict[Any, tuple[str, str]] = {}

    def reading(self) -> Reading:
        for endpoint, method in (
            ("regions", self.region),
            ("sites", self.site),
            ("locations", self.location),
            ("racks", self.rack),
            ("manufacturers", self.manufacturer),
            ("device-types", self.device_type),
            ("tenants", self.tenant),
            ("contacts", self.contact),
            ("clusters", self.cluster),
            ("devices", self.device),
            ("virtual-machines", self.vm),
            ("cables", self.cable),
        ):
            for origin, obj in self.objects.get(endpoint, []):
                method(origin, obj)
        return self.out

    def add(self, kind: str, ident: str, origin: str, fields: dict[str, Any]) -> Observed:
        fields = {"metadata.id": ident, **fields}
        item = Observed(kind, ident, origin, {k: v for k, v in fields.items() if v is not None})
        self.out.items.append(item)
        return item

    def problem(self, origin: str, message: str) -> None:
        self.out.problems.append(InputProblem(origin, message))

    def place(self, kind: str, ident: str | None, origin: str, obj: dict[str, Any]) -> None:
        name = text(obj.get("name"))
        if ident is None or name is None:
            self.problem(origin, f"a {kind} needs a name and a slug; skipped")
            return
        item = self.add("Location", ident, origin, {"metadata.name": name, "spec.type": kind})
        if kind == "datacenter":
            item.fields["spec.address"] = text(obj.get("physical_address"))
            parent = _loc("region", obj.get("region"))
        elif kind == "room":
            parent = _loc("location", obj.get("parent")) or _loc("site", obj.get("site"))
        elif kind == "rack":
            item.fields["spec.height_units"] = integer(obj.get("u_height")) or 42
            parent = _loc("location", obj.get("location")) or _loc("site", obj.get("site"))
        else:
            parent = _loc("region", obj.get("parent"))
        if item.fields.get("spec.address") is None:
            item.fields.pop("spec.address", None)
        if parent is not None:
            item.relations.append(("located_in", ("Location", "metadata.id", parent)))

    def region(self, origin: str, obj: dict[str, Any]) -> None:
        self.place("region", _loc("region", obj), origin, obj)

    def site(self, origin: str, obj: dict[str, Any]) -> None:
        self.place("datacenter", _loc("site", obj), origin, obj)

    def location(self, origin: str, obj: dict[str, Any]) -> None:
        self.place("room", _loc("location", obj), origin, obj)

    def rack(self, origin: str, obj: dict[str, Any]) -> None:
        self.place("rack", _loc("rack", obj), origin, obj)

    def manufacturer(self, origin: str, obj: dict[str, Any]) -> None:
        name = text(obj.get("name"))
        if name:
            self.add(
                "Vendor", _id("vendor", obj.get("slug") or name), origin, {"metadata.name": name}
            )

    def device_type(self, origin: str, obj: dict[str, Any]) -> None:
        model = text(obj.get("model"))
        vendor = text(dig(obj, "manufacturer", "slug")) or text(dig(obj, "manufacturer", "name"))
        if model is None or vendor is None:
            self.problem(origin, "a device type needs a model and a manufacturer; skipped")
            return
        fields = {
            "metadata.name": f"{dig(obj, 'manufacturer', 'name') or vendor} {model}",
            "spec.vendor": _id("vendor", vendor),
            "spec.model": model,
            "spec.part_number": text(obj.get("part_number")),
            "spec.form_factor": "rack" if _whole(obj.get("u_height")) else None,
        }
        self.add("HardwareModel", _id("hwm", obj.get("slug") or model), origin, fields)

    def tenant(self, origin: str, obj: dict[str, Any]) -> None:
        name = text(obj.get("name"))
        if name:
            self.add("Team", _id("team", obj.get("slug") or name), origin, {"metadata.name": name})

    def contact(self, origin: str, obj: dict[str, Any]) -> None:
        name, email = text(obj.get("name")), text(obj.get("email"))
        if name is None or email is None:
            self.problem(origin, "a contact needs a name and an e-mail address; skipped")
            return
        item = self.add("Person", _id("person", name), origin, {"metadata.name": name})
        item.fields["spec.email"] = email
        item.initial["spec.status"] = "active"

    def cluster(self, origin: str, obj: dict[str, Any]) -> None:
        name = text(obj.get("name"))
        if name is None:
            self.problem(origin, "a cluster needs a name; skipped")
            return
        item = self.add("Cluster", _id("cl", name), origin, {"metadata.name": name})
        item.fields["spec.type"] = "hypervisor"
        item.fields["spec.description"] = text(obj.get("description"))
        item.initial["spec.min_healthy"] = 1
        self.owner(item, obj)

    def owner(self, item: Observed, obj: dict[str, Any]) -> None:
        tenant = text(dig(obj, "tenant", "slug")) or text(dig(obj, "tenant", "name"))
        if tenant is not None:
            item.links["metadata.owner"] = ("Team", "metadata.id", _id("team", tenant))

    def device(self, origin: str, obj: dict[str, Any]) -> None:
        name = text(obj.get("name"))
        role = text(dig(obj, "role", "slug")) or text(dig(obj, "device_role", "slug")) or ""
        kind = self.roles.get(role) or _kind_of(role)
        serial = text(obj.get("serial"))
        model = text(dig(obj, "device_type", "slug")) or text(dig(obj, "device_type", "model"))
        hwm = _id("hwm", model) if model else None
        where = _loc("rack", obj.get("rack")) or _loc("location", obj.get("location"))
        where = where or _loc("site", obj.get("site"))
        position = self.position(obj)
        box = None
        if kind in ("Server", "HardwareAsset") and serial:
            box = self.add(
                "HardwareAsset",
                _id("hw", serial),
                origin,
                {
                    "metadata.name": f"{name or model or 'device'} ({serial})",
                    "spec.serial": serial,
                    "spec.asset_tag": text(obj.get("asset_tag")),
                    "spec.model": text(dig(obj, "device_type", "model")),
                    "spec.hardware_model": hwm,
                    "spec.rack_position": position,
                },
            )
            self.place_in(box, where)
            self.owner(box, obj)
        elif kind == "HardwareAsset":
            what = f"device {name!r}" if name else "a device without a name"
            self.problem(origin, f"{what}: a HardwareAsset needs a serial; skipped")
            return
        if kind == "HardwareAsset" or name is None:
            if name is None and kind != "HardwareAsset":
                self.problem(origin, "a device needs a name; skipped")
            return
        fields: dict[str, Any] = {
            "metadata.name": name,
            "spec.hostname": name,
            "spec.ip": _ip(obj.get("primary_ip4")) or _ip(obj.get("primary_ip6")),
            "spec.hardware_model": hwm,
        }
        if kind == "NetworkDevice":
            fields["spec.role"] = next((v for k, v in _NETWORK.items() if k in role), "other")
            fields["spec.rack_position"] = position
        item = self.add(kind, _id("srv" if kind == "Server" else "net", name), origin, fields)
        if kind == "Server":
            item.fields["spec.virtual"] = False
            if box is not None:
                item.links["spec.asset"] = ("HardwareAsset", "spec.serial", serial)
        else:
            self.place_in(item, where)
        self.owner(item, obj)
        self.device_kinds[obj.get("id")] = (kind, name)

    def place_in(self, item: Observed, where: str | None) -> None:
        if where is not None:
            item.relations.append(("located_in", ("Location", "metadata.id", where)))

    def position(self, obj: dict[str, Any]) -> dict[str, Any] | None:
        unit = _units(obj.get("position"))
        if unit is None or obj.get("rack") is None:
            return None
        device_type = self.heights.get(dig(obj, "device_type", "id")) or {}
        out: dict[str, Any] = {"unit": max(int(unit), 1)}
        out["height"] = max(int(_units(device_type.get("u_height")) or 1), 1)
        face = dig(obj, "face", "value") if isinstance(obj.get("face"), dict) else obj.get("face")
        if face in ("front", "rear") and device_type.get("is_full_depth") is False:
            out["face"] = face
        return out

    def vm(self, origin: str, obj: dict[str, Any]) -> None:
        name = text(obj.get("name"))
        if name is None:
            self.problem(origin, "a virtual machine needs a name; skipped")
            return
        memory = integer(obj.get("memory"))
        fields = {
            "metadata.name": name,
            "spec.hostname": name,
            "spec.virtual": True,
            "spec.ip": _ip(obj.get("primary_ip4")) or _ip(obj.get("primary_ip6")),
            "spec.cpu_cores": _whole(obj.get("vcpus")),
            "spec.memory_gb": round(memory / 1024, 2) if memory else None,
        }
        item = self.add("Server", _id("srv", name), origin, fields)
        cluster = text(dig(obj, "cluster", "name"))
        if cluster is not None:
            item.relations.append(("member_of", ("Cluster", "metadata.id", _id("cl", cluster))))
        self.owner(item, obj)

    def cable(self, origin: str, obj: dict[str, Any]) -> None:
        ends = [self.end(obj.get("a_terminations")), self.end(obj.get("b_terminations"))]
        if None in ends:
            return  # a cable to a patch panel, a circuit or a power port: not a device link
        (a_kind, a_name), (b_kind, b_name) = ends  # type: ignore[misc]
        if b_kind != "NetworkDevice":
            (a_kind, a_name), (b_kind, b_name) = (b_kind, b_name), (a_kind, a_name)
        if b_kind != "NetworkDevice" or a_kind not in ("Server", "NetworkDevice"):
            return
        for item in self.out.items:
            if item.kind == a_kind and item.fields.get("spec.hostname") == a_name:
                target = ("NetworkDevice", "spec.hostname", b_name)
                if ("connected_to", target) not in item.relations:
                    item.relations.append(("connected_to", target))

    def end(self, terminations: Any) -> tuple[str, str] | None:
        if not isinstance(terminations, list) or not terminations:
            return None
        device = dig(terminations[0], "object", "device")
        return self.device_kinds.get(dig(device, "id")) if isinstance(device, dict) else None


def _units(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _whole(value: Any) -> int | None:
    """A positive whole number NetBox writes as a decimal (``4.0`` vCPUs, ``2.0`` units)."""
    number = _units(value)
    return int(number) if number is not None and number >= 1 and number == int(number) else None


def _kind_of(role: str) -> str:
    if any(word in role for word in ("server", "hypervisor", "compute", "host")):
        return "Server"
    if any(word in role for word in _NETWORK):
        return "NetworkDevice"
    return "HardwareAsset"
