"""Reading NetBox's REST API: saved pages from files, or the live API over HTTP(S).

A page is ``{"count", "next", "previous", "results": [...]}`` (a plain list is accepted too).
The endpoint of a saved file comes from its name (``dcim-devices.json``, ``devices-2.json``)
or else from its objects' ``url`` (``…/api/dcim/devices/7/``). Live, every endpoint is read
page by page through ``next``; the token comes from ``NETBOX_TOKEN`` only, is sent only to
the host of ``--url``, and never appears in a message.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cmdbgit.errors import UsageError
from cmdbgit.imports.jsonfile import read_json
from cmdbgit.imports.observed import InputError

#: endpoint -> API path, in the order they are read live.
ENDPOINTS: dict[str, str] = {
    "regions": "dcim/regions",
    "sites": "dcim/sites",
    "locations": "dcim/locations",
    "racks": "dcim/racks",
    "manufacturers": "dcim/manufacturers",
    "device-types": "dcim/device-types",
    "tenants": "tenancy/tenants",
    "contacts": "tenancy/contacts",
    "clusters": "virtualization/clusters",
    "devices": "dcim/devices",
    "virtual-machines": "virtualization/virtual-machines",
    "cables": "dcim/cables",
}
_URL = re.compile(r"/api/(?:dcim|tenancy|virtualization)/([a-z-]+)/\d+/?$")
_PAGE_SUFFIX = re.compile(r"[-_.](?:page)?[-_]?\d+$")
MAX_PAGES = 10_000
TIMEOUT = 30

#: endpoint -> (origin, object) in input order.
Objects = dict[str, list[tuple[str, dict[str, Any]]]]


def from_files(paths: list[Path]) -> Objects:
    out: Objects = {}
    for path in paths:
        data = read_json(path)
        results = data.get("results") if isinstance(data, dict) else data
        if not isinstance(results, list):
            raise InputError(str(path), 'expected a NetBox API page {"results": [...]}')
        endpoint = _endpoint_of(path, results)
        for number, obj in enumerate(results, start=1):
            if not isinstance(obj, dict):
                raise InputError(f"{path}#{number}", "expected a JSON object")
            out.setdefault(endpoint, []).append((f"{path.name}#{number}", obj))
    return out


def _endpoint_of(path: Path, results: list[Any]) -> str:
    stem = _PAGE_SUFFIX.sub("", path.stem.lower().replace("_", "-"))
    for endpoint, api in ENDPOINTS.items():
        if stem in (endpoint, api.replace("/", "-")):
            return endpoint
    for obj in results:
        url = obj.get("url") if isinstance(obj, dict) else None
        found = _URL.search(url) if isinstance(url, str) else None
        if found and found.group(1) in ENDPOINTS:
            return found.group(1)
    raise InputError(
        str(path),
        "which endpoint is this? name the file after it (dcim-devices.json) "
        f"or keep the objects' url; endpoints: {', '.join(ENDPOINTS)}",
    )


def from_api(base: str) -> Objects:
    token = os.environ.get("NETBOX_TOKEN", "").strip()
    if not token:
        raise UsageError("set NETBOX_TOKEN to a NetBox API token to read --url")
    root = urlsplit(base)
    if root.scheme not in ("http", "https") or not root.hostname:
        raise UsageError(f"--url: expected http(s)://HOST, not {base!r}")
    scheme = "Bearer" if token.startswith("nbt_") else "Token"
    headers = {"Authorization": f"{scheme} {token}", "Accept": "application/json"}
    out: Objects = {}
    for endpoint, api in ENDPOINTS.items():
        url: str | None = f"{base.rstrip('/')}/api/{api}/?limit=1000"
        for _page in range(MAX_PAGES):
            if url is None:
                break
            where = urlsplit(url)
            if (where.scheme, where.netloc) != (root.scheme, root.netloc):
                # The token goes to the host the user named and nowhere else.
                raise UsageError(f"NetBox sent a next page on another host: {where.netloc}")
            data = _get(url, headers)
            results = data.get("results") if isinstance(data, dict) else None
            if not isinstance(results, list):
                raise UsageError(f"{_safe(url)}: not a NetBox API page")
            for obj in results:
                if isinstance(obj, dict):
                    number = len(out.get(endpoint, [])) + 1
                    out.setdefault(endpoint, []).append((f"{api}#{number}", obj))
            nxt = data.get("next")
            url = nxt if isinstance(nxt, str) and nxt else None
    return out


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """urllib would follow a redirect with the token in the headers, to any host: refuse
    (the redirect then surfaces as its HTTP status)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)
MAX_PAGE_BYTES = 64 * 1024 * 1024


def _get(url: str, headers: dict[str, str]) -> Any:
    request = urllib.request.Request(url, headers=headers)
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as response:
            body = response.read(MAX_PAGE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise UsageError(f"{_safe(url)}: NetBox answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UsageError(f"{_safe(url)}: cannot reach NetBox ({reason})") from None
    if len(body) > MAX_PAGE_BYTES:
        raise UsageError(f"{_safe(url)}: a page over {MAX_PAGE_BYTES // 2**20} MiB")
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise UsageError(f"{_safe(url)}: NetBox did not answer JSON") from None


def _safe(url: str) -> str:
    """The URL without query or credentials, for messages."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}{parts.path}"
