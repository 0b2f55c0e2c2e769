"""Where cached state lives: outside the work tree, never through a link, never trusted from a
checkout. A committed ``.cmdbgit/`` is a ``config`` problem, and a forged cache in it changes
nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cmdbgit.model.config import Limits
from cmdbgit.parse.loader import load_file
from cmdbgit.source.base import blob_id
from cmdbgit.store import parse_cache
from cmdbgit.store.entry import encode
from cmdbgit.store.location import repository_key
from tests.conftest import GitRepo, cache_folder, run_cli, run_json

BROKEN = """\
apiVersion: cmdbgit/v1
kind: Server
metadata: {id: srv-evil, owner: nobody-here}
spec: {hostname: evil, cpu_cores: many}
relations: [{type: depends_on, target: nothing}]
"""
GOOD = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-forged}\n"
TEAM = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a}\n"


def _forge(folder: Path) -> Path:
    """The real cache writer's file, mapping the broken file's blob to a clean Team."""
    parse_cache.forget_open_caches()
    cache = parse_cache.open_cache(folder, Limits())
    good = load_file("inventory/evil.yaml", GOOD.encode(), Limits())
    cache.put(blob_id(BROKEN.encode()), good, encode(good))
    cache.save()
    parse_cache.forget_open_caches()
    return folder / parse_cache.CACHE_FILE


def _rules(report: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((p["rule"], p["file"]) for p in report["problems"])


def test_a_committed_forged_cache_does_not_turn_check_green(scaffold_repo: GitRepo) -> None:
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "pr")
    repo.write("inventory/evil.yaml", BROKEN)
    forged = _forge(repo.path / ".cmdbgit" / "cache")
    assert forged.is_file()
    repo.git("add", "-f", ".cmdbgit/cache/parse.msgpack")
    repo.commit("a broken file and a cache that says it is fine")

    _code, honest = run_json("validate", "--no-cache", repo=repo.path)
    evil = [r for r in _rules(honest) if r[1] == "inventory/evil.yaml"]
    assert evil, "the broken file has problems of its own"
    code, report = run_json("validate", repo=repo.path)
    assert code == 1
    assert _rules(report) == _rules(honest)
    assert ("config", ".cmdbgit/cache/parse.msgpack") in _rules(report)
    # Even with the forged file copied into the real cache folder under the right settings,
    # the gate reads the blob ids of this commit: the forged entry is for another blob.
    result = run_cli("--repo", str(repo.path), "check", "--base", "main")
    assert result.exit_code == 1, result.stdout
    assert ".cmdbgit/cache/parse.msgpack" in result.stdout
    assert "inventory/evil.yaml" in result.stdout


def test_nothing_is_written_into_the_work_tree(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write("inventory/team.yaml", TEAM)
    scaffold_repo.commit("inventory")
    assert run_json("validate", repo=scaffold_repo.path)[0] == 0
    assert not (scaffold_repo.path / ".cmdbgit").exists()
    assert (cache_folder(scaffold_repo.path) / parse_cache.CACHE_FILE).is_file()
    assert scaffold_repo.git("status", "--porcelain", "--ignored") == ""


def _validate_process(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cmdbgit", "validate"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _env(**changes: str | None) -> dict[str, str]:
    env = dict(os.environ)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def test_a_dangling_link_at_the_cache_path_writes_nothing_outside(
    scaffold_repo: GitRepo, tmp_path: Path
) -> None:
    scaffold_repo.write("inventory/team.yaml", TEAM)
    scaffold_repo.commit("inventory")
    outside = tmp_path / "outside"
    outside.mkdir()
    # The cache home itself is a dangling link …
    home = tmp_path / "home-link"
    home.symlink_to(outside / "made-by-cmdbgit")
    done = _validate_process(scaffold_repo.path, _env(CMDBGIT_CACHE_DIR=str(home)))
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("symbolic link") == 1
    assert list(outside.iterdir()) == []
    # … or the repository's folder inside a real cache home is a link.
    real = tmp_path / "real-home"
    real.mkdir()
    anchor = Path(scaffold_repo.git("rev-parse", "--git-common-dir"))
    anchor = (scaffold_repo.path / anchor).resolve()
    (real / repository_key(anchor)).symlink_to(outside)
    done = _validate_process(scaffold_repo.path, _env(CMDBGIT_CACHE_DIR=str(real)))
    assert done.returncode == 0, done.stderr
    assert "running without a cache" in done.stderr
    assert list(outside.iterdir()) == []


def test_the_cache_home_follows_the_environment(scaffold_repo: GitRepo, tmp_path: Path) -> None:
    scaffold_repo.write("inventory/team.yaml", TEAM)
    scaffold_repo.commit("inventory")
    xdg, home, explicit = tmp_path / "xdg", tmp_path / "home", tmp_path / "explicit"
    env = _env(CMDBGIT_CACHE_DIR=None, XDG_CACHE_HOME=str(xdg), HOME=str(home))
    assert _validate_process(scaffold_repo.path, env).returncode == 0
    assert list((xdg / "cmdbgit").glob("*/parse.msgpack"))
    env = _env(CMDBGIT_CACHE_DIR=None, XDG_CACHE_HOME=None, HOME=str(home))
    assert _validate_process(scaffold_repo.path, env).returncode == 0
    assert list((home / ".cache" / "cmdbgit").glob("*/parse.msgpack"))
    env = _env(CMDBGIT_CACHE_DIR=str(explicit), XDG_CACHE_HOME=str(xdg), HOME=str(home))
    assert _validate_process(scaffold_repo.path, env).returncode == 0
    assert [p.name for p in explicit.glob("*/*.msgpack")].count("parse.msgpack") == 1


def test_a_tracked_state_folder_is_a_new_problem_in_check(
    scaffold_repo: GitRepo, tmp_path: Path
) -> None:
    repo = scaffold_repo
    repo.write("inventory/team.yaml", TEAM)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "pr")
    repo.write(".cmdbgit/judgements.msgpack", "anything")
    repo.git("add", "-f", ".cmdbgit/judgements.msgpack")
    repo.commit("state")
    code, report = run_json("validate", "--ref", "HEAD", repo=repo.path)
    assert code == 1
    assert _rules(report) == [("config", ".cmdbgit/judgements.msgpack")]
    out = tmp_path / "check.json"
    result = run_cli("--repo", str(repo.path), "check", "--base", "main", "--json", str(out))
    assert result.exit_code == 1
    new = json.loads(out.read_text())["problems"]["new"]
    assert [(p["rule"], p["file"]) for p in new] == [("config", ".cmdbgit/judgements.msgpack")]


@pytest.mark.parametrize("variant", ["file", "folder"])
def test_a_link_under_the_cache_folder_is_not_written_through(
    scaffold_repo: GitRepo, tmp_path: Path, variant: str
) -> None:
    scaffold_repo.write("inventory/team.yaml", TEAM)
    scaffold_repo.commit("inventory")
    folder = cache_folder(scaffold_repo.path)
    target = tmp_path / "target"
    if variant == "folder":
        target.mkdir()
    (folder / parse_cache.CACHE_FILE).symlink_to(target)
    assert run_json("validate", repo=scaffold_repo.path)[0] == 0
    assert (folder / parse_cache.CACHE_FILE).is_symlink()
    assert not target.exists() or (target.is_dir() and not list(target.iterdir()))


def test_an_ignored_state_folder_of_old_is_left_alone(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write("inventory/team.yaml", TEAM)
    scaffold_repo.write(".gitignore", ".cmdbgit/\n")
    scaffold_repo.commit("inventory")
    _forge(scaffold_repo.path / ".cmdbgit" / "cache")  # what an older version left behind
    scaffold_repo.write("inventory/evil.yaml", BROKEN)
    code, report = run_json("validate", repo=scaffold_repo.path)
    assert code == 1
    assert {p["file"] for p in report["problems"]} == {"inventory/evil.yaml"}
