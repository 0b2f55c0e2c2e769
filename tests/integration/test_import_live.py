"""The discovery tools, run for real on this machine, imported into an empty inventory that
then validates; a second import of the same output changes nothing.

``.ci/run`` installs Debian's facter, lshw and nmap (ansible-core comes with the test extras)
and sets ``CMDBGIT_REQUIRE_TOOLS=1``: in CI a missing tool fails instead of skipping. nmap
scans 127.0.0.1 only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GitRepo, run_cli
from tests.integration.test_import_cli import CONFIG, ORG


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        reason = f"IMPORT TEST SKIPPED: {name} is not installed (apt-get install {name})"
        if os.environ.get("CMDBGIT_REQUIRE_TOOLS"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def _run(argv: list[str], out: Path, ok: tuple[int, ...] = (0,)) -> Path:
    result = subprocess.run(argv, capture_output=True, timeout=120, check=False)
    assert result.returncode in ok, result.stderr.decode(errors="replace")[-2000:]
    out.write_bytes(result.stdout)
    return out


@pytest.fixture
def empty(scaffold_repo: GitRepo) -> GitRepo:
    scaffold_repo.write("cmdbgit.yaml", CONFIG)
    scaffold_repo.write("inventory/org.yaml", ORG)
    scaffold_repo.commit("org")
    return scaffold_repo


def _import_twice(repo: GitRepo, source: str, output: Path) -> None:
    first = run_cli("import", source, str(output), "--write", repo=repo.path)
    assert first.exit_code == 0, first.output
    assert "1 new" in first.output or "2 new" in first.output, first.output
    validated = run_cli("validate", repo=repo.path)
    assert validated.exit_code == 0, validated.output
    repo.commit(f"import {source}")
    second = run_cli("import", source, str(output), repo=repo.path)
    assert second.exit_code == 0, second.output  # nothing left to do
    assert "0 new, 0 drifted" in second.output


def test_facter(empty: GitRepo, tmp_path: Path) -> None:
    # facter exits 1 when one fact fails (in a container /proc/1/environ is unreadable) and
    # still prints every other fact: the output is what the importer is tested on.
    facts = _run([_tool("facter"), "--json"], tmp_path / "facts.json", ok=(0, 1))
    _import_twice(empty, "facter", facts)


def test_lshw(empty: GitRepo, tmp_path: Path) -> None:
    hardware = _run([_tool("lshw"), "-json", "-quiet"], tmp_path / "lshw.json")
    _import_twice(empty, "lshw", hardware)


def test_nmap_on_loopback(empty: GitRepo, tmp_path: Path) -> None:
    scan = _run(
        [_tool("nmap"), "-oX", "-", "-p", "1-1024", "--max-retries", "1", "127.0.0.1"],
        tmp_path / "scan.xml",
    )
    _import_twice(empty, "nmap", scan)
    assert "ip: 127.0.0.1" in (empty.path / "inventory/server/srv-localhost.yaml").read_text()


@pytest.mark.slow
def test_ansible_setup_on_localhost(empty: GitRepo, tmp_path: Path) -> None:
    ansible = _tool("ansible")
    env = {
        **os.environ,
        "ANSIBLE_DEPRECATION_WARNINGS": "false",
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_HOME": str(tmp_path / "ansible-home"),
    }
    result = subprocess.run(
        [
            ansible,
            "all",
            "-i",
            "localhost,",
            "-c",
            "local",
            "-e",
            f"ansible_python_interpreter={sys.executable}",
            "-m",
            "setup",
        ],
        capture_output=True,
        timeout=180,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout.decode(errors="replace")[-2000:]
    facts = tmp_path / "facts.txt"
    facts.write_bytes(result.stdout)
    _import_twice(empty, "ansible", facts)
