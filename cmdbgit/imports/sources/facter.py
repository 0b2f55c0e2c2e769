"""``facter``: hosts from ``facter --json`` (one file per host, or a JSON list of them).

Reads the structured facts of Facter 4 (``networking``, ``os``, ``processors``, ``memory``,
``dmi``) and falls back to the legacy flat ones (``fqdn``, ``ipaddress``, ``processorcount``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cmdbgit.imports.hosts import DISCOVERY_OWNS, HostFacts, host_items
from cmdbgit.imports.jsonfile import dig, integer, read_json, text
from cmdbgit.imports.observed import InputError, Reading
from cmdbgit.imports.sources import ReadContext, files_in

NAME = "facter"
SUMMARY = "hosts from `facter --json` output files"
OWNS = DISCOVERY_OWNS


def read(inputs: list[Path], context: ReadContext) -> Reading:
    reading = Reading()
    for path in files_in(inputs, (".json",)):
        data = read_json(path)
        hosts = data if isinstance(data, list) else [data]
        for number, facts in enumerate(hosts, start=1):
            origin = str(path) if len(hosts) == 1 else f"{path}#{number}"
            host_items(_facts(facts, origin), context.settings, reading)
    return reading


def _facts(facts: Any, origin: str) -> HostFacts:
    if not isinstance(facts, dict):
        raise InputError(origin, "expected the JSON object `facter --json` prints")
    hostname = (
        text(dig(facts, "networking", "fqdn"))
        or text(facts.get("fqdn"))
        or text(dig(facts, "networking", "hostname"))
        or text(facts.get("hostname"))
    )
    if hostname is None:
        raise InputError(origin, "no host name (networking.fqdn or networking.hostname)")
    virtual = facts.get("is_virtual")
    if not isinstance(virtual, bool):
        hypervisors = facts.get("hypervisors")
        virtual = bool(hypervisors) if isinstance(hypervisors, dict) else None
    return HostFacts(
        origin=origin,
        hostname=hostname,
        ip=text(dig(facts, "networking", "ip")) or text(facts.get("ipaddress")),
        os_name=text(dig(facts, "os", "name")) or text(facts.get("operatingsystem")),
        os_version=text(dig(facts, "os", "release", "full"))
        or text(facts.get("operatingsystemrelease")),
        cpu_cores=integer(dig(facts, "processors", "count"))
        or integer(facts.get("processorcount")),
        memory_bytes=integer(dig(facts, "memory", "system", "total_bytes")),
        virtual=virtual,
        serial=text(dig(facts, "dmi", "product", "serial_number"))
        or text(facts.get("serialnumber")),
        model=text(dig(facts, "dmi", "product", "name")) or text(facts.get("productname")),
    )
