"""The run folder's store: the DuckDB database (``database``), its schema (``schema``), exports
(``export``) and the facts as DataFrames (``reader``)."""

from indpol.store.database import DB_NAME, Store

__all__ = ["DB_NAME", "Store"]
