"""The field-path grammar of SPEC §7, one case per rule."""

from __future__ import annotations

from typing import Any

from cmdbgit.diff.fields import document_fields
from cmdbgit.diff.redact import REDACTED


def _doc(**spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "cmdbgit/v1",
        "kind": "Server",
        "metadata": {"id": "srv-01", "owner": "team-a"},
        "spec": spec,
    }


def _paths(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    return [(f.path, f.old, f.new) for f in document_fields(old, new)]


def test_dotted_keys() -> None:
    old = _doc(os={"product": "ubuntu", "version": "20.04"})
    new = _doc(os={"product": "ubuntu", "version": "22.04"})
    assert _paths(old, new) == [("spec.os.version", "20.04", "22.04")]


def test_added_and_removed_keys_have_none_on_the_missing_side() -> None:
    assert _paths(_doc(ip="10.0.0.1"), _doc(cpu_cores=4)) == [
        ("spec.cpu_cores", None, 4),
        ("spec.ip", "10.0.0.1", None),
    ]


def test_scalar_list_items_by_index_with_insertions_aligned() -> None:
    old = _doc(members=["p-a", "p-b", "p-c"])
    assert _paths(old, _doc(members=["p-a", "p-b", "p-x"])) == [("spec.members[2]", "p-c", "p-x")]
    # Removing the first member is one change, not a shift of every later index.
    assert _paths(old, _doc(members=["p-b", "p-c"])) == [("spec.members[0]", "p-a", None)]
    assert _paths(old, _doc(members=["p-a", "p-b", "p-c", "p-d"])) == [
        ("spec.members[3]", None, "p-d")
    ]


def test_mapping_list_items_by_identity_key() -> None:
    old = _doc(versions=[{"version": "22.04", "eol": "2027-04-01"}, {"version": "20.04"}])
    new = _doc(versions=[{"version": "20.04"}, {"version": "22.04", "eol": "2032-04-01"}])
    # Reordering identified items is no change; the edited one is named by its identity.
    assert _paths(old, new) == [("spec.versions[version=22.04].eol", "2027-04-01", "2032-04-01")]


def test_identity_key_that_matches_most_items_wins() -> None:
    old = _doc(software=[{"product": "java", "version": "17"}])
    new = _doc(software=[{"product": "java", "version": "21"}])
    assert _paths(old, new) == [("spec.software[product=java].version", "17", "21")]


def test_identified_items_added_and_removed_whole() -> None:
    old = _doc(versions=[{"version": "1"}])
    new = _doc(versions=[{"version": "2"}])
    assert _paths(old, new) == [
        ("spec.versions[version=2]", None, {"version": "2"}),
        ("spec.versions[version=1]", {"version": "1"}, None),
    ]


def test_mapping_items_without_identity_by_index() -> None:
    old = _doc(disks=[{"size": 1}, {"size": 2}])
    new = _doc(disks=[{"size": 1}, {"size": 3}])
    assert _paths(old, new) == [("spec.disks[1].size", 2, 3)]


def test_kind_change_is_a_changed_field() -> None:
    new = {**_doc(), "kind": "Endpoint"}
    assert _paths(_doc(), new) == [("kind", "Server", "Endpoint")]


def test_relations_are_never_fields() -> None:
    old = {**_doc(), "relations": [{"type": "runs_on", "target": "a"}]}
    new = {**_doc(), "relations": [{"type": "runs_on", "target": "b"}]}
    assert _paths(old, new) == []


def test_types_are_compared_strictly() -> None:
    assert _paths(_doc(virtual=True), _doc(virtual=1)) == [("spec.virtual", True, 1)]
    assert _paths(_doc(x={"a": 1}), _doc(x={"a": 1.0})) == [("spec.x.a", 1, 1.0)]


def test_keys_that_are_not_words_are_quoted() -> None:
    old = {**_doc(), "metadata": {"id": "srv-01", "labels": {"app.kubernetes.io/name": "a"}}}
    new = {**_doc(), "metadata": {"id": "srv-01", "labels": {"app.kubernetes.io/name": "b"}}}
    assert _paths(old, new) == [('metadata.labels["app.kubernetes.io/name"]', "a", "b")]


def test_secrets_are_redacted_by_name_and_by_shape() -> None:
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    old = {**_doc(), "metadata": {"id": "s", "annotations": {"db_password": "hunter2"}}}
    new = {**_doc(), "metadata": {"id": "s", "annotations": {"db_password": "hunter3"}}}
    # Compared before redaction: a changed password is still a change.
    assert _paths(old, new) == [("metadata.annotations.db_password", REDACTED, REDACTED)]
    assert _paths(_doc(note="x"), _doc(note=token)) == [("spec.note", "x", REDACTED)]
    nested = _paths(_doc(), _doc(creds={"api_key": "k", "user": "bob"}))
    assert nested == [("spec.creds", None, {"api_key": REDACTED, "user": "bob"})]
    listed = _paths(_doc(secret=["a"]), _doc(secret=["a", "b"]))
    assert listed == [("spec.secret[1]", None, REDACTED)]


def test_serials_and_ordinary_values_are_shown() -> None:
    serial = "Zx8Qp2Lm9Rt4Vw7Yb3Nc6Kd1Hf5Gj0Sa2Ue8Io4"  # random-looking, but a serial
    assert _paths(_doc(serial="a"), _doc(serial=serial)) == [("spec.serial", "a", serial)]
    assert _paths(_doc(hostname="a"), _doc(hostname="b")) == [("spec.hostname", "a", "b")]
