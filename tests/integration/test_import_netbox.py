"""``cmdbgit import netbox``: saved REST API pages, and the live API served by a local HTTP
server on 127.0.0.1 that pages through ``next`` and checks the token."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import ROOT, GitRepo, run_cli

DATA = ROOT / "tests" / "data" / "import" / "netbox" / "own"
TOKEN = "0123456789abcdef0123456789abcdef01234567"
CONFIG = "import:\n  default_owner: team-platform\n  netbox: {labels: {env: prod}}\n"
ORG = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-platform, name: Platform}\n"


@pytest.fixture
def repo(scaffold_repo: GitRepo) -> GitRepo:
    scaffold_repo.write("cmdbgit.yaml", CONFIG)
    scaffold_repo.write("inventory/org.yaml", ORG)
    scaffold_repo.commit("org")
    return scaffold_repo


def plan(repo: GitRepo, *args: str) -> tuple[int, dict[str, Any]]:
    result = run_cli("import", "netbox", *args, "--format", "json", repo=repo.path)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def counts(result: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for new in result["new"]:
        out[new["kind"]] = out.get(new["kind"], 0) + 1
    return out


EXPECTED = {
    "Location": 11,
    "Vendor": 3,
    "HardwareModel": 4,
    "Team": 2,  # team-platform is declared already: unchanged
    "Person": 2,
    "Cluster": 2,
    "HardwareAsset": 8,
    "Server": 12,
    "NetworkDevice": 4,
}


def test_saved_pages_import_into_an_inventory_that_validates(repo: GitRepo) -> None:
    code, first = plan(repo, str(DATA))
    assert code == 1
    assert counts(first) == EXPECTED
    assert first["summary"]["unchanged"] == 1
    by_id = {n["id"]: n for n in first["new"]}
    rack = by_id["loc-rack-1-r01"]
    assert rack["fields"]["spec.height_units"] == 42
    assert rack["relations"] == [{"type": "located_in", "target": "loc-room-fra1-cage-7"}]
    assert by_id["loc-room-fra1-cage-7"]["relations"] == [
        {"type": "located_in", "target": "loc-room-fra1-hall-2"}
    ]
    box = by_id["hw-cn7x1a0001"]["fields"]
    assert box["spec.rack_position"] == {"unit": 10, "height": 2}
    assert box["spec.hardware_model"] == "hwm-poweredge-r750"
    switch = by_id["net-fra1-sw-01"]["fields"]
    assert switch["spec.rack_position"] == {"unit": 42, "height": 1, "face": "rear"}
    assert switch["spec.role"] == "switch"
    esx = by_id["srv-fra1-esx-01"]
    assert esx["fields"]["spec.asset"] == "hw-cn7x1a0001"
    assert esx["relations"] == [{"type": "connected_to", "target": "net-fra1-sw-01"}]
    vm = by_id["srv-pay-api-01"]
    assert vm["fields"]["spec.virtual"] is True and vm["fields"]["spec.memory_gb"] == 8
    assert vm["relations"] == [{"type": "member_of", "target": "cl-fra1-vmw"}]
    assert by_id["hwm-poweredge-r650"]["fields"]["spec.vendor"] == "vendor-dell"
    assert sorted(p["where"] for p in first["problems"]) == [
        "dcim-devices-2.json#5",
        "tenancy-contacts.json#3",
    ]

    result = run_cli("import", "netbox", str(DATA), "--write", repo=repo.path)
    assert result.exit_code == 0, result.output
    validate = run_cli("validate", repo=repo.path)
    assert validate.exit_code == 0, validate.output
    db = (repo.path / "inventory/server/srv-fra1-db-01.yaml").read_text()
    assert "owner: team-payments\n" in db and "owner-unconfirmed" not in db
    code, again = plan(repo, str(DATA))
    assert (code, again["summary"]["new"], again["summary"]["drifted"]) == (0, 0, 0)


def test_a_slice_of_the_netbox_demo_data(repo: GitRepo) -> None:
    demo = DATA.parent / "demo"
    code, first = plan(repo, str(demo))
    assert code == 1
    assert counts(first) == {
        "Server": 12,  # the demo's VMs (its devices are routers, switches, PDUs, panels)
        "Location": 10,
        "NetworkDevice": 6,
        "HardwareModel": 4,
        "Person": 3,
        "Cluster": 2,
        "Vendor": 3,
        "Team": 1,
    }
    # PDUs and patch panels have no serial in the demo: a HardwareAsset cannot hold them.
    assert len(first["problems"]) == 6
    assert all("a HardwareAsset needs a serial" in p["message"] for p in first["problems"])
    router = next(n for n in first["new"] if n["id"] == "net-dmi01-akron-rtr01")
    assert {"type": "connected_to", "target": "net-dmi01-akron-sw01"} in router["relations"]
    result = run_cli("import", "netbox", str(demo), "--write", repo=repo.path)
    assert result.exit_code == 0, result.output
    validate = run_cli("validate", repo=repo.path)
    assert validate.exit_code == 0, validate.output


def test_changed_netbox_yields_exactly_the_change(repo: GitRepo, tmp_path: Path) -> None:
    saved = tmp_path / "netbox"
    shutil.copytree(DATA, saved)
    assert run_cli("import", "netbox", str(saved), "--write", repo=repo.path).exit_code == 0
    repo.commit("imported")
    vms = json.loads((saved / "virtualization-virtual-machines.json").read_text())
    vms["results"][0]["vcpus"] = 8.0  # pay-api-01 grew
    del vms["results"][5]  # grafana is gone
    (saved / "virtualization-virtual-machines.json").write_text(json.dumps(vms))
    code, second = plan(repo, str(saved))
    assert code == 1
    assert second["new"] == []
    assert [(d["id"], d["path"], d["declared"], d["observed"]) for d in second["drifted"]] == [
        ("srv-pay-api-01", "spec.cpu_cores", 4, 8)
    ]
    assert [m["id"] for m in second["missing"]] == ["srv-grafana"]


def test_endpoint_by_url_when_the_name_says_nothing(repo: GitRepo, tmp_path: Path) -> None:
    page = json.loads((DATA / "dcim-sites.json").read_text())
    (tmp_path / "export.json").write_text(json.dumps(page))
    _code, result = plan(repo, str(tmp_path / "export.json"))
    assert [n["id"] for n in result["new"]] == ["loc-ber1", "loc-fra1", "loc-muc-office"]
    (tmp_path / "export.json").write_text(json.dumps({"results": [{"name": "x"}]}))
    bad = run_cli("import", "netbox", str(tmp_path / "export.json"), repo=repo.path)
    assert bad.exit_code == 2
    assert "which endpoint is this?" in bad.output


class _NetBox(BaseHTTPRequestHandler):
    """Serves the saved pages as NetBox does: ``/api/<app>/<endpoint>/``, pages of 5 linked
    by ``next``, a token required."""

    seen_tokens: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen_tokens.append(self.headers.get("Authorization", ""))
        if self.path.startswith("/moved/"):  # a redirect elsewhere must not take the token
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/steal")
            self.end_headers()
            return
        if self.headers.get("Authorization") != f"Token {TOKEN}":
            self._send(403, {"detail": "Invalid token"})
            return
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        name = DATA / f"{parts[1]}-{parts[2]}.json"
        results: list[Any] = []
        for path in sorted(DATA.glob(f"{parts[1]}-{parts[2]}*.json")):
            results.extend(json.loads(path.read_text())["results"])
        if not name.exists():
            results = []
        offset = int(parse_qs(url.query).get("offset", ["0"])[0])
        host = f"http://127.0.0.1:{self.server.server_address[1]}"
        more = offset + 5 < len(results)
        nxt = f"{host}{url.path}?limit=5&offset={offset + 5}" if more else None
        self._send(
            200, {"count": len(results), "next": nxt, "results": results[offset : offset + 5]}
        )

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def netbox() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NetBox)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_live_api_pages_through_next(
    repo: GitRepo, netbox: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETBOX_TOKEN", TOKEN)
    _NetBox.seen_tokens.clear()
    code, live = plan(repo, "--url", netbox)
    assert code == 1
    assert counts(live) == EXPECTED
    # 12 endpoints; devices (12) and VMs (6) and the racks... take more than one page of 5.
    assert len(_NetBox.seen_tokens) > 12
    _code, saved = plan(repo, str(DATA))
    assert [n["id"] for n in live["new"]] == [n["id"] for n in saved["new"]]
    text = run_cli("import", "netbox", "--url", netbox, repo=repo.path)
    assert TOKEN not in text.output


def test_live_api_refuses_a_bad_or_missing_token(
    repo: GitRepo, netbox: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NETBOX_TOKEN", raising=False)
    missing = run_cli("import", "netbox", "--url", netbox, repo=repo.path)
    assert missing.exit_code == 2
    assert "NETBOX_TOKEN" in missing.output
    monkeypatch.setenv("NETBOX_TOKEN", "c4n4ry-wrong-token")
    gone = run_cli("import", "netbox", "--url", f"{netbox}/moved", repo=repo.path)
    assert gone.exit_code == 2 and "HTTP 302" in gone.output  # never followed, token kept
    wrong = run_cli("import", "netbox", "--url", netbox, repo=repo.path)
    assert wrong.exit_code == 2
    assert "HTTP 403" in wrong.output and "c4n4ry" not in wrong.output
    assert len(wrong.output.strip().splitlines()) == 1
