"""Reads about follow-ups: one, and the lists by due date."""

from __future__ import annotations

from datetime import date

from medcrm.pure.records import FollowUpRecord, from_columns
from medcrm.storage.connection import Reader, Row
from medcrm.storage.queries.common import Where, one

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


def list_follow_ups(
    reader: Reader,
    *,
    include_done: bool = False,
    contact_id: int | None = None,
    rotation_id: int | None = None,
    letter_id: int | None = None,
    due_by: date | None = None,
    due_from: date | None = None,
    mentors: bool = False,
    limit: int | None = None,
) -> list[FollowUpRecord]:
    """Open follow-ups by due date (with ``include_done``, the finished ones too; with
    ``due_from``/``due_by``, only those due in that span, both days included; ``mentors``: only
    mentors'; ``limit``: the first so many)."""
    where = _where(
        include_done=include_done,
        contact_id=contact_id,
        rotation_id=rotation_id,
        letter_id=letter_id,
        due_by=due_by,
        due_from=due_from,
        mentors=mentors,
    )
    sql = f"SELECT {FOLLOW_UP_COLUMNS} FROM {_JOINED}{where} ORDER BY f.due, f.id"  # noqa: S608
    if limit is not None:
        sql += " LIMIT :limit"
        where.params["limit"] = limit
    return _follow_ups(reader.rows(sql, where.params))


def count_follow_ups(
    reader: Reader, *, include_done: bool = False, contact_id: int | None = None
) -> int:
    """How many :func:`list_follow_ups` would list without a limit."""
    where = _where(include_done=include_done, contact_id=contact_id)
    return int(reader.rows(f"SELECT COUNT(*) AS n FROM follow_up f{where}", where.params)[0]["n"])  # noqa: S608


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


def _where(
    *,
    include_done: bool = False,
    contact_id: int | None = None,
    rotation_id: int | None = None,
    letter_id: int | None = None,
    due_by: date | None = None,
    due_from: date | None = None,
    mentors: bool = False,
) -> Where:
    where = Where() if include_done else Where("f.done_on IS NULL")
    where.given("f.due <= :due_by", due_by=due_by)
    where.given("f.due >= :due_from", due_from=due_from)
    where.given("f.contact_id = :cid", cid=contact_id)
    where.given("f.rotation_id = :rid", rid=rotation_id)
    where.given("f.letter_id = :lid", lid=letter_id)
    if mentors:  # the few mentors first, by their partial index ("mentor" as it is written)
        where.add("f.contact_id IN (SELECT m.id FROM contact m WHERE m.mentor)")
    return where
