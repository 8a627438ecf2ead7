"""The Art. 23 reporting clock: deadlines after a significant incident, and a calendar file.

Pure: deadlines are computed in UTC from the stages in data/reporting.yaml (hours from
awareness, a shorter deadline for trust service providers, months from the incident
notification) and only converted to a time zone for display. ``ics`` writes the deadlines as
an RFC 5545 calendar.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from kb.model import Reporting, ReportStage

EntityType = Literal["standard", "trust-service-provider"]
ENTITY_TYPES: tuple[EntityType, ...] = ("standard", "trust-service-provider")
# The stage whose submission starts the clock of the 'notification' stages (Art. 23(4)(d)).
NOTIFICATION_STAGE = "incident-notification"
PRODID = "-//NIS 2 knowledge base//Incident reporting clock//EN"
UID_DOMAIN = "nis2-kb.invalid"


class ClockError(ValueError):
    """The input cannot give deadlines (naive time, unknown entity type, missing stage)."""


@dataclass(frozen=True)
class EvidenceSource:
    """An AWS service that provides evidence for a report, and its site page."""

    id: str
    name: str
    page: str


@dataclass(frozen=True)
class Deadline:
    """One report's deadline, as a UTC instant, with what it contains and where evidence is."""

    stage_id: str
    name: str
    due_utc: datetime
    ref: str
    counted_from: str
    contents: list[str]
    evidence: list[EvidenceSource]


def deadlines(
    aware_at: datetime,
    entity: EntityType,
    reporting: Reporting,
    notified_at: datetime | None = None,
    service_names: Mapping[str, str] | None = None,
) -> list[Deadline]:
    """The dated reports after a significant incident, earliest first.

    Args:
        aware_at: when the entity became aware of the significant incident (tz-aware).
        entity: 'trust-service-provider' uses the stages' ``trust_service_hours``.
        reporting: the Art. 23 timeline from the knowledge base.
        notified_at: when the incident notification was submitted (tz-aware); if None, it is
            assumed to be submitted at its deadline, and ``counted_from`` says so.
        service_names: service id -> display name for the evidence list (default: the id).

    Stages due on request or while the incident is ongoing have no date and are left out
    (see :func:`undated_stages`).

    Raises:
        ClockError: a naive datetime, an unknown entity type, a notification before
            awareness, or no incident-notification stage to count from.
    """
    if entity not in ENTITY_TYPES:
        raise ClockError(
            f"unknown entity type '{entity}' (expected one of: standard, trust-service-provider)"
        )
    aware_utc = _as_utc(aware_at, "aware_at")
    by_awareness = {
        s.id: aware_utc + timedelta(hours=_hours(s, entity))
        for s in reporting.stages
        if s.from_event == "awareness" and _hours(s, entity) is not None
    }
    notified_utc, assumed = _notification(aware_utc, notified_at, by_awareness)
    names = service_names or {}
    result = []
    for stage in reporting.stages:
        if stage.id in by_awareness:
            due = by_awareness[stage.id]
            counted = f"{_hours(stage, entity)} hours after becoming aware of the incident"
        elif stage.from_event == "notification" and stage.months is not None:
            due = add_months(_notified(notified_utc, stage), stage.months)
            counted = f"{_months(stage.months)} after the incident notification" + (
                f" (assumed submitted at its deadline, {_utc_text(notified_utc)})"
                if assumed
                else f" (submitted {_utc_text(notified_utc)})"
            )
        else:
            continue
        result.append(
            Deadline(
                stage_id=stage.id,
                name=stage.name,
                due_utc=due,
                ref=stage.ref,
                counted_from=counted,
                contents=list(stage.contents),
                evidence=[
                    EvidenceSource(sid, names.get(sid, sid), f"services/{sid}")
                    for sid in stage.evidence_services
                ],
            )
        )
    return sorted(result, key=lambda d: d.due_utc)


