"""The organisation named on certificates and reminders.

The organisation profile's name (the *Organisation* page) when one is saved, otherwise the
``NIS2_ORGANISATION_NAME`` setting: the one place to change.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from quiz_app.config import get_settings
from quiz_app.governance.organisation import organisation_profile


def organisation_name(engine: Engine) -> str:
    """The organisation's name: its profile's, else the ``NIS2_ORGANISATION_NAME`` setting."""
    profile = organisation_profile(engine)
    if profile is not None and profile.name.strip():
        return profile.name
    return get_settings().organisation_name
