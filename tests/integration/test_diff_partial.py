"""``diff`` reads only the files that differ (the rest in outline from the parse cache): its
output must equal a diff of the whole inventories, read in full, on real repositories with
every kind of change."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmdbgit.diff.compared import load_compared
from cmdbgit.diff.run import DiffOptions, diff, resolve_range, unparsed_notes
from cmdbgit.diff.semantic import diff_inventories
from cmdbgit.source import open_repo, source_for
from cmdbgit.store.parse_cache import forget_open_caches
from cmdbgit.workspace import load_config, load_documents
from tests.conftest import ROOT, GitRepo


def doc(ident: str, kind: str = "Application", **extra: Any) -> str:
    """One document as YAML (flow style: JSON is YAML)."""
    body: dict[str, Any] = {"apiVersion": "cmdbgit/v1", "kind": kind}
    body["metadata"] = {"id": ident, "name": extra.pop("name", ident.upper()), "owner": "team-a"}
    body.update(extra)
    return json.dumps(body) + "\n"


def full(repo: Path, base: str | None, head: str | None) -> dict[str, Any]:
    """The diff of the whole inventories, every file read in full."""
    handle = open_repo(repo)
    rng = resolve_range(handle, base, head)
    old, new = (
        load_documents(source, load_config(source)[0])
        for source in (source_for(handle, rng.base), source_for(handle, rng.head))
    )
    result = diff_inventories(old.inventory, new.inventory, rng.base, rng.head_label)
    result.notes = unparsed_notes("base", old) + unparsed_notes("head", new)
    return result.to_json()


def fast(repo: Path, base: str | None, head: str | None) -> dict[str, Any]:
    forget_open_caches()  # as a new process: the cache is read from disk
    return diff(DiffOptions(repo, base, head)).to_json()


def assert_same(repo: Path, base: str | None = "main", head: str | None = None) -> None:
    expected = full(repo, base, head)  # fills the parse cache the fast path outlines
    assert fast(repo, base, head) == expected


def build(repo: GitRepo) -> None:
    for schema in sorted((ROOT / "schemas").iterdir()):
        repo.write_bytes(f"schemas/{schema.name}", schema.read_bytes())
    repo.write("inventory/org.yaml", doc("team-a", "Team", spec={"members": []}))
    repo.write(
        "inventory/services.yaml",
        doc("svc-pay", "Service", spec={"criticality": "tier-1"})
        + "---\n"
        + doc("svc-int", "Service", spec={"criticality": "tier-3"}),
    )
    repo.write(
        "inventory/hw.yaml", doc("hw-1", "HardwareAsset") + "---\n" + doc("hw-2", "HardwareAsset")
    )
    repo.write(
        "inventory/servers.yaml",
        doc(
            "srv-1",
            "Server",
            spec={"asset": "hw-1"},
            relations=[{"type": "member_of", "target": "cl-1"}],
        )
        + "---\n"
        + doc(
            "srv-2",
            "Server",
            spec={"asset": "hw-2"},
            relations=[{"type": "member_of", "target": "cl-1"}],
        ),
    )
    repo.write("inventory/cluster.yaml", doc("cl-1", "Cluster", spec={"min_healthy": 1}))
    for n in range(6):
        repo.write(
            f"inventory/apps/app-{n}.yaml",
            doc(
                f"app-{n}",
                relations=[
                    {"type": "part_of", "target": "svc-pay" if n % 2 else "svc-int"},
                    {"type": "runs_on", "target": f"srv-{1 + n % 2}"},
                ],
                spec={"version": n},
            ),
        )
    repo.commit("main")


def test_every_kind_of_change_equals_a_full_read(scaffold_repo: GitRepo) -> None:
    repo = scaffold_repo
    build(repo)
    repo.git("checkout", "-q", "-b", "pr")
    repo.write("inventory/apps/app-0.yaml", doc("app-0", spec={"version": 99}))  # edited
    (repo.path / "inventory/apps/app-1.yaml").unlink()  # removed
    repo.write(
        "inventory/apps/app-9.yaml",
        doc("app-9", relations=[{"type": "depends_on", "target": "app-2"}]),
    )
    # app-3 moves into another file; app-4 is renamed (same content, new id)
    (repo.path / "inventory/apps/app-3.yaml").unlink()
    repo.write(
        "inventory/apps/moved.yaml",
        doc(
            "app-3",
            relations=[
                {"type": "part_of", "target": "svc-pay"},
                {"type": "runs_on", "target": "srv-2"},
            ],
            spec={"version": 3},
        ),
    )
    old = (repo.path / "inventory/apps/app-4.yaml").read_text()
    (repo.path / "inventory/apps/app-4.yaml").unlink()
    repo.write("inventory/apps/app-4b.yaml", old.replace('"app-4"', '"app-4b"'))
    # A new duplicate of a document in an unchanged file, sorting before it.
    repo.write("inventory/apps/aaa.yaml", doc("svc-int", "Service", spec={"criticality": "tier-2"}))
    repo.write("inventory/hw.yaml", "kind: [broken\n")  # a file changed into broken YAML
    repo.commit("pr")
    # Uncommitted on top: an edit of a committed file and an untracked one.
    repo.write("inventory/cluster.yaml", doc("cl-1", "Cluster", spec={"min_healthy": 2}))
    repo.write(
        "inventory/apps/new.yaml",
        doc("app-new", relations=[{"type": "runs_on", "target": "srv-1"}]),
    )
    for base, head in [
        ("main", None),
        ("main", "pr"),
        ("main..pr", None),
        ("main...pr", None),
        ("pr", "main"),
        ("main...", None),
    ]:
        assert_same(repo.path, base, head)
    # The fast path really skipped the unchanged files.
    forget_open_caches()
    handle = open_repo(repo.path)
    base_side, head_side = load_compared(handle, handle.resolve("main").hexsha, None)
    assert base_side.loaded.files < len(base_side.files)
    assert head_side.loaded.files < len(head_side.files)


def test_unchanged_broken_file_is_still_noted(scaffold_repo: GitRepo) -> None:
    build(scaffold_repo)
    scaffold_repo.write("inventory/broken.yaml", "a: [\n")
    scaffold_repo.commit("broken on main")
    scaffold_repo.git("checkout", "-q", "-b", "pr")
    scaffold_repo.write("inventory/apps/app-0.yaml", doc("app-0", spec={"version": 7}))
    expected = full(scaffold_repo.path, "main", None)
    assert any("broken.yaml does not parse" in note for note in expected["notes"])
    assert fast(scaffold_repo.path, "main", None) == expected


# -- random small changes ------------------------------------------------------------------------
IDS = [f"d-{n}" for n in range(8)]
FILES = [f"inventory/f{n}.yaml" for n in range(5)]
KINDS = ["Application", "Service", "Server", "Cluster", "HardwareAsset"]

document = st.fixed_dictionaries(
    {
        "id": st.sampled_from(IDS),
        "kind": st.sampled_from(KINDS),
        "value": st.integers(0, 2),
        "targets": st.lists(st.sampled_from(IDS), max_size=2),
    }
)
layout = st.dictionaries(
    st.sampled_from(FILES), st.lists(document, min_size=1, max_size=3), max_size=5
)
broken = st.sampled_from([None, *FILES])


def render(docs: list[dict[str, Any]]) -> str:
    out = []
    for d in docs:
        spec: dict[str, Any] = {"v": d["value"]}
        if d["kind"] == "Service":
            spec["criticality"] = f"tier-{d['value'] + 1}"
        if d["kind"] == "Server" and d["targets"]:
            spec["asset"] = d["targets"][0]
        if d["kind"] == "Cluster":
            spec["min_healthy"] = d["value"] + 1
        types = ["depends_on", "member_of", "runs_on"]
        rels = [{"type": types[i % 3], "target": t} for i, t in enumerate(d["targets"])]
        out.append(doc(d["id"], d["kind"], spec=spec, relations=rels))
    return "---\n".join(out)


def write_layout(root: Path, files: dict[str, list[dict[str, Any]]], bad: str | None) -> None:
    for old in (root / "inventory").glob("*.yaml"):
        old.unlink()
    (root / "inventory").mkdir(exist_ok=True)
    for path, docs in files.items():
        (root / path).write_text(render(docs), encoding="utf-8")
    if bad is not None:
        (root / bad).write_text("a: [\n", encoding="utf-8")


def git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    }
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=layout,
    after=layout,
    base_bad=broken,
    head_bad=broken,
    keep=st.sets(st.sampled_from(FILES)),
)
def test_random_changes_equal_a_full_read(
    before: dict[str, list[dict[str, Any]]],
    after: dict[str, list[dict[str, Any]]],
    base_bad: str | None,
    head_bad: str | None,
    keep: set[str],
) -> None:
    # Files in ``keep`` are the same on both sides: the ones the fast path does not read.
    after = {**after, **{p: before[p] for p in keep if p in before}}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        git(root, "init", "-q", "-b", "main")
        for schema in sorted((ROOT / "schemas").iterdir()):
            (root / "schemas").mkdir(exist_ok=True)
            (root / "schemas" / schema.name).write_bytes(schema.read_bytes())
        write_layout(root, before, base_bad)
        git(root, "add", "-A")
        git(root, "commit", "-q", "--allow-empty", "-m", "base")
        write_layout(root, after, head_bad)
        assert_same(root, "main", None)


def test_other_limits_on_one_side_read_both_in_full(scaffold_repo: GitRepo) -> None:
    """Under other limits the same blob may parse differently: nothing is taken as shared."""
    build(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "-b", "pr")
    scaffold_repo.write("cmdbgit.yaml", "limits: {max_file_bytes: 300}\n")
    scaffold_repo.write("inventory/apps/app-0.yaml", doc("app-0", spec={"version": 5}))
    expected = full(scaffold_repo.path, "main", None)
    assert "head: inventory/servers.yaml does not parse" in " ".join(expected["notes"])
    assert fast(scaffold_repo.path, "main", None) == expected
    handle = open_repo(scaffold_repo.path)
    sides = load_compared(handle, handle.resolve("main").hexsha, None)
    assert all(side.complete for side in sides)
