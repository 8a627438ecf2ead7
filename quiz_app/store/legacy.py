"""The schema registry used before Alembic (versions 1-3), frozen: never edit these steps.

Stores made before Alembic record their version in ``schema_migrations``. ``upgrade`` in
``quiz_app.store.migrations`` brings a store at version 1 or 2 to version 3 with these
steps, then adopts it at Alembic's baseline revision, which creates the same schema on an
empty database by running the same three steps (so a new store and an adopted one are the
same schema, object for object). Tests use them to make stores "as the old code did".
"""

from __future__ import annotations

from collections.abc import Callable
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
from sqlalchemy.engine import Connection

from quiz_app.store.engine import utcnow

MIGRATIONS_TABLE = "schema_migrations"
LEGACY_HEAD = 3


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


def applied_versions(conn: Connection) -> set[int]:
    """Versions recorded in ``schema_migrations`` (empty when the table does not exist)."""
    if not inspect(conn).has_table(MIGRATIONS_TABLE):
        return set()
    return {row[0] for row in conn.execute(text(f"SELECT version FROM {MIGRATIONS_TABLE}"))}


def create_migrations_table(conn: Connection) -> None:
    """The old registry's own table (if missing), as the old code made it."""
    md = MetaData()
    Table(
        MIGRATIONS_TABLE,
        md,
        Column("version", Integer, primary_key=True, autoincrement=False),
        Column("name", String(200), nullable=False),
        Column("applied_at", DateTime, nullable=False),
    )
    md.create_all(conn, checkfirst=True)


def apply_migration(conn: Connection, migration: Migration) -> None:
    """Run one old step and record it in ``schema_migrations``, in the caller's transaction."""
    migration.apply(conn)
    conn.execute(
        text(f"INSERT INTO {MIGRATIONS_TABLE} (version, name, applied_at) VALUES (:v, :n, :at)"),
        {"v": migration.version, "n": migration.name, "at": utcnow()},
    )


def create_schema(conn: Connection) -> None:
    """The schema of version 3 on an empty database, without ``schema_migrations``."""
    for migration in MIGRATIONS:
        migration.apply(conn)
