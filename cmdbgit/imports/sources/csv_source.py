"""``csv``: any spreadsheet export, with a mapping file that says what each column is.

The mapping (YAML, ``--mapping FILE`` or ``import.csv.mapping``)::

    kind: HardwareAsset
    source: procurement          # the name on annotations and in the plan (default: csv)
    id: "hw-{Serial}"            # new ids from columns, made id-safe
    name: "{Model} ({Asset Tag})"
    delimiter: ";"               # default: a comma
    decimal: ","                 # decimal commas in numbers and amounts
    owns: [spec.purchase, spec.warranty]   # default: every mapped field
    columns:
      Serial: spec.serial
      Asset Tag: spec.asset_tag
      Purchase Date: {field: spec.purchase.date, date_format: "%d/%m/%Y"}
      Purchase Cost: {field: spec.purchase.cost, currency: EUR}
      Cost Currency: {field: spec.purchase.cost.currency}
      Status: {field: spec.lifecycle.status, values: {Deployed: deployed, "Ready to Deploy": in_stock}}
      CPU cores: {field: spec.cpu_cores, type: integer}

A column's value is a string unless it says ``type`` (integer, number, boolean), a
``date_format`` (the cell is a date, written ``YYYY-MM-DD``) or a ``currency`` (the cell is an
amount: ``{amount, currency}``). An empty cell sets nothing. Every error names the file and the
row (``assets.csv:14``).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cmdbgit.errors import UsageError
from cmdbgit.imports.naming import slug
from cmdbgit.imports.observed import InputError, Observed, Reading
from cmdbgit.imports.sources import ReadContext, files_in
from cmdbgit.model.config import Limits
from cmdbgit.parse.loader import load_file

NAME = "csv"
SUMMARY = "rows of a spreadsheet export (procurement register, Snipe-IT) with --mapping FILE"
OWNS: tuple[str, ...] = ()  # the mapping's fields: see Mapping.owned
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_MAX_BYTES = 64 * 1024 * 1024


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnSpec(_Closed):
    field: str
    type: str = Field(default="string", pattern="^(string|integer|number|boolean)$")
    date_format: str | None = None
    currency: str | None = Field(default=None, pattern="^[A-Z]{3}$")
    values: dict[str, Any] | None = None


class Mapping(_Closed):
    kind: str
    source: str = NAME
    id: str
    name: str | None = None
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    decimal: str = Field(default=".", pattern=r"^[.,]$")
    owns: tuple[str, ...] | None = None
    columns: dict[str, str | ColumnSpec]

    def specs(self) -> dict[str, ColumnSpec]:
        return {
            column: spec if isinstance(spec, ColumnSpec) else ColumnSpec(field=spec)
            for column, spec in self.columns.items()
        }

    def owned(self) -> tuple[str, ...]:
        if self.owns is not None:
            return self.owns
        return tuple(sorted({_money_root(s) for s in self.specs().values()}))


def _money_root(spec: ColumnSpec) -> str:
    return spec.field.removesuffix(".currency").removesuffix(".amount")


def read(inputs: list[Path], context: ReadContext) -> Reading:
    mapping_path = context.mapping
    if mapping_path is None:
        raise UsageError("import csv needs a mapping: --mapping FILE (see `cmdbgit import --help`)")
    mapping = load_mapping(mapping_path)
    reading = Reading(owns=mapping.owned(), name=mapping.source)
    specs = mapping.specs()
    for path in files_in(inputs, (".csv", ".tsv", ".txt")):
        rows = _rows(path, mapping.delimiter)
        header = rows[0] if rows else []
        unknown = [c for c in specs if c not in header]
        if unknown:
            raise InputError(
                f"{path}:1", f"no column {unknown[0]!r} (the header has: {', '.join(header)})"
            )
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            where = f"{path}:{number}"
            cells = dict(zip(header, row, strict=False))
            fields = _fields(cells, specs, mapping, where)
            ident = slug(_fill(mapping.id, cells, where))
            if mapping.name:
                fields["metadata.name"] = _fill(mapping.name, cells, where)
            reading.items.append(Observed(mapping.kind, ident, where, fields))
    return reading


def load_mapping(path: Path) -> Mapping:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or 'cannot be read'}") from None
    loaded = load_file(str(path), raw, Limits())
    errors = [p for p in loaded.problems if p.severity == "error"]
    if errors:
        first = errors[0]
        raise UsageError(f"{path}:{first.line}:{first.column}: {first.message}")
    if len(loaded.documents) != 1:
        raise UsageError(f"{path}: expected one YAML document, the mapping")
    try:
        return Mapping.model_validate(loaded.documents[0].data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in error["loc"]) or "(top level)"
        raise UsageError(f"{path}: {where}: {error['msg']}") from None


def _rows(path: Path, delimiter: str) -> list[list[str]]:
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise InputError(str(path), f"larger than {_MAX_BYTES // 2**20} MiB")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(str(path), exc.strerror or "cannot be read") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}:byte {exc.start + 1}", "not UTF-8 text") from None
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise InputError(str(path), f"not CSV ({exc})") from None


def _fill(template: str, cells: dict[str, str], where: str) -> str:
    def cell(match: re.Match[str]) -> str:
        column = match.group(1)
        if column not in cells:
            raise InputError(where, f"the template {template!r} names no column {column!r}")
        return cells[column].strip()

    return _PLACEHOLDER.sub(cell, template)


def _fields(
    cells: dict[str, str], specs: dict[str, ColumnSpec], mapping: Mapping, where: str
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for column, spec in specs.items():
        raw = cells.get(column, "").strip()
        if not raw:
            continue
        value = _value(raw, spec, mapping, f"{where} ({column})")
        if spec.currency:
            fields[f"{spec.field}.amount"] = value
            fields.setdefault(f"{spec.field}.currency", spec.currency)
        else:
            fields[spec.field] = value
    return fields


def _value(raw: str, spec: ColumnSpec, mapping: Mapping, where: str) -> Any:
    if spec.values is not None:
        if raw not in spec.values:
            known = ", ".join(repr(v) for v in spec.values)
            raise InputError(where, f"{raw!r} is not one of the mapped values ({known})")
        return spec.values[raw]
    if spec.date_format:
        try:
            return datetime.strptime(raw, spec.date_format).date().isoformat()
        except ValueError:
            raise InputError(
                where, f"{raw!r} is not a date in the form {spec.date_format}"
            ) from None
    if spec.currency or spec.type in ("integer", "number"):
        number = _number(raw, mapping.decimal, where)
        if spec.type == "integer":
            if number != number.to_integral_value():
                raise InputError(where, f"{raw!r} is not a whole number")
            return int(number)
        # Amounts are written as text with their digits ("1200.00"): never a float's rounding.
        return format(number, "f") if spec.currency else float(number)
    if spec.type == "boolean":
        lowered = raw.lower()
        if lowered in ("true", "yes", "1", "y"):
            return True
        if lowered in ("false", "no", "0", "n"):
            return False
        raise InputError(where, f"{raw!r} is not yes or no")
    return raw


def _number(raw: str, decimal: str, where: str) -> Decimal:
    text = raw.replace("\u00a0", "").replace(" ", "")
    text = re.sub(r"[^\d,.\-+]", "", text)  # currency signs and codes around the amount
    text = text.replace(".", "").replace(",", ".") if decimal == "," else text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise InputError(where, f"{raw!r} is not a number") from None
