"""The benchmark's generator: valid, deterministic, realistic inventories and a second commit
that changes exactly what it says."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from cmdbgit.revision import open_revision
from tests.benchmarks.generate import MIN_DOCS, counts, generate
from tests.benchmarks.kinds import BUILDERS
from tests.conftest import run_json

STANDARD_KINDS = 22
CI_KINDS = {"Service", "Application", "Database", "Server", "NetworkDevice", "CloudResource",
            "Endpoint"}  # fmt: skip


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("generated") / "repo"
    return out, generate(out, 400, seed=3, k=20)


def test_counts_add_up_and_cover_every_kind() -> None:
    for total in (MIN_DOCS, 400, 10_000, 100_000):
        plan = counts(total)
        assert sum(plan.values()) == total
        assert set(plan) == set(BUILDERS) and len(plan) == STANDARD_KINDS
        assert min(plan.values()) >= 1


def test_valid_realistic_inventory(generated: tuple[Path, dict[str, object]]) -> None:
    repo, summary = generated
    for ref in ("main", "change"):
        code, report = run_json("validate", "--ref", ref, repo=repo)
        assert (code, report["summary"]["errors"]) == (0, 0), report["problems"][:3]
    loaded = open_revision(repo, "main").loaded
    kinds = Counter(doc.kind for doc in loaded.documents)
    assert len(kinds) == STANDARD_KINDS and sum(kinds.values()) == summary["documents"] == 400
    cis = [d for d in loaded.documents if d.kind in CI_KINDS]
    per_ci = sum(len(d.relations) for d in cis) / len(cis)
    assert 2.3 <= per_ci <= 3.5, per_ci
    size = sum(len(loaded.source.read(f) or b"") for f in loaded.blobs) / len(loaded.documents)
    assert 650 <= size <= 950, size
    assert any(len(doc.file.split("/")) > 3 for doc in loaded.documents)  # sharded folders
    assert len(loaded.blobs) < len(loaded.documents)  # some files hold several documents


def test_second_commit_changes_what_it_says(generated: tuple[Path, dict[str, object]]) -> None:
    repo, summary = generated
    code, diff = run_json("diff", "main", "change", repo=repo)
    assert code == 0
    assert diff["summary"] == summary["change"] == {"added": 3, "changed": 12, "moved": 3,
                                                    "removed": 2}  # fmt: skip


def test_same_seed_same_repository(
    generated: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    _repo, summary = generated
    again = generate(tmp_path / "again", 400, seed=3, k=20)
    other = generate(tmp_path / "other", 400, seed=4, k=20)
    assert (again["base"], again["head"]) == (summary["base"], summary["head"])
    assert other["base"] != summary["base"]
    assert json.dumps(again) == json.dumps(summary)
