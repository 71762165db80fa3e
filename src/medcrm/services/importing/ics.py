"""A calendar in, as logged interactions (``medcrm import ics``): each past meeting whose
attendees or organizer are contacts becomes one interaction with all of them.

People are matched by email (case ignored), then by name. The kind comes from the title
(office hours, seminar, grand rounds, lecture, shadowing; else a meeting), the rotation from
the day (as ``log`` does). Repeating events are expanded within the window (RRULE, RDATE,
EXDATE, and occurrences moved with RECURRENCE-ID); events still to come or not yet over are
left for later; all-day events count only when they name a contact. Each event (or
occurrence) is remembered by its UID and start, so importing the calendar again, even with a
title edited, logs nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from medcrm.pure import text
from medcrm.pure.errors import InvalidInput, MedcrmError
from medcrm.services.importing.common import ImportResult, Rejection, decode
from medcrm.services.log import log_interaction
from medcrm.storage.connection import Writer

MAX_OCCURRENCES = 5000  # of one repeating event within the window


@dataclass
class _Occurrence:
    uid: str
    key: str  # the occurrence's start, ISO ("" when the event does not repeat)
    start: datetime | date
    end: datetime | date
    event: Any  # the VEVENT it comes from (the override, for a moved occurrence)


def kind_of(title: str) -> str:
    low = title.lower()
    if "office hour" in low:
        return "office-hours"
    if any(w in low for w in ("seminar", "grand rounds", "lecture", "journal club")):
        return "seminar"
    if "shadow" in low:
        return "shadowing"
    return "meeting"


def import_calendar(
    db: Writer, data: bytes, *, today: date, since: date, now: datetime | None = None,
    allow_phi: bool = False,
) -> ImportResult:  # fmt: skip
    """Log each past event of ``data`` (from ``since`` on) with the contacts in it."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(decode(data))
    except ValueError as exc:
        raise InvalidInput(f"This is not an iCalendar file ({exc}).") from exc
    moment = now or datetime.now(UTC)
    result = ImportResult()
    result.other = {"events": 0, "not yet over": 0, "without contacts": 0, "already logged": 0}
    people = _People(db)
    rows = db.rows("SELECT uid, occurrence, interaction_id FROM calendar_event")
    logged = {(str(r["uid"]), str(r["occurrence"])): int(r["interaction_id"]) for r in rows}
    for occurrence in sorted(_occurrences(calendar, since, moment, result),
                             key=lambda o: _as_datetime(o.start)):  # fmt: skip
        result.other["events"] += 1
        _log_one(db, people, logged, occurrence, today=today, allow_phi=allow_phi, result=result)
    return result


def _log_one(
    db: Writer, people: _People, logged: dict[tuple[str, str], int], o: _Occurrence, *,
    today: date, allow_phi: bool, result: ImportResult,
) -> None:  # fmt: skip
    title = str(o.event.get("SUMMARY") or "").strip() or "(no title)"
    day = _as_datetime(o.start).date()
    where = f"{title} ({day.isoformat()})"
    done = logged.get((o.uid, o.key))
    if done is not None:
        result.other["already logged"] += 1
        result.skipped.append(f"{where}: already logged as #{done}")
        return
    ids = people.in_event(o.event)
    if not ids:
        result.other["without contacts"] += 1
        return
    try:
        done_now = log_interaction(
            db, who=[f"#{i}" for i in ids], today=today, on=day, kind=kind_of(title),
            note=text.note_text(title), suggest=False, allow_phi=allow_phi,
        )  # fmt: skip
    except MedcrmError as exc:
        result.rejected.append(Rejection.from_error(where, exc))
        return
    interaction = done_now.interaction
    db.insert("calendar_event", {"uid": o.uid, "occurrence": o.key,
                                 "interaction_id": interaction.id})  # fmt: skip
    logged[(o.uid, o.key)] = interaction.id
    names = ", ".join(c.name for c in interaction.contacts)
    result.created.append(f"{where} with {names}")


class _People:
    """The contacts by email and by name, read once."""

    def __init__(self, db: Writer) -> None:
        self.by_email: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        for r in db.rows("SELECT id, email, name_key, extra FROM contact ORDER BY id"):
            emails = [r["email"]] + [e.get("value") for e in _listed_emails(r["extra"])]
            for email in filter(None, emails):
                self.by_email.setdefault(str(email).lower(), int(r["id"]))
            self.by_name.setdefault(str(r["name_key"]), int(r["id"]))

    def in_event(self, event: Any) -> list[int]:
        """The contacts among the event's organizer and attendees, in their order."""
        found: list[int] = []
        for address in [event.get("ORGANIZER"), *_listed(event.get("ATTENDEE"))]:
            if address is None:
                continue
            email = str(address).removeprefix("mailto:").removeprefix("MAILTO:").lower()
            name = str(getattr(address, "params", {}).get("CN", "") or "")
            match = self.by_email.get(email) or (self.by_name.get(text.name_key(name))
                                                 if name.strip() else None)  # fmt: skip
            if match is not None and match not in found:
                found.append(match)
        return found


