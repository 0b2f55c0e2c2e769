"""Read-only questions about one revision: ``get`` (select documents), ``show`` (one
document's service-desk card)."""
