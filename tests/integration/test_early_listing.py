"""Git's look at the working tree begun before the command is imported (``source.early``):
the listing (validate, diff, impact, report) and check's look at whether the checkout is
clean, each taken by the command for the same folder, giving what it gives begun then, and
never left running when nothing takes it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cmdbgit.cli.main import begin_early
from cmdbgit.source import early
from tests.conftest import AS_OF, ROOT, GitRepo, run_cli


@pytest.fixture
def example(git_repo: GitRepo) -> GitRepo:
    """The example organisation, committed, then edited, extended and with a file removed:
    every kind of path the listing tells apart."""
    for folder in ("inventory", "schemas", "policies"):
        shutil.copytree(ROOT / folder, git_repo.path / folder)
    git_repo.commit("the example organisation")
    edited = next((git_repo.path / "inventory" / "servers").rglob("*.yaml"))
    edited.write_text(edited.read_text() + "# edited\n")
    git_repo.write(
        "inventory/services/new.yaml",
        "apiVersion: cmdbgit/v1\nkind: Service\n"
        "metadata: {id: svc-new, name: New, owner: team-platform}\n"
        "spec: {criticality: tier-3}\nrelations:\n  - {type: depends_on, target: svc-nowhere}\n",
    )
    removed = next((git_repo.path / "inventory" / "databases").rglob("*.yaml"))
    removed.unlink()
    return git_repo


@pytest.fixture(autouse=True)
def _nothing_begun() -> Iterator[None]:
    early._end()
    yield
    early._end()


def test_a_listing_begun_early_is_taken_and_changes_no_result(example: GitRepo) -> None:
    alone = run_cli("validate", "--no-cache", "--format", "json", repo=example.path)
    begin_early(["--repo", str(example.path), "validate", "--no-cache"])
    assert len(early._BEGUN) == 4
    begun = run_cli("validate", "--no-cache", "--format", "json", repo=example.path)
    assert not early._BEGUN, "the listing took the commands begun early"
    assert begun.exit_code == alone.exit_code == 1
    assert begun.stdout == alone.stdout
    assert "svc-nowhere" in begun.stdout  # the untracked file was listed


@pytest.mark.parametrize(
    ("argv", "begun"),
    [
        (["validate"], 4),
        (["--as-of", AS_OF, "report", "all"], 4),
        (["--repo", "{repo}", "impact", "--since", "main"], 4),
        (["diff", "main", "--repo={repo}"], 4),
        (["check", "--base", "main"], 2),  # whether the checkout is clean
        (["validate", "--ref", "main"], 0),  # reads a commit
        (["report", "all", "--ref=main"], 0),
        (["impact", "svc-a", "--head", "main"], 0),
        (["validate", "--help"], 0),
        (["fmt"], 0),  # writes to the tree before it reads it back
        ([], 0),
    ],
)
def test_which_commands_begin_early(
    example: GitRepo, monkeypatch: pytest.MonkeyPatch, argv: list[str], begun: int
) -> None:
    monkeypatch.chdir(example.path / "inventory")  # the project is found as the command finds it
    begin_early([word.replace("{repo}", str(example.path)) for word in argv])
    assert len(early._BEGUN) == begun
    if begun:
        assert {root for root, _args in early._BEGUN} == {str(example.path.resolve())}


def test_a_listing_for_another_folder_is_not_taken(example: GitRepo, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(example.path, elsewhere)
    begin_early(["--repo", str(elsewhere), "validate"])
    result = run_cli("validate", "--format", "json", repo=example.path)
    assert len(early._BEGUN) == 4, "only the project's own listing is taken"
    assert "svc-nowhere" in result.stdout


def test_a_wrong_repo_or_no_git_begins_nothing_harmful(tmp_path: Path) -> None:
    begin_early(["--repo", str(tmp_path / "missing"), "validate"])
    assert not early._BEGUN
    (tmp_path / "plain").mkdir()
    begin_early(["--repo", str(tmp_path / "plain"), "validate"])  # no repository: git fails
    early._end()
    assert not early._BEGUN


def test_what_nothing_takes_is_stopped_at_exit(example: GitRepo) -> None:
    """A real process: its listing begun, then it fails before listing (a bad --as-of). It
    exits 2, and the git processes it began were reaped on the way out (only it could)."""
    env = {**os.environ, "CMDBGIT_CACHE_DIR": str(example.path.parent / "cache")}
    script = (
        "import atexit, sys\n"
        "from cmdbgit.cli.main import begin_early, main\n"
        "from cmdbgit.source import early\n"
        "sys.argv = ['cmdbgit', 'validate', '--as-of', 'not-a-date']\n"
        "begun = []\n"
        # Registered first, so it runs last: after what ``begin`` registered.
        "atexit.register(lambda: print('reaped', [b.process.returncode is not None"
        " for b in begun], file=sys.stderr))\n"
        "begin_early(sys.argv[1:])\n"
        "begun.extend(early._BEGUN.values())\n"
        "main()\n"  # begins nothing more: the same listing is begun once
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=example.path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 2, done.stderr
    assert "reaped [True, True, True, True]" in done.stderr
    assert "Traceback" not in done.stderr


def test_end_stops_and_reaps_every_begun_process(example: GitRepo) -> None:
    early.begin(example.path, early.listing_commands("."))
    processes = [begun.process for begun in early._BEGUN.values()]
    early._end()
    assert not early._BEGUN
    assert all(process.returncode is not None for process in processes)


@pytest.mark.parametrize("state", ["changed", "committed", "touched"])
def test_check_takes_its_look_begun_early_and_judges_the_same_tree(
    example: GitRepo, monkeypatch: pytest.MonkeyPatch, state: str
) -> None:
    """A checkout with changes, a clean one, and one whose files were only touched (their
    stat no longer matches the index): the same report either way."""
    example.git("checkout", "-q", "-b", "feature")
    if state != "changed":
        example.commit("the changes")
    if state == "touched":
        for path in (example.path / "inventory" / "servers").rglob("*.yaml"):
            path.write_bytes(path.read_bytes())
            os.utime(path, (1, 1))
    monkeypatch.chdir(example.path)
    outputs = example.path.parent
    argv = ["check", "--base", "main", "--format", "text", "--json"]
    alone = run_cli(*argv, str(outputs / "alone.json"))
    begin_early([*argv, str(outputs / "begun.json")])
    assert len(early._BEGUN) == 2
    begun = run_cli(*argv, str(outputs / "begun.json"))
    assert not early._BEGUN, "check took the look begun early"
    assert begun.exit_code == alone.exit_code == 1, begun.output
    assert begun.stdout == alone.stdout
    report = (outputs / "begun.json").read_text()
    assert report == (outputs / "alone.json").read_text()
    assert ('"uncommitted": true' in report) is (state == "changed")


def test_check_of_a_project_in_a_subfolder_takes_its_look(git_repo: GitRepo) -> None:
    for folder in ("inventory", "schemas", "policies"):
        shutil.copytree(ROOT / folder, git_repo.path / "cmdb" / folder)
    git_repo.write("README.md", "not the project\n")
    git_repo.commit("a project in cmdb/")
    git_repo.write("cmdb/inventory/services/new.yaml", "kind: Service\n")
    report = git_repo.path.parent / "check.json"
    argv = ["check", "--base", "main", "--format", "text", "--json", str(report)]
    begin_early(["--repo", str(git_repo.path / "cmdb"), *argv])
    assert {args[-1] for _root, args in early._BEGUN} == {":/cmdb"}
    run_cli(*argv, repo=git_repo.path / "cmdb")
    assert not early._BEGUN
    assert '"uncommitted": true' in report.read_text()
