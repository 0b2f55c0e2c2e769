"""``schema export``: write the editor schemas into a folder, or check that it is current."""

from __future__ import annotations

from dataclasses import dataclass, field

from cmdbgit.authoring.editor_schemas import export
from cmdbgit.authoring.project import Project
from cmdbgit.errors import UsageError
from cmdbgit.fsutil import write_atomic

DEFAULT_FOLDER = "editor-schemas"


@dataclass(slots=True)
class ExportResult:
    folder: str
    written: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.stale else 0


def export_schemas(project: Project, folder: str, *, check: bool) -> ExportResult:
    """Write (or with ``check`` compare) every editor schema under ``folder``."""
    target = project.inside(folder)
    schemas_dir = (project.root / project.rules.config.paths.schemas).resolve()
    if target == schemas_dir or schemas_dir in target.parents:
        # The kind loader reads every *.schema.json there: an editor schema would become a kind.
        raise UsageError(
            f"{folder}: inside {project.rules.config.paths.schemas}/, whose schema files are "
            "read as kinds; choose another folder"
        )
    result = ExportResult(project.relative(target))
    for name, data in sorted(export(project.rules).items()):
        path = target / name
        current = path.read_bytes() if path.is_file() else None
        if current == data:
            continue
        if check:
            result.stale.append(f"{result.folder}/{name}")
        else:
            write_atomic(path, data)
            result.written.append(f"{result.folder}/{name}")
    return result
