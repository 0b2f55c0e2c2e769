"""Output formats of ``graph``: ``dot`` (Graphviz), ``mermaid`` (renders in GitHub markdown),
``json`` and ``graphml`` (yEd, Gephi, graph databases).

Ids and names come from documents, so every format escapes them for its own syntax: DOT gets
quoted strings, Mermaid gets generated node ids (``n0``, ``n1`` …, immune to reserved words
such as ``end``) with quoted, entity-escaped labels. The text formats (and GraphML, which XML
could not carry them in) show control, bidi and separator characters as ``\\uXXXX``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, TextIO

import networkx as nx

from cmdbgit.export.inventory_graph import Graph
from cmdbgit.model.redact import terminal
from cmdbgit.output.json_format import dumps

Renderer = Callable[[Graph, str | None, TextIO], None]


def _nodes(graph: Graph) -> list[tuple[str, dict[str, Any]]]:
    return sorted(((str(n), dict(graph.nodes[n])) for n in graph.nodes), key=lambda item: item[0])


def _edges(graph: Graph) -> list[tuple[str, str, str]]:
    return sorted((str(s), str(data["type"]), str(t)) for s, t, data in graph.edges(data=True))


def _label(ident: str, data: dict[str, Any]) -> str:
    return f"{terminal(ident)}\n{terminal(data['kind'] or 'missing')}"


def dot_string(value: str) -> str:
    """A DOT quoted string: in DOT only ``\\"`` is an escape inside quotes, so a trailing
    backslash would swallow the closing quote; doubling backslashes keeps it literal, and
    line breaks become Graphviz's ``\\n``."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def render_dot(graph: Graph, root: str | None, stream: TextIO) -> None:
    stream.write("digraph cmdbgit {\n  rankdir=LR;\n  node [shape=box, fontname=Helvetica];\n")
    for ident, data in _nodes(graph):
        attrs = [f"label={dot_string(_label(ident, data))}"]
        if data.get("missing"):
            attrs.append("style=dashed")
        if ident == root:
            attrs.append("penwidth=2")
        stream.write(f"  {dot_string(terminal(ident))} [{', '.join(attrs)}];\n")
    for source, kind, target in _edges(graph):
        ends = f"{dot_string(terminal(source))} -> {dot_string(terminal(target))}"
        stream.write(f"  {ends} [label={dot_string(terminal(kind))}];\n")
    stream.write("}\n")


def mermaid_text(value: str) -> str:
    """Text inside a quoted Mermaid label: Mermaid has no backslash escapes, only entity
    codes (``#quot;``); ``#`` itself goes first so it cannot start a fake entity."""
    out = value.replace("#", "#35;")
    for char, code in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;")):
        out = out.replace(char, code)
    return terminal(out.replace("\r", " ").replace("\n", " "))


def render_mermaid(graph: Graph, root: str | None, stream: TextIO) -> None:
    stream.write("flowchart LR\n")
    names: dict[str, str] = {}
    for index, (ident, data) in enumerate(_nodes(graph)):
        names[ident] = f"n{index}"
        label = f"{mermaid_text(ident)}<br/>{mermaid_text(data['kind'] or 'missing')}"
        stream.write(f'  n{index}["{label}"]\n')
    for source, kind, target in _edges(graph):
        stream.write(f'  {names[source]} -->|"{mermaid_text(kind)}"| {names[target]}\n')
    if root is not None:
        stream.write(f"  style {names[root]} stroke-width:3px\n")


def graph_json(graph: Graph, root: str | None) -> dict[str, Any]:
    return {
        "root": root,
        "nodes": [
            {"id": ident, "kind": data["kind"] or None, "name": data["name"] or None}
            for ident, data in _nodes(graph)
        ],
        "edges": [{"source": s, "type": k, "target": t} for s, k, t in _edges(graph)],
    }


def render_json(graph: Graph, root: str | None, stream: TextIO) -> None:
    stream.write(dumps(graph_json(graph, root)) + "\n")


def render_graphml(graph: Graph, root: str | None, stream: TextIO) -> None:
    safe: Graph = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        safe.add_node(terminal(node), **{k: _safe(v) for k, v in data.items()})
    for source, target, key, data in graph.edges(keys=True, data=True):
        attrs = {k: _safe(v) for k, v in data.items()}
        safe.add_edge(terminal(source), terminal(target), key=terminal(key), **attrs)
    buffer = io.BytesIO()
    nx.write_graphml(safe, buffer, encoding="utf-8", prettyprint=True)
    stream.write(buffer.getvalue().decode("utf-8"))


def _safe(value: Any) -> Any:
    return terminal(value) if isinstance(value, str) else value


GRAPH_FORMATS: dict[str, Renderer] = {
    "dot": render_dot,
    "mermaid": render_mermaid,
    "json": render_json,
    "graphml": render_graphml,
}
