"""Schema migrations: a small registry, each step in one transaction with its own record.

``upgrade(engine)`` runs on every app start and by ``python -m quiz_app db upgrade``. It
applies, in order, each registered migration whose version is not yet in the table
``schema_migrations``. A migration's changes and its record are committed together, so a
half-applied migration cannot exist; on PostgreSQL an advisory lock makes concurrent app
instances take turns (SQLite's ``BEGIN IMMEDIATE`` does the same).

How to add a migration
----------------------
1. Write a function taking a ``Connection`` that changes the schema (and moves data) with
   literal DDL or a *frozen* ``Table`` defined inside the function -- never the live tables
   of ``quiz_app.store``, which will change again later::

       def _m2_training(conn: Connection) -> None:
           md = MetaData()
           Table("training_assignments", md, Column("id", Integer, primary_key=True), ...)
           md.create_all(conn)

2. Append it to ``MIGRATIONS`` with the next version number:
   ``Migration(2, "training assignments and completions", _m2_training)``.
3. Update the matching ``Table`` objects in ``quiz_app.store`` (or your own module) and add a
   test to ``tests/test_migrations.py`` that upgrades a database holding data of the previous
   version and checks that every record is still there.

Never edit or renumber a released migration; write a new one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    text,
)
from sqlalchemy.engine import Connection, Engine

from quiz_app.errors import MigrationError
from quiz_app.store.engine import transaction, utcnow

MIGRATIONS_TABLE = "schema_migrations"
_PG_LOCK_KEY = 0x4E495332  # "NIS2": serialises migrations across app instances


class Migration(NamedTuple):
    """One schema step: ``apply`` runs inside the transaction that records ``version``."""

    version: int
    name: str
    apply: Callable[[Connection], None]


def _m1_first_schema(conn: Connection) -> None:
    md = MetaData()
    Table(
        "people",
        md,
        Column("id", Integer, primary_key=True),
        Column("external_id", String(100), nullable=False, unique=True),
        Column("name", String(200), nullable=False),
        Column("email", String(320)),
        Column("department", String(200)),
        Column("job_role", String(200)),
        Column("is_management_body", Boolean, nullable=False, default=False),
        Column("created_at", DateTime, nullable=False),
        Column("updated_at", DateTime, nullable=False),
        Column("erased_at", DateTime),
    )
    Table(
        "accounts",
        md,
        Column("id", Integer, primary_key=True),
        Column("username", String(150), nullable=False, unique=True),
        Column("password_hash", String(200)),
        Column("role", String(20), nullable=False),
        Column("person_id", Integer, ForeignKey("people.id")),
        Column("sso_subject", String(255), unique=True),
        Column("sso_email", String(320)),
        Column("disabled", Boolean, nullable=False, default=False),
        Column("created_at", DateTime, nullable=False),
        CheckConstraint(
            "role IN ('staff', 'manager', 'trainer', 'admin')", name="ck_accounts_role"
        ),
    )
    Table(
        "login_throttle",
        md,
        Column("key_hash", String(64), primary_key=True),
        Column("failures", Integer, nullable=False),
        Column("last_failure_at", DateTime, nullable=False),
        Column("locked_until", DateTime),
    )
    Table(
        "audit_log",
        md,
        Column("id", Integer, primary_key=True),
        Column("at", DateTime, nullable=False),
        Column("actor_account_id", Integer),
        Column("action", String(50), nullable=False),
        Column("target", String(100), nullable=False),
        Column("detail", Text),
        Index("ix_audit_log_at", "at"),
    )
    Table(
        "assessments",
        md,
        Column("id", Integer, primary_key=True),
        Column("person_id", Integer, ForeignKey("people.id"), nullable=False),
        Column("track", String(50), nullable=False),
        Column("status", String(10), nullable=False),
        Column("started_at", DateTime, nullable=False),
        Column("submitted_at", DateTime),
        Column("score", Float),
        Column("maturity", String(50)),
        Column("data_version", String(50)),
        Column("submission_key", String(64), unique=True),
        CheckConstraint("status IN ('draft', 'submitted')", name="ck_assessments_status"),
        Index("ix_assessments_person", "person_id"),
    )
    Table(
        "assessment_answers",
        md,
        Column(
            "assessment_id",
            Integer,
            ForeignKey("assessments.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("question_id", String(100), primary_key=True),
        Column("option_index", Integer),
        Column("not_applicable", Boolean, nullable=False, default=False),
        UniqueConstraint("assessment_id", "question_id", name="uq_answer_per_question"),
    )
    md.create_all(conn)
    _make_append_only(conn, "audit_log")


def _make_append_only(conn: Connection, table: str) -> None:
    """Triggers that reject UPDATE and DELETE (and TRUNCATE on PostgreSQL) on ``table``."""
    if conn.dialect.name == "sqlite":
        for op in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        return
    conn.exec_driver_sql(
        f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"
    )
    conn.exec_driver_sql(
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
    )
    conn.exec_driver_sql(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
    )


def _m2_training(conn: Connection) -> None:
    md = MetaData()
    Table("people", md, Column("id", Integer, primary_key=True))  # referenced, not created
    assignments = Table(
        "training_assignments",
        md,
        Column("id", Integer, primary_key=True),
        Column("person_id", Integer, ForeignKey("people.id"), nullable=False),
        Column("module_id", String(100), nullable=False),
        Column("assigned_at", DateTime, nullable=False),
        Column("due_on", Date, nullable=False),
        Column("assigned_by", Integer),
        Column("reason", String(20), nullable=False),
        Column("target", String(250)),
        Column("closed_at", DateTime),
        Column("closed_by_attempt", Integer),
        CheckConstraint("reason IN ('assigned', 'renewal')", name="ck_training_reason"),
        Index("ix_training_assignments_person", "person_id", "module_id"),
        Index(
            "uq_training_open_assignment",
            "person_id",
            "module_id",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
    )
    attempts = Table(
        "training_attempts",
        md,
        Column("id", Integer, primary_key=True),
        Column("person_id", Integer, ForeignKey("people.id"), nullable=False),
        Column("module_id", String(100), nullable=False),
        Column("module_version", String(20), nullable=False),
        Column("assignment_id", Integer, ForeignKey("training_assignments.id")),
        Column("attempt_no", Integer, nullable=False),
        Column("started_at", DateTime, nullable=False),
        Column("completed_at", DateTime, nullable=False),
        Column("duration_seconds", Integer, nullable=False),
        Column("score_raw", Integer, nullable=False),
        Column("score_max", Integer, nullable=False),
        Column("pass_mark", Float, nullable=False),
        Column("passed", Boolean, nullable=False),
        Column("valid_until", DateTime),
        Index("ix_training_attempts_person", "person_id", "module_id"),
        Index("ix_training_attempts_completed", "completed_at"),
    )
    md.create_all(conn, tables=[assignments, attempts])


def _m3_dashboard_lookups(conn: Connection) -> None:
    """What bench/ showed missing (section 3): two indexes and the dashboard's column."""
    md = MetaData()
    attempts = Table(
        "training_attempts",
        md,
        Column("person_id", Integer),
        Column("module_id", String(100)),
        Column("passed", Boolean),
        Column("valid_until", DateTime),
        Column("completed_at", DateTime),
    )
    assessments = Table(
        "assessments",
        md,
        Column("person_id", Integer),
        Column("track", String(50)),
        Column("status", String(10)),
    )
    # The latest pass per person and module from the index alone: the trainer dashboard
    # counts 100,000 records without reading the table.
    Index(
        "ix_training_attempts_standing",
        attempts.c.person_id,
        attempts.c.module_id,
        attempts.c.passed,
        attempts.c.valid_until,
        attempts.c.completed_at,
    ).create(conn)
    # A person's draft for a track, found directly: each save or submit looks for it, and
    # by person alone that read every assessment the person ever submitted.
    Index(
        "ix_assessments_person_track_status",
        assessments.c.person_id,
        assessments.c.track,
        assessments.c.status,
    ).create(conn)
    # Each open assignment keeps the latest validity of the person's passes for its module
    # (a pass closes the open assignment, so it stays the latest while the assignment is
    # open): the dashboard reads it instead of looking it up per assignment.
    column_type = DateTime().compile(dialect=conn.dialect)
    conn.exec_driver_sql(f"ALTER TABLE training_assignments ADD COLUMN held_until {column_type}")
    conn.exec_driver_sql(
        "UPDATE training_assignments SET held_until = (SELECT max(t.valid_until) "
        "FROM training_attempts t WHERE t.person_id = training_assignments.person_id "
        "AND t.module_id = training_assignments.module_id AND t.passed = TRUE) "
        "WHERE closed_at IS NULL"
    )


MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "first schema: people, accounts, login throttle, audit log, assessments",
        _m1_first_schema,
    ),
    Migration(2, "training assignments and attempts", _m2_training),
    Migration(
        3,
        "indexes: latest training pass, a person's draft; assignments' held_until",
        _m3_dashboard_lookups,
    ),
]


def head_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """The schema version this code expects (the last registered migration)."""
    return migrations[-1].version if migrations else 0


def _check_registry(migrations: Sequence[Migration]) -> None:
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise MigrationError(f"migration versions must be 1, 2, 3, ... in order; got {versions}")


def _ensure_migrations_table(conn: Connection) -> None:
    md = MetaData()
    Table(
        MIGRATIONS_TABLE,
        md,
        Column("version", Integer, primary_key=True, autoincrement=False),
        Column("name", String(200), nullable=False),
        Column("applied_at", DateTime, nullable=False),
    )
    md.create_all(conn, checkfirst=True)


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})


def applied_versions(conn: Connection) -> set[int]:
    """Versions recorded in ``schema_migrations`` (empty for a new store)."""
    if not inspect(conn).has_table(MIGRATIONS_TABLE):
        return set()
    rows = conn.execute(text(f"SELECT version FROM {MIGRATIONS_TABLE}"))
    return {row[0] for row in rows}


