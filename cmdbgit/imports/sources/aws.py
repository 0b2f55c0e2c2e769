"""``aws``: EC2 instances, EBS volumes and RDS instances of one AWS account and region.

Live through boto3 (the optional extra ``cmdbgit[aws]``; credentials and region from the
environment as the AWS CLI takes them; ``--endpoint-url`` for a local API), or from saved
``aws ec2 describe-instances`` / ``describe-volumes`` / ``aws rds describe-db-instances``
JSON. Each becomes a CloudResource (``resource_type`` ``ec2:instance``, ``ec2:volume``,
``rds:db-instance``), and the account a CloudSubscription. ``import.aws.tags`` says which tag
is what: ``owner`` names the owning Team, any other key becomes that label.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cmdbgit.errors import UsageError
from cmdbgit.imports.jsonfile import read_json, text
from cmdbgit.imports.naming import slug
from cmdbgit.imports.observed import InputError, Observed, Reading
from cmdbgit.imports.sources import ReadContext, files_in

NAME = "aws"
SUMMARY = "EC2 instances, EBS volumes, RDS instances (boto3, or saved describe-* JSON)"
OWNS: tuple[str, ...] = ("spec.provider", "spec.account", "spec.region", "spec.resource_type")
_LISTS = {"Reservations": "instances", "Volumes": "volumes", "DBInstances": "databases"}


def read(inputs: list[Path], context: ReadContext) -> Reading:
    records: dict[str, list[tuple[str, dict[str, Any]]]] = {k: [] for k in _LISTS.values()}
    account: str | None = None
    if inputs:
        for path in files_in(inputs, (".json",)):
            data = read_json(path)
            found = [key for key in _LISTS if isinstance(data, dict) and key in data]
            if not found or not isinstance(data[found[0]], list):
                raise InputError(
                    str(path),
                    "expected describe-instances, describe-volumes or describe-db-instances JSON",
                )
            for number, record in enumerate(_flatten(found[0], data[found[0]]), start=1):
                records[_LISTS[found[0]]].append((f"{path.name}#{number}", record))
                account = account or text(record.get("OwnerId"))
    else:
        account = _live(context.url, records)
    mapper = _Mapper(context.source.tags, account)
    for kind, items in records.items():
        for origin, record in items:
            getattr(mapper, kind)(origin, record)
    return mapper.out


def _flatten(key: str, listed: list[Any]) -> list[dict[str, Any]]:
    """Instances sit in reservations; the reservation's OwnerId is the account."""
    if key != "Reservations":
        return [r for r in listed if isinstance(r, dict)]
    out = []
    for reservation in listed:
        if not isinstance(reservation, dict):
            continue
        for instance in reservation.get("Instances") or []:
            if isinstance(instance, dict):
                out.append({"OwnerId": reservation.get("OwnerId"), **instance})
    return out


def _live(endpoint: str | None, records: dict[str, list[tuple[str, dict[str, Any]]]]) -> str:
    try:
        import boto3
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:
        raise UsageError("the aws source needs boto3: pip install 'cmdbgit[aws]'") from None
    try:
        session = boto3.session.Session()
        if session.region_name is None:
            raise UsageError("set AWS_REGION (or AWS_DEFAULT_REGION) for the aws source")
        clients = {
            name: session.client(name, endpoint_url=endpoint) for name in ("sts", "ec2", "rds")
        }
        account = str(clients["sts"].get_caller_identity()["Account"])
        pages = clients["ec2"].get_paginator("describe_instances").paginate()
        for page in pages:
            for record in _flatten("Reservations", page.get("Reservations", [])):
                records["instances"].append((f"ec2 {record.get('InstanceId')}", record))
        for page in clients["ec2"].get_paginator("describe_volumes").paginate():
            for record in page.get("Volumes", []):
                records["volumes"].append((f"ebs {record.get('VolumeId')}", record))
        for page in clients["rds"].get_paginator("describe_db_instances").paginate():
            for record in page.get("DBInstances", []):
                ident = record.get("DBInstanceIdentifier")
                records["databases"].append((f"rds {ident}", record))
    except (BotoCoreError, ClientError) as exc:
        raise UsageError(f"cannot read AWS: {str(exc).splitlines()[0]}") from None
    return account


class _Mapper:
    def __init__(self, tags: dict[str, str], account: str | None) -> None:
        self.tags = tags
        self.account = account
        self.out = Reading()
        if account:
            self.out.items.append(
                Observed(
                    "CloudSubscription",
                    f"aws-{slug(account)}",
                    f"account {account}",
                    {
                        "metadata.name": f"AWS account {account}",
                        "spec.provider": "aws",
                        "spec.account": account,
                    },
                )
            )

    def add(self, origin: str, resource_type: str, ident: str, zone: Any, tags: Any) -> None:
        region = _region(zone)
        values = _tags(tags)
        fields: dict[str, Any] = {
            "metadata.name": values.get("Name") or ident,
            "spec.provider": "aws",
            "spec.account": self.account,
            "spec.region": region,
            "spec.resource_type": resource_type,
            "spec.resource_id": ident,
        }
        item = Observed("CloudResource", f"aws-{ident}", origin)
        item.fields = {k: v for k, v in fields.items() if v is not None}
        labels = {
            label: values[tag]
            for label, tag in self.tags.items()
            if label != "owner" and tag in values
        }
        if labels:
            item.fields["metadata.labels"] = labels
        owner = values.get(self.tags.get("owner", ""))
        if owner:
            item.links["metadata.owner"] = ("Team", "metadata.id", owner)
        self.out.items.append(item)

    def instances(self, origin: str, record: dict[str, Any]) -> None:
        ident = text(record.get("InstanceId"))
        if ident is None:
            raise InputError(origin, "an instance without InstanceId")
        if (record.get("State") or {}).get("Name") == "terminated":
            return  # gone: seen no more, so missing if it was imported before
        zone = (record.get("Placement") or {}).get("AvailabilityZone")
        self.add(origin, "ec2:instance", ident, zone, record.get("Tags"))

    def volumes(self, origin: str, record: dict[str, Any]) -> None:
        ident = text(record.get("VolumeId"))
        if ident is None:
            raise InputError(origin, "a volume without VolumeId")
        self.add(origin, "ec2:volume", ident, record.get("AvailabilityZone"), record.get("Tags"))

    def databases(self, origin: str, record: dict[str, Any]) -> None:
        ident = text(record.get("DBInstanceIdentifier"))
        if ident is None:
            raise InputError(origin, "a DB instance without DBInstanceIdentifier")
        zone = record.get("AvailabilityZone")
        self.add(origin, "rds:db-instance", ident, zone, record.get("TagList"))


def _region(zone: Any) -> str | None:
    """``eu-central-1a`` -> ``eu-central-1``."""
    if not isinstance(zone, str) or not zone:
        return None
    return zone[:-1] if zone[-1].isalpha() else zone


def _tags(tags: Any) -> dict[str, str]:
    if not isinstance(tags, list):
        return {}
    return {
        t["Key"]: t["Value"]
        for t in tags
        if isinstance(t, dict) and isinstance(t.get("Key"), str) and isinstance(t.get("Value"), str)
    }
