"""``impact --since`` reads only the files that differ in full and the rest of the head in
outline from the parse cache: its result and every output format must equal an impact of the
whole inventories, read in full, on real repositories with every kind of change and with
documents of odd shapes (the outline must read them as ``Document`` does, or give up)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmdbgit.diff.compared import load_compared
from cmdbgit.diff.run import resolve_range
from cmdbgit.diff.semantic import diff_inventories
from cmdbgit.graph.impact import ImpactResult
from cmdbgit.graph.impact_formats import IMPACT_FORMATS
from cmdbgit.graph.run import ImpactOptions, change_impact, run_impact
from cmdbgit.output import RenderOptions
from cmdbgit.source import GitRefSource, gitref, open_repo, source_for
from cmdbgit.source.gitref import list_soon
from cmdbgit.store.parse_cache import forget_open_caches
from cmdbgit.workspace import load_documents, load_ruleset
from tests.conftest import ROOT, GitRepo, run_cli
from tests.integration.test_diff_partial import build, doc
from tests.processes import children_of


def full(repo: Path, since: str, head: str | None, reverse: bool = False) -> ImpactResult:
    """The impact of the change with both inventories read in full (as before outlines)."""
    handle = open_repo(repo)
    rng = resolve_range(handle, since, head)
    base_source, head_source = source_for(handle, rng.base), source_for(handle, rng.head)
    base_rules, head_rules = load_ruleset(base_source), load_ruleset(head_source)
    base = load_documents(base_source, base_rules.config).inventory
    new = load_documents(head_source, head_rules.config).inventory
    diff = diff_inventories(base, new, rng.base, rng.head_label)
    return change_impact(diff, base, new, head_rules.relations, head_rules.kinds, reverse=reverse)


def fast(repo: Path, since: str, head: str | None, reverse: bool = False) -> ImpactResult:
    forget_open_caches()  # as a new process: the cache is read from disk
    return run_impact(ImpactOptions(repo, since=since, head=head, reverse=reverse))


def rendered(result: ImpactResult) -> dict[str, str]:
    out = {}
    for name, render in IMPACT_FORMATS.items():
        stream = io.StringIO()
        render(result, stream, RenderOptions(color=False))
        out[name] = stream.getvalue()
    return out


def assert_same(repo: Path, since: str = "main", head: str | None = None) -> None:
    for reverse in (False, True):
        expected = full(repo, since, head, reverse)  # fills the cache the fast path outlines
        got = fast(repo, since, head, reverse)
        assert got == expected
        assert rendered(got) == rendered(expected)


def outlined_files(repo: Path) -> int:
    forget_open_caches()
    handle = open_repo(repo)
    _base, head = load_compared(handle, handle.resolve("main").hexsha, None, with_documents=True)
    return len(head.outlines)


def test_every_kind_of_change_equals_a_full_read(scaffold_repo: GitRepo) -> None:
    repo = scaffold_repo
    build(repo)
    # Unchanged documents the change reaches, with a name that is no text and no kind.
    repo.write(
        "inventory/odd.yaml",
        doc("app-odd", name=5, relations=[{"type": "depends_on", "target": "app-0"}])
        + "---\n"
        + json.dumps(
            {
                "kind": 5,
                "metadata": {"id": "odd-2"},
                "relations": [{"type": "depends_on", "target": "app-odd"}],
            }
        )
        + "\n",
    )
    repo.commit("odd")
    repo.git("checkout", "-q", "-b", "pr")
    repo.write("inventory/apps/app-0.yaml", doc("app-0", spec={"version": 99}))  # edited
    (repo.path / "inventory/apps/app-1.yaml").unlink()  # removed, still used by nobody
    repo.write(
        "inventory/apps/app-9.yaml",
        doc("app-9", relations=[{"type": "depends_on", "target": "app-2"}]),
    )
    (repo.path / "inventory/apps/app-3.yaml").unlink()  # moved into another file
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
    # A duplicate of an unchanged document, sorting before it; a file turned broken.
    repo.write("inventory/apps/aaa.yaml", doc("svc-int", "Service", spec={"criticality": "tier-2"}))
    repo.write("inventory/hw.yaml", "kind: [broken\n")
    # The Server srv-2 loses its relation to the cluster: what used to depend on it counts.
    repo.write("inventory/servers.yaml", doc("srv-1", "Server", spec={"asset": "hw-1"}))
    repo.commit("pr")
    repo.write("inventory/cluster.yaml", doc("cl-1", "Cluster", spec={"min_healthy": 2}))
    repo.write(
        "inventory/apps/new.yaml",
        doc("app-new", relations=[{"type": "runs_on", "target": "srv-1"}]),
    )
    for since, head in [("main", None), ("main", "pr"), ("main...pr", None), ("pr", "main")]:
        assert_same(repo.path, since, head)
    assert outlined_files(repo.path) > 0  # the fast path really outlined the unchanged files
    impacted = {i["id"]: i for i in fast(repo.path, "main", None).to_json()["impacted"]}
    assert impacted["app-odd"]["name"] == "app-odd"
    assert (impacted["odd-2"]["kind"], impacted["odd-2"]["name"]) == ("", "odd-2")


def test_cli_output_is_the_same_warm_and_cold(scaffold_repo: GitRepo) -> None:
    """Cold, the cache holds nothing to outline and both sides are read in full; warm, the
    unchanged files are outlined: every format prints the same bytes."""
    build(scaffold_repo)
    scaffold_repo.git("checkout", "-q", "-b", "pr")
    scaffold_repo.write("inventory/cluster.yaml", doc("cl-1", "Cluster", spec={"min_healthy": 2}))
    scaffold_repo.write(
        "inventory/apps/app-2.yaml",
        doc("app-2", relations=[{"type": "runs_on", "target": "srv-1"}], spec={"version": 8}),
    )
    cache = Path(os.environ["CMDBGIT_CACHE_DIR"])
    outputs = {}
    for fmt in sorted(IMPACT_FORMATS):
        for extra in ([], ["--reverse"]):
            args = ["impact", "--since", "main", "--format", fmt, *extra]
            for old in cache.rglob("*.msgpack"):
                old.unlink()
            forget_open_caches()
            cold = run_cli(*args, repo=scaffold_repo.path)
            forget_open_caches()
            warm = run_cli(*args, repo=scaffold_repo.path)
            assert cold.exit_code == warm.exit_code == 0
            assert warm.output == cold.output
            outputs[fmt, bool(extra)] = warm.output
    assert "svc-int" in outputs["json", False]  # app-2 is part of it


# -- random changes, odd shapes ------------------------------------------------------------------
IDS = [f"d-{n}" for n in range(7)]
FILES = [f"inventory/f{n}.yaml" for n in range(5)]
KINDS = ["Application", "Service", "Server", "Cluster", "HardwareAsset"]
#: How a document departs from the plain shape: each must read as ``Document`` reads it.
ODDITIES = [
    None,
    "name-int",  # metadata.name: 5 -> the id is the name
    "kind-int",  # kind: 5 -> no kind
    "criticality-int",
    "relations-map",  # relations: {...} -> no edges
    "relation-text",  # an entry that is not a mapping
    "target-int",
    "spec-text",
    "not-a-mapping",  # the document is a list
    "metadata-text",
    "long-id",
]

document = st.fixed_dictionaries(
    {
        "id": st.sampled_from(IDS),
        "kind": st.sampled_from(KINDS),
        "value": st.integers(0, 2),
        "targets": st.lists(st.sampled_from(IDS), max_size=3),
        "odd": st.sampled_from(ODDITIES),
    }
)
layout = st.dictionaries(
    st.sampled_from(FILES), st.lists(document, min_size=1, max_size=3), max_size=5
)
broken = st.sampled_from([None, *FILES])


def render(docs: list[dict[str, Any]]) -> str:
    out = []
    for d in docs:
        spec: Any = {"v": d["value"]}
        if d["kind"] == "Service":
            spec["criticality"] = f"tier-{d['value'] + 1}"
        if d["kind"] == "Server" and d["targets"]:
            spec["asset"] = d["targets"][0]
        if d["kind"] == "Cluster":
            spec["min_healthy"] = d["value"] + 1
        types = ["depends_on", "member_of", "runs_on", "part_of"]
        rels: Any = [{"type": types[i % 4], "target": t} for i, t in enumerate(d["targets"])]
        body: dict[str, Any] = {
            "apiVersion": "cmdbgit/v1",
            "kind": d["kind"],
            "metadata": {"id": d["id"], "name": d["id"].upper(), "owner": "team-a"},
            "spec": spec,
            "relations": rels,
        }
        odd = d["odd"]
        if odd == "name-int":
            body["metadata"]["name"] = 5
        elif odd == "kind-int":
            body["kind"] = 5
        elif odd == "criticality-int":
            body["spec"]["criticality"] = 1
        elif odd == "relations-map":
            body["relations"] = {"type": "depends_on", "target": IDS[0]}
        elif odd == "relation-text":
            body["relations"] = ["depends_on", *rels]
        elif odd == "target-int":
            body["relations"] = [{"type": "depends_on", "target": 3}, *rels]
        elif odd == "spec-text":
            body["spec"] = "text"
        elif odd == "metadata-text":
            body["metadata"] = "text"
        elif odd == "long-id":
            body["metadata"]["id"] = "x" * 300
        out.append(json.dumps([body] if odd == "not-a-mapping" else body) + "\n")
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
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
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
    # Files in ``keep`` are the same on both sides: the ones the fast path outlines.
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


@pytest.mark.parametrize("shape", ["relations: [depends_on]", "relations: {a: b}"])
def test_an_odd_unchanged_file_is_read_in_full(scaffold_repo: GitRepo, shape: str) -> None:
    """An entry the outline cannot take (a relation that is not a mapping) is read in full:
    its documents still count."""
    build(scaffold_repo)
    scaffold_repo.write(
        "inventory/odd.yaml",
        "apiVersion: cmdbgit/v1\nkind: Application\nmetadata: {id: app-odd, name: Odd}\n"
        + shape
        + "\n",
    )
    scaffold_repo.commit("odd")
    scaffold_repo.git("checkout", "-q", "-b", "pr")
    scaffold_repo.write("inventory/apps/app-0.yaml", doc("app-0", spec={"version": 7}))
    assert_same(scaffold_repo.path)


def test_a_listing_started_early_is_the_usual_listing(git_repo: GitRepo) -> None:
    """``list_soon`` runs ``git ls-tree`` itself: the commit lists the same (odd names,
    links, a project in a subfolder), and a listing never collected leaves no process."""
    git_repo.write("proj/inventory/a b.yaml", "x: 1\n")
    git_repo.write("proj/inventory/café.yaml", "y: 2\n")
    (git_repo.path / "proj/inventory/link.yaml").symlink_to("a b.yaml")
    git_repo.write("other/z.yaml", "z: 3\n")
    sha = git_repo.commit("files")
    handle = open_repo(git_repo.path / "proj")

    def listing() -> tuple[Any, ...]:
        source = GitRefSource(handle, sha)
        return source.files("inventory"), source.tracked("."), source.screened("inventory")

    gitref._LISTINGS.clear()
    usual = listing()
    gitref._LISTINGS.clear()
    list_soon(handle, sha)
    assert listing() == usual
    assert [f.path for f in usual[0]] == ["inventory/a b.yaml", "inventory/café.yaml"]
    # A listing never collected: its thread reaps git all the same.
    gitref._LISTINGS.clear()
    before = set(children_of(os.getpid()))
    list_soon(handle, sha)
    gitref._STARTED.clear()
    deadline = time.monotonic() + 10
    while set(children_of(os.getpid())) - before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not set(children_of(os.getpid())) - before


def test_every_unchanged_file_of_the_example_organisation_is_outlined(git_repo: GitRepo) -> None:
    """Servers with an ``x-impact`` asset, redundancy groups with a quorum, Services with a
    criticality: the outline reads what the graph needs of each (their ``spec``), so not one
    unchanged file is read in full, and the impact is a full read's."""
    for folder in ("inventory", "schemas", "policies"):
        shutil.copytree(ROOT / folder, git_repo.path / folder)
    git_repo.commit("the example organisation")
    git_repo.git("checkout", "-q", "-b", "pr")
    edited = next((git_repo.path / "inventory" / "servers").rglob("*.yaml"))
    edited.write_text(edited.read_text().replace("spec:", "spec:\n  note: edited", 1))
    assert_same(git_repo.path)
    forget_open_caches()
    handle = open_repo(git_repo.path)
    _base, head = load_compared(handle, handle.resolve("main").hexsha, None, with_documents=True)
    unchanged = {f.path for f in head.files} - {edited.relative_to(git_repo.path).as_posix()}
    assert set(head.outlines) == unchanged
    kinds = {d.kind for found in head.outlines.values() for _i, _l, d in found.documents or ()}
    assert {"Server", "Service"} <= kinds
    assert any(len(d.spec) for f in head.outlines.values() for _i, _l, d in f.documents or ())
