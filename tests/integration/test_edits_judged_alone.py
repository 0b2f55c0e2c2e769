"""``validate`` after an edit judges the edited files alone and keeps the rest of the last
judgement (``cmdbgit.incremental``) — and says exactly what a whole judgement says.

On the example organisation with its starter policies: random edits (a comment, a value
changed to another document's, to an id, to a wrong type, deleted, a relation added, the
file written back in another layout) are each judged after the last judgement and whole,
and must agree byte for byte; so must the edit undone. With a located-documents limit of 3
the same holds where placing leaves most documents at their first line.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from cmdbgit import incremental
from cmdbgit.store import parse_cache
from cmdbgit.store.last import LAST_FILE
from cmdbgit.store.memo import MEMO_FILE
from tests.conftest import ROOT, GitRepo, cache_folder, forget_judgements, run_cli
from tests.integration.review_org import example_repo

SERVER = "inventory/servers/backup-01.yaml"


def _validate(repo: Path, *, whole: bool = False) -> tuple[int, str]:
    """A ``validate`` as a fresh process would run it after the last one: the memo
    forgotten (it would answer an unchanged tree), the last judgement too with ``whole``."""
    parse_cache.forget_open_caches()
    if whole:
        forget_judgements(repo)
    else:
        (cache_folder(repo) / MEMO_FILE).unlink(missing_ok=True)
    result = run_cli("validate", "--format", "json", repo=repo)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.stdout


def _judged_alone(repo: Path) -> tuple[tuple[int, str], bool]:
    before = incremental.STATS.judged
    found = _validate(repo)
    return found, incremental.STATS.judged > before


def _edit(rng: random.Random, repo: Path, files: list[str], ids: list[str]) -> str:
    """One random edit of one inventory file; what it did, for the assertion message."""
    rel = rng.choice(files)
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    if rng.random() < 0.15:
        path.write_text(text + "# reviewed\n", encoding="utf-8")
        return f"{rel}: a comment"
    docs = [d for d in yaml.safe_load_all(text) if d is not None]
    doc = rng.choice(docs)
    # Mostly a spec field: most edits are there (and an id or a relation is read by some
    # inventory-wide check anyway).
    spec = doc.get("spec")
    inside = isinstance(spec, dict) and spec and rng.random() < 0.7
    leaves = _leaves(spec if inside else doc)
    how = rng.choice(["same-kind", "id", "string", "number", "list", "delete", "relation"])
    if how == "relation" or not leaves:
        relations = doc.setdefault("relations", [])
        if isinstance(relations, list):
            rtype = rng.choice(["depends_on", "runs_on", "uses_license", "part_of", "bogus"])
            relations.append({"type": rtype, "target": rng.choice([*ids, "nothing-here"])})
        what = "a relation added"
    else:
        parent, key = rng.choice(leaves)
        if how == "delete" and isinstance(parent, dict):
            del parent[key]
        else:
            parent[key] = {
                "same-kind": _other_value(rng, repo, files, doc, parent[key]),
                "id": rng.choice(ids),
                "string": "changed",
                "number": rng.choice([0, 3, 1000]),
                "list": ["x"],
                "delete": None,
            }[how]
        what = f"{key!r} set ({how})"
    path.write_text(yaml.safe_dump_all(docs, sort_keys=False), encoding="utf-8")
    return f"{rel}: {what}"


def _leaves(node: Any) -> list[tuple[Any, Any]]:
    """(container, key) of every scalar under ``node``."""
    found: list[tuple[Any, Any]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, dict | list):
            found += _leaves(value)
        else:
            found.append((node, key))
    return found


def _other_value(rng: random.Random, repo: Path, files: list[str], doc: Any, now: Any) -> Any:
    """A value another document holds somewhere (often of the same shape)."""
    for _ in range(5):
        other = yaml.safe_load_all((repo / rng.choice(files)).read_text(encoding="utf-8"))
        values = [p[k] for d in other if isinstance(d, dict) for p, k in _leaves(d)]
        values = [v for v in values if type(v) is type(now) and v != now]
        if values:
            return rng.choice(values)
    return now


@pytest.mark.parametrize("located", [None, 3], ids=["placed", "mostly-unlocated"])
def test_edits_judged_alone_agree_with_whole_judgements(
    git_repo: GitRepo, located: int | None
) -> None:
    repo = example_repo(git_repo).path
    if located is not None:
        git_repo.write("cmdbgit.yaml", f"limits: {{max_located_documents: {located}}}\n")
    files = sorted(str(p.relative_to(repo)) for p in (repo / "inventory").rglob("*.yaml"))
    ids = [
        d["metadata"]["id"]
        for rel in files
        for d in yaml.safe_load_all((repo / rel).read_text(encoding="utf-8"))
        if isinstance(d, dict) and isinstance(d.get("metadata"), dict)
    ]
    start = _validate(repo, whole=True)
    rng = random.Random(20261205 + (located or 0))
    alone = 0
    for _ in range(40):
        originals = {rel: (repo / rel).read_bytes() for rel in files}
        edit = _edit(rng, repo, files, ids)
        found, took = _judged_alone(repo)
        alone += took
        assert found == _validate(repo, whole=True), edit
        for rel, data in originals.items():
            (repo / rel).write_bytes(data)
        assert _judged_alone(repo)[0] == start, f"undone: {edit}"
    # Not vacuous: a good share of the edits were judged alone (the others whole).
    assert alone >= 10, incremental.STATS.whole


#: Edits that change what an inventory-wide layer or policy finds, one per thing they read.
READ_EDITS = {
    "person status": ("inventory/org/people-it.yaml", "status: active", "status: left"),
    "rack position": (
        "inventory/hardware/servers.yaml",
        "unit: 12, height: 2",
        "unit: 11, height: 2",
    ),
    "member count": ("inventory/power/fra1.yaml", "min_healthy: 1", "min_healthy: 9"),
    "licence quantity": ("inventory/licenses/infrastructure.yaml", "quantity: 96", "quantity: 1"),
    "team parent": (
        "inventory/org/teams.yaml",
        '  github: "@northwind-logistics/it"',
        '  parent: team-platform\n  github: "@northwind-logistics/it"',
    ),
    "product end of life": (
        "inventory/products/runtimes.yaml",
        "eol: 2029-12-31",
        "eol: 2026-01-01",
    ),
    "relation": (
        SERVER,
        "relations:\n",
        "relations:\n  - {type: depends_on, target: app-payments-api-staging}\n",
    ),
    "label": (SERVER, "env: prod", "env: dev"),
    "software run": (
        SERVER,
        'os: {product: prod-windows-server, version: "2022"}',
        'os: {product: prod-postgresql, version: "13"}',
    ),
}


@pytest.mark.parametrize("edit", READ_EDITS.values(), ids=READ_EDITS.keys())
def test_an_edit_an_inventory_wide_check_reads_agrees(
    git_repo: GitRepo, edit: tuple[str, str, str]
) -> None:
    """Each of these edits changes an inventory-wide finding: a reads declaration that
    missed it would keep the stale one."""
    repo = example_repo(git_repo).path
    start = _validate(repo, whole=True)
    rel, old, new = edit
    text = (repo / rel).read_text(encoding="utf-8")
    assert old in text
    (repo / rel).write_text(text.replace(old, new), encoding="utf-8")
    found = _judged_alone(repo)[0]
    whole = _validate(repo, whole=True)
    assert whole != start  # the edit matters
    assert found == whole


def test_a_persons_status_read_by_the_owner_rule(git_repo: GitRepo) -> None:
    """A Person file no finding refers to yet: its status decides its team's owner-active
    finding on a server in another file."""
    shutil.copytree(ROOT / "schemas", git_repo.path / "schemas")
    git_repo.write(
        "policies/owners.yaml",
        "apiVersion: cmdbgit/v1\nkind: Policy\nmetadata: {id: owners-active, owner: team-a}\n"
        "spec: {description: owners, rule: owner-active}\n",
    )
    git_repo.write(
        "inventory/team.yaml",
        "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a, name: A}\n"
        "spec: {members: [person-a]}\n",
    )
    person = (
        "apiVersion: cmdbgit/v1\nkind: Person\nmetadata: {{id: person-a, name: A, owner: team-a}}\n"
        "spec: {{email: a@example.org, status: {status}}}\n"
    )
    git_repo.write("inventory/person.yaml", person.format(status="active"))
    git_repo.write(
        "inventory/server.yaml",
        "apiVersion: cmdbgit/v1\nkind: Server\nmetadata: {id: srv-a, name: A, owner: team-a}\n"
        "spec: {hostname: a}\n",
    )
    git_repo.commit("start")
    start = _validate(git_repo.path, whole=True)
    git_repo.write("inventory/person.yaml", person.format(status="left"))
    found = _judged_alone(git_repo.path)[0]
    whole = _validate(git_repo.path, whole=True)
    assert whole != start
    assert found == whole


def test_an_edit_no_inventory_wide_check_reads_parses_one_file(git_repo: GitRepo) -> None:
    repo = example_repo(git_repo)
    _validate(repo.path, whole=True)
    text = (repo.path / SERVER).read_text(encoding="utf-8")
    edited = text.replace("ip: 10.20.0.21", "ip: 10.20.0.99")
    repo.write(SERVER, edited.replace("memory_gb: 128", "memory_gb: lots"))
    parsed = parse_cache.STATS.parsed
    found, took = _judged_alone(repo.path)
    assert took
    assert parse_cache.STATS.parsed - parsed == 1
    assert found == _validate(repo.path, whole=True)
    assert SERVER in found[1]  # memory_gb "lots": a schema error


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        ("env: prod", "env: dev", "an inventory-wide check reads the edit"),
        ("cpu_cores: 16", "cpu_cores: 32", "an inventory-wide check reads the edit"),
        ("asset: hw-srv-backup-01", "asset: team-platform", "a document outside the"),
    ],
)
def test_an_edit_an_inventory_wide_check_reads_is_judged_whole(
    git_repo: GitRepo, old: str, new: str, why: str
) -> None:
    repo = example_repo(git_repo)
    _validate(repo.path, whole=True)
    text = (repo.path / SERVER).read_text(encoding="utf-8")
    repo.write(SERVER, text.replace(old, new))
    before = sum(n for reason, n in incremental.STATS.whole.items() if reason.startswith(why))
    found, took = _judged_alone(repo.path)
    assert not took
    after = sum(n for reason, n in incremental.STATS.whole.items() if reason.startswith(why))
    assert after == before + 1
    assert found == _validate(repo.path, whole=True)


def test_a_damaged_last_judgement_is_judged_whole(git_repo: GitRepo) -> None:
    repo = example_repo(git_repo)
    expected = _validate(repo.path, whole=True)
    (cache_folder(repo.path) / LAST_FILE).write_bytes(b"CMDBGIT-LAST-JUDGEMENT\n\x00garbage")
    found, took = _judged_alone(repo.path)
    assert (found, took) == (expected, False)
    assert json.loads(found[1])["summary"]["documents"] == 232


def test_no_cache_keeps_no_last_judgement(git_repo: GitRepo) -> None:
    repo = example_repo(git_repo)
    assert run_cli("validate", "--no-cache", repo=repo.path).exit_code == 0
    assert not (cache_folder(repo.path) / LAST_FILE).exists()
