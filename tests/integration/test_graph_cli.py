"""``cmdbgit graph``: whole graph and neighbourhoods in dot, mermaid, json and graphml."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import networkx as nx
import pytest

from tests.conftest import GitRepo, run_cli
from tests.integration.query_org import build


@pytest.fixture
def org(scaffold_repo: GitRepo) -> GitRepo:
    return build(scaffold_repo)


def graph_json(org: GitRepo, *args: str) -> dict[str, Any]:
    result = run_cli("graph", *args, "--format", "json", repo=org.path)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_whole_graph_json(org: GitRepo) -> None:
    data = graph_json(org)
    assert len(data["nodes"]) == 9
    assert {"id": "srv-1", "kind": "Server", "name": "Server one"} in data["nodes"]
    assert data["edges"] == [
        {"source": "app-web", "type": "part_of", "target": "svc-shop"},
        {"source": "app-web", "type": "runs_on", "target": "srv-1"},
        {"source": "end", "type": "depends_on", "target": "app-web"},
    ]


def test_neighbourhood_goes_both_ways_within_depth(org: GitRepo) -> None:
    one = graph_json(org, "app-web")
    assert {n["id"] for n in one["nodes"]} == {"app-web", "srv-1", "svc-shop", "end"}
    zero = graph_json(org, "srv-1", "--depth", "0")
    assert [n["id"] for n in zero["nodes"]] == ["srv-1"] and zero["edges"] == []
    two = graph_json(org, "srv-1", "--depth", "2")
    assert {n["id"] for n in two["nodes"]} == {"srv-1", "app-web", "svc-shop", "end"}
    assert {n["id"] for n in graph_json(org, "srv-1")["nodes"]} == {"srv-1", "app-web"}


def test_dot_structure_and_quoting(org: GitRepo) -> None:
    result = run_cli("graph", "--format", "dot", repo=org.path)
    text = result.stdout
    assert text.startswith("digraph cmdbgit {\n") and text.endswith("}\n")
    assert '"app-web" -> "srv-1" [label="runs_on"];' in text
    assert '"end" -> "app-web" [label="depends_on"];' in text
    # Every statement line is a quoted node or edge ending with ';' and balanced quotes.
    body = text.splitlines()[1:-1]
    for line in body:
        assert line.endswith(";"), line
        assert len(re.findall(r'(?<!\\)"', line)) % 2 == 0, line
    nodes = [line for line in body if re.match(r'^  "[^"]+" \[label=', line)]
    assert len(nodes) == 9


def test_dot_escapes_hostile_ids(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write(
        "inventory/t.yaml",
        'apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: "a\\"b\\\\", name: x}\n',
    )
    text = run_cli("graph", "--format", "dot", repo=scaffold_repo.path).stdout
    assert '  "a\\"b\\\\" [label="a\\"b\\\\\\nTeam"];' in text


def test_mermaid(org: GitRepo) -> None:
    result = run_cli("graph", "--format", "mermaid", repo=org.path)
    lines = result.stdout.splitlines()
    assert lines[0] == "flowchart LR"
    nodes = dict(re.findall(r'^  (n\d+)\["([^"]*)"\]$', result.stdout, re.MULTILINE))
    by_label = {label.split("<br/>")[0]: node for node, label in nodes.items()}
    assert len(nodes) == 9
    # 'end' is a Mermaid keyword: it must not be a node id.
    assert "end" in by_label and by_label["end"].startswith("n")
    edges = re.findall(r'^  (n\d+) -->\|"([^"]+)"\| (n\d+)$', result.stdout, re.MULTILINE)
    assert sorted(edges) == sorted(
        [
            (by_label["app-web"], "runs_on", by_label["srv-1"]),
            (by_label["app-web"], "part_of", by_label["svc-shop"]),
            (by_label["end"], "depends_on", by_label["app-web"]),
        ]
    )


def test_mermaid_escapes_labels(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write(
        "inventory/t.yaml",
        'apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: "x\\"]:::evil <b>#1;", name: x}\n',
    )
    text = run_cli("graph", "--format", "mermaid", repo=scaffold_repo.path).stdout
    assert '  n0["x#quot;]:::evil #lt;b#gt;#35;1;<br/>Team"]' in text


def test_graphml_parses(org: GitRepo) -> None:
    result = run_cli("graph", "app-web", "--format", "graphml", repo=org.path)
    graph = nx.read_graphml(io.BytesIO(result.stdout.encode("utf-8")))
    assert set(graph.nodes) == {"app-web", "srv-1", "svc-shop", "end"}
    assert graph.nodes["srv-1"]["kind"] == "Server"
    types = sorted((s, d["type"], t) for s, t, d in graph.edges(data=True))
    assert ("app-web", "runs_on", "srv-1") in types and len(types) == 3


def test_dangling_target_is_a_missing_node(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write(
        "inventory/a.yaml",
        "apiVersion: cmdbgit/v1\nkind: Team\nmetadata: {id: t}\n---\n"
        "apiVersion: cmdbgit/v1\nkind: Application\nmetadata: {id: a, owner: t}\n"
        "relations: [{type: runs_on, target: ghost}]\n",
    )
    data = json.loads(run_cli("graph", "--format", "json", repo=scaffold_repo.path).stdout)
    assert {"id": "ghost", "kind": None, "name": None} in data["nodes"]
    dot = run_cli("graph", "--format", "dot", repo=scaffold_repo.path).stdout
    assert '"ghost" [label="ghost\\nmissing", style=dashed];' in dot


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "no document with id 'nope'"),
        (["--depth", "2"], "--depth needs an ID"),
        (["srv-1", "--depth", "-1"], "--depth must be 0 or more"),
    ],
)
def test_bad_input(org: GitRepo, args: list[str], message: str) -> None:
    result = run_cli("graph", *args, repo=org.path)
    assert result.exit_code == 2
    assert message in result.stderr
