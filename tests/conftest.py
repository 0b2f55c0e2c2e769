"""Shared fixtures: real Git repositories in tmp_path with pinned identities and dates, and
the real CLI through click's CliRunner."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cmdbgit.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-27"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Committer",
    "GIT_COMMITTER_EMAIL": "committer@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


@pytest.fixture(autouse=True)
def _isolated_git(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No home directory, no user config: every test's Git is the same Git."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("HOME", str(tmp_path_factory.getbasetemp()))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    # Every test its own cache home: caches never leak between tests or into the user's.
    monkeypatch.setenv("CMDBGIT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)


def cache_folder(project: Path) -> Path:
    """Where the caches of the repository holding ``project`` live (created if absent)."""
    from cmdbgit.source import open_repo
    from cmdbgit.source.batch import cache_anchor
    from cmdbgit.store.location import cache_dir

    folder = cache_dir(cache_anchor(open_repo(project)))
    assert folder is not None
    return folder


def forget_judgements(project: Path) -> None:
    """Forget the remembered judgements of the repository holding ``project`` — the memo,
    which answers an unchanged tree, and the last judgement, from which edits are judged —
    so its next judgement is made whole (with every other cache kept)."""
    from cmdbgit.store.last import LAST_FILE
    from cmdbgit.store.memo import MEMO_FILE

    folder = cache_folder(project)
    (folder / MEMO_FILE).unlink(missing_ok=True)
    (folder / LAST_FILE).unlink(missing_ok=True)


@dataclass
class GitRepo:
    """A real repository in tmp_path; commits get increasing pinned dates."""

    path: Path
    clock: int = 0

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=self.path, check=True, capture_output=True, text=True
        ).stdout.strip()

    def write(self, rel: str, text: str) -> Path:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def write_bytes(self, rel: str, data: bytes) -> Path:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target

    def commit(self, message: str = "change") -> str:
        self.clock += 1
        stamp = f"2026-01-{self.clock:02d}T12:00:00+00:00"
        env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        subprocess.run(["git", "add", "-A"], cwd=self.path, check=True, env=env)
        subprocess.run(
            ["git", "commit", "-q", "--allow-empty", "-m", message],
            cwd=self.path,
            check=True,
            env=env,
        )
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepo:
    """An empty repository on branch main."""
    path = tmp_path / "repo"
    path.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    return GitRepo(path)


@pytest.fixture
def scaffold_repo(git_repo: GitRepo) -> GitRepo:
    """A repository holding the project's schemas and relation registry, nothing else."""
    for schema in sorted((ROOT / "schemas").iterdir()):
        git_repo.write_bytes(f"schemas/{schema.name}", schema.read_bytes())
    return git_repo


def run_cli(*args: str, repo: Path | None = None) -> Result:
    argv = [*(["--repo", str(repo)] if repo else []), "--as-of", AS_OF, *args]
    return CliRunner().invoke(cli, argv, catch_exceptions=False)


def run_json(*args: str, repo: Path | None = None) -> tuple[int, Any]:
    result = run_cli(*args, "--format", "json", repo=repo)
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture
def cli_runner() -> Iterator[CliRunner]:
    yield CliRunner()
