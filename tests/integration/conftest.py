"""Fixtures of the integration tests that need a server: see ``sql_support``."""

from tests.integration.sql_support import pg_dsn

__all__ = ["pg_dsn"]
