"""``cmdbgit import``: turn what an organisation already has into a reviewable change.

A source adapter (``sources/``, one module each) reads a tool's output into observed items;
the engine matches them to documents by the identification rules in ``cmdbgit.yaml``
(``match``), computes a plan — new, drifted, missing, conflicts, unchanged — (``plan``), and,
with ``--write``, applies it through the round-trip writer (``apply``). Nothing is ever
deleted: a document no longer seen is annotated, and a person decides in the pull request.
"""
