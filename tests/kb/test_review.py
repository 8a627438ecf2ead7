"""Dated content: every entry says when it was last reviewed; old reviews are flagged, not fatal."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from support import DATA, MINIMAL, ROOT, copy_minimal

from generator.cli import main
from generator.render import render
from kb.load import DataError, load
from kb.review import content_date, stale_entries

TODAY = "2026-12-01"


def _edit(data: Path, file: str, old: str, new: str, count: int = 1) -> None:
    path = data / file
    text = path.read_text()
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, count))


def _problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load(data)
    return [str(p).split("/")[-1] for p in caught.value.problems]


@pytest.fixture
def one_old_article(tmp_path: Path) -> Path:
    """The minimal data with Art. 23 last reviewed on 30 June 2025, 519 days before TODAY."""
    data = copy_minimal(tmp_path)
    text = (data / "articles.yaml").read_text()
    first = text.index("reviewed: 2026-11-28")
    second = text.index("reviewed: 2026-11-28", first + 1)
    text = text[:second] + "reviewed: 2025-06-30" + text[second + len("reviewed: 2026-11-28") :]
    (data / "articles.yaml").write_text(text)
    return data


def test_a_missing_review_date_is_a_located_error(tmp_path: Path) -> None:
    data = copy_minimal(tmp_path)
    _edit(data, "services.yaml", "    reviewed: 2026-11-28\n", "")
    assert _problems(data) == ["services.yaml:6: services[0]: missing field 'reviewed'"]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-13-01", "not a calendar day (month must be in 1..12), got '2026-13-01'"),
        ("2026-02-30", "not a calendar day (day is out of range for month), got '2026-02-30'"),
        ("1 December 2026", "expected a date written YYYY-MM-DD, got '1 December 2026'"),
        ("2026", "expected a date written YYYY-MM-DD, got 2026"),
    ],
)
def test_a_malformed_review_date_is_a_located_error(tmp_path: Path, written, message) -> None:
    data = copy_minimal(tmp_path)
    _edit(data, "measures.yaml", "reviewed: 2026-11-28", f"reviewed: {written}")
    assert _problems(data) == [f"measures.yaml:22: measures[0].reviewed: {message}"]


def test_the_source_checked_against_is_required(tmp_path: Path) -> None:
    data = copy_minimal(tmp_path)
    _edit(
        data,
        "certifications.yaml",
        "    reviewed_against: https://aws.amazon.com/compliance/programs/\n",
        "",
    )
    assert _problems(data) == [
        "certifications.yaml:2: certifications[0]: missing field 'reviewed_against'"
    ]


def test_check_warns_about_an_old_review_and_still_succeeds(one_old_article, capsys) -> None:
    assert main(["check", "--data", str(one_old_article), "--today", TODAY]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"warning: {one_old_article}/articles.yaml:29: articles[1].reviewed: last reviewed "
        "2025-06-30, 519 days ago (more than 365); check it against its source",
        "1 entry due for review (python -m generator stale lists them)",
    ]
    assert out.startswith("data OK: 2 articles")


def test_the_allowed_age_is_an_option(one_old_article, capsys) -> None:
    argv = ["check", "--data", str(one_old_article), "--today", TODAY, "--max-age-days", "600"]
    assert main(argv) == 0
    assert capsys.readouterr().err == ""
    argv[-1] = "2"
    assert main(argv) == 0
    # the five entries of the minimal data were reviewed three days before TODAY
    assert capsys.readouterr().err.count("warning: ") == 5


def test_stale_lists_the_old_entries(one_old_article, capsys) -> None:
    assert main(["stale", "--data", str(one_old_article), "--today", TODAY]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{one_old_article}/articles.yaml:29: articles[1].reviewed: last reviewed 2025-06-30, "
        "519 days ago (more than 365); check it against its source",
        "1 entry last reviewed more than 365 days ago",
    ]


def test_stale_with_nothing_old(capsys) -> None:
    assert main(["stale", "--data", str(MINIMAL), "--today", TODAY]) == 0
    assert capsys.readouterr().out == "0 entries last reviewed more than 365 days ago\n"


def test_a_bad_today_is_refused_by_the_cli(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["stale", "--data", str(MINIMAL), "--today", "yesterday"])
    assert caught.value.code == 2
    assert "expected a date YYYY-MM-DD, got 'yesterday'" in capsys.readouterr().err


def test_stale_entries_counts_to_the_day_given(one_old_article) -> None:
    kb = load(one_old_article)
    assert stale_entries(kb, date(2026, 6, 30), 365, one_old_article) == []
    [entry] = stale_entries(kb, date(2026, 7, 1), 365, one_old_article)
    assert (entry.line, entry.path) == (29, "articles[1].reviewed")


def test_every_dated_page_shows_its_last_review() -> None:
    pages = render(load(MINIMAL))
    line = "*Last reviewed: 2026-11-28, against <{}>.*"
    eur_lex = "https://eur-lex.europa.eu/eli/dir/2022/2555/oj"
    assert line.format(eur_lex) in pages["articles/21.md"]
    assert line.format(eur_lex) in pages["measures/21-2-b.md"]
    assert line.format("https://aws.amazon.com/cloudtrail/") in pages["services/cloudtrail.md"]
    assert line.format("https://aws.amazon.com/compliance/programs/") in pages["certifications.md"]


def test_the_real_data_is_dated_and_the_home_page_states_its_date() -> None:
    kb = load(DATA)
    home = (ROOT / "content" / "index.md").read_text(encoding="utf-8")
    found = re.search(r"Content as of (\d{1,2} \w+ \d{4})", home)
    assert found, "the home page states no 'as of' date"
    assert datetime.strptime(found.group(1), "%d %B %Y").date() == content_date(kb)
