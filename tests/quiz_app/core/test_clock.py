"""The incident-reporting clock (quiz_app.core.clock): UTC deadlines, time zones, .ics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import yaml
from support import DATA

from kb.model import Reporting
from quiz_app.core.clock import (
    ClockError,
    Deadline,
    EvidenceSource,
    add_months,
    deadlines,
    escape_text,
    fold,
    ics,
    to_local,
    undated_stages,
)

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture(scope="module")
def reporting() -> Reporting:
    """The reporting section of data/reporting.yaml, validated by the one schema."""
    text = (DATA / "reporting.yaml").read_text(encoding="utf-8")
    return Reporting.model_validate(yaml.safe_load(text)["reporting"])


def _due(items: list[Deadline]) -> dict[str, datetime]:
    return {d.stage_id: d.due_utc for d in items}


def test_three_dated_reports_in_order(reporting):
    aware = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
    items = deadlines(aware, "standard", reporting)
    assert [(d.stage_id, d.ref) for d in items] == [
        ("early-warning", "Art. 23(4)(a)"),
        ("incident-notification", "Art. 23(4)(b)"),
        ("final-report", "Art. 23(4)(d)"),
    ]
    assert _due(items) == {
        "early-warning": datetime(2026, 5, 5, 9, 30, tzinfo=UTC),
        "incident-notification": datetime(2026, 5, 7, 9, 30, tzinfo=UTC),
        "final-report": datetime(2026, 6, 7, 9, 30, tzinfo=UTC),
    }
    assert items[2].counted_from == (
        "1 month after the incident notification (assumed submitted at its deadline, "
        "2026-05-07 09:30 UTC)"
    )
    assert [s.id for s in undated_stages(reporting)] == ["intermediate-report", "progress-report"]


def test_across_the_autumn_clock_change_utc_is_exact_and_local_shifts(reporting):
    aware = datetime(2026, 10, 24, 10, 0, tzinfo=BRUSSELS)  # CEST, 08:00 UTC
    items = {d.stage_id: d for d in deadlines(aware, "standard", reporting)}
    notification = items["incident-notification"]
    assert notification.due_utc == datetime(2026, 10, 27, 8, 0, tzinfo=UTC)
    assert notification.due_utc - aware == timedelta(hours=72)
    local = to_local(notification, BRUSSELS)
    assert (local.isoformat(), local.tzname()) == ("2026-10-27T09:00:00+01:00", "CET")
    assert to_local(items["early-warning"], BRUSSELS).isoformat() == "2026-10-25T09:00:00+01:00"
    assert to_local(items["final-report"], BRUSSELS).isoformat() == "2026-11-27T09:00:00+01:00"


def test_across_the_spring_clock_change(reporting):
    aware = datetime(2027, 3, 27, 10, 0, tzinfo=BRUSSELS)  # CET, 09:00 UTC
    early = deadlines(aware, "standard", reporting)[0]
    assert early.due_utc == datetime(2027, 3, 28, 9, 0, tzinfo=UTC)
    assert to_local(early, BRUSSELS).isoformat() == "2027-03-28T11:00:00+02:00"


def test_final_report_at_a_month_end_is_clamped(reporting):
    aware = datetime(2027, 1, 29, 12, 0, tzinfo=UTC)
    notified = datetime(2027, 1, 31, 15, 45, tzinfo=UTC)
    final = _due(deadlines(aware, "standard", reporting, notified_at=notified))["final-report"]
    assert final == datetime(2027, 2, 28, 15, 45, tzinfo=UTC)


def test_final_report_in_a_leap_year(reporting):
    aware = datetime(2028, 1, 30, 12, 0, tzinfo=UTC)
    notified = datetime(2028, 1, 31, 8, 0, tzinfo=UTC)
    items = deadlines(aware, "standard", reporting, notified_at=notified)
    assert _due(items)["final-report"] == datetime(2028, 2, 29, 8, 0, tzinfo=UTC)
    assert items[-1].counted_from == (
        "1 month after the incident notification (submitted 2028-01-31 08:00 UTC)"
    )


def test_assumed_notification_rolls_over_the_month_end(reporting):
    aware = datetime(2027, 1, 28, 23, 0, tzinfo=UTC)  # notification due 31 Jan 23:00
    final = _due(deadlines(aware, "standard", reporting))["final-report"]
    assert final == datetime(2027, 2, 28, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime(2027, 1, 31, tzinfo=UTC), 1, datetime(2027, 2, 28, tzinfo=UTC)),
        (datetime(2028, 1, 31, tzinfo=UTC), 1, datetime(2028, 2, 29, tzinfo=UTC)),
        (datetime(2028, 2, 29, tzinfo=UTC), 1, datetime(2028, 3, 29, tzinfo=UTC)),
        (datetime(2026, 12, 31, tzinfo=UTC), 1, datetime(2027, 1, 31, tzinfo=UTC)),
        (datetime(2026, 8, 31, tzinfo=UTC), 13, datetime(2027, 9, 30, tzinfo=UTC)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_trust_service_provider_notifies_within_24_hours(reporting):
    aware = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
    items = deadlines(aware, "trust-service-provider", reporting)
    assert _due(items) == {
        "early-warning": datetime(2026, 5, 5, 9, 30, tzinfo=UTC),
        "incident-notification": datetime(2026, 5, 5, 9, 30, tzinfo=UTC),
        "final-report": datetime(2026, 6, 5, 9, 30, tzinfo=UTC),
    }
    assert items[1].counted_from == "24 hours after becoming aware of the incident"


def test_contents_and_evidence_with_service_pages(reporting):
    aware = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
    names = {"cloudtrail": "AWS CloudTrail", "guardduty": "Amazon GuardDuty"}
    early = deadlines(aware, "standard", reporting, service_names=names)[0]
    stage = reporting.stages[0]
    assert early.contents == list(stage.contents)
    assert EvidenceSource("cloudtrail", "AWS CloudTrail", "services/cloudtrail") in early.evidence
    assert [e.id for e in early.evidence] == list(stage.evidence_services)


def test_bad_input_raises(reporting):
    aware = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
    with pytest.raises(ClockError, match="must carry a time zone"):
        deadlines(datetime(2026, 5, 4, 9, 30), "standard", reporting)
    with pytest.raises(ClockError, match="unknown entity type 'tsp'"):
        deadlines(aware, "tsp", reporting)
    with pytest.raises(ClockError, match="cannot precede"):
        deadlines(aware, "standard", reporting, notified_at=aware - timedelta(minutes=1))


# ---------------------------------------------------------------- the calendar file


def _unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert "\n" not in line and "\r" not in line
        assert len(line.encode("utf-8")) <= 75, line
    logical: list[str] = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def _events(text: str) -> list[dict[str, str]]:
    events, current, depth = [], None, []
    for line in _unfold(text):
        name, _, value = line.partition(":")
        if name == "BEGIN":
            depth.append(value)
            if value == "VEVENT":
                current = {}
        elif name == "END":
            assert depth.pop() == value
            if value == "VEVENT":
                events.append(current)
        elif depth[-1] == "VEVENT":
            current[name] = value
    assert depth == []
    return events


def test_ics_is_rfc5545_and_round_trips_the_instants(reporting):
    aware = datetime(2026, 10, 24, 10, 0, tzinfo=BRUSSELS)
    items = deadlines(aware, "standard", reporting)
    now = datetime(2026, 10, 24, 10, 5, tzinfo=BRUSSELS)
    text = ics(items, aware, now=now)
    lines = _unfold(text)
    assert lines[:3] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//NIS 2 knowledge base//Incident reporting clock//EN",
    ]
    assert lines[-1] == "END:VCALENDAR"
    events = _events(text)
    assert len(events) == 3
    for event, deadline in zip(events, items, strict=True):
        start = datetime.strptime(event["DTSTART"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        assert start == deadline.due_utc
        assert event["UID"] == f"{deadline.stage_id}-20261024T080000Z@nis2-kb.invalid"
        assert event["DTSTAMP"] == "20261024T080500Z"
        description = _unescape(event["DESCRIPTION"])
        for item in deadline.contents:
            assert f"- {item}\n" in description + "\n"
    assert _unescape(events[0]["SUMMARY"]) == "NIS 2: Early warning due (Art. 23(4)(a))"
    assert [e["DTSTART"] for e in events] == [
        "20261025T080000Z",
        "20261027T080000Z",
        "20261127T080000Z",
    ]


def test_ics_text_escaping_and_folding():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    folded = fold("DESCRIPTION:" + "é" * 80)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == "DESCRIPTION:" + "é" * 80
    assert fold("SHORT:x") == "SHORT:x"


def test_ics_needs_an_aware_time(reporting):
    aware = datetime(2026, 5, 4, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    items = deadlines(aware, "standard", reporting)
    with pytest.raises(ClockError):
        ics(items, datetime(2026, 5, 4, 9, 30))


def test_the_clock_starts_in_the_browsers_time_zone():
    from quiz_app.core.clock import starting_zone

    zone = starting_zone("Europe/Warsaw", ["Europe/Warsaw", "UTC"])
    assert zone.name == "Europe/Warsaw" and "Europe/Warsaw" in zone.note


@pytest.mark.parametrize("reported", [None, "", "Mars/Olympus"])
def test_without_a_known_browser_time_zone_the_clock_says_it_uses_utc(reported):
    from quiz_app.core.clock import starting_zone

    zone = starting_zone(reported, ["Europe/Warsaw", "UTC"])
    assert zone.name == "UTC" and "UTC" in zone.note
