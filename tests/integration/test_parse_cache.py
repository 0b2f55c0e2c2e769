"""The parse cache (in the repository's cache folder): a second run parses only what changed, a cache that is
corrupt, truncated or written under other settings is ignored and rebuilt — never trusted —,
and results (problems and their positions) are the same with the cache, without it, and when
files are parsed in parallel."""

from __future__ import annotations

import json
import mmap
import shutil
from pathlib import Path
from typing import Any

import msgspec
import pytest

from cmdbgit.model.config import Limits
from cmdbgit.parse.loader import LoadedFile
from cmdbgit.source import batch
from cmdbgit.source.base import blob_id
from cmdbgit.store import container as store
from cmdbgit.store import entry
from cmdbgit.store import parse_cache as cache
from cmdbgit.store.parse_cache import CACHE_FILE, MAGIC, STATS
from tests.conftest import GitRepo, cache_folder, forget_judgements, run_json

DATA = Path(__file__).resolve().parents[1] / "data"

TEAM = "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: team-a}\n"
SERVER = """\
apiVersion: cmdbgit/v1
kind: Server
metadata: {{id: srv-{n}, owner: team-a}}
spec: {{hostname: srv-{n}, cpu_cores: {cores}}}
"""
#: Files the located loader reads (anchors, a syntax error, duplicate keys, a tag): their
#: positions must come out of the cache exactly as from a fresh parse.
HAZARDS = {
    "inventory/anchors.yaml": (
        "apiVersion: cmdbgit/v1\nkind: Server\nmetadata: {id: srv-a, owner: team-a}\n"
        "spec: &s {hostname: a, cpu_cores: 0}\n"
        "---\napiVersion: cmdbgit/v1\nkind: Server\nmetadata: {id: srv-b, owner: team-a}\n"
        "spec: *s\n"
    ),
    "inventory/broken.yaml": "apiVersion: cmdbgit/v1\nkind: [Server\n",
    "inventory/dup.yaml": TEAM.replace("kind: Team\n", "kind: Team\nkind: Team\n"),
    "inventory/tag.yaml": "apiVersion: cmdbgit/v1\nkind: !x Team\nmetadata: {id: t}\n",
}


def _inventory(repo: GitRepo, servers: int = 6) -> None:
    repo.write("inventory/team.yaml", TEAM)
    for n in range(servers):
        repo.write(f"inventory/srv-{n}.yaml", SERVER.format(n=n, cores=n or "zero"))
    for path, text in HAZARDS.items():
        repo.write(path, text)


def _validate(repo: Path, *args: str) -> tuple[int, dict[str, Any], int]:
    """Exit code, JSON report and how many files this run parsed, as a fresh process would:
    the caches this test process already read are forgotten first, and no judgement is
    remembered (one would answer an unchanged tree without reading the parse cache)."""
    cache.forget_open_caches()
    forget_judgements(repo)  # judged whole, every other cache kept
    before = STATS.parsed
    code, report = run_json("validate", *args, repo=repo)
    return code, report, STATS.parsed - before


def _cache_file(repo: Path) -> Path:
    return cache_folder(repo) / CACHE_FILE


