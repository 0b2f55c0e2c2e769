"""``Background``: a value computed in a forked process, or here when that process fails."""

from __future__ import annotations

import os

import pytest

from cmdbgit.background import Background


def test_the_value_is_computed_in_another_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMDBGIT_WORKERS", "2")
    here = os.getpid()
    assert Background(os.getpid).result() != here


def test_one_worker_forks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMDBGIT_WORKERS", "1")
    assert Background(os.getpid).result() == os.getpid()


def test_a_process_that_dies_costs_nothing_but_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMDBGIT_WORKERS", "2")
    parent = os.getpid()

    def dies_away_from_home() -> int:
        if os.getpid() != parent:
            os._exit(3)
        return 42

    assert Background(dies_away_from_home).result() == 42


def test_a_value_that_cannot_travel_is_computed_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMDBGIT_WORKERS", "2")
    parent = os.getpid()

    def unpicklable_away_from_home() -> object:
        return (lambda: None) if os.getpid() != parent else "here"

    assert Background(unpicklable_away_from_home).result() == "here"


def test_an_exception_surfaces_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMDBGIT_WORKERS", "2")

    def fails() -> int:
        raise ValueError("a bug in a rule")

    with pytest.raises(ValueError, match="a bug in a rule"):
        Background(fails).result()
