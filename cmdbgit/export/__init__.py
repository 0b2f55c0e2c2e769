"""Exports of the inventory for other tools (graph drawings, graph databases)."""
