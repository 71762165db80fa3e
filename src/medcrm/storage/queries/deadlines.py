"""The application season's deadlines ("ERAS submit", "Rank list certify")."""

from __future__ import annotations

from datetime import date

from medcrm.pure.records import DeadlineRecord, from_columns
from medcrm.storage.connection import Reader
from medcrm.storage.queries.common import Where, one

_SELECT = (
    "SELECT d.id, d.title, d.due, d.program_id, p.name AS program, d.done_on FROM deadline d "
    "LEFT JOIN program p ON p.id = d.program_id"
)


def list_deadlines(
    reader: Reader,
    *,
    open_only: bool = True,
    due_by: date | None = None,
    program_id: int | None = None,
) -> list[DeadlineRecord]:
    """Deadlines, the soonest first: open ones (or all), due by ``due_by``, of one program."""
    where = Where("d.done_on IS NULL") if open_only else Where()
    where.given("d.due <= :due_by", due_by=due_by)
    where.given("d.program_id = :program_id", program_id=program_id)
    rows = reader.rows(f"{_SELECT}{where} ORDER BY d.due, d.id", where.params)
    return [from_columns(DeadlineRecord, r) for r in rows]


def get_deadline(reader: Reader, deadline_id: int) -> DeadlineRecord:
    missing = f"No deadline D{deadline_id}. See them with: medcrm programs deadlines"
    row = one(reader, f"{_SELECT} WHERE d.id = :id", {"id": deadline_id}, missing)
    return from_columns(DeadlineRecord, row)
