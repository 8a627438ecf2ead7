"""The store's Alembic migrations: ``env.py`` and the revisions in ``versions/``.

Run them with ``python -m quiz_app db upgrade``; write a new one with
``python -m quiz_app.store.alembic revision -m "what changes"`` (see docs/migrations.md).
"""
