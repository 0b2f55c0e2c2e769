"""Output formats of ``show``: ``text`` (the card for people) and ``json`` (its data)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from cmdbgit.model.words import plural
from cmdbgit.output.escape import terminal
from cmdbgit.output.json_format import dumps

Renderer = Callable[[dict[str, Any], TextIO], None]
#: Referrers through one field listed by name up to this many; beyond, a count.
_LIST_AT_MOST = 12


def render_json(card: dict[str, Any], stream: TextIO) -> None:
    stream.write(dumps(card) + "\n")


def render_text(card: dict[str, Any], stream: TextIO) -> None:
    stream.writelines(terminal(line) + "\n" for line in lines(card))


def lines(card: dict[str, Any]) -> Iterator[str]:
    yield f"{card['id']}  ({card['kind']})  {card['name']}"
    yield f"  file          {card['file']}:{card['line']}"
    if card["labels"]:
        yield "  labels        " + ", ".join(f"{k}={v}" for k, v in card["labels"].items())
    if card["last_verified"]:
        yield f"  verified      {card['last_verified']}"
    owner = card["owner"]
    if owner is not None:
        yield ""
        github = f"  {owner['github']}" if owner.get("github") else ""
        yield f"Owner  {_who(owner)}{github}"
        yield from (f"  {_who(m)}" for m in owner["members"])
        if not owner["members"]:
            yield "  (no members listed)"
    if card["members"]:
        yield ""
        yield "Members"
        yield from (f"  {_who(m)}" for m in card["members"])
    # An asset's own spec is all in its asset section below; print it once.
    if card["spec"] and not any(asset["id"] == card["id"] for asset in card["assets"]):
        yield ""
        yield "Spec"
        yield from (f"  {path}: {_value(v)}" for path, v in _flatten(card["spec"], ""))
    for asset in card["assets"]:
        yield ""
        yield from _asset(asset)
    yield from _relations(card["relations"])
    yield from _references(card["references"], card["referenced_by"])
    yield ""
    change = card.get("last_change")
    if change:
        yield f"Last change  {change['sha'][:12]}  {change['date']}  {change['author']}"
        yield f"  {change['subject']}"
    elif card.get("history_truncated"):
        yield "Last change  unknown: this shallow clone's history is cut (git fetch --unshallow)"
    else:
        yield "Last change  none committed"


def _who(brief: dict[str, Any]) -> str:
    text = f"{brief['id']}"
    if brief.get("kind") is None:
        return f"{text}  (no such document)"
    if brief.get("name") and brief["name"] != brief["id"]:
        text += f"  {brief['name']}"
    if brief.get("email"):
        text += f"  <{brief['email']}>"
    if brief.get("status"):
        text += f"  [{brief['status']}]"
    return text


def _asset(asset: dict[str, Any]) -> Iterator[str]:
    serial = f"  serial {asset['serial']}" if asset.get("serial") else ""
    yield f"Asset  {asset['id']}  {asset['name']}{serial}"
    for key in ("model", "asset_tag", "vendor", "cost_center"):
        if asset.get(key):
            yield f"  {key:<13} {asset[key]}"
    purchase = asset["purchase"]
    if purchase.get("date") or purchase.get("cost"):
        cost = purchase["cost"]["display"] if purchase.get("cost") else "cost unknown"
        extra = ", ".join(f"{k} {purchase[k]}" for k in ("invoice", "order") if purchase.get(k))
        yield f"  purchased     {purchase.get('date') or '?'}  {cost}" + (
            f"  ({extra})" if extra else ""
        )
    warranty = asset["warranty"]
    if warranty.get("end"):
        left = warranty["days_left"]
        state = (
            f"expired {plural(-left, 'day')} ago"
            if left is not None and left < 0
            else f"{plural(left, 'day')} left"
        )
        contract = f"  contract {warranty['contract']}" if warranty.get("contract") else ""
        yield f"  warranty      until {warranty['end']} ({state}){contract}"
    dep = asset["depreciation"]
    if dep:
        text = f"  depreciation  {dep['method']} over {dep['life_months']} months"
        if dep.get("salvage"):
            text += f", salvage {dep['salvage']['display']}"
        elif dep.get("salvage_value") is not None:
            text += f", salvage {dep['salvage_value']}"
        if dep.get("book_value"):
            text += f"; book value {dep['book_value']['display']}"
        yield text
    if asset["lifecycle"]:
        yield "  lifecycle     " + ", ".join(f"{k} {v}" for k, v in asset["lifecycle"].items())
    if asset.get("replacement_cost"):
        yield f"  replacement   {asset['replacement_cost']['display']}"
    if asset.get("assigned_to"):
        yield f"  assigned to   {_who(asset['assigned_to'])}"


def _relations(relations: dict[str, list[dict[str, Any]]]) -> Iterator[str]:
    if relations["out"]:
        yield ""
        yield "Relations"
        yield from (f"  {r['type']} → {_who(r)}" for r in relations["out"])
    if relations["in"]:
        yield ""
        yield "Related from"
        yield from (f"  {r['inverse']} ← {_who(r)}" for r in relations["in"])


def _references(out: list[dict[str, Any]], incoming: list[dict[str, Any]]) -> Iterator[str]:
    if out:
        yield ""
        yield "Refers to"
        yield from (f"  {r['path']} → {_who(r)}" for r in out)
    if incoming:
        by_path: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for ref in incoming:
            by_path[ref["path"]].append(ref)
        yield ""
        yield "Referred to by"
        for path, refs in sorted(by_path.items()):
            if len(refs) > _LIST_AT_MOST:
                shown = ", ".join(r["id"] for r in refs[:_LIST_AT_MOST])
                yield f"  {path} of {len(refs)} documents: {shown}, …"
            else:
                yield from (f"  {path} of {_who(r)} ({r['kind']})" for r in refs)


def _flatten(value: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix, value


def _value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return dumps(value, indent=None)


SHOW_FORMATS: dict[str, Renderer] = {"text": render_text, "json": render_json}
