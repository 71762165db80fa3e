"""The application season's deadlines ("ERAS submit", "Rank list certify")."""

from __future__ import annotations

from datetime import date
from typing import Any

from medcrm.pure.errors import NotFound
from medcrm.pure.records import DeadlineRecord
from medcrm.storage.connection import Reader, Row
from medcrm.storage.queries.common import opt_date, to_date

_SELECT = (
    "SELECT d.id, d.title, d.due, d.program_id, p.name AS program, d.done_on FROM deadline d "
    "LEFT JOIN program p ON p.id = d.program_id"
)


def _deadline(r: Row) -> DeadlineRecord:
    return DeadlineRecord(
        id=int(r["id"]),
        title=r["title"],
        due=to_date(r["due"]),
        program_id=None if r["program_id"] is None else int(r["program_id"]),
        program=r["program"],
        done_on=opt_date(r["done_on"]),
    )


def list_deadlines(
    reader: Reader,
    *,
    open_only: bool = True,
    due_by: date | None = None,
    program_id: int | None = None,
) -> list[DeadlineRecord]:
    """Deadlines, the soonest first: open ones (or all), due by ``due_by``, of one program."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if open_only:
        where.append("d.done_on IS NULL")
    if due_by is not None:
        where.append("d.due <= :due_by")
        params["due_by"] = due_by
    if program_id is not None:
        where.append("d.program_id = :program_id")
        params["program_id"] = program_id
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    sql = f"{_SELECT}{clause} ORDER BY d.due, d.id"
    return [_deadline(r) for r in reader.rows(sql, params)]


def get_deadline(reader: Reader, deadline_id: int) -> DeadlineRecord:
    rows = reader.rows(f"{_SELECT} WHERE d.id = :id", {"id": deadline_id})
    if not rows:
        raise NotFound(f"No deadline D{deadline_id}. See them with: medcrm programs deadlines")
    return _deadline(rows[0])
