"""8. Reminders: ``reminders send`` for ``people`` people (5,000) against a local SMTP server.

Every person has an open assignment, a third each in the 'assigned', 'due soon' and
'overdue' stage, and the overdue ones a manager, so one run sends about 1.3 messages a
person through one SMTP session to an aiosmtpd server on 127.0.0.1 (the test server of the
suite). A second run at the same clock must send nothing. Target: under 60 s for 5,000.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import time
from datetime import date, datetime, timedelta
from typing import Any

from bench import stores
from bench.measure import Figure, Section, check
from bench.settings import Settings

TITLE = "8. Reminders: `reminders send` for 5,000 people to a local SMTP server"
NOW = datetime(2025, 3, 3, 7, 0)
TARGET_SECONDS = 60.0


class _Counter:
    def __init__(self, received) -> None:
        self.received = received

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd
        with self.received.get_lock():
            self.received.value += 1
        return "250 OK"


def _serve(port: int, received, ready, stop) -> None:
    """The SMTP server, in a process of its own as a real one would be."""
    from aiosmtpd.controller import Controller

    controller = Controller(_Counter(received), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fill(url: str, count: int):
    """A store with ``count`` people, each with an open assignment; the trainer actor."""
    from quiz_app import accounts, store
    from quiz_app.authz import Role
    from quiz_app.store import migrations, people, training_assignments

    engine = store.get_engine(url)
    migrations.upgrade(engine)
    admin = accounts.create_first_admin(engine, username="admin", password="bench password 1")
    trainer_id = accounts.create_account(
        engine, admin, username="trainer", role=Role.TRAINER, password="bench password 1"
    )
    due = {0: NOW.date() + timedelta(days=40), 1: NOW.date() + timedelta(days=3)}
    with store.transaction(engine) as conn:
        conn.execute(
            people.insert(),
            [
                {
                    "external_id": f"B{n:06d}",
                    "name": f"Person {n}",
                    "email": f"p{n}@example.org",
                    "department": f"D{n % 20}",
                    "is_management_body": False,
                    "manager_external_id": "B000000" if n % 3 == 2 else None,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for n in range(count)
            ],
        )
        ids = conn.execute(people.select().with_only_columns(people.c.id)).scalars().all()
        conn.execute(
            training_assignments.insert(),
            [
                {
                    "person_id": pid,
                    "module_id": "cyber-hygiene",
                    "assigned_at": NOW - timedelta(days=60),
                    "due_on": due.get(n % 3, date(2025, 2, 1)),
                    "reason": "assigned" if n % 3 == 0 else "renewal",
                }
                for n, pid in enumerate(ids)
            ],
        )
    from quiz_app.authz import Actor

    return engine, Actor(trainer_id, Role.TRAINER, None)


def run(settings: Settings, context: dict[str, Any]) -> Section:
    from kb.load import load
    from quiz_app import reminders
    from quiz_app.config import get_settings

    section = Section(TITLE)
    count = settings.people
    url = stores.new_store("sqlite", settings.out, settings.postgres_url, "reminders")
    engine, trainer = _fill(url, count)
    port = _free_port()
    spawn = multiprocessing.get_context("spawn")
    received, ready, stop = spawn.Value("i", 0), spawn.Event(), spawn.Event()
    server = spawn.Process(target=_serve, args=(port, received, ready, stop), daemon=True)
    server.start()
    if not ready.wait(60):
        raise RuntimeError("the SMTP server did not start in 60 s")
    before = {k: os.environ.get(k) for k in ("NIS2_SMTP_HOST", "NIS2_SMTP_PORT")}
    os.environ.update({"NIS2_SMTP_HOST": "127.0.0.1", "NIS2_SMTP_PORT": str(port)})
    get_settings.cache_clear()
    try:
        kb = load()
        start = time.perf_counter()
        result = reminders.send_reminders(engine, trainer, kb, now=NOW)
        seconds = time.perf_counter() - start
        again = reminders.send_reminders(engine, trainer, kb, now=NOW)
    finally:
        stop.set()
        server.join(30)
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()
    sent = len(result.sent)
    figure = section.add(
        Figure(
            f"SQLite: send to {count:,} people",
            seconds,
            "s",
            note=f"{sent:,} messages ({result.counts()}); the server received "
            f"{received.value:,}; {sent / seconds:,.0f} messages/s",
        )
    )
    check(
        figure, seconds, TARGET_SECONDS * count / 5000, f"< {TARGET_SECONDS * count / 5000:.3g} s"
    )
    repeat = section.add(
        Figure("messages sent by a second run at the same clock", len(again.sent), "")
    )
    check(repeat, repeat.value, 0, "0")
    section.notes.append(
        "One run claims each (assignment, kind) row in batches of 200 (one transaction each, "
        "every message audited) and sends through one SMTP session; the target scales with "
        "the number of people (60 s for 5,000)."
    )
    return section
