"""People imports at scale: size and row limits, all or none over many batches, and other
users keep working while a large import runs."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from store_support import PASSWORD, run_cli

from quiz_app import audit, cli, people, people_import
from quiz_app.config import get_settings

HEADER = "id,name,email,department,role,is_management_body\n"
ROOT = Path(__file__).resolve().parent.parent


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
