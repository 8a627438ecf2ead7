"""Named exceptions raised by the app's library code.

Library modules raise these; only ``quiz_app.cli`` turns them into a one-line message and an
exit code, and pages turn them into ``st.error``. Every message is one line, written for the
person who made the mistake.
"""

from __future__ import annotations


class QuizAppError(Exception):
    """Base class: a problem the user can understand and fix (message is one line)."""


class ConfigError(QuizAppError):
    """Configuration is malformed, e.g. an unparseable NIS2_DATABASE_URL."""


class StoreUnavailable(QuizAppError):
    """The database cannot be reached or opened."""


class MigrationError(QuizAppError):
    """The schema cannot be brought to the version this app expects."""


class SchemaOutdated(QuizAppError):
    """The store's schema is older than this code expects; ``db upgrade`` brings it up."""


class BackupError(QuizAppError):
    """A backup cannot be written, or a file cannot be restored (store left unchanged)."""


class NotFound(QuizAppError):
    """A person, account or assessment named by the caller does not exist."""


class InvalidInput(QuizAppError):
    """A value given by the user is not acceptable (unknown role, weak password, ...)."""


class UnknownRole(InvalidInput):
    """A role name is not one of the roles in ``quiz_app.authz.Role``."""


class DuplicateUsername(InvalidInput):
    """An account with this username already exists."""


class LastAdmin(InvalidInput):
    """The change would leave the store without an enabled admin account."""


class DraftConflict(QuizAppError):
    """A draft was saved elsewhere (another tab or window) since this one loaded it; nothing
    was written. ``changed_at``: when the other save happened (UTC)."""

    def __init__(self, message: str, changed_at) -> None:
        super().__init__(message)
        self.changed_at = changed_at


class AuthenticationFailed(QuizAppError):
    """Wrong username or password, unknown SSO identity, or a disabled account."""


class SessionEnded(AuthenticationFailed):
    """A login session is no longer valid: expired, logged out or revoked.

    ``reason`` is the code stored with the session (``idle``, ``absolute``, ``logout``,
    ``password_change``, ``disabled``, ``role_change``, ``admin``, ``unknown``); the message
    says it in a sentence for the login page.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class LoginThrottled(AuthenticationFailed):
    """Too many failed logins for this username; try again later."""


class PermissionDenied(QuizAppError):
    """The acting account's role does not allow the action (raised by ``authz.require``)."""
