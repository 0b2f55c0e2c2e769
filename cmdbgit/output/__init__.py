"""Writing results: the problem formats (``output.formats``) and the pieces every writer
shares (escaping, JSON). Nothing is imported here but what every writer needs to be called:
a command that writes JSON or Markdown does not load the SARIF and JUnit writers."""

from __future__ import annotations


class RenderOptions:
    """What a renderer may need beyond the result."""

    def __init__(self, *, color: bool = False, root: str = "") -> None:
        self.color = color
        self.root = root
