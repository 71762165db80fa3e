"""Reads about follow-ups: one, and the lists by due date."""

from __future__ import annotations

from datetime import date
from typing import Any

from medcrm.pure.errors import NotFound
from medcrm.pure.records import (
    FollowUpRecord,
)
from medcrm.storage.connection import Reader, Row
from medcrm.storage.queries.common import opt_date, to_date

FOLLOW_UP_COLUMNS = (
    "f.id, f.contact_id, c.name AS contact, f.title, f.due, f.done_on, f.interaction_id, "
    "f.every, f.purpose, f.rotation_id, f.letter_id, c.mentor, f.cancelled"
)


def _follow_ups(rows: list[Row]) -> list[FollowUpRecord]:
    return [
        FollowUpRecord(
            id=int(r["id"]),
            contact_id=int(r["contact_id"]),
            contact=r["contact"],
            title=r["title"],
            due=to_date(r["due"]),
            done_on=opt_date(r["done_on"]),
            interaction_id=r["interaction_id"],
            every=r["every"],
            purpose=r["purpose"],
            rotation_id=r["rotation_id"],
            letter_id=r["letter_id"],
            mentor=bool(r["mentor"]),
            cancelled=bool(r["cancelled"]),
        )
        for r in rows
    ]


def get_follow_up(reader: Reader, follow_up_id: int) -> FollowUpRecord:
    rows = reader.rows(
        f"SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN contact c ON c.id = f.contact_id "  # noqa: S608
        "WHERE f.id = :id",
        {"id": follow_up_id},
    )
    if not rows:
        raise NotFound(
            f"No follow-up has id {follow_up_id}. Run 'medcrm follow-ups' to see the open ones."
        )
    return _follow_ups(rows)[0]


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
    condition, params = _where(
        include_done=include_done,
        contact_id=contact_id,
        rotation_id=rotation_id,
        letter_id=letter_id,
        due_by=due_by,
        due_from=due_from,
        mentors=mentors,
    )
    sql = f"SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN contact c ON c.id = f.contact_id"  # noqa: S608
    sql += condition + " ORDER BY f.due, f.id"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return _follow_ups(reader.rows(sql, params))


def count_follow_ups(
    reader: Reader, *, include_done: bool = False, contact_id: int | None = None
) -> int:
    """How many :func:`list_follow_ups` would list without a limit."""
    condition, params = _where(include_done=include_done, contact_id=contact_id)
    sql = f"SELECT COUNT(*) AS n FROM follow_up f{condition}"  # noqa: S608
    return int(reader.rows(sql, params)[0]["n"])


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
        condition, params = _where(due_by=horizon, contact_id=contact_id, mentors=mentors)
        params["today"] = today
        row = reader.rows(f"SELECT {sums} FROM follow_up f{condition}", params)[0]  # noqa: S608
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
) -> tuple[str, dict[str, Any]]:
    where = [] if include_done else ["f.done_on IS NULL"]
    params: dict[str, Any] = {}
    for column, value, test in (
        ("due_by", due_by, "f.due <= :due_by"),
        ("due_from", due_from, "f.due >= :due_from"),
        ("cid", contact_id, "f.contact_id = :cid"),
        ("rid", rotation_id, "f.rotation_id = :rid"),
        ("lid", letter_id, "f.letter_id = :lid"),
    ):
        if value is not None:
            where.append(test)
            params[column] = value
    if mentors:  # the few mentors first, by their partial index ("mentor" as it is written)
        where.append("f.contact_id IN (SELECT m.id FROM contact m WHERE m.mentor)")
    return (" WHERE " + " AND ".join(where)) if where else "", params
