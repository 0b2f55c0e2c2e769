"""Every message names the value, the place and the expected form in the user's words — never
pydantic's, a regex, or the validator's text — and offers the name a typo was meant to be."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo, run_cli, run_json

ORG = """\
apiVersion: cmdbgit/v1
kind: Team
metadata: {id: team-a, name: Team A}
spec: {github: "@example/team-a", members: [p-alice]}
---
apiVersion: cmdbgit/v1
kind: Person
metadata: {id: p-alice, name: Alice}
spec: {email: alice@example.com, status: active}
"""


def _server(spec: str, *, head: str = "", extra: str = "") -> str:
    return (
        f"apiVersion: cmdbgit/v1\nkind: Server\nmetadata:\n  id: srv-1\n  owner: team-a\n{head}"
        f"spec:\n  hostname: srv-1\n{spec}{extra}"
    )


def _hardware(purchase: str) -> str:
    return (
        "apiVersion: cmdbgit/v1\nkind: HardwareAsset\nmetadata: {id: hw-1, owner: team-a}\n"
        f"spec:\n  serial: SN-1\n  purchase:\n{purchase}"
    )


def _problems(repo: GitRepo, text: str) -> list[dict[str, Any]]:
    repo.write("inventory/org.yaml", ORG)
    repo.write("inventory/doc.yaml", text)
    _, report = run_json("validate", repo=repo.path)
    return [p for p in report["problems"] if p["file"] == "inventory/doc.yaml"]


def _one(repo: GitRepo, text: str) -> tuple[str, str]:
    [problem] = _problems(repo, text)
    return problem["path"], problem["message"]


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        (
            _server("", head="  labels:\n    rack: 12\n"),
            "metadata.labels.rack",
            'label values are strings, found the integer 12: quote it, as rack: "12"',
        ),
        (
            _hardware("    cost: {amount: '1,200.00', currency: EUR}\n"),
            "spec.purchase.cost.amount",
            "the string '1,200.00' is not a plain decimal number such as 1200.00 (digits and "
            "a decimal point only): write 1200.00",
        ),
        (
            _hardware("    cost: {amount: '1200.00', currency: eur}\n"),
            "spec.purchase.cost.currency",
            "the string 'eur' is not an ISO 4217 currency code in capitals such as EUR: write EUR",
        ),
        (
            _hardware("    date: 15/03/2023\n"),
            "spec.purchase.date",
            "the string '15/03/2023' is not a date written YYYY-MM-DD, such as 2023-03-15",
        ),
        (
            _hardware("    cost: {amount: 1e400, currency: EUR}\n"),
            "spec.purchase.cost.amount",
            "the number is out of range: it is too large to be stored exactly",
        ),
        (
            _server("").replace("cmdbgit/v1", "cmdbgit/v2"),
            "apiVersion",
            "must be 'cmdbgit/v1', found the string 'cmdbgit/v2'",
        ),
        (
            _server('  cpu_cores: "four"\n'),
            "spec.cpu_cores",
            "expected an integer, found the string 'four'",
        ),
        (
            _server("  hostnme: x\n"),
            "spec.hostnme",
            "unknown field 'hostnme' (did you mean 'hostname'?)",
        ),
        (
            _server("").replace("kind: Server", "kind: Sever"),
            "kind",
            "unknown kind 'Sever' (did you mean 'Server'?)",
        ),
        (
            _server("").replace("kind: Server", "kind: server"),
            "kind",
            "unknown kind 'server' (did you mean 'Server'?)",
        ),
        (
            _server("", extra="relations:\n  - {type: depnds_on, target: srv-1}\n"),
            "relations[0].type",
            "unknown relation type 'depnds_on' (did you mean 'depends_on'?)",
        ),
        (
            _server("", head="  nme: x\n"),
            "metadata.nme",
            "unknown field 'nme' (did you mean 'name'?)",
        ),
        (
            _hardware("    date: 2023-01-01\n").replace("  serial: SN-1\n", "  serial: ''\n"),
            "spec.serial",
            "must not be empty",
        ),
        (
            _hardware("    date: 2023-01-01\n") + "  lifecycle: {status: deployd}\n",
            "spec.lifecycle.status",
            "the string 'deployd' is not one of: planned, ordered, in_stock, deployed, "
            "in_repair, retired, disposed; did you mean 'deployed'?",
        ),
    ],
)
def test_the_message_speaks_the_users_language(
    scaffold_repo: GitRepo, text: str, path: str, message: str
) -> None:
    assert _one(scaffold_repo, text) == (path, message)


def test_a_value_in_a_secret_field_is_never_shown(scaffold_repo: GitRepo) -> None:
    text = (
        _server("")
        .replace("kind: Server", "kind: Person")
        .replace(
            "  hostname: srv-1\n",
            "  email: c4n4ry-correct-horse-battery-staple\n  status: active\n",
        )
    )
    text = text.replace("email:", "password:") + "  email: also-not-an-email\n"
    problems = _problems(scaffold_repo, text)
    assert problems
    for problem in problems:
        assert "c4n4ry" not in problem["message"]
    emails = [p for p in problems if p["path"] == "spec.email"]
    assert emails and "'also-not-an-email' is not an email address" in emails[0]["message"]


def test_no_message_repeats_its_path(tmp_path: Path) -> None:
    """Over every invalid data case, in every text format: the path is shown once."""
    from tests.integration.test_data_cases import DATA, INVALID, materialise

    for name in INVALID:
        repo = materialise(DATA / "invalid" / name, tmp_path / name)
        _, report = run_json("validate", repo=repo)
        for problem in report["problems"]:
            path, message = problem["path"], problem["message"]
            if path:
                assert not message.startswith(path), (name, message)
                assert f"{path}:" not in message, (name, message)
                if "." in path or "[" in path:  # a top-level key names itself: 'specs'
                    assert f"'{path}'" not in message, (name, message)
        for fmt in ("text", "github", "markdown"):
            out = run_cli("validate", "--format", fmt, repo=repo).stdout
            for problem in report["problems"]:
                if problem["path"]:
                    doubled = f"{problem['path']}: {problem['path']}"
                    assert doubled not in out, (name, fmt)
                    assert problem["path"] in out, (name, fmt, "the path is shown")


def test_impact_suggests_the_id(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write("inventory/org.yaml", ORG)
    scaffold_repo.write("inventory/doc.yaml", _server(""))
    scaffold_repo.commit()
    result = run_cli("impact", "srv-2", repo=scaffold_repo.path)
    assert result.exit_code == 2
    assert "no document with id 'srv-2' (did you mean 'srv-1'?)" in result.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["vaildate"], "No such command 'vaildate'. Did you mean 'validate'?"),
        (["reprot"], "No such command 'reprot'. Did you mean 'report'?"),
        (["policy", "tset"], "No such command 'tset'. Did you mean 'test'?"),
        (["validate", "--fromat", "json"], "No such option '--fromat'. Did you mean '--format'?"),
        (["report", "licenses", "--fromat", "csv"], "Did you mean '--format'?"),
    ],
)
def test_commands_and_options_suggest(argv: list[str], message: str) -> None:
    result = run_cli(*argv)
    assert result.exit_code == 2
    assert message in result.stderr


def test_every_command_lists_the_common_options() -> None:
    from cmdbgit.cli.main import COMMANDS

    for argv in [[name] for name in COMMANDS] + [["policy", "test"], ["policy", "list"]]:
        out = run_cli(*argv, "--help").stdout
        # init judges nothing by date, so it does not offer --as-of
        wanted = (
            ("--repo", "--no-color") if argv == ["init"] else ("--repo", "--as-of", "--no-color")
        )
        for option in wanted:
            assert option in out, (argv, option)
    assert "--as-of" not in run_cli("init", "--help").stdout


def test_config_lists_every_mistake_with_its_line(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write(
        "cmdbgit.yaml",
        "base_brnach: main\npaths:\n  inventry: inv\nlimits:\n  max_depth: 0\n"
        "reports:\n  warranty_days: soon\n",
    )
    result = run_cli("validate", repo=scaffold_repo.path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "cmdbgit: error: cmdbgit.yaml:1:1: unknown field 'base_brnach' (did you mean "
        "'base_branch'?)",
        "cmdbgit: error: cmdbgit.yaml:3:3: paths: unknown field 'inventry' (did you mean "
        "'inventory'?)",
        "cmdbgit: error: cmdbgit.yaml:5:14: limits.max_depth: must be at least 1, found the "
        "integer 0",
        "cmdbgit: error: cmdbgit.yaml:7:18: reports.warranty_days: expected an integer, found "
        "the string 'soon'",
    ]
    assert "Input should" not in result.stderr


def test_a_policy_file_lists_every_mistake(scaffold_repo: GitRepo) -> None:
    scaffold_repo.write("inventory/org.yaml", ORG)
    head = "apiVersion: cmdbgit/v1\nkind: Policy\nmetadata: {id: ID, owner: team-a}\n"
    scaffold_repo.write(
        "policies/p.yaml",
        head.replace("ID", "p1")
        + "spec:\n  rule: max-age\n  severity: fatal\n  mach: {kinds: [Server]}\n---\n"
        + head.replace("ID", "p2")
        + "spec:\n  rule: warranty-vaild\n---\n"
        + head.replace("ID", "p3")
        + "spec:\n  rule: max-age\n  params: {month: 84}\n",
    )
    _, report = run_json("validate", repo=scaffold_repo.path)
    found = [(p["line"], p["path"], p["message"]) for p in report["problems"]]
    assert found == [
        (6, "spec.severity", "must be 'error', 'warning' or 'info', found the string 'fatal'"),
        (7, "spec.mach", "unknown field 'mach' (did you mean 'match'?)"),
        (13, "spec.rule", "unknown rule 'warranty-vaild' (did you mean 'warranty-valid'?)"),
        (20, "spec.params.months", "this required field is missing"),
        (20, "spec.params.month", "unknown field 'month' (did you mean 'months'?)"),
    ]
