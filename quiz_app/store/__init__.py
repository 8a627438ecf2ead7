"""The app's store: engine and transactions (``engine``), tables (``tables``), migrations
(``migrations``) and backups (``backup``). Domain modules import what they need from here;
pages and CLI commands never touch the store directly.
"""

from quiz_app.store.engine import (
    SQLITE_BUSY_TIMEOUT_MS,
    SUPPORTED_BACKENDS,
    check_available,
    create_store_engine,
    database_url,
    describe,
    dispose_engines,
    get_engine,
    is_sqlite,
    read_transaction,
    transaction,
    unavailable,
    utcnow,
)
from quiz_app.store.tables import (
    accounts,
    assessment_answers,
    assessments,
    audit_log,
    certificates,
    login_throttle,
    metadata,
    people,
    reminder_messages,
    sessions,
    training_assignments,
    training_attempts,
)

__all__ = [
    "SQLITE_BUSY_TIMEOUT_MS",
    "SUPPORTED_BACKENDS",
    "accounts",
    "assessment_answers",
    "assessments",
    "audit_log",
    "certificates",
    "check_available",
    "create_store_engine",
    "database_url",
    "describe",
    "dispose_engines",
    "get_engine",
    "is_sqlite",
    "login_throttle",
    "metadata",
    "people",
    "reminder_messages",
    "read_transaction",
    "sessions",
    "training_assignments",
    "training_attempts",
    "transaction",
    "unavailable",
    "utcnow",
]
