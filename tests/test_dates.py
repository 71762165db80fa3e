"""The WHEN and DURATION grammar, with today fixed (Sunday 2026-11-22)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medcrm.pure.dates import (
    EARLIEST,
    LATEST,
    Duration,
    Span,
    parse_duration,
    parse_span,
    parse_when,
)
from medcrm.pure.errors import InvalidInput

TODAY = date(2026, 11, 22)  # Sunday


@pytest.mark.parametrize(
    ("text", "lean", "expected"),
    [
        ("2026-11-03", "past", date(2026, 11, 3)),
        ("today", "past", TODAY),
        ("Yesterday", "past", date(2026, 11, 21)),
        ("tomorrow", "future", date(2026, 11, 23)),
        # weekdays lean to the past for --date and to the future for --due
        ("fri", "past", date(2026, 11, 20)),
        ("friday", "future", date(2026, 11, 27)),
        ("Fri.", "future", date(2026, 11, 27)),
        ("last fri", "future", date(2026, 11, 20)),
        ("next fri", "past", date(2026, 11, 27)),
        ("sun", "past", date(2026, 11, 15)),  # never today itself
        ("sunday", "future", date(2026, 11, 29)),
        ("thurs", "past", date(2026, 11, 19)),
        # offsets
        ("+3d", "future", date(2026, 11, 25)),
        ("-2w", "past", date(2026, 11, 8)),
        ("+1m", "future", date(2026, 12, 22)),
        ("3 days ago", "past", date(2026, 11, 19)),
        ("a week ago", "past", date(2026, 11, 15)),
        ("in 2 weeks", "future", date(2026, 12, 6)),
        ("in 1 month", "future", date(2026, 12, 22)),
        ("in a year", "future", date(2027, 11, 22)),
        ("2 months ago", "past", date(2026, 9, 22)),
        ("next week", "future", date(2026, 11, 23)),  # its Monday
        ("next week", "past", date(2026, 11, 23)),
        ("last week", "past", date(2026, 11, 15)),
        ("tmrw", "future", date(2026, 11, 23)),
        ("tonight", "future", TODAY),
        ("this weekend", "future", TODAY),  # a Sunday is still the weekend
        ("next weekend", "future", date(2026, 11, 28)),
        ("next month", "future", date(2026, 12, 1)),
        ("end of month", "future", date(2026, 11, 30)),
        ("3d", "future", date(2026, 11, 25)),  # a bare duration leans like a weekday
        ("3d", "past", date(2026, 11, 19)),
        ("2 weeks", "future", date(2026, 12, 6)),
        # US month/day: the next one for a due date, the most recent for a log
        ("12/5", "future", date(2026, 12, 5)),
        ("12/5", "past", date(2025, 12, 5)),
        ("11/22", "past", TODAY),
        ("12/5/26", "past", date(2026, 12, 5)),
        ("1/15/2027", "future", date(2027, 1, 15)),
        ("Dec 5th", "future", date(2026, 12, 5)),
        ("5 Dec", "past", date(2025, 12, 5)),
        ("last month", "past", date(2026, 10, 22)),
        # month-day forms lean too; today counts
        ("Dec 5", "future", date(2026, 12, 5)),
        ("Dec 5", "past", date(2025, 12, 5)),
        ("5 December", "future", date(2026, 12, 5)),
        ("Nov 22", "past", TODAY),
        ("Nov 22", "future", TODAY),
        ("nov 3rd", "past", date(2026, 11, 3)),
        ("Sept 14, 2025", "future", date(2025, 9, 14)),
        ("3 of march 2027", "past", date(2027, 3, 3)),
        ("Feb 29", "future", date(2028, 2, 29)),
        ("Feb 29", "past", date(2024, 2, 29)),
        ("  In   2   Weeks ", "future", date(2026, 12, 6)),
    ],
)
def test_when_examples(text: str, lean: str, expected: date) -> None:
    assert parse_when(text, today=TODAY, lean=lean) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "someday", "2026-02-30", "2026-13-01", "Feb 30", "Jun 31", "13/5", "2/30/26",
     "in weeks", "fri fri", "next", "2026-11-22T10:00", "in 99999 days", "+100000d", "Dec 32",
     "9999-12-31", "0001-01-01", "Dec 5 2300", "in 300 years"],
)  # fmt: skip
def test_when_refuses_with_an_example_of_what_works(text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_when(text, today=TODAY, lean="future")
    message = err.value.message
    assert "Try" in message or "far" in message or "outside" in message


def test_the_examples_suit_the_option_and_today() -> None:
    with pytest.raises(InvalidInput) as due:
        parse_when("someday", today=TODAY, lean="future")
    assert "tomorrow" in due.value.message and "12/4" in due.value.message
    assert "ago" not in due.value.message and "yesterday" not in due.value.message
    with pytest.raises(InvalidInput) as logged:
        parse_when("someday", today=TODAY, lean="past")
    assert "yesterday" in logged.value.message and "11/13" in logged.value.message


def test_month_offsets_keep_the_day_where_it_exists() -> None:
    assert parse_when("+1m", today=date(2026, 1, 31), lean="future") == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3d", Duration(3, "d")),
        ("2w", Duration(2, "w")),
        ("1m", Duration(1, "m")),
        ("6M", Duration(6, "m")),
        ("1y", Duration(1, "y")),
        ("30 days", Duration(30, "d")),
        ("2 weeks", Duration(2, "w")),
    ],
)
def test_duration_examples(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "0d", "3", "d", "-3d", "1.5w", "11y", "3 fortnights", "1m2d"])
def test_duration_refuses(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_duration(text)


def test_duration_adds_calendar_months_and_years() -> None:
    assert str(Duration(1, "m")) == "1m"
    assert Duration(1, "m").after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert Duration(1, "y").after(date(2024, 2, 29)) == date(2025, 2, 28)
    assert Duration(2, "w").before(TODAY) == date(2026, 11, 8)


# "today" values far enough from medcrm's date range (1900-2199) for every offset tested.
days = st.dates(min_value=date(1970, 1, 1), max_value=date(2130, 12, 31))
kept = st.dates(min_value=EARLIEST, max_value=LATEST)


@given(days, kept)
def test_iso_dates_read_back_as_themselves(today: date, d: date) -> None:
    assert parse_when(d.isoformat(), today=today, lean="past") == d


@given(days, st.dates())
def test_dates_outside_the_range_are_refused(today: date, d: date) -> None:
    if EARLIEST <= d <= LATEST:
        assert parse_when(d.isoformat(), today=today, lean="future") == d
    else:
        with pytest.raises(InvalidInput, match="outside the dates medcrm keeps"):
            parse_when(d.isoformat(), today=today, lean="future")


@given(days, st.integers(min_value=0, max_value=2000), st.sampled_from(["d", "w"]))
def test_ago_and_in_are_mirror_images(today: date, n: int, unit: str) -> None:
    words = {"d": "days", "w": "weeks"}[unit]
    back = parse_when(f"{n} {words} ago", today=today, lean="future")
    ahead = parse_when(f"in {n} {words}", today=today, lean="past")
    assert today - back == ahead - today
    assert parse_when(f"-{n}{unit}", today=today, lean="future") == back
    assert parse_when(f"+{n}{unit}", today=today, lean="past") == ahead


weekday_names = st.sampled_from(
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday",
     "thursday", "friday", "saturday", "sunday"]
)  # fmt: skip


@given(days, weekday_names)
def test_weekdays_lean_within_a_week(today: date, name: str) -> None:
    past = parse_when(name, today=today, lean="past")
    future = parse_when(name, today=today, lean="future")
    assert past.weekday() == future.weekday()
    assert 1 <= (today - past).days <= 7
    assert 1 <= (future - today).days <= 7
    same_day = past.weekday() == today.weekday()
    assert (future - past).days == (14 if same_day else 7)


@given(days, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=28))
def test_month_day_leans_to_the_nearest_such_day(today: date, month: int, day: int) -> None:
    name = date(2000, month, day).strftime("%b")
    past = parse_when(f"{name} {day}", today=today, lean="past")
    future = parse_when(f"{day} {name}", today=today, lean="future")
    assert (past.month, past.day) == (future.month, future.day) == (month, day)
    assert timedelta(0) <= today - past < timedelta(days=366)
    assert timedelta(0) <= future - today < timedelta(days=366)


@given(st.text(max_size=40), st.sampled_from(["past", "future"]))
def test_any_text_is_a_date_or_a_clear_error(text: str, lean: str) -> None:
    try:
        result = parse_when(text, today=TODAY, lean=lean)  # type: ignore[arg-type]
    except InvalidInput as exc:
        assert exc.message
    else:
        assert isinstance(result, date)


@given(st.text(max_size=20))
def test_any_text_is_a_duration_or_a_clear_error(text: str) -> None:
    try:
        result = parse_duration(text)
    except InvalidInput as exc:
        assert exc.message
    else:
        assert result.count >= 1
        assert parse_duration(str(result)) == result


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # a rotation may be past, current or coming: each end is the nearest such day
        ("Nov 2", "Dec 11", Span(date(2026, 11, 2), date(2026, 12, 11))),
        ("Sep 7", "Oct 2", Span(date(2026, 9, 7), date(2026, 10, 2))),
        # an end that would fall before the start is read from the start: over the new year
        ("Dec 20", "Jan 15", Span(date(2026, 12, 20), date(2027, 1, 15))),
        ("2026-11-02", "2026-11-02", Span(date(2026, 11, 2), date(2026, 11, 2))),
    ],
)
def test_a_span_reads_each_end_as_the_nearest_day(start: str, end: str, expected: Span) -> None:
    assert parse_span(start, end, today=TODAY) == expected


def test_a_span_with_an_unreadable_end_says_so() -> None:
    with pytest.raises(InvalidInput):
        parse_span("Nov 2", "whenever", today=TODAY)
