"""Output formats of ``history``: ``text`` for people, ``json`` (stable shape)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from cmdbgit.diff.model import display_value
from cmdbgit.history.gitlog import Commit
from cmdbgit.history.track import Entry, History
from cmdbgit.output.escape import terminal
from cmdbgit.output.json_format import dumps

Renderer = Callable[[History, TextIO], None]
CUT_NOTE = (
    "history is cut: this is a shallow clone; fetch the full history "
    "(`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout) to see older changes"
)


def commit_json(commit: Commit) -> dict[str, str]:
    return {
        "sha": commit.sha,
        "author": commit.author,
        "email": commit.email,
        "date": commit.date,
        "subject": commit.subject,
    }


def entry_json(entry: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {
        **commit_json(entry.commit),
        "op": entry.op,
        "file": entry.file,
        "old_file": entry.old_file,
        "fields": [f.to_json() for f in entry.fields],
        "relations": {
            "added": [e.to_json() for e in entry.relations_added],
            "removed": [e.to_json() for e in entry.relations_removed],
        },
    }
    if entry.old_id is not None:
        out["old_id"] = entry.old_id
    return out


def render_json(result: History, stream: TextIO) -> None:
    data = {
        "id": result.id,
        "truncated": result.truncated,
        "commits": [entry_json(e) for e in result.entries],
    }
    stream.write(dumps(data) + "\n")


def commit_line(commit: Commit) -> str:
    return terminal(f"{commit.sha[:12]}  {commit.date}  {commit.author}  {commit.subject}")


def render_text(result: History, stream: TextIO) -> None:
    count = len(result.entries)
    stream.write(terminal(f"{result.id}: {count} commit{'' if count == 1 else 's'}") + "\n")
    for entry in result.entries:
        stream.write("\n" + commit_line(entry.commit) + "\n")
        stream.write("    " + terminal(_what(entry)) + "\n")
        for change in entry.fields:
            old, new = display_value(change.old), display_value(change.new)
            stream.write("    " + terminal(f"{change.path}: {old} → {new}") + "\n")
        for edge in entry.relations_added:
            stream.write("    " + terminal(f"+ relation {edge.type} → {edge.target}") + "\n")
        for edge in entry.relations_removed:
            stream.write("    " + terminal(f"- relation {edge.type} → {edge.target}") + "\n")
    if result.truncated:
        stream.write(f"\nnote: {CUT_NOTE}\n")


def _what(entry: Entry) -> str:
    if entry.op == "moved":
        return f"moved {entry.old_file} → {entry.file}"
    if entry.op == "present":
        return f"present in {entry.file} (the oldest commit of this shallow clone)"
    if entry.op == "renamed":
        return f"renamed from {entry.old_id} in {entry.file}"
    return f"{entry.op} in {entry.file}"


HISTORY_FORMATS: dict[str, Renderer] = {"text": render_text, "json": render_json}
