"""``Background``: items worked on in a forked process and this one; whatever the forked one
fails to deliver is done here."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from cmdbgit.workers.background import Background
from tests.processes import children_of


@pytest.fixture
def two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMDBGIT_WORKERS", "2")


def _slow_pid(item: int) -> tuple[int, int]:
    time.sleep(0.05)
    return item, os.getpid()


@pytest.mark.usefixtures("two_workers")
def test_both_processes_work_and_results_come_in_order() -> None:
    shared = Background(_slow_pid, range(20))
    time.sleep(0.3)  # this process is busy elsewhere meanwhile: the other one goes on alone
    results = shared.results()
    assert [item for item, _ in results] == list(range(20))
    by = {pid for _, pid in results}
    assert len(by) == 2 and os.getpid() in by


@pytest.mark.usefixtures("two_workers")
def test_items_left_when_this_process_comes_are_taken_here() -> None:
    results = Background(_slow_pid, range(20)).results()  # collected at once
    assert sum(pid == os.getpid() for _, pid in results) >= 5


def test_one_worker_forks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMDBGIT_WORKERS", "1")
    assert {pid for _, pid in Background(_slow_pid, range(3)).results()} == {os.getpid()}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.usefixtures("two_workers")
@pytest.mark.parametrize("how", ["exits", "killed", "raises"])
def test_a_process_that_dies_costs_nothing_but_time(how: str) -> None:
    parent = os.getpid()
    done_here: list[int] = []

    def dies_away_from_home(item: int) -> bytes:
        if os.getpid() == parent:
            done_here.append(item)
        elif item == 3:
            if how == "exits":
                os._exit(3)
            if how == "killed":  # as the out-of-memory killer would: a real signal
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError("a bug away from home")
        time.sleep(0.01)
        return bytes([item]) * 100_000  # more than a pipe holds

    shared = Background(dies_away_from_home, range(10))
    time.sleep(0.2)
    assert shared.results() == [bytes([item]) * 100_000 for item in range(10)]
    assert 3 in done_here  # what the other process did not deliver was done here
    assert not children_of(parent), "no process is left behind"


@pytest.mark.usefixtures("two_workers")
def test_a_value_that_cannot_travel_is_computed_here() -> None:
    parent = os.getpid()

    def unpicklable_away_from_home(item: int) -> object:
        return (lambda: None) if os.getpid() != parent else f"here {item}"

    shared = Background(unpicklable_away_from_home, range(4))
    time.sleep(0.2)
    assert shared.results() == [f"here {item}" for item in range(4)]


@pytest.mark.usefixtures("two_workers")
def test_an_exception_surfaces_here() -> None:
    def fails(item: int) -> int:
        raise ValueError(f"a bug in a rule ({item})")

    with pytest.raises(ValueError, match="a bug in a rule"):
        Background(fails, range(3)).results()
    assert not children_of(os.getpid()), "no process is left behind"
