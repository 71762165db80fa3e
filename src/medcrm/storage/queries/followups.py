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
) -> list[FollowUpRecord]:
    """Open follow-ups by due date (with ``include_done``, the finished ones too; with
    ``due_by``, only those due by that day)."""
    where = [] if include_done else ["f.done_on IS NULL"]
    params: dict[str, Any] = {}
    if due_by is not None:
        where.append("f.due <= :due_by")
        params["due_by"] = due_by
    if contact_id is not None:
        where.append("f.contact_id = :cid")
        params["cid"] = contact_id
    if rotation_id is not None:
        where.append("f.rotation_id = :rid")
        params["rid"] = rotation_id
    if letter_id is not None:
        where.append("f.letter_id = :lid")
        params["lid"] = letter_id
    sql = f"SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN contact c ON c.id = f.contact_id"  # noqa: S608
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY f.due, f.id"
    return _follow_ups(reader.rows(sql, params))
