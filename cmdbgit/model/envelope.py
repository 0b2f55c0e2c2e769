"""The document envelope (docs/format.md) as a pydantic model.

Only the envelope lives here; ``spec`` is validated by the kind's JSON Schema file.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

import jsonschema_rs
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, field_validator

from cmdbgit.model.redact import redact
from cmdbgit.model.schema_messages import KNOWN_FORMATS, found, type_words
from cmdbgit.model.suggest import did_you_mean

API_VERSION = "cmdbgit/v1"
ID_MAX = 128
ID_PATTERN = r"^[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?$"
ID_RE = re.compile(ID_PATTERN)

DocumentId = Annotated[StrictStr, Field(pattern=ID_PATTERN)]


class _Closed(BaseModel):
    # strict: YAML 1.2 already typed every scalar; no coercion of 1 to "1".
    model_config = ConfigDict(extra="forbid", strict=True)


class Metadata(_Closed):
    id: DocumentId
    name: StrictStr | None = None
    owner: StrictStr | None = None
    labels: dict[StrictStr, StrictStr] = {}
    annotations: dict[StrictStr, StrictStr] = {}
    last_verified: StrictStr | None = None

    @field_validator("last_verified")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None and not is_iso_date(value):
            raise ValueError("expected a date YYYY-MM-DD")
        return value


def is_iso_date(value: str) -> bool:
    """True for a real calendar date written YYYY-MM-DD."""
    if len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


class RelationEntry(_Closed):
    type: StrictStr
    target: StrictStr


class Envelope(_Closed):
    apiVersion: StrictStr
    kind: StrictStr
    metadata: Metadata
    spec: dict[StrictStr, Any] | None = None
    relations: list[RelationEntry] = []

    @field_validator("apiVersion")
    @classmethod
    def _api_version(cls, value: str) -> str:
        if value != API_VERSION:
            raise ValueError(f"apiVersion must be {API_VERSION!r}")
        return value


_TEXT = {"type": "string"}
_TEXT_OR_NULL = {"type": ["string", "null"]}
_TEXT_MAP = {"type": "object", "additionalProperties": _TEXT}
#: The envelope models above as one JSON Schema, for jsonschema-rs: a pre-check that accepts no
#: document the models reject (``last_verified`` is then checked in Python, to the same
#: ``is_iso_date``), so a document it accepts needs no pydantic pass — 4x faster over 10^5
#: documents. Anything it refuses goes through pydantic for the exact messages. The editor
#: schemas (``schema export``) embed the same dict, so editor and validator agree.
ENVELOPE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata"],
    "additionalProperties": False,
    "properties": {
        "apiVersion": {"const": API_VERSION},
        "kind": _TEXT,
        "metadata": {
            "type": "object",
            "required": ["id"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string", "pattern": ID_PATTERN},
                "name": _TEXT_OR_NULL,
                "owner": _TEXT_OR_NULL,
                "labels": _TEXT_MAP,
                "annotations": _TEXT_MAP,
                "last_verified": _TEXT_OR_NULL,
            },
        },
        "spec": {"type": ["object", "null"]},
        "relations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "target"],
                "additionalProperties": False,
                "properties": {"type": _TEXT, "target": _TEXT},
            },
        },
    },
}
_PRECHECK = jsonschema_rs.validator_for(ENVELOPE_SCHEMA)


def _passes_precheck(data: dict[str, Any]) -> bool:
    if not _PRECHECK.is_valid(data):
        return False
    verified = data["metadata"].get("last_verified")
    return verified is None or is_iso_date(verified)


def envelope_errors(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """(path, message) for each envelope violation; empty when the envelope is well-formed."""
    if _passes_precheck(data):
        return []
    try:
        Envelope.model_validate(data)
    except ValidationError as exc:
        out: list[tuple[tuple[str | int, ...], str]] = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            out.append((loc, _message(loc, error)))
        return out
    return []


def key_problem(message: str) -> bool:
    """True for a message about a key (located on the key, not on its value). Keys that are
    not strings never get here: the YAML layer refuses them."""
    return message.startswith("unknown field")


#: The fields each part of the envelope may have, for did-you-mean.
_FIELDS: dict[int, tuple[str, ...]] = {
    1: tuple(Envelope.model_fields),
    2: tuple(Metadata.model_fields),
    3: tuple(RelationEntry.model_fields),
}


def _message(loc: tuple[str | int, ...], error: Any) -> str:
    """Pathless: every output shows the path beside the message."""
    kind = error["type"]
    value = error.get("input")
    where = ".".join(str(p) for p in loc)
    if kind == "missing":
        return "this required field is missing"
    if kind == "extra_forbidden":
        known = _FIELDS[len(loc)] if loc[:1] != ("relations",) else _FIELDS[3]
        return f"unknown field {redact(loc[-1])}{did_you_mean(str(loc[-1]), known)}"
    if loc[:1] == ("apiVersion",):
        return f"must be {API_VERSION!r}, found {found(value, where)}"
    if kind == "string_pattern_mismatch" and loc[-1:] == ("id",):
        if isinstance(value, str) and len(value) > ID_MAX:
            # Never the whole id: it may be a megabyte long, or a secret on the wrong line.
            return f"the id is {len(value):,} characters long; an id has at most {ID_MAX}"
        return (
            f"{found(value, where)} is not a valid id: use lower-case letters, digits, '.', "
            "'_' and '-', starting and ending with a letter or digit (at most 128 characters)"
        )
    if loc[-1:] == ("last_verified",) and kind == "value_error":
        return f"{found(value, where)} is not {KNOWN_FORMATS['date']}"
    if kind == "string_type" and len(loc) == 3 and loc[1] in ("labels", "annotations"):
        noun = "label" if loc[1] == "labels" else "annotation"
        if isinstance(value, int | float | bool):
            return (
                f"{noun} values are strings, found {found(value, where)}: quote it, as "
                f"{_name(loc[2])}: {_quoted(value, where)}"
            )
        return f"{noun} values are strings, found {found(value, where)}"
    if kind in ("string_type", "dict_type", "model_type", "list_type"):
        wanted = {"string_type": "string", "list_type": "array"}.get(kind, "object")
        return f"expected {type_words(wanted)}, found {found(value, where)}"
    return f"{found(value, where)} is not allowed here"


def _name(key: object) -> str:
    """A label name as the author wrote it, unprintable characters escaped, cut at 80."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(key))
    return text if len(text) <= 80 else text[:79] + "…"


def _quoted(value: object, path: str) -> str:
    """A number or boolean as its quoted YAML string: ``12`` -> ``"12"``."""
    return f'"{redact(value, path)}"'
