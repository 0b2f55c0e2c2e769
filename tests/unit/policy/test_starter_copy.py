"""The starter policies ``cmdbgit init`` writes are the project's own ``policies/`` without this
organisation's waivers: every ``exceptions:`` block and ``tests/waivers.yaml`` are left out (a
new repository has none of the documents they name). Regenerate after editing ``policies/``:

    python tests/unit/policy/test_starter_copy.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from cmdbgit.model.config import Limits
from cmdbgit.parse.loader import load_file

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "policies"
COPY = ROOT / "cmdbgit" / "scaffold" / "policies"
ORGANISATION_ONLY = {"tests/waivers.yaml"}


def strip_waivers(text: str) -> str:
    """The text without any ``  exceptions:`` block (a policy's last key in ``spec``)."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        if line.startswith("  exceptions:"):
            skipping = True
            continue
        if skipping and (line.startswith("    ") or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


def expected_copy() -> dict[str, str]:
    files = sorted(p for p in SOURCE.rglob("*.yaml"))
    out = {}
    for path in files:
        rel = path.relative_to(SOURCE).as_posix()
        if rel not in ORGANISATION_ONLY:
            out[rel] = strip_waivers(path.read_text(encoding="utf-8"))
    return out


def actual_copy() -> dict[str, str]:
    return {
        p.relative_to(COPY).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(COPY.rglob("*.yaml"))
    }


def test_scaffold_policies_are_the_project_policies_without_waivers() -> None:
    assert actual_copy() == expected_copy(), (
        "regenerate: python tests/unit/policy/test_starter_copy.py"
    )


def test_stripping_removes_exactly_the_exceptions() -> None:
    for path in sorted(SOURCE.glob("*.yaml")):
        original = load_file(path.name, path.read_bytes(), Limits()).documents
        stripped = load_file(
            path.name, strip_waivers(path.read_text()).encode(), Limits()
        ).documents
        assert len(original) == len(stripped)
        for before, after in zip(original, stripped, strict=True):
            before.data["spec"].pop("exceptions", None)
            assert before.data == after.data, path.name


def test_the_project_has_waivers_to_strip() -> None:
    # Guards the two tests above against passing vacuously.
    assert any("  exceptions:" in p.read_text() for p in SOURCE.glob("*.yaml"))
    assert all("  exceptions:" not in text for text in expected_copy().values())


if __name__ == "__main__":
    for stale in COPY.rglob("*.yaml"):
        stale.unlink()
    for rel, text in expected_copy().items():
        target = COPY / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {len(expected_copy())} files to {COPY}\n")
