"""Reports (docs/reports.md): what finance, procurement, the service desk and operations read.

One module per report, registered here by name in the order ``report all`` shows them. Each
``build(ctx)`` returns a typed report (``model.Report``) that knows its JSON payload, display
tables, one CSV table and html charts; ``formats/`` renders them.
"""

from __future__ import annotations

from collections.abc import Callable

from cmdbgit.reports import depreciation, health, licenses, lifecycle, offboarding, warranty
from cmdbgit.reports.bundle import ALL
from cmdbgit.reports.context import ReportContext
from cmdbgit.reports.model import Report

Builder = Callable[[ReportContext], Report]

#: Every report by name; ``all`` runs them in this order.
REPORTS: dict[str, Builder] = {
    "licenses": licenses.build,
    "warranty": warranty.build,
    "lifecycle": lifecycle.build,
    "depreciation": depreciation.build,
    "health": health.build,
    "offboarding": offboarding.build,
}

__all__ = ["ALL", "REPORTS", "Builder"]
