from __future__ import annotations

from pathlib import Path

from tests.unit.policy.helpers import doc, policy, run


def _people() -> list[dict[str, object]]:
    return [
        doc("Person", "p-active", {"email": "a@example.com", "status": "active"}),
        doc("Person", "p-leaving", {"email": "l@example.com", "status": "leaving"}),
        doc("Person", "p-gone", {"email": "g@example.com", "status": "offboarded"}),
        doc("Team", "team-ok", {"members": ["p-gone", "p-active"]}),
        doc("Team", "team-leaving", {"members": ["p-leaving", "p-gone"]}),
        doc("Team", "team-none", {}),
        doc("Team", "team-ghosts", {"members": ["p-missing"]}),
    ]


def test_owning_team_needs_an_active_member(tmp_path: Path) -> None:
    docs = [
        doc("Server", "srv-ok", {"hostname": "a"}, owner="team-ok"),
        doc("Server", "srv-leaving", {"hostname": "b"}, owner="team-leaving"),
        doc("Server", "srv-none", {"hostname": "c"}, owner="team-none"),
        doc("Server", "srv-ghosts", {"hostname": "d"}, owner="team-ghosts"),
        doc("Server", "srv-dangling", {"hostname": "e"}, owner="team-missing"),
        doc("Server", "srv-person", {"hostname": "f"}, owner="p-active"),
    ]
    result = run(tmp_path, [*_people(), *docs], [policy("owners", "owner-active")])
    found = sorted((p.id, p.path, p.message) for p in result.problems if p.rule == "policy/owners")
    assert found == [
        (
            "srv-ghosts",
            "metadata.owner",
            "owning team 'team-ghosts' has no active member (none of its members is a known Person)",
        ),
        (
            "srv-leaving",
            "metadata.owner",
            "owning team 'team-leaving' has no active member (p-leaving: leaving; p-gone: offboarded)",
        ),
        (
            "srv-none",
            "metadata.owner",
            "owning team 'team-none' has no active member (it lists no members)",
        ),
    ]
    # Dangling owners and owners that are not teams belong to the core layers, once.
    assert {p.rule for p in result.problems if p.id in ("srv-dangling", "srv-person")} == {
        "dangling-reference",
        "owner",
    }
    [leaving] = [p for p in result.problems if p.id == "srv-leaving"]
    assert [r.id for r in leaving.related] == ["team-leaving"]


def test_statuses_param(tmp_path: Path) -> None:
    docs = [doc("Server", "srv-leaving", {"hostname": "b"}, owner="team-leaving")]
    owners = policy("owners", "owner-active", params={"statuses": ["active", "leaving"]})
    result = run(tmp_path, [*_people(), *docs], [owners])
    assert [p for p in result.problems if p.rule == "policy/owners"] == []
