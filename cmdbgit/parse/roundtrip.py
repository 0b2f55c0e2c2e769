"""The one YAML writer: ruamel.yaml round-trip mode, so comments, scalar styles, flow or block
layout and the order of documents survive every edit (``new``, ``set``, ``rename``, ``fmt``).

Reading for *judging* stays with the hardened loaders (``loader.py``); a caller runs them
first and refuses a file with ``yaml`` problems, so this module only ever sees plain YAML.

ruamel keeps a comment with the key *before* it: the comment lines between keys A and B are
stored on A. That is wrong once keys move, so ``reorder`` first gives each comment line to the
key on its line, else to the next key below (which is where a reader looks for it), then moves
the keys.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

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


def reorder(
    mapping: CommentedMap,
    order: Sequence[str],
    *,
    parent: Any = None,
    key_in_parent: Any = None,
    holder: tuple[CommentedMap, Any] | None = None,
) -> bool:
    """Put the keys of ``mapping`` in ``order`` (keys not named keep their relative order,
    after the named ones); every comment stays with its key. True when anything moved.

    ``parent``/``key_in_parent`` say where ``mapping`` sits; for a list item, ``holder`` is
    the mapping and key that hold the list (ruamel keeps comments above the first item there).
    """
    keys = list(mapping)
    rank = {k: i for i, k in enumerate(order)}
    wanted = sorted(keys, key=lambda k: (rank.get(k, len(order)), keys.index(k)))
    if wanted == keys:
        return False
    if isinstance(parent, CommentedSeq):
        if mapping.ca.comment:
            return False  # a shape ruamel keeps no further account of: leave the item be
        dash = parent.ca.items.get(key_in_parent)
        if dash and len(dash) > 1 and dash[1]:
            # "-  # note" before the item's first key: ruamel writes such lines above the
            # item anyway; say so now, so that a second pass finds nothing left to move.
            _above_item(parent, key_in_parent, [_indented(t) for t in dash[1]], holder)
            dash[1] = None
    items = mapping.ca.items
    befores: dict[Any, list[str]] = {k: [] for k in keys}
    head = mapping.ca.comment[1] if mapping.ca.comment else None
    if head and isinstance(parent, CommentedMap):
        # Comment lines between "key:" and the first nested key belong to that first key.
        befores[keys[0]].extend(_indented(t) for t in head)
        mapping.ca.comment[1] = []
        slots = parent.ca.items.get(key_in_parent)
        if slots is not None and len(slots) > 3:
            slots[3] = None
    trailing: list[str] = []
    for index, key in enumerate(keys):
        below = _take_below(mapping, key)
        if index + 1 < len(keys):
            befores[keys[index + 1]].extend(below)
        else:
            trailing = below
    if isinstance(parent, CommentedSeq) and befores[wanted[0]]:
        # "- # comment\n  key:" would break the compact "- key: value" form; lines meant for
        # the first key of a list item go above the item's dash instead.
        _above_item(parent, key_in_parent, befores[wanted[0]], holder)
        befores[wanted[0]] = []
    for key in keys:
        lines = befores[key]
        existing = items.get(key)
        if existing is not None and existing[1]:
            lines = [_indented(t) for t in existing[1]] + lines
        if lines:
            slots = items.setdefault(key, [None, None, None, None])
            slots[1] = [CommentToken("".join(lines), CommentMark(0))]
    for key in wanted:
        mapping.move_to_end(key)
    if trailing:
        _give_below(mapping, wanted[-1], trailing)
    return True


def _above_item(
    seq: CommentedSeq, index: int, lines: list[str], holder: tuple[CommentedMap, Any] | None
) -> None:
    if index > 0:
        _give_below(seq, index - 1, lines)
        return
    # Above the first item: after comment lines already there (``ca.comment[1]``), else in
    # the token that ends the line of the list's key — held by the mapping holding the list,
    # and shared with the list as ``ca.comment[0]``.
    text = "".join(lines)
    head = seq.ca.comment
    if head and head[1]:
        head[1].append(CommentToken(text, CommentMark(0)))
        return
    token = head[0] if head else None
    if not isinstance(token, CommentToken) and holder is not None:
        slots = holder[0].ca.items.setdefault(holder[1], [None, None, None, None])
        token = slots[2] if isinstance(slots[2], CommentToken) else None
        if token is None:
            token = slots[2] = CommentToken("\n", CommentMark(0))
    if token is None:
        token = CommentToken("\n", CommentMark(0))
    token.value = token.value.rstrip("\n") + "\n" + text
    seq.ca.comment = [token, None]


def _indented(token: CommentToken) -> str:
    """A comment token's text with the indentation ruamel keeps apart (``column``)."""
    text: str = token.value
    if text.startswith("#"):
        return " " * token.column + text
    return text


