"""The WHEN and DURATION grammar shared by every command.

WHEN (a date argument) is one of:

* ISO ``2026-11-22``, or US month/day ``12/5``, ``12/5/26``, ``12/5/2026``;
* ``today`` (``tonight``), ``yesterday``, ``tomorrow`` (``tmrw``);
* a weekday (``fri``, ``friday``, ``last fri``, ``next fri``): a bare weekday leans to the
  past for things that happened (``log --date``) and to the future for things that are due
  (``--due``, ``--until``); it is never today itself;
* an offset: ``+3d``, ``-2w``, ``3 days ago``, ``in 2 weeks``, ``a week ago``, ``last month``;
  a bare ``3d`` or ``2 weeks`` leans like a weekday (ahead for a due date, back for a log);
* ``next week`` (its Monday), ``this weekend`` (Saturday), ``next weekend``, ``next month``
  (its first day), ``end of month``;
* a month and day: ``Dec 5``, ``5 December``, ``Dec 5th, 2026``, ``12/5``; without a year it
  leans like a weekday (the most recent such day, or the next one; today counts).

A date that cannot be read is refused with examples that suit the option and today: never a
past date as an example for a due date.

DURATION is a whole number and a unit: ``3d``, ``2w``, ``1m``, ``6m``, ``1y`` (``3 days``,
``2 weeks`` also work). Months and years are calendar months and years.

Everything here is pure: ``today`` is always a parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from medcrm.pure.errors import InvalidInput

Lean = Literal["past", "future", "nearest"]

# The dates medcrm accepts: far enough for any career, near enough that arithmetic on them
# (a yearly cadence, a snooze) can never leave the calendar.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)

DURATION_EXAMPLES = "3d, 2w, 1m, 6m or 1y"

_UNITS = {
    "d": "d", "day": "d", "days": "d",
    "w": "w", "wk": "w", "wks": "w", "week": "w", "weeks": "w",
    "m": "m", "mo": "m", "mos": "m", "month": "m", "months": "m",
    "y": "y", "yr": "y", "yrs": "y", "year": "y", "years": "y",
}  # fmt: skip
_UNIT_RE = "|".join(sorted(_UNITS, key=len, reverse=True))
# Longest sensible value per unit: ten years.
_MAX_COUNT = {"d": 3660, "w": 522, "m": 120, "y": 10}

_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4, "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_WEEKDAY_RE = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_COUNT = r"(?P<n>\d{1,4}|an?)"
_ORD = r"(?:st|nd|rd|th)?"

_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
_SIGNED = re.compile(rf"(?P<sign>[+-])\s*(?P<n>\d{{1,4}})\s*(?P<unit>{_UNIT_RE})")
_AGO = re.compile(rf"{_COUNT}\s*(?P<unit>{_UNIT_RE})\s+ago")
_IN = re.compile(rf"in\s+{_COUNT}\s*(?P<unit>{_UNIT_RE})")
_NEXT_LAST = re.compile(r"(?P<dir>next|last)\s+(?P<unit>week|month|year)")
_WEEKDAY = re.compile(rf"(?:(?P<dir>last|next)\s+)?(?P<wd>{_WEEKDAY_RE})\.?")
_MONTH_DAY = re.compile(
    rf"(?P<mon>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}}){_ORD}(?:,?\s+(?P<year>\d{{4}}))?"
)
_DAY_MONTH = re.compile(
    rf"(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{_MONTH_RE})\.?(?:,?\s+(?P<year>\d{{4}}))?"
)
_DURATION = re.compile(rf"(?P<n>\d{{1,4}})\s*(?P<unit>{_UNIT_RE})")
_US = re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{2}|\d{4}))?")
_DAYS = {
    "today": 0, "tonight": 0, "now": 0, "yesterday": -1, "yday": -1,
    "tomorrow": 1, "tmrw": 1, "tmrrw": 1, "tmw": 1, "tmr": 1, "tomorow": 1,
}  # fmt: skip
_END_OF_MONTH = ("end of month", "end of the month", "eom", "month end")
_WEEKEND = ("this weekend", "weekend", "the weekend", "this wknd", "wknd")


class _Unreadable(Exception):
    """Why a WHEN could not be read; :func:`parse_when` adds the examples."""


def examples(lean: Lean, today: date) -> str:
    """Dates that work for this option today: ahead for a due date, behind for a log."""
    if lean == "past":
        day = today - timedelta(days=9)
        words = "today, yesterday, fri, '3 days ago'"
    else:
        day = today + timedelta(days=12)
        words = "tomorrow, fri, 'in 2 weeks'"
    return f"{words}, {day.month}/{day.day} or '{day:%b} {day.day}'"


@dataclass(frozen=True)
class Duration:
    """A whole number of days, weeks, calendar months or years."""

    count: int
    unit: Literal["d", "w", "m", "y"]

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def after(self, start: date) -> date:
        """The date this duration after ``start``."""
        return shift(start, self.count, self.unit)

    @property
    def frequency(self) -> str:
        """Its unit as an iCalendar RRULE frequency (also dateutil.rrule's constant's name)."""
        return {"d": "DAILY", "w": "WEEKLY", "m": "MONTHLY", "y": "YEARLY"}[self.unit]

    def before(self, start: date) -> date:
        """The date this duration before ``start``."""
        return shift(start, -self.count, self.unit)


def shift(start: date, count: int, unit: str) -> date:
    """Move ``start`` by ``count`` units; months and years keep the day where it exists."""
    try:
        if unit == "d":
            return start + timedelta(days=count)
        if unit == "w":
            return start + timedelta(weeks=count)
        from dateutil.relativedelta import relativedelta  # not needed on the hot path

        if unit == "m":
            return start + relativedelta(months=count)
        return start + relativedelta(years=count)
    except (ValueError, OverflowError) as exc:
        raise InvalidInput(f"{count}{unit} from {start} is outside the calendar.") from exc


def _count(raw: str) -> int:
    return 1 if raw in ("a", "an") else int(raw)


def _checked_offset(start: date, count: int, unit: str, text: str) -> date:
    if abs(count) > _MAX_COUNT[unit] * 10:
        raise InvalidInput(f"'{text}' is too far away. Try a date within a few years.")
    return shift(start, count, unit)


def _weekday(today: date, target: int, direction: Lean) -> date:
    back = (today.weekday() - target) % 7 or 7
    ahead = (target - today.weekday()) % 7 or 7
    if direction == "past" or (direction == "nearest" and back < ahead):
        return today - timedelta(days=back)
    return today + timedelta(days=ahead)


def _real_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise _Unreadable(f"'{text}' is not a real date.") from exc


def _month_day(today: date, month: int, day: int, year: str | None, lean: Lean, text: str) -> date:
    if year is not None:
        return _real_date(int(year), month, day, text)
    bad_day = (
        not 1 <= day <= 31 or (month == 2 and day > 29) or (month in (4, 6, 9, 11) and day > 30)
    )
    if not 1 <= month <= 12 or bad_day:
        raise _Unreadable(f"'{text}' is not a real date.")
    if lean == "nearest":
        before = _month_day(today, month, day, None, "past", text)
        after = _month_day(today, month, day, None, "future", text)
        return before if (today - before) < (after - today) else after
    step = -1 if lean == "past" else 1
    # Feb 29 may be up to eight years away; any other day is within one year.
    for offset in range(9):
        candidate_year = today.year + step * offset
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if (lean == "past" and candidate <= today) or (lean == "future" and candidate >= today):
            return candidate
    raise _Unreadable(f"'{text}' is not a real date.")  # pragma: no cover


def parse_when(text: str, *, today: date, lean: Lean) -> date:
    """Read a WHEN argument. ``lean`` says which way bare weekdays and month-days go."""
    try:
        result = _parse_when(text, today=today, lean=lean)
    except _Unreadable as exc:
        raise InvalidInput(f"{exc} Try {examples(lean, today)}.") from None
    if not EARLIEST <= result <= LATEST:
        raise InvalidInput(
            f"'{text}' is {result.isoformat()}, outside the dates medcrm keeps "
            f"({EARLIEST.year} to {LATEST.year})."
        )
    return result


@dataclass(frozen=True)
class Span:
    """A stretch of days, both ends included (a rotation's)."""

    first: date
    last: date


def parse_span(start: str, end: str, *, today: date) -> Span:
    """The days from ``start`` to ``end``, which may be past, current or coming: "Sep 7" is the
    nearest Sep 7, and an end that would fall before the start is read from the start
    ("Dec 20" to "Jan 15" crosses the new year)."""
    first = parse_when(start, today=today, lean="nearest")
    last = parse_when(end, today=today, lean="nearest")
    if last < first:
        last = parse_when(end, today=first, lean="future")
    return Span(first, last)


def _parse_when(text: str, *, today: date, lean: Lean) -> date:
    raw = " ".join(str(text).split()).lower()
    if not raw:
        raise _Unreadable("A date is needed.")
    if raw in _DAYS:
        return today + timedelta(days=_DAYS[raw])
    if found := _named(raw, today):
        return found
    if m := _ISO.fullmatch(raw):
        return _real_date(int(m["y"]), int(m["m"]), int(m["d"]), text)
    if m := _US.fullmatch(raw):
        year = m["y"] if m["y"] is None or len(m["y"]) == 4 else str(2000 + int(m["y"]))
        return _month_day(today, int(m["m"]), int(m["d"]), year, lean, text)
    if m := _DURATION.fullmatch(raw):
        sign = -1 if lean == "past" else 1
        return _checked_offset(today, sign * int(m["n"]), _UNITS[m["unit"]], text)
    if m := _SIGNED.fullmatch(raw):
        count = int(m["n"]) * (-1 if m["sign"] == "-" else 1)
        return _checked_offset(today, count, _UNITS[m["unit"]], text)
    if m := _AGO.fullmatch(raw):
        return _checked_offset(today, -_count(m["n"]), _UNITS[m["unit"]], text)
    if m := _IN.fullmatch(raw):
        return _checked_offset(today, _count(m["n"]), _UNITS[m["unit"]], text)
    if m := _NEXT_LAST.fullmatch(raw):
        return shift(today, 1 if m["dir"] == "next" else -1, _UNITS[m["unit"]])
    if m := _WEEKDAY.fullmatch(raw):
        direction: Lean = lean
        if m["dir"] == "last":
            direction = "past"
        elif m["dir"] == "next":
            direction = "future"
        return _weekday(today, _WEEKDAYS[m["wd"]], direction)
    if m := (_MONTH_DAY.fullmatch(raw) or _DAY_MONTH.fullmatch(raw)):
        return _month_day(today, _MONTHS[m["mon"]], int(m["day"]), m["year"], lean, text)
    raise _Unreadable(f"Can't read '{text}' as a date.")


def _named(raw: str, today: date) -> date | None:
    """The dates with a name: next week (its Monday), this or next weekend (Saturday), next
    month (its first day), end of month."""
    monday = today - timedelta(days=today.weekday())
    if raw == "next week":
        return monday + timedelta(weeks=1)
    if raw in _WEEKEND:
        return today if today.weekday() == 6 else monday + timedelta(days=5)
    if raw == "next weekend":
        return monday + timedelta(days=12)
    if raw == "next month":
        return date(today.year + today.month // 12, today.month % 12 + 1, 1)
    if raw in _END_OF_MONTH:
        following = date(today.year + today.month // 12, today.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return None


def parse_duration(text: str) -> Duration:
    """Read a DURATION argument such as ``3d``, ``2w``, ``1m`` or ``1y``."""
    raw = " ".join(str(text).split()).lower()
    m = _DURATION.fullmatch(raw)
    if not m:
        raise InvalidInput(f"Can't read '{text}' as a duration. Try {DURATION_EXAMPLES}.")
    count, unit = int(m["n"]), _UNITS[m["unit"]]
    if count < 1:
        raise InvalidInput(f"A duration must be at least 1 day; got '{text}'.")
    if count > _MAX_COUNT[unit]:
        raise InvalidInput(f"'{text}' is longer than ten years. Try {DURATION_EXAMPLES}.")
    return Duration(count, unit)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Cadence:
    """How often to be in touch: ideally every ``ideal``, at the latest every ``maximum``."""

    ideal: Duration
    maximum: Duration

    def __str__(self) -> str:
        if self.ideal == self.maximum:
            return str(self.ideal)
        return f"{self.ideal}..{self.maximum}"


_ROUGH_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


def parse_cadence(text: str) -> Cadence:
    """A keep-in-touch cadence: one DURATION (``1m``) or an ideal..maximum pair (``2w..6w``)."""
    raw = str(text).strip()
    if ".." not in raw:
        one = parse_duration(raw)
        return Cadence(one, one)
    ideal_text, _, max_text = raw.partition("..")
    ideal, maximum = parse_duration(ideal_text), parse_duration(max_text)
    if ideal.count * _ROUGH_DAYS[ideal.unit] > maximum.count * _ROUGH_DAYS[maximum.unit]:
        raise InvalidInput(
            f"In '{text}' the ideal ({ideal}) is longer than the maximum ({maximum}); "
            "write it as ideal..maximum, e.g. 2w..6w."
        )
    return Cadence(ideal, maximum)


_CLOCK = re.compile(
    r"^(?P<day>.*?)(?:\s+(?:at\s+)?|^)(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am|pm)?$",
    re.IGNORECASE,
)


def parse_deadline(text: str, *, today: date) -> datetime:
    """A deadline as people type it: a day (the clock runs to the end of it, 23:59) or a day
    and a time: "fri 17:00", "Dec 5 5pm", "tomorrow at 9am"."""
    raw = " ".join(text.split())
    m = _CLOCK.match(raw)
    if m and (m["m"] is not None or m["ampm"]) and m["day"].strip():
        hour, minute = int(m["h"]), int(m["m"] or 0)
        if m["ampm"]:
            if not 1 <= hour <= 12:
                raise InvalidInput(f"'{raw}': {hour}{m['ampm']} is not a time; try 5pm or 17:00.")
            hour = hour % 12 + (12 if m["ampm"].lower() == "pm" else 0)
        if hour > 23 or minute > 59:
            raise InvalidInput(f"'{raw}': {m['h']}:{m['m']} is not a time; try 17:00 or 5pm.")
        day = parse_when(m["day"].strip(), today=today, lean="future")
        return datetime.combine(day, time(hour, minute))
    return datetime.combine(parse_when(raw, today=today, lean="future"), time(23, 59))
