"""Purpose-built inventories for the report tests: documents as dicts, written as YAML
(JSON is YAML 1.2) into a real Git repository, and the real CLI to read them back."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import GIT_ENV, ROOT, GitRepo, run_cli

Doc = dict[str, Any]


def doc(
    kind: str,
    ident: str,
    spec: dict[str, Any] | None = None,
    *,
    owner: str | None = "team-a",
    relations: tuple[tuple[str, str], ...] = (),
    **metadata: Any,
) -> Doc:
    meta: dict[str, Any] = {"id": ident, **metadata}
    if owner is not None and kind not in ("Team", "Person", "Vendor", "Location"):
        meta["owner"] = owner
    out: Doc = {"apiVersion": "cmdbgit/v1", "kind": kind, "metadata": meta}
    if spec is not None:
        out["spec"] = spec
    if relations:
        out["relations"] = [{"type": t, "target": target} for t, target in relations]
    return out


def team(ident: str = "team-a", members: list[str] | None = None) -> Doc:
    return doc("Team", ident, {"github": "@org/a", "members": members or []}, name=ident)


def person(ident: str, status: str = "active", **kw: Any) -> Doc:
    return doc(
        "Person",
        ident,
        {"email": f"{ident}@example.com", "status": status, "github": ident},
        name=ident.title(),
        **kw,
    )


def vendor(ident: str) -> Doc:
    return doc("Vendor", ident, {"website": "https://example.com"}, name=ident.title())


def money(amount: str, currency: str = "EUR") -> dict[str, str]:
    return {"amount": amount, "currency": currency}


def write_docs(repo: GitRepo, docs: list[Doc], path: str = "inventory/all.yaml") -> None:
    repo.write(path, "---\n".join(json.dumps(d) + "\n" for d in docs))


def commit_at(repo: GitRepo, stamp: str, message: str = "change") -> None:
    """A commit with a chosen date (ISO 8601, e.g. 2026-11-01T12:00:00+00:00)."""
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", "add", "-A"], cwd=repo.path, check=True, env=env)
    subprocess.run(
        ["git", "commit", "-q", "--allow-empty", "-m", message], cwd=repo.path, check=True, env=env
    )


def report(repo: Path, name: str, *args: str, fmt: str = "text") -> Result:
    return run_cli("report", name, "--format", fmt, *args, repo=repo)


def report_json(repo: Path, name: str, *args: str) -> dict[str, Any]:
    result = report(repo, name, *args, fmt="json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def report_csv(repo: Path, name: str, *args: str) -> list[dict[str, str]]:
    result = report(repo, name, *args, fmt="csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout, newline="")))


def valid(repo: Path) -> None:
    """Purpose-built inventories are meant to be valid: a typo would silently skip a doc."""
    result = run_cli("validate", repo=repo)
    assert result.exit_code == 0, result.output


EXAMPLE_STAMP = "2026-11-20T12:00:00+00:00"


def build_example(base: Path) -> tuple[Path, dict[str, Any]]:
    """The project's example organisation copied into a fresh repository, committed on a
    pinned date (so freshness does not depend on the checkout), and ``report all`` as JSON.

    For module-scoped fixtures: the function-scoped Git isolation of ``tests/conftest.py``
    is not active yet, so the same environment is set here."""
    repo = base / "repo"
    repo.mkdir()
    for name in ("inventory", "schemas", "policies"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, repo / name)
    if (ROOT / "cmdbgit.yaml").is_file():
        shutil.copy(ROOT / "cmdbgit.yaml", repo / "cmdbgit.yaml")
    env = {
        **GIT_ENV,
        "HOME": str(base),
        "GIT_AUTHOR_DATE": EXAMPLE_STAMP,
        "GIT_COMMITTER_DATE": EXAMPLE_STAMP,
    }
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
            subprocess.run(["git", *args], cwd=repo, check=True, env={**os.environ})
        result = run_cli("report", "all", "--format", "json", repo=repo)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return repo, data
