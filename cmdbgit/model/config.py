"""``cmdbgit.yaml``: every key optional (docs/configuration.md)."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _inside(value: str) -> str:
    """A folder of the project, relative to its root: never an absolute path, a drive, a home
    folder or a ``..`` — what cmdbgit reads must come from the project (and, in a pull
    request, from what Git holds), not from elsewhere on the machine running it."""
    if not value.strip():
        raise ValueError("must name a folder inside the project")
    if "\0" in value or "\\" in value:
        raise ValueError("must be a plain relative path with '/' separators")
    path = PurePosixPath(value)
    if path.is_absolute() or PureWindowsPath(value).drive or value.startswith("~"):
        raise ValueError("must be relative to the project root, not an absolute path")
    if ".." in path.parts:
        raise ValueError("must stay inside the project ('..' is not allowed)")
    return value


ProjectFolder = Annotated[str, AfterValidator(_inside)]


class Paths(_Strict):
    inventory: ProjectFolder = "inventory"
    schemas: ProjectFolder = "schemas"
    policies: ProjectFolder = "policies"


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


class ShippedSchemas(_Strict):
    """The standard schema files as cmdbgit last wrote them (``init`` or ``schemas sync``):
    the base of ``schemas sync``'s three-way comparison."""

    version: str
    files: dict[str, str] = {}


class NewSettings(_Strict):
    #: Kind -> folder for ``cmdbgit new`` (default ``inventory/<kind-in-kebab-case>/``).
    folders: dict[str, str] = {}


class CodeownersSettings(_Strict):
    #: The team that owns the rules (policies, schemas, config, workflows), ``@org/team``.
    admin: str | None = Field(default=None, pattern=r"^@[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")


class ImportSource(_Strict):
    """``import.<source>``: what one import source may change and which documents it sees."""

    #: Field paths (prefixes) this source owns: it edits only those, and reports the rest.
    owns: tuple[str, ...] | None = None
    #: Which annotated documents are this source's (a policy ``match`` block); none: all.
    scope: dict[str, Any] | None = None
    #: The kind of the documents it creates, where the source cannot tell (``nmap``).
    kind: str | None = None
    #: Labels every document it creates gets (``{env: prod}``): the source cannot know them.
    labels: dict[str, str] = Field(default_factory=dict)
    #: ``netbox``: device role slug -> kind (Server, NetworkDevice, HardwareAsset).
    roles: dict[str, str] = Field(default_factory=dict)
    #: ``aws``: what a tag means -> the tag's key (``{owner: Owner, env: Environment}``):
    #: ``owner`` names the owning Team, any other key becomes that label.
    tags: dict[str, str] = Field(default_factory=dict)


class ImportSettings(BaseModel):
    """``import:``. Keys besides the ones below name a source (``facter:``, ``csv:``) and
    hold its ``ImportSource`` settings; the import engine checks them against its sources."""

    model_config = ConfigDict(extra="allow", frozen=True)

    #: The Team that owns documents an import creates (marked owner-unconfirmed).
    default_owner: str | None = None
    #: Per kind, the fields that identify a document, tried in order; the first that matches
    #: wins, and one value matching several documents is a conflict.
    identify: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    #: Observed product names (``debian``, ``ubuntu``) -> SoftwareProduct ids.
    products: dict[str, str] = Field(default_factory=dict)

    def source(self, name: str) -> ImportSource:
        raw = (self.model_extra or {}).get(name)
        return ImportSource.model_validate(raw or {})


class Config(_Strict):
    paths: Paths = Paths()
    base_branch: str = "main"
    limits: Limits = Limits()
    reports: ReportSettings = ReportSettings()
    shipped_schemas: ShippedSchemas | None = None
    new: NewSettings = NewSettings()
    codeowners: CodeownersSettings = CodeownersSettings()

    imports: ImportSettings = Field(default_factory=ImportSettings, alias="import")
