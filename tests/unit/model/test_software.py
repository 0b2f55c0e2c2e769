"""A CI version matches the longest listed version equal to it or a dotted prefix of it."""

from __future__ import annotations

import pytest

from cmdbgit.model.software import VersionLine, match_version

LINES = [VersionLine(v, None) for v in ("1", "1.1", "1.10", "22.04", "22.04.5", "2016")]


@pytest.mark.parametrize(
    ("installed", "expected"),
    [
        ("22.04", "22.04"),
        ("22.04.3", "22.04"),
        ("22.04.5", "22.04.5"),
        ("22.04.5.1", "22.04.5"),
        ("1.10.2", "1.10"),  # never 1.1
        ("1.1", "1.1"),
        ("1.2", "1"),
        ("2016", "2016"),
        ("20.04", None),
        ("22.0", None),
        ("22.045", None),  # not a dotted prefix
    ],
)
def test_match_version(installed: str, expected: str | None) -> None:
    line = match_version(installed, LINES)
    assert (line.version if line else None) == expected
