"""``lshw``: the hardware of a host from ``lshw -json`` (a JSON object or list per host).

The system node names the host (its ``id`` is the host name) and carries product and
serial; memory is the ``memory`` node's size, cores the processor nodes (their ``cores``
configuration where present).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cmdbgit.imports.hosts import HostFacts, host_items
from cmdbgit.imports.jsonfile import integer, read_json, text
from cmdbgit.imports.observed import InputError, Reading
from cmdbgit.imports.sources import ReadContext, files_in

NAME = "lshw"
SUMMARY = "hardware from `lshw -json` output files"
#: lshw sees the box, not the running system: the memory installed (not what the OS uses)
#: and sockets (not the cores a VM gets), so by default it owns only what it alone knows.
OWNS = ("spec.model", "spec.asset")
_MAX_NODES = 100_000


def read(inputs: list[Path], context: ReadContext) -> Reading:
    reading = Reading()
    for path in files_in(inputs, (".json",)):
        data = read_json(path)
        systems = data if isinstance(data, list) else [data]
        for number, system in enumerate(systems, start=1):
            origin = str(path) if len(systems) == 1 else f"{path}#{number}"
            host_items(_facts(system, origin), context.settings, reading)
    return reading


def _facts(system: Any, origin: str) -> HostFacts:
    if not isinstance(system, dict) or system.get("class") != "system":
        raise InputError(origin, "expected the system node `lshw -json` prints")
    hostname = text(system.get("id"))
    if hostname is None:
        raise InputError(origin, "the system node has no id (the host name)")
    memory = None
    cores = 0
    for node in _nodes(system, origin):
        if node.get("class") == "memory" and node.get("id") == "memory":
            memory = integer(node.get("size"))
        config = node.get("configuration")
        if (
            node.get("class") == "processor"
            and not node.get("disabled")
            and isinstance(config, dict)
        ):
            cores += integer(config.get("cores")) or 0  # a VM's cpu node has no core count
    return HostFacts(
        origin=origin,
        hostname=hostname,
        cpu_cores=cores or None,
        memory_bytes=memory,
        serial=text(system.get("serial")),
        model=text(system.get("product")),
    )


def _nodes(root: dict[str, Any], origin: str) -> Iterator[dict[str, Any]]:
    """Every node below ``root``, iteratively (a hostile file cannot exhaust the stack)."""
    stack = list(root.get("children") or [])
    seen = 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > _MAX_NODES:
            raise InputError(origin, f"more than {_MAX_NODES} hardware nodes")
        if isinstance(node, dict):
            yield node
            children = node.get("children")
            if isinstance(children, list):
                stack.extend(children)
