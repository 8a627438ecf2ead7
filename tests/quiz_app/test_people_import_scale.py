"""People imports at scale: size and row limits, all or none over many batches, and other
users keep working while a large import runs."""

from __future__ import annotations

import threading
import tomllib

import pytest
from sqlalchemy import event
from store_support import PASSWORD, run_cli
from support import ROOT

from quiz_app import audit, cli, people, people_import, store
from quiz_app.config import get_settings

HEADER = "id,name,email,department,role,is_management_body\n"


def _row(n: int) -> str:
    return f"H{n:06d},Person {n},p{n}@example.org,Dept {n % 40},Role {n % 7},{'yes' if n % 50 == 0 else 'no'}\n"


def _file(rows: int, first: int = 1) -> str:
    return HEADER + "".join(_row(n) for n in range(first, first + rows))


def _count(engine, actor) -> int:
    return len(people.list_people(engine, actor))


def _imports(engine, actor) -> list:
    return audit.list_entries(engine, actor, action=audit.IMPORT)


def test_a_file_over_the_byte_limit_is_refused_before_it_is_parsed(people_store, monkeypatch):
    s = people_store
    data = (_file(3) + "E9,Nu\xe9,,,,no\n").encode("latin-1")  # not UTF-8 on its last line
    monkeypatch.setenv("NIS2_IMPORT_MAX_BYTES", str(len(data) - 1))
    before = _count(s.engine, s.admin)
    with pytest.raises(people_import.ImportTooLarge) as caught:
        people_import.import_people(s.engine, s.admin, data, "hr.csv")
    assert str(caught.value) == (
        f"nothing imported from hr.csv: larger than the import limit of {len(data) - 1:,} "
        "bytes (NIS2_IMPORT_MAX_BYTES); split it into smaller files"
    )
    assert _count(s.engine, s.admin) == before and _imports(s.engine, s.admin) == []
    monkeypatch.setenv("NIS2_IMPORT_MAX_BYTES", str(len(data)))
    get_settings.cache_clear()
    with pytest.raises(people_import.ImportFailed):  # at the limit: parsed (and found bad)
        people_import.import_people(s.engine, s.admin, data, "hr.csv")


def test_the_row_limit_stops_the_stream_as_soon_as_it_is_passed(people_store, monkeypatch):
    s = people_store
    monkeypatch.setenv("NIS2_IMPORT_MAX_ROWS", "5")
    # Blank lines do not count; what follows the sixth row is never read (not even decoded).
    data = (_file(3) + "\n" + _file(3, first=4)[len(HEADER) :]).encode() + b"\xff\xfe,broken\n"
    before = _count(s.engine, s.admin)
    with pytest.raises(people_import.ImportTooLarge) as caught:
        people_import.import_people(s.engine, s.admin, data, "hr.csv")
    assert str(caught.value) == (
        "nothing imported from hr.csv: more than the import limit of 5 rows "
        "(NIS2_IMPORT_MAX_ROWS); split it into smaller files"
    )
    assert _count(s.engine, s.admin) == before and _imports(s.engine, s.admin) == []
    result = people_import.import_people(s.engine, s.admin, _file(5).encode(), "hr.csv")
    assert result.created == 5


def test_the_cli_refuses_a_file_over_a_limit_in_one_line(
    sqlite_people_store, monkeypatch, tmp_path
):
    s = sqlite_people_store
    big = tmp_path / "big.csv"
    big.write_text(_file(200), encoding="utf-8")
    monkeypatch.setenv("NIS2_DATABASE_URL", s.url)
    monkeypatch.setenv(cli.ENV_PASSWORD, PASSWORD)
    monkeypatch.setenv("NIS2_IMPORT_MAX_BYTES", str(2 * 1024 * 1024))
    monkeypatch.setenv("NIS2_IMPORT_MAX_ROWS", "100")
    assert run_cli(["--as", "admin", "people", "import", str(big)]) == (
        1,
        "",
        f"error: nothing imported from {big}: more than the import limit of 100 rows "
        "(NIS2_IMPORT_MAX_ROWS); split it into smaller files\n",
    )
    monkeypatch.setenv("NIS2_IMPORT_MAX_BYTES", "1000")
    get_settings.cache_clear()
    assert run_cli(["--as", "admin", "people", "import", str(big)])[2] == (
        f"error: nothing imported from {big}: larger than the import limit of 1,000 bytes "
        "(NIS2_IMPORT_MAX_BYTES); split it into smaller files\n"
    )
    assert _count(s.engine, s.admin) == 4


def test_the_default_limits_fit_100000_people_and_match_streamlits_upload_limit():
    settings = get_settings()
    assert settings.import_max_rows == 100_000
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings.import_max_bytes == config["server"]["maxUploadSize"] * 1024 * 1024
    assert len(_file(100_000).encode()) < settings.import_max_bytes


LARGE = 20_000


