"""The pre-scan and the loader's boundary: hostile text is refused, located, in linear time,
before a parser sees it; whatever a parser raises becomes a ``yaml`` problem."""

from __future__ import annotations

import inspect
import sys
import time

import pytest

from cmdbgit.model.config import Limits
from cmdbgit.parse.depth import too_deep
from cmdbgit.parse.loader import MAX_DEPTH, load_file

LIMITS = Limits()


def _load(text: str | bytes, *, located: bool = False, limits: Limits = LIMITS):  # type: ignore[no-untyped-def]
    raw = text.encode() if isinstance(text, str) else text
    return load_file("f.yaml", raw, limits, force_located=located)


def _problems(text: str | bytes, **kwargs: object) -> list[tuple[int, int, str, str]]:
    loaded = _load(text, **kwargs)  # type: ignore[arg-type]
    return [(p.line, p.column, p.severity, p.message) for p in loaded.problems]


@pytest.mark.parametrize("located", [False, True])
def test_compact_block_nesting_is_refused_before_any_parser(located: bool) -> None:
    # yaml-rs crashed the process (SIGSEGV) from about 12,000 levels.
    text = "x:\n  " + "- " * 20_000 + "leaf\n"
    assert _problems(text, located=located) == [(2, 129, "error", "nesting deeper than 64 levels")]


@pytest.mark.parametrize(
    "text",
    [
        "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 80)) + "  " * 80 + "x: 1\n",
        "? " * 15_000 + "leaf\n",
        "x:\n" + "".join("  " * i + "-\n" for i in range(1, 100)),
        "x: " + "[" * 20_000 + "]" * 20_000 + "\n",
        "x: " + "{a: " * 3_000 + "1" + "}" * 3_000 + "\n",
    ],
    ids=["indented-keys", "compact-keys", "indented-dashes", "flow-seqs", "flow-maps"],
)
def test_deep_nesting_of_every_form_is_a_located_yaml_error(text: str) -> None:
    for located in (False, True):
        [problem] = _load(text, located=located).problems
        assert (problem.rule, problem.severity) == ("yaml", "error")
        assert problem.message == "nesting deeper than 64 levels"
        assert problem.line > 1 or problem.column > 1


def test_an_apostrophe_in_plain_text_hides_no_brackets() -> None:
    text = "x-note: a 'quoted word\ny: " + "[" * 5_000 + "]" * 5_000 + "\n"
    started = time.process_time()
    assert _problems(text) == [(2, 68, "error", "nesting deeper than 64 levels")]
    assert time.process_time() - started < 1.0


def test_closing_brackets_inside_quotes_do_not_hide_depth() -> None:
    assert too_deep("x: " + '["]", ' * 100 + "\n", 64) is not None
    assert too_deep("x: " + "['}', " * 100 + "\n", 64) is not None


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 60 + "]" * 60 + "\n",  # within the limit
        "note: x" + "[" * 100 + "\n",  # brackets inside plain text
        "a: '" + "[" * 100 + "'\n",  # ... and inside a quoted scalar outside flow
        "a: [" + ", ".join(["'[[[['"] * 100) + "]\n",  # quoted inside flow
        "a: |\n" + "".join("  " + "- " * 40 + "x\n" for _ in range(3)),  # block scalar text
        "a: [" + ", ".join(["x"] * 10_000) + "]\n",
        "- {a: 1}\n" * 5_000,
    ],
)
def test_no_false_alarm(text: str) -> None:
    assert too_deep(text, 64) is None


def test_a_nul_byte_is_one_located_line() -> None:
    assert _problems("a: 1\nb: 2\nc: 3\nd: 4\ne: 45678\x00\n") == [
        (5, 9, "error", "character U+0000 is not allowed in YAML")
    ]
    assert _problems("a: 'x\x7fy'\n") == [
        (1, 6, "error", "character U+007F is not allowed in YAML")
    ]


