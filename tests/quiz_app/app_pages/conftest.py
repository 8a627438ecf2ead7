"""Fixtures the app's page tests share: the real knowledge base and a SQLite store with
people and accounts that the app under test opens (``NIS2_DATABASE_URL``)."""

from __future__ import annotations

import pytest

from kb.load import load


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture
def app_store(sqlite_people_store, monkeypatch):
    monkeypatch.setenv("NIS2_DATABASE_URL", sqlite_people_store.url)
    return sqlite_people_store
