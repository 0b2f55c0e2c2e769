"""``nmap``: what answers on a network, from ``nmap -oX`` XML.

Each host that is up becomes an observed document of ``import.nmap.kind`` (default Server),
identified by its host name (the user-given or PTR name) and its address. A scan says nothing
about an OS product or hardware, so it owns only the address.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from cmdbgit.imports.naming import slug
from cmdbgit.imports.observed import InputError, Observed, Reading
from cmdbgit.imports.sources import ReadContext, files_in

NAME = "nmap"
SUMMARY = "hosts that answer on a network, from `nmap -oX` files"
OWNS = ("spec.ip",)
_PREFIX = {"Server": "srv", "NetworkDevice": "net", "Endpoint": "ep"}


def read(inputs: list[Path], context: ReadContext) -> Reading:
    kind = context.source.kind or "Server"
    reading = Reading()
    for path in files_in(inputs, (".xml",)):
        try:
            # The standard library's expat refuses external entities and bounds entity
            # expansion, so a hostile scan file cannot read files or blow up memory.
            root = ET.parse(path).getroot()
        except ET.ParseError as exc:
            line, column = exc.position
            raise InputError(f"{path}:{line}:{column + 1}", "not nmap XML") from None
        except OSError as exc:
            raise InputError(str(path), exc.strerror or "cannot be read") from None
        if root.tag != "nmaprun":
            raise InputError(str(path), "not `nmap -oX` output (no <nmaprun>)")
        for number, host in enumerate(root.iter("host"), start=1):
            status = host.find("status")
            if status is None or status.get("state") != "up":
                continue
            ip = next(
                (
                    a.get("addr")
                    for a in host.iter("address")
                    if a.get("addrtype") in ("ipv4", "ipv6")
                ),
                None,
            )
            names = [n.get("name") for n in host.iter("hostname") if n.get("name")]
            hostname = names[0] if names else ip
            if not hostname:
                continue
            fields: dict[str, object] = {"metadata.name": hostname, "spec.hostname": hostname}
            if ip:
                fields["spec.ip"] = ip
            prefix = _PREFIX.get(kind, slug(kind))
            reading.items.append(
                Observed(kind, f"{prefix}-{slug(hostname)}", f"{path}#host{number}", fields)
            )
    return reading
