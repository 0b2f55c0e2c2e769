"""Comments through key moves, on ruamel's round-trip data.

ruamel keeps a comment with the key *before* it: the comment lines between keys A and B are
stored on A (deep inside A's value when that is a block collection). That is wrong once keys
move or are inserted, so these helpers first give each comment line to the key on its line,
else to the next key below (which is where a reader looks for it), then move the keys.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken


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
        below = take_below(mapping, key)
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
        give_below(mapping, wanted[-1], trailing)
    return True


def _above_item(
    seq: CommentedSeq, index: int, lines: list[str], holder: tuple[CommentedMap, Any] | None
) -> None:
    if index > 0:
        give_below(seq, index - 1, lines)
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


def take_below(node: Any, key: Any) -> list[str]:
    """Remove and return the whole comment lines after ``node[key]``'s line, looking into the
    last entry of a nested block collection, where ruamel keeps them."""
    value = node[key]
    if isinstance(value, CommentedMap | CommentedSeq) and len(value) and not value.fa.flow_style():
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        return take_below(value, last)
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


def give_below(node: Any, key: Any, lines: list[str]) -> None:
    value = node[key]
    if isinstance(value, CommentedMap | CommentedSeq) and len(value) and not value.fa.flow_style():
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        give_below(value, last, lines)
        return
    slot = 0 if isinstance(node, CommentedSeq) else 2
    slots = node.ca.items.setdefault(key, [None, None, None, None])
    token = slots[slot]
    if isinstance(token, CommentToken):
        token.value = token.value.rstrip("\n") + "\n" + "".join(lines)
    else:
        slots[slot] = CommentToken("\n" + "".join(lines), CommentMark(0))


def claim_placeholder(node: CommentedMap, key: str, holder: tuple[Any, Any] | None) -> str | None:
    """Move the comment lines after a ``# key:`` placeholder below the new ``key`` and drop
    the placeholder (returned, as the comment it was); lines before it stay where they were."""
    keys = list(node)
    position = keys.index(key)
    placeholder = re.compile(rf"^[ ]*# {re.escape(key)}:(?:[ ].*)?\n", re.MULTILINE)
    if position > 0:
        previous = keys[position - 1]
        below = "".join(take_below(node, previous))
        found = placeholder.search(below)
        if found is None:
            # Lines after the last key trail the mapping: they stay after whatever is last.
            if below:
                give_below(node, key if position == len(keys) - 1 else previous, [below])
            return None
        if below[: found.start()]:
            give_below(node, previous, [below[: found.start()]])
    elif holder is not None:
        slots = holder[0].ca.items.get(holder[1])
        token = slots[2] if slots is not None and len(slots) > 2 else None
        if not isinstance(token, CommentToken):
            return None
        first, _, below = token.value.partition("\n")
        found = placeholder.search(below)
        if found is None:
            return None
        if first.strip() or below[: found.start()]:
            token.value = first + "\n" + below[: found.start()]
        else:
            slots[2] = None
    else:
        return None
    if below[found.end() :]:
        give_below(node, key, [below[found.end() :]])
    return found.group().strip()
