"""Output formats for problems: a registry by name; each module renders a ValidationResult.

Adding a format is one module and one line here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TextIO

from cmdbgit.model.result import ValidationResult
from cmdbgit.output import RenderOptions, github, json_format, junit, markdown, sarif, text

Renderer = Callable[[ValidationResult, TextIO, RenderOptions], None]

PROBLEM_FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "markdown": markdown.render,
}


def default_format() -> str:
    """``github`` inside GitHub Actions (when registered), else ``text``."""
    if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in PROBLEM_FORMATS:
        return "github"
    return "text"