@pytest.fixture(autouse=True, params=["read", "mapped"])
def _stores_read_or_mapped(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test twice: the cache files read, and mapped (as a large one is)."""
    if request.param == "mapped":
        _map_every_store(monkeypatch)


def _map_every_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every store file mapped, whatever its size; where the system cannot map a file's pages
    in one call, mapped without that (the same reads)."""
    monkeypatch.setattr(store, "MAP_FROM", 0)
    monkeypatch.setattr(store, "MAP_FLAGS", store.MAP_FLAGS or mmap.MAP_PRIVATE)


@pytest.fixture
def repo(scaffold_repo: GitRepo) -> GitRepo:
    _inventory(scaffold_repo)
    scaffold_repo.commit("inventory")
    return scaffold_repo


def test_second_run_parses_only_changed_files(repo: GitRepo) -> None:
    files = len(list((repo.path / "inventory").glob("*.yaml")))
    code, first, parsed = _validate(repo.path)
    assert code == 1 and parsed == files
    assert _cache_file(repo.path).is_file()
    assert not (repo.path / ".cmdbgit").exists()  # nothing in the work tree

    assert _validate(repo.path)[1:] == (first, 0)

    repo.write("inventory/srv-1.yaml", SERVER.format(n=1, cores=4))  # changed, not staged
    repo.write("inventory/new.yaml", SERVER.format(n=9, cores=2))  # untracked
    (repo.path / "inventory" / "srv-2.yaml").unlink()  # deleted
    code, third, parsed = _validate(repo.path)
    assert parsed == 2
    assert third == _validate(repo.path, "--no-cache")[1]
    paths = {p["file"] for p in third["problems"]}
    assert "inventory/srv-2.yaml" not in paths and "inventory/srv-1.yaml" not in paths


def test_a_moved_file_is_not_parsed_again(repo: GitRepo) -> None:
    _validate(repo.path)
    repo.git("mv", "inventory/srv-0.yaml", "inventory/moved.yaml")  # has a problem
    _code, report, parsed = _validate(repo.path)
    assert parsed == 0
    assert "inventory/moved.yaml" in {p["file"] for p in report["problems"]}
    assert report == _validate(repo.path, "--no-cache")[1]


def test_positions_from_the_cache_are_the_parsers(repo: GitRepo) -> None:
    fresh = _validate(repo.path, "--no-cache")[1]
    assert {p["file"] for p in fresh["problems"] if p["rule"] == "yaml"} >= {
        "inventory/broken.yaml",
        "inventory/dup.yaml",
        "inventory/tag.yaml",
    }
    _validate(repo.path)
    _code, cached, parsed = _validate(repo.path)
    assert parsed == 0
    assert cached == fresh


def test_no_cache_neither_reads_nor_writes(repo: GitRepo) -> None:
    _validate(repo.path, "--no-cache")
    assert not _cache_file(repo.path).exists()
    _validate(repo.path)
    assert _validate(repo.path, "--no-cache")[2] == len(list((repo.path / "inventory").glob("*")))


def _damage(data: bytes) -> list[bytes]:
    body_byte = len(data) - 10
    return [
        b"",  # empty
        b"garbage" * 10,  # not ours
        data[: len(data) // 2],  # truncated
        data[:body_byte] + bytes([data[body_byte] ^ 0xFF]) + data[body_byte + 1 :],  # bit flip
        data.replace(MAGIC, MAGIC[:-2] + b"X\n", 1),  # other magic
    ]


def test_a_damaged_cache_is_ignored_and_rebuilt(repo: GitRepo) -> None:
    files = len(list((repo.path / "inventory").glob("*.yaml")))
    expected = _validate(repo.path)[1]
    good = _cache_file(repo.path).read_bytes()
    for damaged in _damage(good):
        _cache_file(repo.path).write_bytes(damaged)
        _code, report, parsed = _validate(repo.path)
        assert (report, parsed) == (expected, files)
        assert _validate(repo.path)[2] == 0, "rebuilt"


def _segments(file: Path) -> int:
    bodies, sound = store.read_segments(file, MAGIC, _settings(file))
    assert sound
    return len(bodies)


def _settings(file: Path) -> str:
    """The settings the first segment was written under (read back from its header)."""
    data = file.read_bytes()
    (size,) = store._LENGTH.unpack_from(data, len(MAGIC))
    start = len(MAGIC) + store._LENGTH.size
    return store._HEADER.decode(data[start : start + size]).settings


def test_a_new_file_is_appended_not_written_whole(repo: GitRepo) -> None:
    expected_first = _validate(repo.path)[1]
    file = _cache_file(repo.path)
    first = file.read_bytes()
    inode = file.stat().st_ino
    repo.write("inventory/srv-1.yaml", SERVER.format(n=1, cores="four"))  # a new problem
    _code, report, parsed = _validate(repo.path)
    grown = file.read_bytes()
    assert parsed == 1
    assert grown.startswith(first) and len(grown) > len(first), "appended"
    assert file.stat().st_ino == inode, "the same file, not a replacement"
    assert _segments(file) == 2
    assert report == _validate(repo.path, "--no-cache")[1] != expected_first
    assert _validate(repo.path)[1:] == (report, 0), "the appended entry is read back"


def test_a_half_appended_segment_keeps_the_rest_and_is_dropped(repo: GitRepo) -> None:
    _validate(repo.path)
    file = _cache_file(repo.path)
    whole = len(file.read_bytes())
    repo.write("inventory/srv-1.yaml", SERVER.format(n=1, cores=4))
    _validate(repo.path)
    with file.open("r+b") as handle:  # a writer that died in the middle of its append
        handle.truncate(whole + (len(file.read_bytes()) - whole) // 2)
    _code, report, parsed = _validate(repo.path)
    assert parsed == 1, "only the entry of the damaged segment is parsed again"
    assert report == _validate(repo.path, "--no-cache")[1]
    assert _segments(file) == 1, "the damaged file is written whole again"
    assert _validate(repo.path)[2] == 0


def test_segments_are_bounded_and_a_replaced_file_is_written_whole(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_SEGMENTS", 3)
    _validate(repo.path)
    file = _cache_file(repo.path)
    for cores in (4, 5, 6):
        repo.write("inventory/srv-1.yaml", SERVER.format(n=1, cores=cores))
        _validate(repo.path)
    assert _segments(file) == 1, "the third append became a whole write"
    # A cache another run replaced between this run's read and its save: never appended to.
    cache.forget_open_caches()
    forget_judgements(repo.path)  # judged whole, every other cache kept
    opened = cache.open_cache(cache_folder(repo.path), Limits())
    file.write_bytes(file.read_bytes())  # same content, another inode and time
    repo.write("inventory/srv-2.yaml", SERVER.format(n=2, cores=9))
    text = (repo.path / "inventory/srv-2.yaml").read_bytes()
    loaded = LoadedFile("inventory/srv-2.yaml", [], [], None, set())
    encoded = entry.encode(loaded)
    opened.put(blob_id(text), loaded, encoded)
    opened.save()
    assert _segments(file) == 1
    assert (
        cache.open_cache(cache_folder(repo.path), Limits()).get(
            blob_id(text), "inventory/srv-2.yaml"
        )
        is not None
    )


def _foreign_cache(repo: Path, settings: str) -> None:
    """A well-formed cache written under other settings, whose entries say every file holds
    one clean Team: trusting it would make the inventory look valid."""
    listing = repo.joinpath("inventory")

    poison = entry.CachedFile([(0, 1, {"apiVersion": "cmdbgit/v1", "kind": "Team",
                                      "metadata": {"id": "fake"}})], [], [])  # fmt: skip
    entries = {
        bytes.fromhex(blob_id(p.read_bytes())): msgspec.Raw(msgspec.msgpack.encode(poison))
        for p in listing.glob("*.yaml")
    }
    assert store.write_store(_cache_file(repo), MAGIC, settings, msgspec.msgpack.encode(entries))


def test_a_cache_of_another_version_or_settings_is_ignored(repo: GitRepo) -> None:
    files = len(list((repo.path / "inventory").glob("*.yaml")))
    expected = _validate(repo.path, "--no-cache")[1]
    for settings in ("0" * 32, "written-by-cmdbgit-0.0.1"):
        _foreign_cache(repo.path, settings)
        _code, report, parsed = _validate(repo.path)
        assert (report, parsed) == (expected, files)
    # Other loader limits are other settings: the same files, parsed again.
    repo.write("cmdbgit.yaml", "limits: {max_depth: 10}\n")
    assert _validate(repo.path)[2] == files


def test_the_foreign_cache_would_have_been_believed() -> None:
    # The poisoned entries above only prove something if the same file under the right
    # settings is read: the settings key is the one thing that differs.
    assert cache.settings_key(Limits()) != cache.settings_key(Limits(max_depth=10))


def test_git_ref_reads_use_the_cache(repo: GitRepo) -> None:
    files = len(list((repo.path / "inventory").glob("*.yaml")))
    _code, at_head, parsed = _validate(repo.path, "--ref", "HEAD")
    assert parsed == files
    assert _validate(repo.path, "--ref", "HEAD")[1:] == (at_head, 0)
    assert _validate(repo.path)[2] == 0  # the working tree holds the same blobs


def test_parallel_parsing_gives_the_same_result(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = _validate(repo.path, "--no-cache")[1]
    monkeypatch.setattr(batch, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(batch, "CHUNK", 1)
    monkeypatch.setenv("CMDBGIT_WORKERS", "3")
    assert _validate(repo.path, "--no-cache")[1] == serial
    assert _validate(repo.path, "--ref", "HEAD", "--no-cache")[1] == serial
    assert _validate(repo.path)[1] == serial  # workers fill the cache …
    monkeypatch.setenv("CMDBGIT_WORKERS", "1")
    assert _validate(repo.path)[1:] == (serial, 0)  # … that one process then reads


@pytest.mark.parametrize("kind", ["invalid", "valid"])
def test_every_data_case_reads_the_same_through_the_cache(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for case in sorted(p for p in (DATA / kind).iterdir() if p.is_dir()):
        target = tmp_path / case.name
        shutil.copytree(DATA.parent.parent / "schemas", target / "schemas")
        shutil.copytree(case, target, dirs_exist_ok=True)
        shutil.copy(DATA / "common" / "org.yaml", target / "inventory" / "org.yaml")
        fresh = _validate(target, "--no-cache")[1]
        _validate(target)
        _code, cached, parsed = _validate(target)
        assert parsed == 0, case.name
        assert json.dumps(cached, sort_keys=True) == json.dumps(fresh, sort_keys=True), case.name


def test_a_mapped_store_reads_the_same_after_an_append_and_a_rewrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a process mapped stays what it read while another appends to the file or
    replaces it: no writer shrinks a store in place."""
    _map_every_store(monkeypatch)
    file, magic = tmp_path / "store.msgpack", b"TEST-STORE\n"
    assert store.write_store(file, magic, "key", b"A" * 100)
    assert isinstance(store._read(file, magic), mmap.mmap)
    bodies, sound = store.read_segments(file, magic, "key")
    assert store.append_segment(file, "key", b"B" * 50, store.signature(file))
    assert store.read_segments(file, magic, "key") == ([b"A" * 100, b"B" * 50], True)
    assert store.write_store(file, magic, "key", b"C" * 10)
    assert store.read_segments(file, magic, "key") == ([b"C" * 10], True)
    assert sound and [bytes(body) for body in bodies] == [b"A" * 100]
