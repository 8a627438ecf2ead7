"""The one ``MetaData`` every table joins, with the naming convention for new objects.

The convention gives a constraint without an explicit name the name PostgreSQL would give
it itself (``people_pkey``, ``accounts_person_id_fkey``), so the names in the metadata are
those of every store already deployed. Unique constraints are the exception: the stores made
before Alembic hold them unnamed on SQLite, and Alembic compares unique constraints by name,
so a ``unique=True`` column stays unnamed (PostgreSQL calls it ``<table>_<column>_key``);
give a new multi-column unique constraint an explicit ``uq_<table>_<what>`` name. CHECK
constraints and indexes are always named explicitly (``ck_<table>_<what>``,
``ix_<table>_<what>``); an index without a name gets ``ix_<table>_<columns>``.
"""

from __future__ import annotations

from sqlalchemy import MetaData

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "fk": "%(table_name)s_%(column_0_N_name)s_fkey",
    "pk": "%(table_name)s_pkey",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
