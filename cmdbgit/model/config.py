"""``cmdbgit.yaml``: every key optional (SPEC §2)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Paths(_Strict):
    inventory: str = "inventory"
    schemas: str = "schemas"
    policies: str = "policies"


class Limits(_Strict):
    max_file_bytes: int = Field(default=5_000_000, ge=1)
    max_aliases: int = Field(default=100, ge=0)
    max_depth: int = Field(default=64, ge=1)
    max_located_documents: int = Field(default=1000, ge=0)


class ReportSettings(_Strict):
    warranty_days: int = Field(default=90, ge=0)
    eol_days: int = Field(default=90, ge=0)
    under_use_ratio: float = Field(default=0.70, ge=0, le=1)
    stale_days: int = Field(default=180, ge=0)
    refresh_months: int = Field(default=48, ge=1)
    #: Licence terms ending within this many days are flagged as expiring.
    license_days: int = Field(default=90, ge=0)


class NewSettings(_Strict):
    #: Kind -> folder for ``cmdbgit new`` (default ``inventory/<kind-in-kebab-case>/``).
    folders: dict[str, str] = {}


class CodeownersSettings(_Strict):
    #: The team that owns the rules (policies, schemas, config, workflows), ``@org/team``.
    admin: str | None = Field(default=None, pattern=r"^@[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")


class Config(_Strict):
    paths: Paths = Paths()
    base_branch: str = "main"
    limits: Limits = Limits()
    reports: ReportSettings = ReportSettings()
    new: NewSettings = NewSettings()
    codeowners: CodeownersSettings = CodeownersSettings()
