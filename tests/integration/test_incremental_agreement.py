"""A judgement that reuses earlier verdicts (the document-local ones, ``store/verdicts.py``,
and the neighbours' ones, ``store/neighbours.py``) says exactly what a judgement from scratch
says, change after change: random edits, deletions, kind changes, duplicate ids, broken files
and new files of a small inventory, each judged both ways."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmdbgit.store import parse_cache as cache
from cmdbgit.store.memo import MEMO_FILE
from cmdbgit.store.neighbours import NEIGHBOURS_FILE
from tests.conftest import ROOT, cache_folder, run_cli

IDS = ["team-0", "team-1", "p-0", "p-1", "srv-0", "srv-1", "srv-2", "svc-0", "svc-1"]
#: Names that are never defined: a reference to one dangles.
TARGETS = [*IDS, "gone"]
KINDS = ["Team", "Person", "Server", "Service"]
RELATION_TYPES = ["depends_on", "hosted_on", "runs_on", "part_of", "bogus"]
FILES = [f"inventory/{ident}.yaml" for ident in IDS]


def _document(
    kind: str, ident: str, owner: str, relations: list[tuple[str, str]], ref: str | None
) -> str:
    """A document of ``kind`` whose references (owner, relations, one ``x-ref`` field where
    the kind has one, unless ``ref`` is None) name ``owner``, ``relations`` and ``ref``."""
    field = {"Team": "members: [{ref}], parent: {ref}", "Server": "asset: {ref}"}.get(kind)
    own = {
        "Team": [],
        "Person": [f"email: {ident}@example.org", "status: active"],
        "Server": [f"hostname: {ident}"],
        "Service": ["criticality: tier-2"],
    }[kind]
    spec = own + ([field.format(ref=ref)] if field and ref is not None else [])
    lines = [
        "apiVersion: cmdbgit/v1",
        f"kind: {kind}",
        f"metadata: {{id: {ident}, owner: {owner}}}",
        f"spec: {{{', '.join(spec)}}}",
    ]
    if relations:
        lines.append("relations:")
        lines += [f"  - {{type: {rtype}, target: {target}}}" for rtype, target in relations]
    return "\n".join(lines) + "\n"


documents = st.builds(
    _document,
    st.sampled_from(KINDS),
    st.sampled_from(IDS),
    st.sampled_from(TARGETS),
    st.lists(st.tuples(st.sampled_from(RELATION_TYPES), st.sampled_from(TARGETS)), max_size=2),
    st.sampled_from(TARGETS),
)
#: One change: a file written anew (an edit, a new kind or id, a duplicate), deleted, broken,
#: or a new file.
changes = st.one_of(
    st.tuples(st.sampled_from(FILES), documents),
    st.tuples(st.sampled_from(FILES), st.just(None)),
    st.tuples(st.sampled_from(FILES), st.just("kind: [unclosed\n")),
    st.tuples(st.sampled_from(["inventory/new-a.yaml", "inventory/new-b.yaml"]), documents),
)


def _start(repo: Path) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    for schema in sorted((ROOT / "schemas").iterdir()):
        (repo / "schemas").mkdir(exist_ok=True)
        (repo / "schemas" / schema.name).write_bytes(schema.read_bytes())
    (repo / "inventory").mkdir()
    for ident in IDS:  # a valid start: two teams, two people, servers and services
        kind = {"team": "Team", "p": "Person", "srv": "Server", "svc": "Service"}[
            ident.split("-")[0]
        ]
        relations = [("depends_on", "svc-0")] if ident == "svc-1" else []
        text = _document(kind, ident, "team-0", relations, None)
        (repo / f"inventory/{ident}.yaml").write_text(text)
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), *identity, "commit", "-qm", "start"], check=True)


def _validate(repo: Path, *args: str) -> dict[str, Any]:
    cache.forget_open_caches()
    result = run_cli("validate", "--format", "json", *args, repo=repo)
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    return {"problems": report["problems"], "summary": report["summary"]}


def _incremental(repo: Path) -> dict[str, Any]:
    """Judged again with every verdict kept but the remembered judgement (which would answer
    an unchanged tree without judging it)."""
    (cache_folder(repo) / MEMO_FILE).unlink(missing_ok=True)
    return _validate(repo)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(changes, min_size=5, max_size=5))
def test_reused_verdicts_judge_like_a_fresh_judgement(
    steps: list[tuple[str, str | None]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder)
        _start(repo)
        start = _incremental(repo)  # the verdicts every later judgement starts from
        assert start["summary"]["errors"] == 0
        assert (cache_folder(repo) / NEIGHBOURS_FILE).is_file()
        for path, text in steps:
            file = repo / path
            if text is None:
                file.unlink(missing_ok=True)
            else:
                file.write_text(text)
            assert _incremental(repo) == _validate(repo, "--no-cache"), (path, text)
