"""The one YAML writer: ruamel.yaml round-trip mode, so comments, scalar styles, flow or block
layout and the order of documents survive every edit (``new``, ``set``, ``rename``, ``fmt``).

Reading for *judging* stays with the hardened loaders (``loader.py``); a caller runs them
first and refuses a file with ``yaml`` problems, so this module only ever sees plain YAML.

Moving keys with their comments is ``comments.py``'s business.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from cmdbgit.parse.comments import claim_placeholder
from cmdbgit.parse.scalars import resolve_plain

#: Wide enough that no scalar is ever folded onto a second line.
_WIDTH = 1 << 16


class RoundTripError(ValueError):
    """ruamel could not read a file the hardened loader accepted (should not happen)."""


def _null(representer: Any, _data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    # ruamel writes None as nothing at all ("key:"); a required field that ``new`` leaves
    # unfilled must read "key: null", and "- null  # note" must not become "-   # note".
    yaml.representer.add_representer(type(None), _null)
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    # Two-space indent; a block sequence indented under its key: "relations:\n  - {…}".
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_all(text: str) -> list[Any]:
    try:
        return list(_yaml().load_all(text))
    except YAMLError as exc:
        raise RoundTripError(str(exc).splitlines()[0]) from None


def dump_all(documents: Sequence[Any]) -> str:
    out = io.StringIO()
    _yaml().dump_all(list(documents), out)
    return out.getvalue()


def dump(document: Any) -> str:
    return dump_all([document])


#: Strings a YAML 1.1 reader (or a human) would take for something else: booleans of 1.1,
#: numbers with a leading zero (octal in 1.1), sexagesimals, dates and timestamps.
_YAML11_SPECIAL = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?0[0-9_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?|=|<<)$"
)


def scalar(value: Any) -> Any:
    """``value`` ready to be written: a string that would read back as anything but the same
    string (under YAML 1.2, or 1.1 for ``yes``/``on``/``0777``) is double-quoted."""
    if not isinstance(value, str):
        return value
    if _plain_is_unsafe(value):
        return DoubleQuotedScalarString(value)
    return value


def _plain_is_unsafe(text: str) -> bool:
    if text != text.strip() or not text or _YAML11_SPECIAL.match(text):
        return True
    # ruamel quotes what plain YAML cannot hold (": ", " #", leading indicators) itself.
    return bool(resolve_plain(text) != text)


_QUOTED = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\n]|'')*'")
_COMMENT = re.compile(r"(?:^|(?<=\s))#.*$")


def comments(text: str) -> Counter[str]:
    """The comments of ``text`` (quoted scalars masked first). Inside a block scalar this also
    counts text that merely looks like a comment, which is harmless: such text is a value, and
    values never change."""
    found: Counter[str] = Counter()
    for line in text.splitlines():
        match = _COMMENT.search(_QUOTED.sub(lambda m: "x" * len(m.group()), line))
        if match is not None:
            found[line[match.start() :].strip()] += 1
    return found


def lost_comments(old: str, new: str) -> list[str]:
    """Comments of ``old`` that ``new`` no longer has. ruamel drops a few in rare layouts
    (a comment line between two flow mappings of a block sequence): the caller refuses."""
    return sorted((comments(old) - comments(new)).elements())


def scalar_text(value: Any) -> str:
    """How the writer spells one scalar (``null``, ``8``, ``web-1``, ``"yes"``)."""
    return dump({"v": scalar(value)})[3:].rstrip("\n")


def set_in(
    document: CommentedMap, path: Sequence[str | int], value: Any, orders: Any = None
) -> list[str]:
    """Set ``path`` to ``value`` in a loaded document, creating missing mappings. A new key
    goes where ``orders(mapping)`` (the key order the mapping wants) puts it; others stay.
    A commented-out ``# key:`` placeholder (as ``new`` writes them) is replaced by the key;
    the placeholders replaced are returned."""
    node: Any = document
    above: tuple[Any, Any] | None = None  # the mapping and key holding ``node``
    inserted: list[tuple[CommentedMap, str, tuple[Any, Any] | None]] = []
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(node, CommentedSeq):
            if not isinstance(part, int) or not -len(node) <= part < len(node):
                raise KeyError(f"no item {part!r} in the list at {_dotted(path[:depth])}")
            if last:
                node[part] = _fresh(value)
            else:
                above, node = None, node[part]
            continue
        if not isinstance(node, CommentedMap):
            raise KeyError(f"{_dotted(path[:depth])} is not a mapping")
        if isinstance(part, int):
            raise KeyError(f"no item {part} at {_dotted(path[:depth])}: it is not a list")
        key = part
        if last and isinstance(node.get(key), CommentedMap | CommentedSeq):
            raise KeyError(f"{_dotted(path)} is a mapping or list; set its fields instead")
        fresh = _fresh(value) if last else CommentedMap()
        if key not in node:
            node.insert(_position(node, key, orders), key, fresh)
            inserted.append((node, key, above))
        elif last or node[key] is None:
            node[key] = fresh
            if not last:
                inserted.append((node, key, above))
        above, node = (node, key), node[key]
    claimed = []
    for mapping, key, holder in inserted:  # outermost first, now that values are in place
        placeholder = claim_placeholder(mapping, key, holder)
        if placeholder is not None:
            claimed.append(placeholder)
    return claimed


def _fresh(value: Any) -> Any:
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _fresh(v)
        return out
    if isinstance(value, list):
        return CommentedSeq(_fresh(v) for v in value)
    return scalar(value)


def _position(node: CommentedMap, key: str, orders: Any) -> int:
    order: Sequence[str] = orders(node) if orders is not None else ()
    if key not in order:
        return len(node)
    rank = {k: i for i, k in enumerate(order)}
    keys = list(node)
    position = 0
    for index, existing in enumerate(keys):
        if rank.get(existing, len(order)) <= rank[key]:
            position = index + 1
    return position


def _dotted(path: Sequence[str | int]) -> str:
    return ".".join(str(p) for p in path) or "the document"
