"""What differs between SQLite and PostgreSQL, and nothing else.

Both store JSON documents (``labels``, ``spec``) and read fields out of them in the kind views;
SQLite keeps JSON as text and reads it with ``json_extract``, PostgreSQL as ``jsonb`` with
``#>>``. A view casts each field to the type its schema declares, so ``WHERE cpu_cores > 8``
compares numbers on both.
"""

from __future__ import annotations

from dataclasses import dataclass

_TYPES = {
    "sqlite": {"text": "TEXT", "integer": "INTEGER", "json": "TEXT"},
    "postgres": {"text": "TEXT", "integer": "INTEGER", "json": "JSONB"},
}


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    placeholder: str

    def type_of(self, column_type: str) -> str:
        return _TYPES[self.name][column_type]

    def params(self, count: int) -> str:
        return ", ".join([self.placeholder] * count)

    def field(self, column: str, path: tuple[str, ...], json_type: str) -> str:
        """An expression reading ``path`` out of the JSON ``column`` as ``json_type``
        (string, integer, number, boolean, or anything else: the JSON text)."""
        if self.name == "sqlite":
            extract = f"json_extract({column}, '$.{'.'.join(_quoted(p) for p in path)}')"
            if json_type in ("object", "array", "json"):
                return f"json({extract})"
            if json_type == "boolean":
                return f"CASE {extract} WHEN 1 THEN 1 WHEN 0 THEN 0 END"
            return extract
        pg_path = "{" + ",".join(_pg_item(p) for p in path) + "}"
        if json_type in ("object", "array", "json"):
            return f"({column} #> '{pg_path}')::text"
        text = f"({column} #>> '{pg_path}')"
        if json_type == "integer":
            return f"CASE WHEN jsonb_typeof({column} #> '{pg_path}') = 'number' THEN {text}::numeric END"
        if json_type == "number":
            return f"CASE WHEN jsonb_typeof({column} #> '{pg_path}') = 'number' THEN {text}::numeric END"
        if json_type == "boolean":
            return (
                f"CASE WHEN jsonb_typeof({column} #> '{pg_path}') = 'boolean' "
                f"THEN CASE WHEN {text}::boolean THEN 1 ELSE 0 END END"
            )
        return text


def _quoted(part: str) -> str:
    """A JSON-path member for SQLite: quoted, so keys with dashes or dots still work."""
    return '"' + part.replace("\\", "\\\\").replace('"', '\\"').replace("'", "''") + '"'


def _pg_item(part: str) -> str:
    escaped = part.replace("\\", "\\\\").replace('"', '\\"').replace("'", "''")
    return f'"{escaped}"'


SQLITE = Dialect("sqlite", "?")
POSTGRES = Dialect("postgres", "%s")