def test_a_large_import_with_a_bad_last_row_writes_nothing(people_store):
    s = people_store
    data = (_file(LARGE - 1) + f"H{LARGE:06d},Last,last(at)example.org,IT,Dev,no\n").encode()
    with pytest.raises(people_import.ImportFailed) as caught:
        people_import.import_people(s.engine, s.admin, data, "hr.csv")
    assert caught.value.problems == [
        f"hr.csv:{LARGE + 1}: email: not an e-mail address: 'last(at)example.org'"
    ]
    assert _count(s.engine, s.admin) == 4 and _imports(s.engine, s.admin) == []


def test_a_large_import_failing_in_its_last_batch_writes_nothing(people_store):
    """The batches share one transaction: a failure while writing the last row undoes all."""
    s = people_store
    last = f"H{LARGE:06d}"

    def fail_on_last_row(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO PEOPLE") and last in repr(parameters):
            raise RuntimeError("disk full")

    event.listen(s.engine, "before_cursor_execute", fail_on_last_row)
    try:
        with pytest.raises(RuntimeError, match="disk full"):
            people_import.import_people(s.engine, s.admin, _file(LARGE).encode(), "hr.csv")
    finally:
        event.remove(s.engine, "before_cursor_execute", fail_on_last_row)
    assert _count(s.engine, s.admin) == 4 and _imports(s.engine, s.admin) == []


def test_a_large_import_creates_updates_and_audits_its_counts(people_store):
    s = people_store
    people_import.import_people(s.engine, s.admin, _file(1000).encode(), "first.csv")
    text = _file(LARGE).replace("Dept 1,", "Department One,")  # rows n % 40 == 1 change
    result = people_import.import_people(s.engine, s.admin, text.encode(), "hr.csv")
    assert result == people_import.ImportResult(created=LARGE - 1000, updated=25, unchanged=975)
    everyone = {p.external_id: p for p in people.list_people(s.engine, s.admin)}
    assert len(everyone) == LARGE + 4
    assert everyone["H000041"].department == "Department One"
    assert everyone["H019950"].is_management_body and everyone["H019950"].email == (
        "p19950@example.org"
    )
    assert _imports(s.engine, s.admin)[0].detail == {
        "rows": LARGE,
        "created": LARGE - 1000,
        "updated": 25,
        "unchanged": 975,
    }


class _Pause:
    """Pauses the import's thread after its first statement matching ``prefix`` until the
    test has done its work (or a minute has passed)."""

    def __init__(self, engine, prefix: str) -> None:
        self.engine, self.prefix = engine, prefix.upper()
        self.thread: threading.Thread | None = None
        self.reached, self.resume = threading.Event(), threading.Event()

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        mine = threading.current_thread() is self.thread and not self.reached.is_set()
        if mine and " ".join(statement.split()).upper().startswith(self.prefix):
            self.reached.set()
            self.resume.wait(60)

    def run(self, work) -> dict:
        outcome: dict = {}

        def target() -> None:
            try:
                outcome["result"] = work()
            except BaseException as exc:  # noqa: BLE001 - reported to the test
                outcome["error"] = exc

        self.thread = threading.Thread(target=target)
        event.listen(self.engine, "after_cursor_execute", self)
        self.thread.start()
        return outcome

    def join(self) -> None:
        self.resume.set()
        self.thread.join(120)
        event.remove(self.engine, "after_cursor_execute", self)


def test_others_read_and_write_while_a_large_import_writes(sqlite_people_store):
    s = sqlite_people_store
    pause = _Pause(s.engine, "INSERT INTO people")
    outcome = pause.run(
        lambda: people_import.import_people(s.engine, s.admin, _file(LARGE).encode(), "hr.csv")
    )
    try:
        assert pause.reached.wait(60), outcome
        # The import holds the write lock, its first batch written: a reader is not blocked
        # and sees the store as it was; a writer waits for the import's commit, then succeeds.
        reader = store.create_store_engine(s.url)
        assert len(people.list_people(reader, s.admin)) == 4
        pause.resume.set()
        people.create_person(reader, s.admin, external_id="X1", name="Written meanwhile")
        reader.dispose()
    finally:
        pause.join()
    assert outcome == {"result": people_import.ImportResult(LARGE, 0, 0)}
    assert _count(s.engine, s.admin) == LARGE + 5


def test_the_import_checks_and_looks_up_without_the_write_lock(sqlite_people_store):
    """Validating and looking up existing HR ids happen before the write lock is taken: a
    write meanwhile succeeds at once, and the import then plans again from what it wrote."""
    s = sqlite_people_store
    pause = _Pause(s.engine, "SELECT")
    outcome = pause.run(
        lambda: people_import.import_people(s.engine, s.admin, _file(LARGE).encode(), "hr.csv")
    )
    try:
        assert pause.reached.wait(60), outcome
        writer = store.create_store_engine(s.url)
        event.listen(  # locked would fail in 2 s, not wait 30
            writer, "connect", lambda dbapi, _: dbapi.execute("PRAGMA busy_timeout = 2000")
        )
        people.create_person(writer, s.admin, external_id="H000002", name="Meanwhile")
        writer.dispose()
    finally:
        pause.join()
    assert outcome == {"result": people_import.ImportResult(LARGE - 1, 1, 0)}
    assert {p.external_id: p.name for p in people.list_people(s.engine, s.admin)}[
        "H000002"
    ] == "Person 2"
