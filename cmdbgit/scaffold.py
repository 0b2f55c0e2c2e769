"""``cmdbgit init``: write a working scaffold into a new directory or an existing repository.

Files come from the package's ``scaffold/`` folder (names starting ``dot-`` become dotfiles,
so packaging tools keep them). Nothing existing is ever overwritten: an existing ``.gitignore``
gets the missing ignore lines appended once, any other existing file is skipped and reported
with the reason. Each file is written atomically.

An organisation adopting cmdbgit in the repository it already has does not want the example
organisation's documents: without the example (the default when the repository has commits),
``init`` still writes one Team that owns the starter policies, so the result validates.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from cmdbgit import PROJECT_URL, __version__
from cmdbgit.errors import UsageError
from cmdbgit.fsutil import write_atomic
from cmdbgit.model.envelope import ID_RE

CONFIG = "cmdbgit.yaml"
GITIGNORE = ".gitignore"
DEFAULT_TEAM = "team-platform"
DEFAULT_BRANCH = "main"
#: The example organisation's documents, left out with ``--no-example``.
EXAMPLE = ("inventory/org.yaml", "inventory/services.yaml")
TEAM_FILE = "inventory/teams.yaml"
SCHEMAS = "schemas/"
CHECK_WORKFLOW = ".github/workflows/cmdbgit-check.yml"


def _walk(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, bytes]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name in ("__pycache__", "__init__.py"):
            continue
        name = "." + entry.name[4:] if entry.name.startswith("dot-") else entry.name
        if entry.is_dir():
            yield from _walk(entry, f"{prefix}{name}/")
        else:
            yield f"{prefix}{name}", entry.read_bytes()


def scaffold_files() -> dict[str, bytes]:
    """Relative path -> bytes of every file the package ships for ``init``."""
    return dict(_walk(resources.files("cmdbgit").joinpath("scaffold")))


def shipped_schemas() -> dict[str, bytes]:
    """File name -> bytes of the standard schemas and relation registry this version ships."""
    return {
        path[len(SCHEMAS) :]: data
        for path, data in scaffold_files().items()
        if path.startswith(SCHEMAS)
    }


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def schemas_record(digests: dict[str, str]) -> str:
    """The ``shipped_schemas`` block of ``cmdbgit.yaml``: what ``schemas sync`` compares with."""
    lines = [
        "# The standard schemas as cmdbgit wrote them; `cmdbgit schemas sync` uses this to tell",
        "# your edits from upstream changes. Do not edit by hand.",
        "shipped_schemas:",
        f"  version: {__version__}",
        "  files:",
    ]
    lines += [f"    {name}: {value}" for name, value in sorted(digests.items())]
    return "\n".join(lines) + "\n"


@dataclass(slots=True)
class InitResult:
    written: list[str] = field(default_factory=list)
    appended: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    base_branch: str = DEFAULT_BRANCH
    created_repository: bool = False
    example: bool = True
    #: The Person written as the team's member (without the example), if Git knew who you are
    member: str | None = None


def init(target: Path, *, example: bool | None = None, team: str = DEFAULT_TEAM) -> InitResult:
    """Write the scaffold into ``target``. ``example=None`` means: the example organisation
    only when the repository has no commits yet."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a directory")
    if not ID_RE.match(team):
        raise UsageError(f"--team {team!r} is not a valid id (lower-case letters, digits, -._)")
    where = _nearest_existing(target)
    in_git = _inside_git(where)
    result = InitResult(example=not _has_commits(where) if example is None else example)
    result.base_branch = _base_branch(where) if in_git else DEFAULT_BRANCH
    files = _render(result, team, where)
    target.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        existing = target / path
        obstacle = _obstacle(target, path)
        if obstacle is not None:
            result.skipped.append((path, obstacle))
        elif path == GITIGNORE and existing.is_file():
            if _append_ignores(existing, data):
                result.appended.append(path)
            else:
                result.skipped.append((path, "already ignores what cmdbgit needs"))
        elif existing.exists():
            result.skipped.append((path, "exists; left as it is"))
        else:
            write_atomic(existing, data)
            result.written.append(path)
    if not in_git:
        subprocess.run(
            ["git", "init", "--quiet", "-b", result.base_branch, str(target)], check=True
        )
        result.created_repository = True
    return result


def _obstacle(target: Path, path: str) -> str | None:
    """Why ``path`` cannot be written without touching something that is not ours: a symlink
    (it could lead out of the repository) or a file where a folder belongs."""
    current = target
    parts = path.split("/")
    for index, part in enumerate(parts):
        current = current / part
        if current.is_symlink():
            return (
                "is a symlink; left as it is"
                if index == len(parts) - 1
                else (f"{'/'.join(parts[: index + 1])} is a symlink; nothing written through it")
            )
        if index < len(parts) - 1 and current.exists() and not current.is_dir():
            return f"{'/'.join(parts[: index + 1])} is a file, not a folder"
    return None


