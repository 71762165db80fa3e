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
) -> list[FollowUpRecord]:
    """Open follow-ups by due date (with ``include_done``, the finished ones too; with
    ``due_by``, only those due by that day)."""
    where = Where() if include_done else Where("f.done_on IS NULL")
    where.given("f.due <= :due_by", due_by=due_by)
    where.given("f.contact_id = :cid", cid=contact_id)
    where.given("f.rotation_id = :rid", rid=rotation_id)
    where.given("f.letter_id = :lid", lid=letter_id)
    sql = f"SELECT {FOLLOW_UP_COLUMNS} FROM {_JOINED}{where} ORDER BY f.due, f.id"  # noqa: S608
    return _follow_ups(reader.rows(sql, where.params))
