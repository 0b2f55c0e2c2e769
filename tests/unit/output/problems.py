"""Results for the format tests: every kind of problem a format must carry, built as values
(the formats render a ValidationResult; how it was judged is not their business)."""

from __future__ import annotations

from cmdbgit.model.problem import Location, Problem
from cmdbgit.model.result import Suppressed, ValidationResult

DANGLING = Problem(
    "inventory/apps/billing.yaml",
    14,
    13,
    "dangling-reference",
    "error",
    "relation target 'db-x' names no document",
    id="app-billing",
    path="relations[0].target",
)
YAML = Problem("inventory/broken.yaml", 3, 1, "yaml", "error", "duplicate key 'spec'")
POLICY = Problem(
    "inventory/hw/laptops.yaml",
    20,
    9,
    "policy/prod-hardware-under-warranty",
    "warning",
    "warranty ended 2026-10-01",
    id="hw-lt-0001",
    path="spec.warranty.end",
)
DUPLICATE = Problem(
    "inventory/a.yaml",
    2,
    7,
    "duplicate-id",
    "error",
    "id 'srv-1' is also defined elsewhere",
    id="srv-1",
    path="metadata.id",
    related=(Location("inventory/b.yaml", 5, 7, "srv-1"),),
)
DUPLICATE_2 = Problem(
    "inventory/b.yaml",
    5,
    7,
    "duplicate-id",
    "error",
    "id 'srv-1' is also defined elsewhere",
    id="srv-1",
    path="metadata.id",
    related=(Location("inventory/a.yaml", 2, 7, "srv-1"),),
)
INFO = Problem("inventory/a.yaml", 9, 3, "policy/naming", "info", "name is long", id="srv-1")
WAIVED = Suppressed(
    Problem(
        "inventory/hw/legacy.yaml",
        8,
        11,
        "policy/prod-hardware-under-warranty",
        "error",
        "warranty ended 2025-01-01",
        id="hw-legacy",
        path="spec.warranty.end",
    ),
    reason="decommissioned in Q1",
    expires="2027-03-31",
)


def sample() -> ValidationResult:
    return ValidationResult(
        documents=7,
        problems=sorted([DANGLING, YAML, POLICY, DUPLICATE, DUPLICATE_2, INFO]),
        suppressed=[WAIVED],
        subjects=[
            ("inventory/a.yaml", "srv-1"),
            ("inventory/apps/billing.yaml", "app-billing"),
            ("inventory/apps/billing.yaml", "app-ok"),
            ("inventory/b.yaml", "srv-1"),
            ("inventory/hw/laptops.yaml", "hw-lt-0001"),
            ("inventory/hw/legacy.yaml", "hw-legacy"),
        ],
    )
