"""The loader: YAML 1.2 scalars, positions, hazards — through ``load_file``, both paths."""

from __future__ import annotations

import math

import pytest

from cmdbgit.model.config import Limits
from cmdbgit.parse.fast import parse_fast
from cmdbgit.parse.loader import load_file
from cmdbgit.parse.scalars import resolve_plain

LIMITS = Limits()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no", "no"),
        ("on", "on"),
        ("yes", "yes"),
        ("off", "off"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("tRue", "tRue"),
        ("~", None),
        ("null", None),
        ("", None),
        ("Null", None),
        ("12", 12),
        ("+12", 12),
        ("-3", -3),
        ("012", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("1_000", "1_000"),
        ("-0x1F", "-0x1F"),
        ("0b101", "0b101"),
        ("1.5", 1.5),
        (".5", 0.5),
        ("1.", 1.0),
        ("1e3", 1000.0),
        ("-1E-2", -0.01),
        ("2024-01-15", "2024-01-15"),
        ("2024-01-15T10:00:00Z", "2024-01-15T10:00:00Z"),
        ("12:30", "12:30"),
        ("22.04", 22.04),
    ],
)
def test_yaml_1_2_core_schema(text: str, value: object) -> None:
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_special_floats() -> None:
    assert resolve_plain(".inf") == math.inf
    assert resolve_plain("-.Inf") == -math.inf
    assert math.isnan(resolve_plain(".NaN"))


def _load(text: str | bytes, *, located: bool = False, limits: Limits = LIMITS):  # type: ignore[no-untyped-def]
    raw = text.encode() if isinstance(text, str) else text
    return load_file("f.yaml", raw, limits, force_located=located)


@pytest.mark.parametrize("located", [False, True])
def test_multi_document_file_with_bom_and_trailing_marker(located: bool) -> None:
    loaded = _load("\ufeff# head\na: 1\n---\n\n# second\nb: [x, y]\n---\n", located=located)
    assert [(d.index, d.line, d.data) for d in loaded.documents] == [
        (0, 2, {"a": 1}),
        (1, 6, {"b": ["x", "y"]}),
    ]
    assert loaded.problems == []


@pytest.mark.parametrize("located", [False, True])
def test_a_single_document_that_is_a_list_is_one_document(located: bool) -> None:
    loaded = _load("---\n- {a: 1}\n- {b: 2}\n", located=located)
    assert [d.data for d in loaded.documents] == [[{"a": 1}, {"b": 2}]]


def test_clean_files_take_the_fast_path_and_hazards_do_not() -> None:
    assert parse_fast("a: 1\nb: [1, 2]\n", 64) is not None
    assert _load("a: 1\n").positions is None  # no positions paid for
    for hazard in (
        "a: !x 1\n",
        "a: &x 1\nb: *x\n",
        "a: 1_000\n",
        "a:\n\tb: 1\n",
        "%YAML 1.2\n---\na: 1\n",
    ):
        assert parse_fast(hazard, 64) is None, hazard


def test_positions_of_values_and_keys() -> None:
    loaded = _load("a: 1\nb:\n  c: [10, 20]\n  d: {e: x}\n", located=True)
    assert loaded.positions is not None
    positions = loaded.positions[0]
    assert positions.values[("b", "c", 1)] == (3, 11)
    assert positions.values[("b", "d", "e")] == (4, 10)
    assert positions.keys[("b", "d")] == (4, 3)
    assert positions.locate(("b", "d", "missing")) == (4, 3)  # nearest existing ancestor's key


def test_empty_file_is_a_warning() -> None:
    loaded = _load("# only a comment\n")
    assert [(p.severity, p.rule, p.message) for p in loaded.problems] == [
        ("warning", "yaml", "file holds no document")
    ]


def test_invalid_utf8_is_located_at_the_byte() -> None:
    loaded = _load(b"a: 1\nb: caf\xe9\n")
    [problem] = loaded.problems
    assert (problem.line, problem.column, problem.rule) == (2, 7, "yaml")
    assert "UTF-8" in problem.message


def test_size_limit_is_checked_before_parsing() -> None:
    loaded = _load("a: " + "x" * 100 + "\n", limits=Limits(max_file_bytes=50))
    [problem] = loaded.problems
    assert "over the limit of 50" in problem.message


def test_forbidden_tags_are_never_constructed() -> None:
    loaded = _load("a: !!python/object/apply:os.system [echo hi]\nb: !!binary aGk=\n")
    assert [p.message for p in loaded.problems] == [
        "tag '!!python/object/apply:os.system' is not allowed: only plain data is accepted",
        "tag '!!binary' is not allowed: only plain data is accepted",
    ]
    # Plain data only: the tagged sequence stays a list of strings, the scalar is dropped.
    assert loaded.documents[0].data == {"a": ["echo hi"], "b": None}
    assert loaded.broken == {0}


def test_core_tags_are_plain_data() -> None:
    loaded = _load("a: !!str 12\nb: !!int '7'\nc: !!float 1\nd: ! 3\n")
    assert loaded.problems == []
    assert loaded.documents[0].data == {"a": "12", "b": 7, "c": 1.0, "d": "3"}


def test_deep_nesting_does_not_exhaust_the_stack() -> None:
    loaded = _load("a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert [(p.line, p.column, p.message) for p in loaded.problems] == [
        (1, 4 + 64, "nesting deeper than 64 levels")
    ]


def test_aliases_share_values_within_limits() -> None:
    loaded = _load("a: &x {k: v}\nb: *x\n")
    assert loaded.problems == []
    assert loaded.documents[0].data == {"a": {"k": "v"}, "b": {"k": "v"}}


def test_syntax_error_keeps_documents_before_it() -> None:
    loaded = _load("a: 1\n---\nb: [\n")
    assert [d.data for d in loaded.documents] == [{"a": 1}]
    assert (loaded.problems[0].line, loaded.problems[0].column) == (3, 4)  # at the bracket


@pytest.mark.parametrize("located", [False, True])
def test_documents_and_problems_before_a_syntax_error_are_kept(located: bool) -> None:
    loaded = _load("a: 1\n---\nb: !x 2\n---\nc: [\n", located=located)
    assert [(d.index, d.line, d.data) for d in loaded.documents] == [
        (0, 1, {"a": 1}),
        (1, 3, {"b": None}),
    ]
    assert [(p.line, p.column, p.message) for p in loaded.problems] == [
        (3, 4, "tag '!x' is not allowed: only plain data is accepted"),
        (5, 4, "invalid YAML: unclosed bracket '['"),
    ]
    assert loaded.broken == {1}
