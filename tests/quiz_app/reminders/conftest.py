"""The reminder tests' SMTP server (``smtp_support``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from smtp_support import Inbox, running_smtp


@pytest.fixture
def smtp_server(monkeypatch) -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1 that ``NIS2_SMTP_*`` point at; what it received."""
    with running_smtp(monkeypatch) as inbox:
        yield inbox