def _render(result: InitResult, team: str, where: Path) -> dict[str, bytes]:
    files = scaffold_files()
    out: dict[str, bytes] = {}
    for path, data in files.items():
        if path in EXAMPLE and not result.example:
            continue
        if path.startswith(("inventory/", "policies/")) and team != DEFAULT_TEAM:
            data = data.replace(DEFAULT_TEAM.encode(), team.encode())
        if path == CONFIG:
            text = data.decode("utf-8").replace(
                f"base_branch: {DEFAULT_BRANCH}\n", f"base_branch: {_scalar(result.base_branch)}\n"
            )
            shipped = {name: digest(raw) for name, raw in shipped_schemas().items()}
            data = (text + schemas_record(shipped)).encode("utf-8")
        if path == CHECK_WORKFLOW:
            data = data.replace(b"branches: [main]", f"branches: [{result.base_branch}]".encode())
        out[path] = data
    if not result.example:
        person = _author(where)
        result.member = person[0] if person else None
        out[TEAM_FILE] = _team_document(team, person)
    return dict(sorted(out.items()))


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as the string ``value`` (``1.0`` or ``true`` quoted)."""
    plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9._/-]*", value)
    if plain and value.lower() not in ("true", "false", "null"):
        return value
    return json.dumps(value)


def _team_document(team: str, person: tuple[str, str, str] | None) -> bytes:
    """The one Team; its member is the person running ``init`` (Git's author identity), so the
    starter policy that wants an active member in every owning team holds from the start."""
    lines = [
        "# The team that owns the starter policies (policies/). Add your teams, people and",
        f"# documents: {PROJECT_URL}/blob/main/docs/format.md",
        "apiVersion: cmdbgit/v1",
        "kind: Team",
        "metadata:",
        f"  id: {team}",
        f"  name: {team}",
        "spec:",
    ]
    if person is None:
        return "\n".join([*lines, "  members: []", ""]).encode("utf-8")
    ident, name, email = person
    lines += [
        f"  members: [{ident}]",
        "---",
        "apiVersion: cmdbgit/v1",
        "kind: Person",
        "metadata:",
        f"  id: {ident}",
        f"  name: {json.dumps(name, ensure_ascii=False)}",
        "spec:",
        f"  email: {json.dumps(email)}",
        "  status: active",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def _author(where: Path) -> tuple[str, str, str] | None:
    """(id, name, email) of Git's author identity here, when it makes a valid Person."""
    ident = _git(where, "var", "GIT_AUTHOR_IDENT")
    match = re.fullmatch(r"(.*?) <([^<>@\s]+@[^<>\s]+)> \d+ [-+]\d{4}", ident or "")
    if match is None:
        return None
    name, email = match.group(1).strip(), match.group(2)
    slug = re.sub(r"[^a-z0-9]+", "-", email.split("@")[0].lower()).strip("-")
    if not ID_RE.match(slug) or not name.isprintable():
        return None
    return slug, name or slug, email


def _append_ignores(path: Path, wanted: bytes) -> bool:
    """Append the lines of ``wanted`` that ``path`` lacks (comments only with them)."""
    current = path.read_bytes()
    have = {line.strip() for line in current.decode("utf-8", "replace").splitlines()}
    lines = wanted.decode("utf-8").splitlines()
    missing = [line for line in lines if line.strip() and not line.startswith("#")]
    missing = [line for line in missing if line.strip() not in have]
    if not missing:
        return False
    comments = [line for line in lines if line.startswith("#")]
    block = "\n".join([*comments, *missing]) + "\n"
    separator = b"" if not current or current.endswith(b"\n") else b"\n"
    write_atomic(path, current + separator + block.encode("utf-8"))
    return True


def _git(path: Path, *args: str) -> str | None:
    result = subprocess.run(
        ["git", "-C", str(path), *args], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() if result.returncode == 0 else None


def _inside_git(path: Path) -> bool:
    return _git(path, "rev-parse", "--is-inside-work-tree") == "true"


def _nearest_existing(path: Path) -> Path:
    path = path.absolute()
    while not path.exists():
        path = path.parent
    return path


def _has_commits(path: Path) -> bool:
    return _git(path, "rev-parse", "--verify", "--quiet", "HEAD") is not None


def _base_branch(path: Path) -> str:
    """``origin/HEAD``'s branch, else the current branch: never renames anything."""
    remote = _git(path, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
    if remote and remote.startswith("origin/"):
        return remote[len("origin/") :]
    current = _git(path, "symbolic-ref", "--quiet", "--short", "HEAD")
    return current or DEFAULT_BRANCH
