"""Open follow-ups, letter deadlines and the season's deadlines as iCalendar to-dos."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from medcrm.pure.sanitize import strip_controls_in_file
from medcrm.storage import queries as views
from medcrm.storage.connection import Reader

if TYPE_CHECKING:
    from icalendar import Todo


def to_ics(reader: Reader, *, today: date) -> str:
    """Open follow-ups, letter and season deadlines as iCalendar to-dos (VTODO) with due dates and,
    for repeating follow-ups, recurrence rules, so a calendar or task app shows them."""
    from icalendar import Calendar, vRecur

    from medcrm.pure.dates import parse_duration

    cal = Calendar()
    cal.add("prodid", "-//medcrm//follow-ups//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "medcrm follow-ups")
    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    for f in views.list_follow_ups(reader):
        todo = _todo(f"follow-up-{f.id}@medcrm", stamp, f"{f.title} ({f.contact})", f.due)
        if f.purpose:
            todo.add("categories", [f.purpose])
        if f.every:
            step = parse_duration(f.every)
            todo.add("rrule", vRecur(freq=step.frequency, interval=step.count))
        cal.add_component(todo)
    for x in views.list_letters(reader, open_only=True):
        summary = f"Letter deadline: {x.contact} for {x.target} ({x.status})"
        todo = _todo(f"letter-{x.id}@medcrm", stamp, summary, x.due)
        todo.add("categories", ["letter"])
        cal.add_component(todo)
    for d in views.list_deadlines(reader):
        whose = "" if d.program is None else f" ({d.program})"
        todo = _todo(f"deadline-{d.id}@medcrm", stamp, f"Deadline: {d.title}{whose}", d.due)
        todo.add("categories", ["deadline"])
        cal.add_component(todo)
    return strip_controls_in_file(str(cal.to_ical().decode("utf-8")))


def _todo(uid: str, stamp: datetime, summary: str, due: date) -> Todo:
    """A to-do that is still to be done."""
    from icalendar import Todo

    todo = Todo()
    todo.add("uid", uid)
    todo.add("dtstamp", stamp)
    todo.add("summary", summary)
    todo.add("due", due)
    todo.add("status", "NEEDS-ACTION")
    return todo