@pytest.mark.parametrize("located", [False, True])
def test_yaml_1_3_is_read_with_a_warning(located: bool) -> None:
    loaded = _load("%YAML 1.3 # later minor\n---\na: 1\n", located=located)
    assert [d.data for d in loaded.documents] == [{"a": 1}]
    assert [(p.line, p.severity, p.message) for p in loaded.problems] == [
        (1, "warning", "YAML 1.3 is read as YAML 1.2")
    ]


def test_yaml_2_0_is_an_error() -> None:
    assert _problems("%YAML 2.0\n---\na: 1\n") == [(1, 1, "error", "YAML 2.0 is not supported")]


@pytest.mark.parametrize("located", [False, True])
def test_a_comment_layout_the_round_trip_parser_stopped_on(located: bool) -> None:
    text = "key:    # c1\n        # c2\n  value\nother: [1\n\n\n"
    assert _problems(text, located=located)[0][2:] == (
        "error",
        "invalid YAML: unclosed bracket '['",
    )
    loaded = _load("key:    # c1\n        # c2\n  value\n\n\n", located=located)
    assert [d.data for d in loaded.documents] == [{"key": "value"}]


@pytest.mark.parametrize("located", [False, True])
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a:\tx\n", {"a": "x"}),
        ("a: x\t# c\n", {"a": "x"}),
        ("a: x\t\n", {"a": "x"}),
        ("a:\t[1,\t2]\nb: 'q:\tz'\n", {"a": [1, 2], "b": "q:\tz"}),
        ("- a:\tb\n", [{"a": "b"}]),
        ("a: |\n  k:\tv\n", {"a": "k:\tv\n"}),
    ],
)
def test_tabs_that_are_not_indentation_are_legal(located: bool, text: str, value: object) -> None:
    loaded = _load(text, located=located)
    assert loaded.problems == []
    assert [d.data for d in loaded.documents] == [value]


def test_a_tab_used_for_indentation_is_refused() -> None:
    assert _problems("a:\n\tb: 1\n") == [
        (2, 1, "error", "tab character used for indentation (YAML allows spaces only)")
    ]


def test_the_configurable_depth_is_capped() -> None:
    huge = Limits(max_depth=1_000_000_000)
    text = "x:\n  " + "- " * 20_000 + "leaf\n"
    assert _problems(text, limits=huge) == [
        (2, 2 * MAX_DEPTH + 1, "error", f"nesting deeper than {MAX_DEPTH} levels")
    ]
    within = "x: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert _load(within, limits=huge).problems == []


def test_anything_a_library_raises_is_a_yaml_problem_on_that_file() -> None:
    # A recursion limit a few frames above this one makes the parser libraries themselves
    # fail (RecursionError deep inside ruamel.yaml).
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 15)
    try:
        loaded = _load("a: [1, {b: [2, 3]}]\nc: &x 1\nd: *x\n", located=True)
    finally:
        sys.setrecursionlimit(old)
    [problem] = loaded.problems
    assert (problem.rule, problem.severity) == ("yaml", "error")
    assert problem.message.startswith("the YAML parser failed on this file")


@pytest.mark.parametrize(
    "text",
    [
        "---\n" * 200_000,
        "x: [" + "1, " * 700_000 + "}\n",
        "- {type: depends_on, target: svc-web}\n" * 100_000,
    ],
    ids=["200k-empty-documents", "700k-items-with-an-error", "100k-flow-maps"],
)
def test_big_inputs_are_read_in_linear_time(text: str) -> None:
    started = time.process_time()
    loaded = _load(text)
    assert time.process_time() - started < 2.0
    assert all(p.rule == "yaml" for p in loaded.problems)


def test_many_tabs_after_colons_are_read_and_then_bounded() -> None:
    many = "".join(f"k{i}:\tx\n" for i in range(900))
    loaded = _load(many)
    assert loaded.problems == [] and len(loaded.documents[0].data) == 900
    started = time.process_time()
    too_many = "".join(f"k{i}:\tx\n" for i in range(300_000))
    assert _problems(too_many) == [
        (1001, 8, "error", "more than 1,000 tabs after ':' in one file: use spaces")
    ]
    assert time.process_time() - started < 2.0
