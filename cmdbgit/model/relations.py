"""The relationship registry (``schemas/relations.yaml``): relation types are data, not code."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Impact = Literal["to-source", "to-target", "none"]


class RelationType(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: str
    inverse: str
    from_kinds: tuple[str, ...] = Field(alias="from")
    to_kinds: tuple[str, ...] = Field(alias="to")
    impact: Impact
    acyclic: bool = False
    description: str = ""


class RelationFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    relations: list[RelationType]


class RelationRegistry:
    """Relation types by forward name, plus a lookup of inverse names for hints."""

    def __init__(self, types: list[RelationType]) -> None:
        self.types: dict[str, RelationType] = {t.name: t for t in types}
        self.by_inverse: dict[str, RelationType] = {t.inverse: t for t in types}

    def get(self, name: str) -> RelationType | None:
        return self.types.get(name)

    @property
    def acyclic(self) -> frozenset[str]:
        return frozenset(name for name, t in self.types.items() if t.acyclic)
