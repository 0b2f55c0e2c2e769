"""``cmdbgit import``: plans and writes from recorded tool output, in real repositories.

The live tools (facter, lshw, nmap, ansible) run in ``test_import_live.py``; here the recorded
outputs in ``tests/data/import/`` give exact plans: new, drifted, missing, conflicts.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, GitRepo, run_cli

DATA = ROOT / "tests" / "data" / "import"

CONFIG = """\
import:
  default_owner: team-platform
  products: {debian: prod-debian}
  facter: {labels: {env: prod}}
  ansible: {labels: {env: prod}}
  lshw: {labels: {env: prod}}
  nmap: {labels: {env: prod}}
  procurement: {labels: {env: prod}}
"""

ORG = """\
apiVersion: cmdbgit/v1
kind: Team
metadata: {id: team-platform, name: Platform}
---
apiVersion: cmdbgit/v1
kind: SoftwareProduct
metadata: {id: prod-debian, name: Debian GNU/Linux, owner: team-platform}
spec:
  versions:
    - {version: "12", released: 2023-06-10, eol: 2028-06-30}
"""


@pytest.fixture
def org(scaffold_repo: GitRepo) -> GitRepo:
    scaffold_repo.write("cmdbgit.yaml", CONFIG)
    scaffold_repo.write("inventory/org.yaml", ORG)
    scaffold_repo.commit("org")
    return scaffold_repo


def plan(repo: GitRepo, *args: str) -> tuple[int, dict[str, Any]]:
    result = run_cli("import", *args, "--format", "json", repo=repo.path)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def write(repo: GitRepo, *args: str) -> None:
    result = run_cli("import", *args, "--write", repo=repo.path)
    assert result.exit_code == 0, result.output


def validate(repo: GitRepo) -> None:
    result = run_cli("validate", repo=repo.path)
    assert result.exit_code == 0, result.output


def _facts(tmp_path: Path, name: str, **changes: Any) -> Path:
    facts = json.loads((DATA / "facter" / f"{name}.json").read_text())
    for dotted, value in changes.items():
        node = facts
        *parents, last = dotted.split("__")
        for part in parents:
            node = node[part]
        node[last] = value
    out = tmp_path / "facts" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(facts))
    return out


def test_facter_into_an_empty_inventory_then_drift_new_and_missing(
    org: GitRepo, tmp_path: Path
) -> None:
    facts = tmp_path / "first"
    shutil.copytree(DATA / "facter", facts)
    code, first = plan(org, "facter", str(facts))
    assert code == 1
    assert first["summary"] == {
        "new": 4,
        "drifted": 0,
        "missing": 0,
        "conflicts": 0,
        "unchanged": 0,
        "seen_again": 0,
    }
    assert {(n["kind"], n["id"]) for n in first["new"]} == {
        ("Server", "srv-web-01-example-com"),
        ("Server", "srv-db-01-example-com"),
        ("HardwareAsset", "hw-7xk2lm3"),
        ("HardwareAsset", "hw-9qw4rt8"),
    }
    web = next(n for n in first["new"] if n["id"] == "srv-web-01-example-com")
    assert web["file"] == "inventory/server/srv-web-01-example-com.yaml"
    assert web["fields"] == {
        "metadata.name": "web-01.example.com",
        "spec.hostname": "web-01.example.com",
        "spec.ip": "192.0.2.11",
        "spec.os.product": "prod-debian",
        "spec.os.version": "12.11",
        "spec.cpu_cores": 16,
        "spec.memory_gb": 64.0,
        "spec.virtual": False,
        "spec.asset": "hw-7xk2lm3",  # the box it runs on, linked by its serial number
    }
    write(org, "facter", str(facts))
    validate(org)
    org.commit("import facter")

    # Second run: web-01 upgraded and grew memory, db-01 is gone, app-01 is new.
    second = tmp_path / "second"
    second.mkdir()
    shutil.copy(
        _facts(
            tmp_path, "web-01", os__release={"full": "12.12"}, memory__system={"total_bytes": 2**37}
        ),
        second / "web-01.json",
    )
    app = json.loads((DATA / "facter" / "web-01.json").read_text())
    app["networking"].update(fqdn="app-01.example.com", hostname="app-01", ip="192.0.2.31")
    app["is_virtual"] = True
    app.pop("dmi")
    (second / "app-01.json").write_text(json.dumps(app))
    code, result = plan(org, "facter", str(second))
    assert code == 1
    assert result["summary"] == {
        "new": 1,
        "drifted": 2,
        "missing": 2,
        "conflicts": 0,
        "unchanged": 1,
        "seen_again": 0,
    }
    assert [n["id"] for n in result["new"]] == ["srv-app-01-example-com"]
    assert result["drifted"] == [
        {
            "id": "srv-web-01-example-com",
            "path": "spec.memory_gb",
            "declared": 64.0,
            "observed": 128.0,
            "owned_by": "facter",
            "applied": True,
        },
        {
            "id": "srv-web-01-example-com",
            "path": "spec.os.version",
            "declared": "12.11",
            "observed": "12.12",
            "owned_by": "facter",
            "applied": True,
        },
    ]
    assert result["missing"] == [
        {"id": "hw-9qw4rt8", "since": "2026-11-27"},
        {"id": "srv-db-01-example-com", "since": "2026-11-27"},
    ]


def test_write_twice_is_a_no_op_and_keeps_comments(org: GitRepo, tmp_path: Path) -> None:
    web = _facts(tmp_path, "web-01")
    write(org, "facter", str(web))
    org.commit("import")
    path = org.path / "inventory/server/srv-web-01-example-com.yaml"
    text = path.read_text()
    # A person adds comments, an owner and a label; the next import must keep all of it.
    text = text.replace("spec:\n", "# Racked in row 4. Ask Ana before rebooting.\nspec:\n")
    text = text.replace("  ip: 192.0.2.11\n", "  ip: 192.0.2.11  # the VIP is .10\n")
    path.write_text(text)
    org.commit("comments")
    changed = _facts(tmp_path, "web-01", os__release={"full": "12.12"})
    write(org, "facter", str(changed))
    edited = path.read_text()
    assert "# Racked in row 4. Ask Ana before rebooting.\n" in edited
    assert "  ip: 192.0.2.11  # the VIP is .10\n" in edited
    assert '    version: "12.12"\n' in edited
    assert edited.replace('"12.12"', '"12.11"') == text  # nothing else moved
    validate(org)
    org.commit("upgrade")
    write(org, "facter", str(changed))
    assert org.git("status", "--porcelain") == ""  # the second write changed nothing
    code, again = plan(org, "facter", str(changed))
    assert code == 0 and again["summary"]["unchanged"] == 2


def test_a_field_the_source_does_not_own_is_reported_never_written(
    org: GitRepo, tmp_path: Path
) -> None:
    write(org, "facter", str(_facts(tmp_path, "web-01")))
    path = org.path / "inventory/server/srv-web-01-example-com.yaml"
    # The team says this host has 12 cores and the inventory should say so; facter sees 16.
    org.write(
        "cmdbgit.yaml",
        CONFIG.replace(
            "  facter: {labels: {env: prod}}", "  facter: {labels: {env: prod}, owns: [spec.os]}"
        ),
    )
    path.write_text(path.read_text().replace("cpu_cores: 16", "cpu_cores: 12"))
    org.commit("hand edit")
    code, result = plan(org, "facter", str(_facts(tmp_path, "web-01")))
    assert code == 1
    assert result["drifted"] == [
        {
            "id": "srv-web-01-example-com",
            "path": "spec.cpu_cores",
            "declared": 12,
            "observed": 16,
            "owned_by": "people",
            "applied": False,
        }
    ]
    write(org, "facter", str(_facts(tmp_path, "web-01")))
    assert "cpu_cores: 12" in path.read_text()


def test_nothing_is_deleted_missing_is_marked_once_and_cleared(
    org: GitRepo, tmp_path: Path
) -> None:
    both = tmp_path / "both"
    shutil.copytree(DATA / "facter", both)
    write(org, "facter", str(both))
    org.commit("import")
    only_web = _facts(tmp_path, "web-01")
    write(org, "facter", str(only_web))
    db = org.path / "inventory/server/srv-db-01-example-com.yaml"
    assert db.exists()
    assert 'cmdbgit.io/missing-since: "2026-11-27"' in db.read_text()
    validate(org)
    org.commit("missing")
    result = run_cli(
        "--as-of", "2026-12-05", "import", "facter", str(only_web), "--write", repo=org.path
    )
    assert result.exit_code == 0
    assert "2026-11-27" in db.read_text()  # marked once: the first date stays
    write(org, "facter", str(both))  # seen again
    assert "missing-since" not in db.read_text()
    validate(org)


def test_one_value_naming_two_documents_is_a_conflict(org: GitRepo, tmp_path: Path) -> None:
    org.write(
        "inventory/servers.yaml",
        """\
