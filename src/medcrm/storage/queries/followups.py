"""Reads about follow-ups: one, and the lists by due date."""

from __future__ import annotations

from datetime import date
from typing import TypedDict, Unpack

from medcrm.pure.records import FollowUpRecord, from_columns
from medcrm.storage.connection import Reader, Row
from medcrm.storage.queries.common import Where, one, to_date

FOLLOW_UP_COLUMNS = (
    "f.id, f.contact_id, c.name AS contact, f.title, f.due, f.done_on, f.interaction_id, "
    "f.every, f.purpose, f.rotation_id, f.letter_id, c.mentor, f.cancelled"
)


_JOINED = "follow_up f JOIN contact c ON c.id = f.contact_id"


def _follow_ups(rows: list[Row]) -> list[FollowUpRecord]:
    return [from_columns(FollowUpRecord, r) for r in rows]


def get_follow_up(reader: Reader, follow_up_id: int) -> FollowUpRecord:
    sql = f"SELECT {FOLLOW_UP_COLUMNS} FROM {_JOINED} WHERE f.id = :id"  # noqa: S608
    missing = f"No follow-up has id {follow_up_id}. Run 'medcrm follow-ups' to see the open ones."
    return from_columns(FollowUpRecord, one(reader, sql, {"id": follow_up_id}, missing))


class Filters(TypedDict, total=False):
    """Which follow-ups a list or a count reads (all open ones when none is given)."""

    include_done: bool  # the finished ones too
    contact_id: int | None
    rotation_id: int | None
    letter_id: int | None
    due_by: date | None  # due on or before
    due_from: date | None  # due on or after
    mentors: bool  # only mentors'


def list_follow_ups(
    reader: Reader, *, limit: int | None = None, **filters: Unpack[Filters]
) -> list[FollowUpRecord]:
    """Open follow-ups by due date, as ``filters`` choose (:class:`Filters`); ``limit``: the
    first so many."""
    where = _where(**filters)
    sql = f"SELECT {FOLLOW_UP_COLUMNS} FROM {_JOINED}{where} ORDER BY f.due, f.id"  # noqa: S608
    if limit is not None:
        sql += " LIMIT :limit"
        where.params["limit"] = limit
    return _follow_ups(reader.rows(sql, where.params))


def count_follow_ups(reader: Reader, **filters: Unpack[Filters]) -> int:
    """How many :func:`list_follow_ups` would list without a limit."""
    where = _where(**filters)
    sql = f"SELECT COUNT(*) AS n FROM follow_up f{where}"  # noqa: S608
    return int(reader.rows(sql, where.params)[0]["n"])


def count_by_day(
    reader: Reader, *, due_from: date, due_by: date, contact_id: int | None = None
) -> dict[date, int]:
    """How many open follow-ups are due on each day from ``due_from`` to ``due_by`` (days
    with none left out), counted by the database from the open follow-ups' index."""
    where = _where(due_from=due_from, due_by=due_by, contact_id=contact_id)
    sql = f"SELECT f.due AS due, COUNT(*) AS n FROM follow_up f{where} GROUP BY f.due"  # noqa: S608
    return {to_date(r["due"]): int(r["n"]) for r in reader.rows(sql, where.params)}


def count_due(
    reader: Reader, *, today: date, horizon: date, contact_id: int | None = None
) -> dict[str, int]:
    """Open follow-ups due by ``horizon``: how many are overdue, due today and upcoming, and
    how many of each are a mentor's, counted by the database from its indexes (the open
    follow-ups by due date; mentors by a partial index), whatever the number of rows."""
    sections = {
        "overdue": "f.due < :today",
        "today": "f.due = :today",
        "upcoming": "f.due > :today",
    }
    sums = ", ".join(
        f"SUM(CASE WHEN {test} THEN 1 ELSE 0 END) AS {name}" for name, test in sections.items()
    )
    counts: dict[str, int] = {}
    for prefix, mentors in (("", False), ("mentors_", True)):
        where = _where(due_by=horizon, contact_id=contact_id, mentors=mentors)
        sql = f"SELECT {sums} FROM follow_up f{where}"  # noqa: S608
        row = reader.rows(sql, {**where.params, "today": today})[0]
        counts.update({prefix + name: int(row[name] or 0) for name in sections})
    return counts


def _where(**filters: Unpack[Filters]) -> Where:
    where = Where() if filters.get("include_done") else Where("f.done_on IS NULL")
    where.given("f.due <= :due_by", due_by=filters.get("due_by"))
    where.given("f.due >= :due_from", due_from=filters.get("due_from"))
    where.given("f.contact_id = :cid", cid=filters.get("contact_id"))
    where.given("f.rotation_id = :rid", rid=filters.get("rotation_id"))
    where.given("f.letter_id = :lid", lid=filters.get("letter_id"))
    if filters.get("mentors"):  # the few mentors first, by their partial index
        where.add("f.contact_id IN (SELECT m.id FROM contact m WHERE m.mentor)")
    return where
