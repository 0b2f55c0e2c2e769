"""``expand_pattern``: every concrete path a ``*`` pattern names, in document order — the
order the checkers report problems in, so it must be exactly a depth-first walk's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cmdbgit.model.paths import FieldPath, expand_pattern


def _walk(node: Any, rest: tuple[str, ...], prefix: FieldPath) -> Iterator[tuple[FieldPath, Any]]:
    """The definition: a recursive depth-first walk."""
    if not rest:
        yield prefix, node
        return
    head, tail = rest[0], rest[1:]
    if head == "*":
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _walk(item, tail, (*prefix, index))
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], tail, (*prefix, head))


_KEYS = st.sampled_from(["a", "b", "*"])
_DATA = st.recursive(
    st.one_of(st.none(), st.integers(0, 3), st.text("xy", max_size=2)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2)
    ),
    max_leaves=12,
)


@settings(max_examples=500, deadline=None)
@given(data=_DATA, pattern=st.lists(_KEYS, max_size=4).map(tuple))
def test_expansion_is_the_depth_first_walk(data: Any, pattern: tuple[str, ...]) -> None:
    assert list(expand_pattern(data, pattern)) == list(_walk(data, pattern, ()))


def test_nested_lists_come_out_in_document_order() -> None:
    data = {"a": [{"b": [1, 2]}, {"b": [3]}, {"c": 0}]}
    assert list(expand_pattern(data, ("a", "*", "b", "*"))) == [
        (("a", 0, "b", 0), 1),
        (("a", 0, "b", 1), 2),
        (("a", 1, "b", 0), 3),
    ]
    assert list(expand_pattern(data, ())) == [((), data)]
    assert list(expand_pattern(data, ("x", "*"))) == []
