"""``match`` semantics (docs/policies.md), in one place for policies and for rule params that are matches.

Equality is JSON equality without coercion: ``True`` is not ``1``, ``8`` is not ``"8"`` (while
``8`` and ``8.0`` are the same number, as in JSON Schema). A list in the policy means "any of".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from cmdbgit.model.document import Document
from cmdbgit.model.paths import parse_dotted
from cmdbgit.policy.model import Match

_MISSING = object()


def same(a: Any, b: Any) -> bool:
    """JSON equality: numbers compare as numbers, but booleans are never numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def accepts(wanted: Any, value: Any) -> bool:
    """The policy's ``wanted`` (a value, or a list meaning "any of") accepts ``value``."""
    if isinstance(wanted, list):
        return any(same(option, value) for option in wanted)
    return same(wanted, value)


def _lookup(data: Any, parts: tuple[str, ...]) -> Any:
    """The value at a ``where`` path (split by ``parse_dotted``), or ``_MISSING``."""
    node = data
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


def _labels_test(match: Match) -> Callable[[Document], bool]:
    """The ``labels`` part of ``match`` as one test. A policy's label values are strings (the
    model takes nothing else), so JSON equality is string equality and "any of" is set
    membership."""
    wanted = [
        (name, frozenset(value if isinstance(value, list) else [value]))
        for name, value in match.labels.items()
    ]

    def test(doc: Document) -> bool:
        meta = doc.data.get("metadata")
        labels = meta.get("labels") if isinstance(meta, dict) else None
        if not isinstance(labels, dict):
            return False
        for name, options in wanted:
            value = labels.get(name)
            if not isinstance(value, str) or value not in options:
                return False
        return True

    return test


def _where_test(match: Match) -> Callable[[Document], bool]:
    """The ``where`` part of ``match`` as one test: each dotted path split once, and a
    condition whose options are all strings decided by set membership (JSON equality with a
    string is string equality)."""
    conditions: list[tuple[tuple[str, ...], Any, frozenset[str] | None]] = []
    for dotted, wanted in match.where.items():
        options = wanted if isinstance(wanted, list) else [wanted]
        strings = all(type(option) is str for option in options) and bool(options)
        conditions.append((parse_dotted(dotted), wanted, frozenset(options) if strings else None))

    def test(doc: Document) -> bool:
        data = doc.data
        for parts, wanted, strings in conditions:
            node = _lookup(data, parts)
            if node is _MISSING:
                return False
            if strings is not None:
                if type(node) is not str or node not in strings:
                    return False
            elif not accepts(wanted, node):
                return False
        return True

    return test


def matcher(match: Match) -> Callable[[Document], bool]:
    """``matches`` for one match, with what can be decided once decided once: a rule (or
    ``select``) that tests 10^5 documents against the same match runs this instead."""
    tests = []
    if match.labels:
        tests.append(_labels_test(match))
    if match.where:
        tests.append(_where_test(match))
    if match.kinds is not None:
        kinds = frozenset(match.kinds)
        tests.insert(0, lambda doc: doc.kind in kinds)
    if len(tests) == 3:
        first, second, third = tests
        return lambda doc: first(doc) and second(doc) and third(doc)
    if len(tests) == 2:
        first, second = tests
        return lambda doc: first(doc) and second(doc)
    return tests[0] if tests else lambda doc: True


def matches(match: Match, doc: Document) -> bool:
    if match.kinds is not None and doc.kind not in match.kinds:
        return False
    if match.labels:
        labels = doc.labels
        for name, wanted in match.labels.items():
            if name not in labels or not accepts(wanted, labels[name]):
                return False
    for dotted, wanted in match.where.items():
        value = _lookup(doc.data, parse_dotted(dotted))
        if value is _MISSING or not accepts(wanted, value):
            return False
    return True


def select(
    match: Match, documents: Iterable[Document], by_kind: Mapping[str, list[Document]]
) -> list[Document]:
    """The documents ``match`` selects. ``by_kind`` indexes exactly ``documents``, so a kind
    filter reads only the documents of those kinds."""
    if match.kinds is not None:
        kinds = dict.fromkeys(match.kinds)
        candidates: Iterable[Document] = [d for k in kinds for d in by_kind.get(k, [])]
    else:
        candidates = documents
    if not match.labels and not match.where:  # the kinds decided: no test per document
        return list(candidates)
    test = matcher(match)
    return [d for d in candidates if test(d)]