def _listed_emails(extra: object) -> list[dict[str, Any]]:
    """The emails an import kept in a contact's ``extra`` (JSON text), beside the primary."""
    import json

    try:
        listed = json.loads(str(extra)).get("emails") if extra else None
    except (ValueError, AttributeError):
        return []
    return [e for e in listed if isinstance(e, dict)] if isinstance(listed, list) else []


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _as_datetime(value: datetime | date) -> datetime:
    """A start or end as an aware datetime (a day at midnight, a floating time as UTC)."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _occurrences(
    calendar: Any, since: date, now: datetime, result: ImportResult
) -> list[_Occurrence]:
    """Every occurrence that started on or after ``since`` and is over by ``now``."""
    events = list(calendar.walk("VEVENT"))
    moved = {(str(e.get("UID")), _as_datetime(e.decoded("RECURRENCE-ID")).isoformat()): e
             for e in events if e.get("RECURRENCE-ID") is not None}  # fmt: skip
    floor = _as_datetime(since)
    found: list[_Occurrence] = []
    for event in events:
        if event.get("RECURRENCE-ID") is not None or event.get("DTSTART") is None:
            continue
        uid = str(event.get("UID") or "")
        try:
            if not isinstance(event.decoded("DTSTART"), date):
                raise ValueError("DTSTART is not a date")
            _length(event)  # DTEND or DURATION readable
            starts = _starts(event, floor, now)
        except (ValueError, TypeError, KeyError) as exc:
            what = "its date is not a date" if "date" in str(exc).lower() else str(exc)
            result.rejected.append(Rejection(str(event.get("SUMMARY") or uid), what))
            continue
        repeats = event.get("RRULE") is not None or event.get("RDATE") is not None
        for start in starts:
            key = _as_datetime(start).isoformat() if repeats else ""
            source = moved.pop((uid, _as_datetime(start).isoformat()), event) if repeats else event
            found += _if_over(
                uid, key, source, start if source is event else None, floor, now, result
            )
    for (uid, key), event in moved.items():  # moved into the window from outside it
        found += _if_over(uid, key, event, None, floor, now, result)
    return found


def _if_over(uid: str, key: str, event: Any, start: Any, floor: datetime, now: datetime,
             result: ImportResult) -> list[_Occurrence]:  # fmt: skip
    """The occurrence if it started in the window and is over by ``now``."""
    first = event.decoded("DTSTART") if start is None else start
    length = _length(event)
    if _as_datetime(first) < floor:
        return []
    if _as_datetime(first) + length > now:
        result.other["not yet over"] += 1
        return []
    return [_Occurrence(uid or f"{first}", key, first, first + length, event)]


def _length(event: Any) -> timedelta:
    start = event.decoded("DTSTART")
    if event.get("DTEND") is not None:
        return _as_datetime(event.decoded("DTEND")) - _as_datetime(start)
    if event.get("DURATION") is not None:
        duration: timedelta = event.decoded("DURATION")
        return duration
    return timedelta(days=1) if not isinstance(start, datetime) else timedelta(0)


def _starts(event: Any, floor: datetime, now: datetime) -> list[datetime | date]:
    """The starts of an event within [floor, now]: one, or its repetitions less EXDATEs."""
    from dateutil.rrule import rrule, rruleset, rrulestr

    start = event.decoded("DTSTART")
    if event.get("RRULE") is None and event.get("RDATE") is None:
        return [start]
    rules = rruleset()
    anchor = _as_datetime(start)
    for rule in _listed(event.get("RRULE")):
        parsed = rrulestr(rule.to_ical().decode(), dtstart=anchor)
        if isinstance(parsed, rrule):
            rules.rrule(parsed)
    for listing in _listed(event.get("RDATE")):
        for d in listing.dts:
            rules.rdate(_as_datetime(d.dt))
    for listing in _listed(event.get("EXDATE")):
        for d in listing.dts:
            rules.exdate(_as_datetime(d.dt))
    found = rules.between(floor - timedelta(days=1), now, inc=True)[:MAX_OCCURRENCES]
    if isinstance(start, datetime):
        return [f if start.tzinfo is not None else f.replace(tzinfo=None) for f in found]
    return [f.date() for f in found]