def _take_below(node: Any, key: Any) -> list[str]:
    """Remove and return the whole comment lines after ``node[key]``'s line, looking into the
    last entry of a nested block collection, where ruamel keeps them."""
    value = node[key]
    if isinstance(value, CommentedMap | CommentedSeq) and len(value) and not value.fa.flow_style():
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        return _take_below(value, last)
    slot = 0 if isinstance(node, CommentedSeq) else 2
    slots = node.ca.items.get(key)
    token = slots[slot] if slots is not None and len(slots) > slot else None
    if token is None or not isinstance(token, CommentToken):
        return []
    text = token.value
    first, _, rest = text.partition("\n")
    if not rest:
        return []
    if first.strip():
        token.value = first + "\n"
    else:
        slots[slot] = None
    return [rest]


def _give_below(node: Any, key: Any, lines: list[str]) -> None:
    value = node[key]
    if isinstance(value, CommentedMap | CommentedSeq) and len(value) and not value.fa.flow_style():
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        _give_below(value, last, lines)
        return
    slot = 0 if isinstance(node, CommentedSeq) else 2
    slots = node.ca.items.setdefault(key, [None, None, None, None])
    token = slots[slot]
    if isinstance(token, CommentToken):
        token.value = token.value.rstrip("\n") + "\n" + "".join(lines)
    else:
        slots[slot] = CommentToken("\n" + "".join(lines), CommentMark(0))


def scalar_text(value: Any) -> str:
    """How the writer spells one scalar (``null``, ``8``, ``web-1``, ``"yes"``)."""
    return dump({"v": scalar(value)})[3:].rstrip("\n")


def set_in(
    document: CommentedMap, path: Sequence[str | int], value: Any, orders: Any = None
) -> None:
    """Set ``path`` to ``value`` in a loaded document, creating missing mappings. A new key
    goes where ``orders(mapping)`` (the key order the mapping wants) puts it; others stay.
    A commented-out ``# key:`` placeholder (as ``new`` writes them) is replaced by the key."""
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
    for mapping, key, holder in inserted:  # outermost first, now that values are in place
        _claim_placeholder(mapping, key, holder)


def _claim_placeholder(node: CommentedMap, key: str, holder: tuple[Any, Any] | None) -> None:
    """Move the comment lines after a ``# key:`` placeholder below the new ``key`` and drop
    the placeholder; the lines before it stay where they were."""
    keys = list(node)
    position = keys.index(key)
    placeholder = re.compile(rf"^[ ]*# {re.escape(key)}:(?:[ ].*)?\n", re.MULTILINE)
    if position > 0:
        previous = keys[position - 1]
        below = "".join(_take_below(node, previous))
        found = placeholder.search(below)
        if found is None:
            # Lines after the last key trail the mapping: they stay after whatever is last.
            if below:
                _give_below(node, key if position == len(keys) - 1 else previous, [below])
            return
        if below[: found.start()]:
            _give_below(node, previous, [below[: found.start()]])
    elif holder is not None:
        slots = holder[0].ca.items.get(holder[1])
        token = slots[2] if slots is not None and len(slots) > 2 else None
        if not isinstance(token, CommentToken):
            return
        first, _, below = token.value.partition("\n")
        found = placeholder.search(below)
        if found is None:
            return
        if first.strip() or below[: found.start()]:
            token.value = first + "\n" + below[: found.start()]
        else:
            slots[2] = None
    else:
        return
    if below[found.end() :]:
        _give_below(node, key, [below[found.end() :]])


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
