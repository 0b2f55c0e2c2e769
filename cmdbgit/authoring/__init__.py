"""Authoring: editor schemas, new documents, canonical layout, renames, CODEOWNERS.

Everything here is core (no click); every YAML write goes through ``cmdbgit.parse.roundtrip``.
"""
