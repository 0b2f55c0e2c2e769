"""SQL over a revision: the tables an export writes and a query reads.

``tables`` turns one judged revision into rows, ``views`` writes one view per kind from its
schema, ``dialects`` holds what differs between SQLite and PostgreSQL, ``export`` applies a
snapshot to a database incrementally, ``query`` runs read-only SQL over an in-memory copy.
"""
