"""The example organisation as a fresh Git repository on ``main`` (for review-report tests)."""

from __future__ import annotations

import shutil

from tests.conftest import ROOT, GitRepo


def example_repo(git_repo: GitRepo) -> GitRepo:
    for name in ("inventory", "schemas", "policies"):
        shutil.copytree(ROOT / name, git_repo.path / name)
    git_repo.commit("the example organisation")
    return git_repo
