"""Reading a tool's JSON output with located errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cmdbgit.imports.observed import InputError

MAX_BYTES = 64 * 1024 * 1024


def read_json(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(str(path), f"larger than {MAX_BYTES // 2**20} MiB")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), exc.strerror or "cannot be read") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}:byte {exc.start + 1}", "not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}", f"not JSON ({exc.msg})") from None
    except RecursionError:
        raise InputError(str(path), "nested too deeply") from None


def dig(data: Any, *path: str) -> Any:
    """``data[a][b]…`` or None where any step is missing or not a mapping."""
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