def undated_stages(reporting: Reporting) -> list[ReportStage]:
    """The stages with no fixed deadline (on request, or while the incident is ongoing)."""
    return [s for s in reporting.stages if s.from_event in ("request", "ongoing")]


def to_local(deadline: Deadline, tz: ZoneInfo) -> datetime:
    """The deadline's instant as wall-clock time in ``tz``."""
    return deadline.due_utc.astimezone(tz)


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus calendar months, clamped to the month's end (31 Jan + 1 -> 28/29 Feb)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


# ---------------------------------------------------------------- calendar file


def ics(items: Iterable[Deadline], aware_at: datetime, now: datetime | None = None) -> str:
    """An RFC 5545 calendar with one event per deadline (UTC times, CRLF, folded lines).

    ``now`` is the DTSTAMP (default: the current time); UIDs derive from ``aware_at`` and the
    stage, so a recomputed calendar updates the same events instead of adding new ones.
    """
    aware_utc = _as_utc(aware_at, "aware_at")
    stamp = _ics_time(_as_utc(now, "now") if now else datetime.now(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for d in items:
        summary = f"NIS 2: {d.name} due ({d.ref})"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{d.stage_id}-{_ics_time(aware_utc)}@{UID_DOMAIN}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_ics_time(d.due_utc)}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(_description(d, aware_utc))}",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:-PT2H",
            f"DESCRIPTION:{escape_text(summary)}",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line at ``limit`` octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _description(d: Deadline, aware_utc: datetime) -> str:
    checklist = "\n".join(f"- {c}" for c in d.contents)
    text = (
        f"{d.name} ({d.ref}), due {_utc_text(d.due_utc)}: {d.counted_from}. "
        f"Aware of the incident at {_utc_text(aware_utc)}.\n\nIt contains:\n{checklist}"
    )
    if d.evidence:
        text += "\n\nEvidence on AWS: " + ", ".join(e.name for e in d.evidence)
    return text


# ---------------------------------------------------------------- helpers


def _as_utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ClockError(f"{name} must carry a time zone, got the naive time {moment.isoformat()}")
    return moment.astimezone(UTC)


def _hours(stage: ReportStage, entity: EntityType) -> int | None:
    if entity == "trust-service-provider" and stage.trust_service_hours is not None:
        return stage.trust_service_hours
    return stage.hours


def _notification(
    aware_utc: datetime, notified_at: datetime | None, by_awareness: dict[str, datetime]
) -> tuple[datetime | None, bool]:
    if notified_at is not None:
        notified_utc = _as_utc(notified_at, "notified_at")
        if notified_utc < aware_utc:
            raise ClockError(
                "the incident notification cannot precede becoming aware of the incident"
            )
        return notified_utc, False
    return by_awareness.get(NOTIFICATION_STAGE), True


def _notified(notified_utc: datetime | None, stage: ReportStage) -> datetime:
    if notified_utc is None:
        raise ClockError(
            f"stage '{stage.id}' counts from the incident notification, but no stage "
            f"'{NOTIFICATION_STAGE}' with hours gives its deadline"
        )
    return notified_utc


def _months(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _ics_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


FALLBACK_TZ = "UTC"


@dataclass(frozen=True)
class StartingZone:
    """The time zone the clock starts in, and a note saying where it came from."""

    name: str
    note: str


def starting_zone(browser_zone: str | None, known: Iterable[str]) -> StartingZone:
    """The browser's time zone if it names a known zone, else UTC, with a visible note.

    Args:
        browser_zone: the IANA name the browser reports (e.g. ``Europe/Warsaw``), or None.
        known: the zone names the picker offers.
    """
    if browser_zone and browser_zone in set(known):
        return StartingZone(browser_zone, f"Started in your browser's time zone ({browser_zone}).")
    return StartingZone(
        FALLBACK_TZ,
        "Your browser did not report a time zone this app knows, so the clock starts in UTC: "
        "pick yours below.",
    )
