"""Is a file already in canonical layout? A cheap, conservative test.

Round-trip parsing costs ~12 ms a document; at 10,000 documents ``fmt --check`` must not pay
it for files that are already right. This test reads the file with the fast loader and scans
its lines against the small block-YAML subset the writer emits (two-space mappings, sequences
indented under their key, one space after ``:``, tidy one-line flow collections, no block
scalars, no multi-line scalars). It may say "no" to a canonical file (that file then goes
through ruamel and comes out unchanged); it must never say "yes" to one the writer would
change — a test holds it to that over the example inventory and generated documents.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from cmdbgit.authoring.layout import in_order, mappings_to_order
from cmdbgit.model.kinds import KindSchema
from cmdbgit.parse.fast import FastDocument, parse_fast

#: ``key: value`` / ``key:`` / ``- key: value`` / ``- value`` with an optional comment; keys
#: are plain words, the value starts right after one space.
_LINE = re.compile(
    r"^(?P<ind> *)(?P<dash>- )?(?:(?P<key>[A-Za-z0-9_][A-Za-z0-9_.\-/]*):(?: (?P<value>\S.*))?|(?P<item>[^\s#].*))$"
)
_QUOTED = re.compile(r"\"[^\"\\\n]*\"|'[^'\n]*'")
#: What the emitter would respace inside a one-line flow collection.
_FLOW_UNTIDY = re.compile(r"\s\s|[\[{]\s|\s[\]},]|,(?! )|:(?=[^ ])(?=[\]},])|:\s\s")
_COMMENT = re.compile(r"\s#")


def looks_canonical(text: str, kinds: Mapping[str, KindSchema], max_depth: int) -> bool:
    return canonical_documents(text, kinds, max_depth) is not None


def canonical_documents(
    text: str, kinds: Mapping[str, KindSchema], max_depth: int
) -> list[FastDocument] | None:
    """The documents of ``text`` (read by the fast loader) when it looks canonical, else None."""
    if not _text_canonical(text):
        return None
    documents = parse_fast(text, max_depth)
    if not documents:
        return None
    for document in documents:
        for mapping, _parent, _key, order in mappings_to_order(document.data, kinds):
            if not in_order(list(mapping), order):
                return None
    return documents if _lines_canonical(text) else None


def layout_canonical(text: str) -> bool:
    """Every line of ``text`` is as the writer would write it (key order aside)."""
    return _text_canonical(text) and _lines_canonical(text)


def _text_canonical(text: str) -> bool:
    return not (not text.endswith("\n") or text.endswith("\n\n") or "\r" in text or "\\" in text)


def _lines_canonical(text: str) -> bool:
    # ``need``: the exact indentation the next content line must have (after "key:" opens a
    # block), else None; ``levels``: indentations a following line may return to.
    need: int | None = None
    levels: list[int] = [0]
    first = True
    for raw in text.split("\n")[:-1]:
        stripped = raw.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            if raw != raw.rstrip():
                return False
            continue
        if raw != raw.rstrip():
            return False
        if raw.startswith("---"):
            if first or raw.rstrip() != "---" or need is not None:
                return False
            levels = [0]
            continue
        first = False
        match = _LINE.match(raw)
        if match is None or (match["key"] is None and match["dash"] is None):
            return False
        ind = len(match["ind"])
        if need is not None:
            if ind != need:
                return False
            levels.append(ind)
        elif ind not in levels:
            return False
        else:
            del levels[levels.index(ind) + 1 :]
        value = match["value"] if match["key"] is not None else match["item"]
        inner = ind + 2 if match["dash"] else ind
        if match["dash"]:
            levels.append(inner)
        if value is None:
            need = inner + 2
            continue
        need = None
        if not _value_canonical(value):
            return False
    return need is None


#: A plain scalar with nothing to judge: no indicator first, no comment, quote or bracket.
_SIMPLE = re.compile(r"[A-Za-z0-9_.][^#\"'\[\]{}]*")


def _value_canonical(value: str) -> bool:
    if _SIMPLE.fullmatch(value):  # the common case, decided as below but at a glance
        return value not in ("Null", "NULL")
    masked = _QUOTED.sub('""', value)
    comment = _COMMENT.search(masked)
    body = (masked[: comment.start()] if comment else masked).rstrip()
    if not body or body[0] in "|>&*!%@`?" or body.startswith("- "):
        return False
    if body[0] in "\"'":
        return body == '""'
    if body[0] in "[{":
        return _flow_tidy(body)
    plain = value[: comment.start()] if comment else value
    if plain.rstrip() in ("~", "Null", "NULL"):
        return False  # the writer spells null "null"
    return not any(c in plain for c in "\"'[]{}")


def _flow_tidy(body: str) -> bool:
    depth = 0
    for index, char in enumerate(body):
        depth += char in "[{"
        depth -= char in "]}"
        if depth == 0 and index != len(body) - 1:
            return False
    return depth == 0 and _FLOW_UNTIDY.search(body) is None
