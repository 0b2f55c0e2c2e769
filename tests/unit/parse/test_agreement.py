"""The fast path (yaml-rs) and the located loader (ruamel.yaml events) agree on every input:
same documents (values, types, start lines), same problems (rule, message, line, column,
related), same broken documents.

Where yaml-rs would read something differently, the fast path's hazard scan must send the
input to the located loader; a disagreement here is fixed in ``parse/fast.py``, never here.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cmdbgit.model.config import Limits
from cmdbgit.parse.fast import parse_fast
from cmdbgit.parse.loader import LoadedFile, load_file

DATA = Path(__file__).resolve().parents[2] / "data"
CORPUS = sorted(
    p
    for p in DATA.glob("*/*/**/*")
    if p.is_file() and p.suffix in (".yaml", ".yml") and p.parts[-2:] != ("common", "org.yaml")
) + sorted(DATA.glob("common/*.yaml"))


def canonical(value: Any) -> Any:
    """A comparable form that keeps types apart (1 vs 1.0 vs True) and treats NaN as equal."""
    if isinstance(value, dict):
        return ("map", [(canonical(k), canonical(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", [canonical(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def outcome(loaded: LoadedFile) -> Any:
    return (
        [(d.index, d.line, canonical(d.data)) for d in loaded.documents],
        [(p, p.related) for p in loaded.problems],
        sorted(loaded.broken),
    )


def assert_agree(text: str | bytes, limits: Limits | None = None) -> None:
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    limits = limits or Limits()
    fast = load_file("f.yaml", raw, limits)
    located = load_file("f.yaml", raw, limits, force_located=True)
    assert outcome(fast) == outcome(located), raw


def _case_limits(path: Path) -> Limits:
    for parent in path.parents:
        config = parent / "cmdbgit.yaml"
        if config.is_file():
            loaded = load_file("cmdbgit.yaml", config.read_bytes(), Limits())
            data = loaded.documents[0].data if loaded.documents else {}
            return Limits(**(data.get("limits") or {}))
        if parent == DATA:
            break
    return Limits()


def test_the_corpus_is_there() -> None:
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(DATA)))
def test_corpus_file(path: Path) -> None:
    assert_agree(path.read_bytes(), _case_limits(path))


#: Inputs where yaml-rs and YAML 1.2 core part ways, or where positions are easy to get wrong.
HAZARDS = [
    # numbers yaml-rs reads but YAML 1.2 core does not
    "a: 1_000\n",
    "a: _6\n",
    "a: 1e_5\n",
    "a: 0xB8E_\n",
    "a: [1_0, 2]\n",
    "a: {b: _1}\n",
    "a: 0X1F\n",
    "a: 0O17\n",
    "a: 0b101\n",
    "a: 0B1\n",
    "a: -0x1F\n",
    "a: +0o7\n",
    "- 1_000\n- 0b1\n",
    "1_0: x\n",
    # the core forms both must read alike
    "a: 0x1F\nb: 0o17\nc: .5\nd: 1.\ne: 1e3\nf: .inf\ng: -.Inf\nh: .NaN\ni: ~\nj: null\n",
    "a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\ng: True\nh: FALSE\ni: tRUE\n",
    "a: 2024-01-15\nb: 2024-01-15T10:00:00Z\nc: 12:30\nd: 1:30:00\n",
    "a: 012\nb: +12\nc: -0\nd: 0.0\ne: -0.0\nf: 1E+3\n",
    "a: 99999999999999999999999\nb: 1e400\n",
    # tags, anchors, aliases, merge keys, directives: the located loader's business
    "a: !x 1\n",
    "a: !!str 12\n",
    "a: &x 1\nb: *x\n",
    "a: [*x]\n",
    "a: &x {k: v}\nb: *x\n",
    "a: &x\n  k: v\n<<: *x\n",
    "%YAML 1.2\n---\na: 1\n",
    "--- !!map\na: 1\n",
    "--- {a: 1}\n",
    "a: 1\n...\n",
    # indicators inside text are text
    "a: R&D team\nb: a*b\nc: hello!\nd: '!x'\ne: \"*y\"\n",
    "a: x & y\n",
    "a: 50% off\n",
    "a: a << b\n",
    # whitespace and line breaks
    "a:\n\tb: 1\n",
    "a: 1\r\nb:\r\n  c: 2\r\n",
    "a: 1\rb: 2\r",
    "a: x\u2028y\n",
    "a: x\u0085y\n",
    "a: x\x07y\n",
    "a: 'x\ufeffy'\n",
    # keys that are not strings
    "1: a\n",
    "true: a\n",
    "~: a\n",
    ": a\n",
    "[a]: b\n",
    "? a\n: b\n",
    "a: {1: x}\n",
    # a flow key starting with ":" (yaml-rs: the key ":0"; ruamel.yaml: an empty key)
    "{:0}\n",
    "a: {b: 1, :c}\n",
    "- [{:a}]\n",
    "{a: :0}\n",
    # "?" where a node starts in a flow collection (ruamel.yaml: an explicit key)
    "[?]\n",
    "{a: ?}\n",
    "[?a]\n",
    "? a\n: b\n",
    "a: what? yes\n",
    # a colon right before a flow indicator (yaml-rs: a key; ruamel.yaml: text)
    "[a:]\n",
    "k: {x:, y: 1}\n",
    "[-:]\n",
    # documents and markers
    "---\n",
    "",
    "# nothing\n",
    "---\n---\na: 1\n---\n",
    "a: 1\n--- \nb: 2\n",
    "- a\n- b\n",
    "---\n- a\n---\n- b\n",
    "\n\n# c\n\na: 1\n",
    "a: 1\n---\n# only a comment\n---\nb: 2\n",
    "a: |\n  ---\n  x\n",
    "a: |\n  text\n---\nb: 1\n",
    "a: 1\n---\r\nb: 2\n",
    # syntax errors and duplicates
    "a: 1\na: 2\n",
    "a: {b: 1, b: 2}\n",
    "a: [1,\n",
    "a: b: c\n",
    "a: 'x\n",
    "- a\nb: 1\n",
    # strings
    'a: "\\x41\\u00e9\\U0001F600\\t\\n\\\\"\n',
    "a: 'it''s'\n",
    'a: "a\n  b\n\n  c"\n',
    "a: |-\n  x\n  y\n\nb: >+\n  z\n\n",
    "a: |2\n    x\n",
    "a: plain\n  continued\n  lines\n",
    "a: \"\"\nb: ''\nc:\n",
    "a: 'multi\n  line'\n",
    # depth
    "a: " + "[" * 70 + "]" * 70 + "\n",
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 70)) + "  " * 70 + "x: 1\n",
]


@pytest.mark.parametrize("text", HAZARDS)
def test_hazard_string(text: str) -> None:
    assert_agree(text)


def test_depth_limit_from_settings_agrees() -> None:
    text = "a: {b: {c: {d: {e: 1}}}}\n"
    for depth in (2, 3, 4, 5, 6):
        assert_agree(text, Limits(max_depth=depth))


def test_clean_documents_do_take_the_fast_path() -> None:
    # Otherwise the agreement tests would compare the located loader with itself.
    clean = "a: R&D\nb: [1, 2.5, x]\nc: {d: 2024-01-15, e: 'q'}\nf: 0x1F\n---\ng: ~\n"
    assert parse_fast(clean, 64) is not None


# -- generated documents ----------------------------------------------------------------------
PLAIN = st.sampled_from(
    [
        "0", "12", "-3", "+7", "012", "1_000", "1__0", "_6", "6_", "0x1F", "0X1F", "-0x1F",
        "0o17", "0O17", "0b101", "0xB8E_", ".5", "1.", "-1.5", "1e3", "1E-2", "1e_3", "+.5",
        ".inf", "-.Inf", ".NaN", "-.nan", "~", "null", "Null", "NULL", "true", "False", "TRUE",
        "yes", "no", "on", "off", "y", "n", "2024-01-15", "2024-01-15T10:00:00Z", "12:30",
        "1:30:00", "22.04", "9.4", "hello", "hello world", "R&D", "a*b", "x!", "50%",
        "a<<b", "srv-01", "10.0.0.1", "x_1", "_private", "-", "--x", "a-b",
    ]
)  # fmt: skip
NUMBERISH = st.from_regex(
    r"\A[-+]?[0-9_.]{1,6}(?:[eE][-+]?[0-9_]{1,3})?\Z|\A[-+]?0[xXoObB][0-9a-fA-F_]{0,4}\Z"
)
WORDS = st.from_regex(r"\A[a-z][a-z0-9_-]{0,8}\Z")
TEXT = st.text(alphabet="ab01_.-+:#&*!|>'\"[]{},% x\\", min_size=1, max_size=8)


def _quoted(value: str) -> str:
    return json.dumps(value)


def _single(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


SCALARS = st.one_of(
    PLAIN,
    NUMBERISH,
    WORDS,
    TEXT.map(_quoted),
    TEXT.map(_single),
    st.sampled_from(["&a 1", "*a", "!x 1", "!!str 1", "!!int 2", "|\n  block", ">-\n  folded"]),
)
KEYS = st.one_of(WORDS, st.sampled_from(["1", "true", "~", "x y", "'q'", '"d"', "a_1", "0x1"]))


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return str(value).replace("\n", " ")


def _block(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{key}:")
                lines.extend(_block(item, indent + 2))
            else:
                lines.append(f"{pad}{key}: {_inline(item, indent + 2)}")
    else:
        for item in value:
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}-")
                lines.extend(_block(item, indent + 2))
            else:
                lines.append(f"{pad}- {_inline(item, indent + 2)}")
    return lines


def _inline(value: Any, indent: int) -> str:
    if isinstance(value, dict | list):
        return _flow(value)
    return str(value).replace("\n", "\n" + " " * indent)


TREES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.dictionaries(KEYS, inner, max_size=4),
        st.lists(inner, max_size=4),
    ),
    max_leaves=12,
)
DOCUMENTS = st.tuples(
    st.dictionaries(KEYS, TREES, min_size=1, max_size=5),
    st.booleans(),  # flow style at the top
)


def _render(doc: tuple[dict[str, Any], bool]) -> str:
    data, flow = doc
    return (_flow(data) if flow else "\n".join(_block(data, 0))) + "\n"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DOCUMENTS, min_size=1, max_size=3), st.sampled_from(["", "---\n", "# c\n"]))
@example([({"a": "1_000"}, False)], "")
@example([({"a": "0b1", "b": ["_6", "0X1F"]}, False)], "---\n")
def test_generated_documents(docs: list[tuple[dict[str, Any], bool]], head: str) -> None:
    assert_agree(head + "---\n".join(_render(d) for d in docs))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab01_.-+:#&*!|>'\"[]{},% \n\t\r~", max_size=40))
def test_arbitrary_text(text: str) -> None:
    assert_agree(text)


BLOCK_SCALARS = st.tuples(
    st.sampled_from(["k: ", "- ", "- k: ", "a:\n  k: ", "", "- - ", "a:\n  - ", "x: {a: 1}\nk: "]),
    st.sampled_from(["|", ">"]),
    st.sampled_from(["", "-", "+", "1", "2-", "+2"]),
    st.lists(
        st.tuples(st.integers(0, 6), st.sampled_from(["", "x", "y z", "#c", "- q", "a: b"])),
        max_size=4,
    ),
    st.sampled_from(["", "z: 1\n", "- 2\n", "  w: 3\n"]),
)


@settings(max_examples=300, deadline=None)
@given(BLOCK_SCALARS)
@example(("k: ", "|", "", [], "z: 1\n"))  # empty: yaml-rs reads "\n"
@example(("k: ", "|", "-", [(2, ""), (4, "x")], ""))  # leading blank line deeper than content
@example(("k: ", ">", "", [(2, "a"), (2, "b")], ""))  # folded (ruamel marks folds with \a)
def test_block_scalars(case: tuple[str, str, str, list[tuple[int, str]], str]) -> None:
    prefix, style, header, lines, tail = case
    body = "".join(" " * indent + text + "\n" for indent, text in lines)
    assert_agree(f"{prefix}{style}{header}\n{body}{tail}")


def test_plain_block_scalars_take_the_fast_path() -> None:
    assert parse_fast("a: |\n  x\n  y\nb: >-\n  z\n", 64) == parse_fast('a: "x\\ny\\n"\nb: z\n', 64)
    assert parse_fast("a: |\n  x\n", 64) is not None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a0:{}[], -?\n#'\"!&*|>", max_size=30))
@example("{:0}")  # flow key ":0" vs an empty key
@example("[?]")  # "?" as text vs an explicit key
@example("[a:]")  # a key with no value vs the text "a:"
def test_flow_punctuation(text: str) -> None:
    assert_agree(text)
