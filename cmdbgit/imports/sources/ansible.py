"""``ansible``: hosts from the ``setup`` module's facts.

Takes the files ``ansible HOSTS -m setup --tree DIR`` writes (one per host: ``{"ansible_facts":
{…}}``), a bare facts object, or the ad-hoc output ``host | SUCCESS => {…}``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cmdbgit.imports.hosts import DISCOVERY_OWNS, HostFacts, host_items
from cmdbgit.imports.jsonfile import dig, integer, read_json, text
from cmdbgit.imports.observed import InputError, Reading
from cmdbgit.imports.sources import ReadContext, files_in

NAME = "ansible"
SUMMARY = "hosts from the facts of ansible's setup module (--tree output files)"
OWNS = DISCOVERY_OWNS
_ADHOC = " => "


def read(inputs: list[Path], context: ReadContext) -> Reading:
    reading = Reading()
    for path in files_in(inputs, (".json", "")):
        for origin, facts in _hosts(path):
            host_items(_facts(facts, origin), context.settings, reading)
    return reading


def _hosts(path: Path) -> list[tuple[str, Any]]:
    head = path.read_bytes()[:4096].decode("utf-8", "replace")
    if _ADHOC in head.split("\n", 1)[0]:
        return list(_adhoc(path))
    data = read_json(path)
    return [(str(path), data)]


def _adhoc(path: Path) -> list[tuple[str, Any]]:
    """``host | SUCCESS => {`` … ``}`` blocks, one per host."""
    out = []
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    while start < len(lines):
        head, sep, rest = lines[start].partition(_ADHOC)
        if not sep:
            start += 1
            continue
        end = start + 1
        while end < len(lines) and _ADHOC not in lines[end]:
            end += 1
        body = "\n".join([rest, *lines[start + 1 : end]])
        try:
            out.append((f"{path}:{start + 1}", json.loads(body)))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{start + exc.lineno}", f"not JSON ({exc.msg})") from None
        if "SUCCESS" not in head:
            raise InputError(f"{path}:{start + 1}", f"the setup module failed: {head.strip()}")
        start = end
    return out


def _facts(data: Any, origin: str) -> HostFacts:
    facts = data.get("ansible_facts", data) if isinstance(data, dict) else None
    if not isinstance(facts, dict):
        raise InputError(origin, "expected ansible facts (a JSON object with ansible_facts)")
    fqdn = text(facts.get("ansible_fqdn"))
    # ansible_fqdn is "localhost" on hosts without a domain: a dotted name or the host name
    hostname = (fqdn if fqdn and "." in fqdn else None) or text(facts.get("ansible_hostname"))
    if hostname is None:
        raise InputError(origin, "no host name (ansible_fqdn or ansible_hostname)")
    memory_mb = integer(facts.get("ansible_memtotal_mb"))
    role = facts.get("ansible_virtualization_role")
    return HostFacts(
        origin=origin,
        hostname=hostname,
        ip=text(dig(facts, "ansible_default_ipv4", "address")),
        os_name=text(facts.get("ansible_distribution")),
        os_version=text(facts.get("ansible_distribution_version")),
        cpu_cores=integer(facts.get("ansible_processor_vcpus"))
        or integer(facts.get("ansible_processor_nproc")),
        memory_bytes=memory_mb * 2**20 if memory_mb else None,
        virtual=role == "guest" if isinstance(role, str) and role not in ("", "NA") else None,
        serial=text(facts.get("ansible_product_serial")),
        model=text(facts.get("ansible_product_name")),
    )
