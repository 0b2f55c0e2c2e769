"""Hosts as discovery tools see them, turned into observed Servers and hardware boxes.

``facter``, ``ansible`` and ``lshw`` each read their own format into ``HostFacts``; this one
builder makes the items, so the three map a host to documents the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from cmdbgit.imports.naming import slug
from cmdbgit.imports.observed import Observed, Reading
from cmdbgit.model.config import ImportSettings

#: What firmware writes where a serial number should be: not an identity.
_NO_SERIAL = frozenset(
    {
        "",
        "0",
        "na",
        "n/a",
        "none",
        "not specified",
        "to be filled by o.e.m.",
        "default string",
        "system serial number",
    }
)
#: Fields discovery measures, so owns unless cmdbgit.yaml says otherwise.
DISCOVERY_OWNS = (
    "spec.ip",
    "spec.os",
    "spec.cpu_cores",
    "spec.memory_gb",
    "spec.virtual",
    "spec.asset",
    "spec.model",
)


@dataclass(slots=True)
class HostFacts:
    origin: str
    hostname: str
    ip: str | None = None
    os_name: str | None = None
    os_version: str | None = None
    cpu_cores: int | None = None
    memory_bytes: int | None = None
    virtual: bool | None = None
    serial: str | None = None
    model: str | None = None


def usable_serial(serial: str | None) -> str | None:
    if serial is None:
        return None
    text = serial.strip()
    return None if text.lower() in _NO_SERIAL else text


def host_items(host: HostFacts, settings: ImportSettings, reading: Reading) -> None:
    """Append the Server (and, for a physical box with a serial, its HardwareAsset)."""
    fields: dict[str, object] = {"metadata.name": host.hostname, "spec.hostname": host.hostname}
    if host.ip:
        fields["spec.ip"] = host.ip
    if host.os_name and host.os_version:
        product = settings.products.get(host.os_name.lower())
        if product:
            fields["spec.os.product"] = product
            fields["spec.os.version"] = host.os_version
        else:
            reading.notes.append(
                f"{host.origin}: {host.hostname} runs {host.os_name} {host.os_version}, which "
                f"is not recorded: map {host.os_name.lower()!r} to a SoftwareProduct id under "
                "import.products in cmdbgit.yaml"
            )
    if host.cpu_cores:
        fields["spec.cpu_cores"] = host.cpu_cores
    if host.memory_bytes:
        fields["spec.memory_gb"] = round(host.memory_bytes / 2**30, 1)
    if host.virtual is not None:
        fields["spec.virtual"] = host.virtual
    server = Observed("Server", f"srv-{slug(host.hostname)}", host.origin, fields)
    serial = usable_serial(host.serial)
    if serial and not host.virtual:
        box: dict[str, object] = {"spec.serial": serial}
        if host.model:
            box["spec.model"] = host.model
        box["metadata.name"] = f"{host.model or 'Hardware'} ({serial})"
        reading.items.append(Observed("HardwareAsset", f"hw-{slug(serial)}", host.origin, box))
        server.links["spec.asset"] = ("HardwareAsset", "spec.serial", serial)
    reading.items.append(server)
