"""The organisation named on certificates and reminders.

Until the organisation profile exists, the name is the ``NIS2_ORGANISATION_NAME`` setting;
when it does, this function reads the profile first (the one place to change).
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from quiz_app.config import get_settings


def organisation_name(engine: Engine) -> str:
    """The organisation's name (``engine`` is where its profile will be read from)."""
    del engine  # read by the organisation profile, once there is one
    return get_settings().organisation_name
