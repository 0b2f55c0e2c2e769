"""``cmdbgit import aws``: a real local AWS API (moto's server on 127.0.0.1) filled with boto3,
imported live with ``--endpoint-url``; and saved ``describe-instances`` JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import ROOT, GitRepo, run_cli

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

DATA = ROOT / "tests" / "data" / "import" / "aws"
CONFIG = """\
import:
  default_owner: team-platform
  aws:
    tags: {owner: Owner, env: Environment}
"""
ORG = """\
apiVersion: cmdbgit/v1
kind: Team
metadata: {id: team-platform, name: Platform}
---
apiVersion: cmdbgit/v1
kind: Team
metadata: {id: team-data, name: Data}
"""


@pytest.fixture
def repo(scaffold_repo: GitRepo) -> GitRepo:
    scaffold_repo.write("cmdbgit.yaml", CONFIG)
    scaffold_repo.write("inventory/org.yaml", ORG)
    scaffold_repo.commit("org")
    return scaffold_repo


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def fill(endpoint: str) -> dict[str, Any]:
    ec2 = boto3.client("ec2", endpoint_url=endpoint)
    rds = boto3.client("rds", endpoint_url=endpoint)
    ami = ec2.describe_images()["Images"][0]["ImageId"]
    tags = [{"Key": "Name", "Value": "web"}, {"Key": "Environment", "Value": "prod"}]
    web = ec2.run_instances(
        ImageId=ami,
        MinCount=2,
        MaxCount=2,
        InstanceType="t3.small",
        TagSpecifications=[
            {"ResourceType": "instance", "Tags": [*tags, {"Key": "Owner", "Value": "team-data"}]}
        ],
    )["Instances"]
    volume = ec2.create_volume(
        AvailabilityZone="eu-central-1a",
        Size=50,
        TagSpecifications=[
            {"ResourceType": "volume", "Tags": [{"Key": "Owner", "Value": "nobody"}]}
        ],
    )
    rds.create_db_instance(
        DBInstanceIdentifier="orders",
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        MasterUsername="admin",
        MasterUserPassword="c4n4ry-Sup3rS3cret!2026",
        AllocatedStorage=20,
        Tags=[{"Key": "Environment", "Value": "prod"}],
    )
    # Each instance has its root volume too, as in AWS.
    volumes = [v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]]
    assert volume["VolumeId"] in volumes and len(volumes) == 3
    return {"instances": [i["InstanceId"] for i in web], "volumes": volumes, "ec2": ec2}


def plan(repo: GitRepo, *args: str) -> tuple[int, dict[str, Any]]:
    result = run_cli("import", "aws", *args, "--format", "json", repo=repo.path)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_live_account_imports_and_validates(repo: GitRepo, aws: str) -> None:
    made = fill(aws)
    code, first = plan(repo, "--endpoint-url", aws)
    assert code == 1
    by_id = {n["id"]: n for n in first["new"]}
    account = by_id.pop("aws-123456789012")
    assert account["kind"] == "CloudSubscription"
    assert sorted(by_id) == sorted(
        [f"aws-{i}" for i in [*made["instances"], *made["volumes"]]] + ["aws-orders"]
    )
    web = by_id[f"aws-{made['instances'][0]}"]["fields"]
    assert web["spec.resource_type"] == "ec2:instance"
    assert web["spec.region"] == "eu-central-1"
    assert web["metadata.owner"] == "team-data"
    assert web["metadata.labels"] == {"env": "prod"}
    assert by_id["aws-orders"]["fields"]["spec.resource_type"] == "rds:db-instance"
    assert [p["message"] for p in first["problems"]] == [
        "metadata.owner: Team 'nobody' is neither in the input nor declared; left unset"
    ]
    text = run_cli("import", "aws", "--endpoint-url", aws, repo=repo.path)
    assert "c4n4ry" not in text.output

    written = run_cli("import", "aws", "--endpoint-url", aws, "--write", repo=repo.path)
    assert written.exit_code == 0, written.output
    assert run_cli("validate", repo=repo.path).exit_code == 0
    doc = (repo.path / f"inventory/cloud-resource/aws-{made['instances'][0]}.yaml").read_text()
    assert "owner: team-data\n" in doc and "env: prod" in doc
    repo.commit("imported")

    # One instance terminated (its root volume goes with it), one volume more: exactly that.
    ec2 = made["ec2"]
    ec2.terminate_instances(InstanceIds=[made["instances"][1]])
    extra = ec2.create_volume(AvailabilityZone="eu-central-1b", Size=10)["VolumeId"]
    gone = set(made["volumes"]) - {v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]}
    code, second = plan(repo, "--endpoint-url", aws)
    assert code == 1
    assert [n["id"] for n in second["new"]] == [f"aws-{extra}"]
    assert sorted(m["id"] for m in second["missing"]) == sorted(
        [f"aws-{made['instances'][1]}", *(f"aws-{v}" for v in gone)]
    )
    assert second["drifted"] == []


def test_saved_describe_instances(repo: GitRepo) -> None:
    code, saved = plan(repo, str(DATA / "describe-instances.json"))
    assert code == 1
    kinds = sorted(n["kind"] for n in saved["new"])
    assert kinds == ["CloudResource", "CloudResource", "CloudSubscription"]
    assert {n["fields"].get("metadata.owner") for n in saved["new"]} == {"team-platform", None}
    bad = run_cli("import", "aws", str(DATA / "README.md"), repo=repo.path)
    assert bad.exit_code == 2


def test_missing_extra_is_one_line_exit_2(repo: GitRepo) -> None:
    code = (
        "import sys; sys.modules['boto3'] = None\n"
        "from cmdbgit.cli.main import main\n"
        f"sys.argv = ['cmdbgit', '--repo', {str(repo.path)!r}, 'import', 'aws']\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "cmdbgit: error: the aws source needs boto3: pip install 'cmdbgit[aws]'"
    ]
