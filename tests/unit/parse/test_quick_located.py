"""libyaml's events (``parse_located_quick``) give the located loader's documents and positions
wherever the quick path answers at all: on the YAML test suite, the project's corpus and
generated documents. It must also answer for plain inventory files, or it saves nothing."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmdbgit.model.config import Limits
from cmdbgit.parse import located
from cmdbgit.parse.loader import load_file
from cmdbgit.parse.located import ParsedFile, parse_located, parse_located_quick, same
from cmdbgit.parse.locator import Locator
from tests.conftest import ROOT
from tests.unit.parse.test_agreement import CORPUS, DOCUMENTS, _render
from tests.unit.parse.yaml_suite import cases

LIMITS = Limits()


def _shape(parsed: ParsedFile) -> list[tuple[Any, ...]]:
    return [
        (d.index, d.line, d.broken, d.positions.values, d.positions.keys) for d in parsed.documents
    ]


def assert_quick_agrees(text: str) -> bool:
    """True when the quick path answered (and agreed)."""
    quick = parse_located_quick("f.yaml", text, LIMITS)
    if quick is None:
        return False
    located = parse_located("f.yaml", text, LIMITS)
    assert not located.problems and not located.failed, text
    assert _shape(quick) == _shape(located), text
    for mine, theirs in zip(quick.documents, located.documents, strict=True):
        assert same(mine.data, theirs.data), text
    return True


def _text(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.ident)
def test_yaml_test_suite_case(case: Any) -> None:
    text = _text(case.raw)
    if text is not None:
        assert_quick_agrees(text)


def test_the_corpus() -> None:
    answered = 0
    for path in CORPUS:
        text = _text(path.read_bytes())
        if text is not None:
            answered += assert_quick_agrees(text)
    assert answered > len(CORPUS) // 3  # (most of it is made to be hard)


def test_the_example_inventory_is_answered() -> None:
    files = sorted((ROOT / "inventory").rglob("*.yaml"))
    answered = [p for p in files if assert_quick_agrees(p.read_text(encoding="utf-8"))]
    assert len(answered) > 0.8 * len(files)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DOCUMENTS, min_size=1, max_size=3), st.sampled_from(["", "---\n", "# c\n"]))
def test_generated_documents(docs: list[tuple[dict[str, Any], bool]], head: str) -> None:
    assert_quick_agrees(head + "---\n".join(_render(d) for d in docs))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a0:{}[], -?\n#'\"", max_size=40))
def test_flow_punctuation(text: str) -> None:
    assert_quick_agrees(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab01_.-+:#&*!|>'\"[]{},% \n~\\", max_size=40))
def test_arbitrary_text(text: str) -> None:
    assert_quick_agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "a:\nb: 1\n",  # an empty value: libyaml marks it elsewhere
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: caf\u00e9\n",
        "a: [1\n",
    ],
)
def test_what_the_quick_path_does_not_answer(text: str) -> None:
    assert parse_located_quick("f.yaml", text, LIMITS) is None


def test_the_locator_places_a_fast_path_document_through_libyaml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A document the fast path read is re-read for its positions by libyaml alone (ruamel.yaml
    is not called), and they are the located loader's."""
    path = "inventory/servers/backup-01.yaml"
    raw = (ROOT / path).read_bytes()
    (doc,) = load_file(path, raw, LIMITS).documents
    expected = parse_located(path, raw.decode(), LIMITS).documents[0].positions

    def refused(*_args: Any) -> Any:
        raise AssertionError("read by ruamel.yaml")

    monkeypatch.setattr(located, "parse_located", refused)
    locator = Locator(lambda _path: raw, LIMITS)
    for field in [("spec", "memory_gb"), ("relations", 1, "target"), ("metadata", "labels", "env")]:
        assert locator.position(doc, field) == expected.values[field]
        assert locator.position(doc, field, key=True) == expected.locate_key(field)