apiVersion: cmdbgit/v1
kind: Server
metadata: {id: srv-web-a, name: A, owner: team-platform, labels: {env: prod}}
spec: {hostname: web-01.example.com}
---
apiVersion: cmdbgit/v1
kind: Server
metadata: {id: srv-web-b, name: B, owner: team-platform, labels: {env: prod}}
spec: {hostname: WEB-01.example.com}
""",
    )
    org.commit("two docs, one host")
    code, result = plan(org, "facter", str(_facts(tmp_path, "web-01")))
    assert code == 1
    assert result["conflicts"] == [
        {
            "observed": [str(tmp_path / "facts" / "web-01.json")],
            "matches": ["srv-web-a", "srv-web-b"],
        }
    ]
    write(org, "facter", str(_facts(tmp_path, "web-01")))
    assert (
        "spec: {hostname: web-01.example.com}" in (org.path / "inventory/servers.yaml").read_text()
    )


def test_csv_snipeit_export_with_a_mapping(org: GitRepo, tmp_path: Path) -> None:
    csv_file = DATA / "csv" / "snipeit-assets.csv"
    mapping = DATA / "csv" / "snipeit-mapping.yaml"
    write(org, "csv", str(csv_file), "--mapping", str(mapping))
    validate(org)
    laptop = (org.path / "inventory/hardware-asset/hw-nw-lt-0101.yaml").read_text()
    assert 'amount: "1389.00"' in laptop  # exact digits, as text: never a float's rounding
    assert 'date: "2025-03-15"' in laptop and 'end: "2028-03-14"' in laptop
    assert "cmdbgit.io/source: procurement" in laptop
    org.commit("procurement register")
    # facter then sees db-01 with the serial procurement recorded: one box, not two.
    _code, result = plan(org, "facter", str(_facts(tmp_path, "db-01")))
    assert [n["id"] for n in result["new"]] == ["srv-db-01-example-com"]
    assert result["drifted"] == []  # the model name agrees (PowerEdge R750)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            "Asset Tag;Asset Name;Serial;Model;Manufacturer;Status;Purchase Date;Purchase Cost;Order Number;Warranty Expires\n"
            "T1;x;S1;M;D;Deployed;2025-03-15;1,00;PO;14/03/2028\n",
            "snipeit-assets.csv:2 (Purchase Date): '2025-03-15' is not a date in the form %d/%m/%Y",
        ),
        (
            "Asset Tag;Asset Name;Serial;Model;Manufacturer;Status;Purchase Date;Purchase Cost;Order Number;Warranty Expires\n"
            "T1;x;S1;M;D;Lost;15/03/2025;1,00;PO;14/03/2028\n",
            "snipeit-assets.csv:2 (Status): 'Lost' is not one of the mapped values",
        ),
        ("Tag;Serial\nT1;S1\n", "snipeit-assets.csv:1: no column 'Asset Tag'"),
    ],
)
def test_unreadable_csv_is_exit_2_located(
    org: GitRepo, tmp_path: Path, text: str, where: str
) -> None:
    bad = tmp_path / "snipeit-assets.csv"
    bad.write_text(text)
    result = run_cli(
        "import",
        "csv",
        str(bad),
        "--mapping",
        str(DATA / "csv" / "snipeit-mapping.yaml"),
        repo=org.path,
    )
    assert result.exit_code == 2
    assert result.output.startswith("cmdbgit: error: cannot import: ")
    assert where in result.output


def test_broken_json_is_exit_2_located_and_nothing_written(org: GitRepo, tmp_path: Path) -> None:
    good = _facts(tmp_path, "web-01")
    bad = good.parent / "zz-broken.json"
    bad.write_text('{"networking": {"fqdn": "x",\n  "ip": }\n')
    result = run_cli("import", "facter", str(good.parent), "--write", repo=org.path)
    assert result.exit_code == 2
    assert f"{bad}:2:9: not JSON" in result.output
    assert org.git("status", "--porcelain") == ""


def test_write_without_a_default_owner_writes_nothing(org: GitRepo, tmp_path: Path) -> None:
    org.write("cmdbgit.yaml", "import: {facter: {labels: {env: prod}}}\n")
    org.commit("no owner")
    result = run_cli("import", "facter", str(_facts(tmp_path, "web-01")), "--write", repo=org.path)
    assert result.exit_code == 2
    assert "import.default_owner" in result.output
    assert org.git("status", "--porcelain") == ""


def test_a_misspelt_setting_is_named(org: GitRepo, tmp_path: Path) -> None:
    org.write("cmdbgit.yaml", "import: {defualt_owner: team-platform}\n")
    org.commit("typo")
    result = run_cli("import", "facter", str(_facts(tmp_path, "web-01")), repo=org.path)
    assert result.exit_code == 2
    assert "import.defualt_owner: not a setting" in result.output


def test_markdown_plan_for_a_pull_request(org: GitRepo, tmp_path: Path) -> None:
    report = tmp_path / "plan.md"
    result = run_cli(
        "import", "facter", str(DATA / "facter"), "--report", str(report), repo=org.path
    )
    assert result.exit_code == 1
    text = report.read_text()
    assert text.startswith("### cmdbgit import `facter`: 4 new, 0 drifted fields")
    assert "<summary><b>New (4)</b></summary>" in text


def test_recorded_ansible_lshw_and_nmap_outputs(org: GitRepo) -> None:
    code, ansible = plan(org, "ansible", str(DATA / "ansible" / "localhost.txt"))
    assert [n["fields"] for n in ansible["new"]] == [
        {
            "metadata.name": "vm",
            "spec.hostname": "vm",
            "spec.ip": "192.0.2.2",
            "spec.os.product": "prod-debian",
            "spec.os.version": "12.11",
            "spec.cpu_cores": 2,
            "spec.memory_gb": 23.5,
            "spec.virtual": True,
        }
    ]
    code, lshw = plan(org, "lshw", str(DATA / "lshw" / "vm.json"))
    assert [(n["id"], n["fields"]) for n in lshw["new"]] == [
        ("srv-vm", {"metadata.name": "vm", "spec.hostname": "vm", "spec.memory_gb": 24.0})
    ]
    code, nmap = plan(org, "nmap", str(DATA / "nmap" / "localhost.xml"))
    assert [(n["id"], n["fields"]) for n in nmap["new"]] == [
        (
            "srv-localhost",
            {"metadata.name": "localhost", "spec.hostname": "localhost", "spec.ip": "127.0.0.1"},
        )
    ]
    # Each writes documents that validate, and a second plan of the same input is empty.
    for source, path in (
        ("ansible", DATA / "ansible" / "localhost.txt"),
        ("nmap", DATA / "nmap" / "localhost.xml"),
    ):
        write(org, source, str(path))
        validate(org)
        code, again = plan(org, source, str(path))
        assert code == 0, again


@pytest.mark.parametrize(
    ("source", "name", "content", "expected"),
    [
        ("facter", "deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("facter", "list.json", '["not facts"]', "expected the JSON object"),
        (
            "nmap",
            "laughs.xml",
            '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            + "".join(
                f'<!ENTITY a{i + 1} "{("&a" + (str(i) if i else "") + ";") * 10}">'
                for i in range(8)
            )
            + "]><nmaprun>&a8;</nmaprun>",
            "not nmap XML",
        ),
        (
            "nmap",
            "entity.xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
            '"file:///etc/passwd">]><nmaprun>&e;</nmaprun>',
            "not nmap XML",
        ),
        ("lshw", "notlshw.json", '{"class": "bus"}', "expected the system node"),
    ],
)
def test_hostile_inputs_are_one_line_errors(
    org: GitRepo, tmp_path: Path, source: str, name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    result = run_cli("import", source, str(path), repo=org.path)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and expected in result.output, result.output
    assert "root:" not in result.output
