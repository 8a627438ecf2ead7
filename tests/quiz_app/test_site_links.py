"""Links from the app into the site go to the reader's language: the same page under /de/ or /fr/."""

from __future__ import annotations

import contextvars

import pytest

from quiz_app import links
from quiz_app.config import get_settings


@pytest.fixture(autouse=True)
def _site(monkeypatch):
    monkeypatch.setenv("NIS2_SITE_URL", "https://kb.example.org/")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_a_page_key_maps_to_the_same_path_in_each_language():
    assert links.site_url("measures/21-2-b", "en") == "https://kb.example.org/measures/21-2-b/"
    assert links.site_url("measures/21-2-b", "de") == "https://kb.example.org/de/measures/21-2-b/"
    assert links.site_url("reporting#early-warning", "fr") == (
        "https://kb.example.org/fr/reporting/#early-warning"
    )
    assert links.site_url("index", "de") == "https://kb.example.org/de/"
    assert links.site_url("scope", "es") == "https://kb.example.org/scope/"  # no Spanish site


def test_the_reader_language_of_a_run_decides_the_default():
    def run(language: str) -> str:
        links.use_language(language)
        return links.measure_url("21-2-h")

    # Each run (thread or task) has its own reader: set in a copy of the context.
    assert contextvars.copy_context().run(run, "fr") == "https://kb.example.org/fr/measures/21-2-h/"
    assert contextvars.copy_context().run(run, "en") == "https://kb.example.org/measures/21-2-h/"
    assert links.measure_url("21-2-h") == "https://kb.example.org/measures/21-2-h/"  # untouched
