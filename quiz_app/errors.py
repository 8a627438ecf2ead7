"""Named exceptions raised by the app's library code.

Library modules raise these; only ``quiz_app.cli`` turns them into a one-line message and an
exit code, and pages turn them into ``st.error``. Every message is one line, written for the
person who made the mistake.

A message is an English template marked with ``N_`` and its named parameters::

    raise InvalidInput(N_("unknown role {role}; choose one of {roles}"), role=name, roles=...)

``str(exc)`` is the English text (the CLI and the log show it); :meth:`QuizAppError.message_in`
gives the same message in the German or French of the catalogues, with the same parameters.
"""

from __future__ import annotations

from datetime import datetime

from quiz_app.i18n.catalogue import translator


class Word(str):
    """A parameter of an error message that is itself a word of the catalogue (a role, an
    action, a kind): English in ``str(exc)``, translated by :meth:`QuizAppError.message_in`.
    Mark its possible values with ``N_`` where they are defined."""

    __slots__ = ()


class QuizAppError(Exception):
    """Base class: a problem the user can understand and fix (message is one line).

    Args:
        template: the English message, marked with ``N_`` so ``make messages`` extracts it;
            ``str.format`` fields (``{role}``, ``{at:%H:%M}``, ``{qid!r}``) name the parameters.
        params: the values of the template's fields.
    """

    def __init__(self, template: str, /, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))

    def message_in(self, language: str | None) -> str:
        """The message in ``language`` (English for ``None`` or a language the app lacks, and
        for a translation whose fields do not match the template's)."""
        text = translator(language).gettext
        params = {k: text(v) if isinstance(v, Word) else v for k, v in self.params.items()}
        try:
            return text(self.template).format(**params)
        except (KeyError, IndexError, ValueError):
            return str(self)


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
    was written. ``changed_at``: when the other save happened (UTC), also a field of the
    template (``{changed_at:%H:%M}``)."""

    def __init__(self, template: str, changed_at: datetime, /, **params: object) -> None:
        super().__init__(template, changed_at=changed_at, **params)
        self.changed_at = changed_at


class AuthenticationFailed(QuizAppError):
    """Wrong username or password, unknown SSO identity, or a disabled account."""


class SessionEnded(AuthenticationFailed):
    """A login session is no longer valid: expired, logged out or revoked.

    ``reason`` is the code stored with the session (``idle``, ``absolute``, ``logout``,
    ``password_change``, ``disabled``, ``role_change``, ``admin``, ``unknown``); the message
    says it in a sentence for the login page.
    """

    def __init__(self, template: str, reason: str, /, **params: object) -> None:
        super().__init__(template, **params)
        self.reason = reason


class LoginThrottled(AuthenticationFailed):
    """Too many failed logins for this username; try again later."""


class PermissionDenied(QuizAppError):
    """The acting account's role does not allow the action (raised by ``authz.require``)."""
