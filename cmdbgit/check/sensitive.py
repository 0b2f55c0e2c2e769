"""Files a reviewer must look at whatever the inventory says: the rules (``cmdbgit.yaml``,
schemas, policies), the CI (``.github/``) and a tracked ``.cmdbgit/`` folder. Named on one
line right under the report's first five."""

from __future__ import annotations

import git

from cmdbgit.source.repo import RepoHandle

#: Repository-level folders, besides the rule files ``rule_changes`` finds.
FOLDERS = (".github", ".cmdbgit")


def sensitive_changes(handle: RepoHandle, merge_base: str, rule_files: list[str]) -> list[str]:
    """``rule_files`` plus the tracked files under ``FOLDERS`` (at the repository's top and in
    the project folder) that differ between ``merge_base`` and the working tree."""
    repo = handle.require_repo()
    prefix = f"{handle.prefix}/" if handle.prefix else ""
    folders = sorted({*FOLDERS, *(f"{prefix}{f}" for f in FOLDERS)})
    try:
        out = repo.git.diff("--name-only", "--no-renames", merge_base, "--", *folders)
    except git.GitCommandError:
        return list(rule_files)
    return sorted({*rule_files, *(line for line in out.splitlines() if line)})
