"""The app's settings: every ``NIS2_*`` environment variable, declared and documented once.

Read once per process with :func:`get_settings`; nothing else in the app reads
``os.environ``. ``python -m quiz_app config`` prints them with secrets masked. Tests that
change a variable call ``get_settings.cache_clear()`` (``tests/conftest.py`` does it before
every test).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "nis2.db"
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
DEFAULT_APP_URL = "http://127.0.0.1:8501/"
MB = 1024 * 1024  # Streamlit's megabyte (server.maxUploadSize)
# Keep equal to server.maxUploadSize in .streamlit/config.toml (in MB): an upload the
# browser accepts is one the import accepts. 100,000 people are about 8 MB of CSV.
DEFAULT_IMPORT_MAX_BYTES = 20 * MB
DEFAULT_IMPORT_MAX_ROWS = 100_000
MIB = 1024 * 1024
DEFAULT_EVIDENCE_MAX_BYTES = 10 * MIB  # below server.maxUploadSize, so the app says why


def _with_slash(value: str) -> str:
    return value.strip().rstrip("/") + "/"


class Settings(BaseSettings):
    """Every setting of the app; the environment variable is ``NIS2_`` + the upper-case name."""

    model_config = SettingsConfigDict(env_prefix="NIS2_", extra="ignore", frozen=True)

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_SQLITE_PATH}",
        description="the store: sqlite:///PATH or postgresql+psycopg://user@host:5432/db",
    )
    site_url: str = Field(
        default=DEFAULT_SITE_URL,
        description="the knowledge-base site's public URL; the app links into it",
    )
    app_url: str = Field(
        default=DEFAULT_APP_URL,
        description="the app's public URL; training modules and the site link to it",
    )
    sso_roles: str | None = Field(
        default=None,
        description="SSO role rules as JSON, when .streamlit/secrets.toml has no [nis2_sso]",
    )
    sso_issuer: str | None = Field(
        default=None,
        description="the OIDC issuer (iss claim) single sign-on accepts; unset: SSO refuses all",
    )
    password: SecretStr | None = Field(
        default=None,
        description="the password of the account given with --as on the command line",
    )
    trusted_proxy: bool = Field(
        default=False,
        description="behind a reverse proxy: throttle logins by the last X-Forwarded-For hop",
    )
    import_max_bytes: int = Field(
        default=DEFAULT_IMPORT_MAX_BYTES,
        gt=0,
        description="largest people import file, in bytes (default 20 MB, the upload limit "
        "of .streamlit/config.toml: change both together)",
    )
    import_max_rows: int = Field(
        default=DEFAULT_IMPORT_MAX_ROWS,
        gt=0,
        description="most rows a people import file may hold (default 100,000)",
    )
    evidence_max_bytes: int = Field(
        default=DEFAULT_EVIDENCE_MAX_BYTES,
        gt=0,
        description="largest evidence file an action accepts, in bytes (default 10 MiB; "
        "keep it below the upload limit of .streamlit/config.toml)",
    )
    session_idle_seconds: int = Field(
        default=30 * 60,
        ge=1,
        description="a login session ends after this many seconds without use",
    )
    session_absolute_seconds: int = Field(
        default=12 * 60 * 60,
        ge=1,
        description="a login session ends this many seconds after the login, used or not",
    )
    smtp_host: str | None = Field(
        default=None,
        description="the mail server reminders go through; unset: `reminders send` refuses",
    )
    smtp_port: int = Field(default=25, ge=1, le=65535, description="the mail server's port")
    smtp_starttls: bool = Field(
        default=False, description="upgrade the mail connection with STARTTLS before sending"
    )
    smtp_user: str | None = Field(
        default=None, description="the mail server account; unset: send without logging in"
    )
    smtp_password_file: Path | None = Field(
        default=None,
        description="a file holding the mail server password (one line), e.g. a secret mount",
    )
    smtp_from: str = Field(
        default="training@localhost",
        description="the sender address of reminder e-mails",
    )
    time_zone: str = Field(
        default="UTC",
        description="the time zone whose calendar days reminders count, e.g. Europe/Brussels",
    )
    organisation_name: str = Field(
        default="Your organisation",
        description="the organisation named on certificates and reminders (until an "
        "organisation profile gives it)",
    )
    debug: bool = Field(
        default=False, description="show tracebacks on the command line (never in a browser)"
    )

    @field_validator("database_url", "site_url", "app_url", mode="before")
    @classmethod
    def _blank_is_default(cls, value: object, info) -> object:
        if isinstance(value, str) and not value.strip():
            return cls.model_fields[info.field_name].default
        return value.strip() if isinstance(value, str) else value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Brussels)") from None
        return value

    @field_validator("site_url", "app_url")
    @classmethod
    def _one_trailing_slash(cls, value: str) -> str:
        return _with_slash(value)


@cache
def get_settings() -> Settings:
    """The settings from the environment, read once per process."""
    return Settings()


def describe(settings: Settings) -> list[tuple[str, str, str]]:
    """Each setting as (environment variable, value with secrets masked, meaning)."""
    rows = []
    for name, field in Settings.model_fields.items():
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            shown = "********"
        elif value is None:
            shown = "(unset)"
        elif name == "database_url":
            shown = _mask_url(value)
        else:
            shown = str(value)
        rows.append((f"NIS2_{name.upper()}", shown, field.description or ""))
    return rows


def _mask_url(url: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