def current_version(engine: Engine) -> int:
    """The highest applied schema version of the store (0 for a new store).

    Raises:
        StoreUnavailable: the database cannot be reached.
    """
    with transaction(engine) as conn:
        return max(applied_versions(conn), default=0)


def apply_migration(conn: Connection, migration: Migration) -> None:
    """Run one migration and record it, inside the caller's transaction."""
    migration.apply(conn)
    conn.execute(
        text(f"INSERT INTO {MIGRATIONS_TABLE} (version, name, applied_at) VALUES (:v, :n, :at)"),
        {"v": migration.version, "n": migration.name, "at": utcnow()},
    )


def upgrade(
    engine: Engine,
    *,
    target: int | None = None,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> list[int]:
    """Apply every pending migration up to ``target`` (default: all); return the versions run.

    Raises:
        MigrationError: the store is newer than this code, or a migration failed (that
            migration is rolled back; earlier ones stay applied).
        StoreUnavailable: the database cannot be reached.
    """
    _check_registry(migrations)
    head = head_version(migrations)
    target = head if target is None else target
    with transaction(engine) as conn:
        _lock(conn)
        _ensure_migrations_table(conn)
        done = applied_versions(conn)
    if done and max(done) > head:
        raise MigrationError(
            f"the database is at schema version {max(done)}, newer than this app "
            f"(version {head}); upgrade the app"
        )
    ran: list[int] = []
    for migration in migrations:
        if migration.version > target:
            break
        with transaction(engine) as conn:
            _lock(conn)
            if migration.version in applied_versions(conn):
                continue
            try:
                apply_migration(conn, migration)
            except MigrationError:
                raise
            except Exception as exc:  # noqa: BLE001 - reported as one line, rolled back
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                raise MigrationError(
                    f"migration {migration.version} ({migration.name}) failed and was "
                    f"rolled back: {type(exc).__name__}: {first}"
                ) from exc
        ran.append(migration.version)
    return ran
