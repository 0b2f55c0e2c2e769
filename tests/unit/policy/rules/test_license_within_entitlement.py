from __future__ import annotations

from pathlib import Path

from tests.unit.policy.helpers import TEAM, doc, policy, run


def _person(ident: str, *licences: str) -> dict[str, object]:
    return doc(
        "Person",
        ident,
        {"email": f"{ident}@example.com", "status": "active"},
        relations=[("uses_license", lic) for lic in licences],
    )


def _server(ident: str, cores: int | None, *licences: str) -> dict[str, object]:
    spec: dict[str, object] = {"hostname": ident}
    if cores is not None:
        spec["cpu_cores"] = cores
    return doc("Server", ident, spec, relations=[("uses_license", lic) for lic in licences])


def _licence(ident: str, metric: str, quantity: int, **extra: object) -> dict[str, object]:
    return doc(
        "SoftwareLicense", ident, {"product": "x", "metric": metric, "quantity": quantity, **extra}
    )


def _found(
    tmp_path: Path, docs: list[dict[str, object]], **params: object
) -> dict[str | None, tuple[str | None, str]]:
    rule = policy(
        "lic", "license-within-entitlement", params=params, match={"kinds": ["SoftwareLicense"]}
    )
    result = run(tmp_path, [TEAM, *docs], [rule])
    return {p.id: (p.path, p.message) for p in result.problems if p.rule == "policy/lic"}


def test_each_metric(tmp_path: Path) -> None:
    docs = [
        _person("p1", "lic-user", "lic-site", "lic-device"),
        _person("p2", "lic-user", "lic-subscription"),
        _person("p3", "lic-user", "lic-subscription"),
        _server("s1", 16, "lic-core", "lic-device", "lic-site"),
        _server("s2", 8, "lic-core", "lic-device"),
        _server("s3", None, "lic-core"),
        _licence("lic-user", "user", 2),
        _licence("lic-device", "device", 2),  # the person is not a device: 2 of 2
        _licence("lic-core", "core", 20),
        _licence("lic-site", "site", 1),
        _licence("lic-subscription", "subscription", 1),
    ]
    assert _found(tmp_path, docs) == {
        "lic-user": ("spec.quantity", "3 users consumed, 2 entitled (1 over)"),
        "lic-core": (
            "spec.quantity",
            "24 cores consumed, 20 entitled (4 over); not counted, no cpu_cores: s3",
        ),
        "lic-subscription": ("spec.quantity", "2 subscriptions consumed, 1 entitled (1 over)"),
    }


def test_an_ended_term_entitles_nothing(tmp_path: Path) -> None:
    docs = [
        _person("p1", "lic-ended", "lic-current"),
        _licence("lic-ended", "user", 5, term={"start": "2023-07-01", "end": "2026-06-30"}),
        _licence("lic-current", "user", 5, term={"start": "2023-07-01", "end": "2026-11-27"}),
        _licence("lic-unused", "user", 5, term={"start": "2023-07-01", "end": "2026-06-30"}),
    ]
    assert _found(tmp_path, docs) == {
        "lic-ended": (
            "spec.term.end",
            "1 user consumed, 0 entitled (the term ended on 2026-06-30)",
        ),
    }


def test_relation_param(tmp_path: Path) -> None:
    docs = [_person("p1", "lic-user"), _person("p2", "lic-user"), _licence("lic-user", "user", 1)]
    assert list(_found(tmp_path, docs)) == ["lic-user"]
    assert _found(tmp_path, docs, relation="licensed_by") == {}
