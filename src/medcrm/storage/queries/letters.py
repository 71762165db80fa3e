"""Reads about letters of recommendation: one, and the list by deadline."""

from __future__ import annotations

from datetime import date

from medcrm.pure.records import LetterRecord, from_columns
from medcrm.storage.connection import Reader, Row
from medcrm.storage.queries.common import Where, one

LETTER_COLUMNS = (
    "l.id, l.contact_id, c.name AS contact, l.target, l.kind, l.waived, l.due, l.status, "
    "l.asked_on, l.agreed_on, l.materials_sent_on, l.submitted_on, l.thanked_on, "
    "l.declined_on, l.note, l.eras_id"
)


_JOINED = "letter l JOIN contact c ON c.id = l.contact_id"


def _letters(rows: list[Row]) -> list[LetterRecord]:
    return [from_columns(LetterRecord, r) for r in rows]


def list_letters(
    reader: Reader,
    *,
    open_only: bool = False,
    due_by: date | None = None,
    contact_id: int | None = None,
) -> list[LetterRecord]:
    """Letters by deadline; ``open_only``: not yet submitted, thanked or declined."""
    where = Where("l.status NOT IN ('submitted', 'thanked', 'declined')") if open_only else Where()
    where.given("l.due <= :due_by", due_by=due_by)
    where.given("l.contact_id = :cid", cid=contact_id)
    sql = f"SELECT {LETTER_COLUMNS} FROM {_JOINED}{where} ORDER BY l.due, l.id"  # noqa: S608
    return _letters(reader.rows(sql, where.params))


def get_letter(reader: Reader, letter_id: int) -> LetterRecord:
    sql = f"SELECT {LETTER_COLUMNS} FROM {_JOINED} WHERE l.id = :id"  # noqa: S608
    missing = f"No letter has id {letter_id}. Run 'medcrm letters' to see them."
    return from_columns(LetterRecord, one(reader, sql, {"id": letter_id}, missing))


def program_letters(reader: Reader, program_id: int) -> list[LetterRecord]:
    """The letters assigned to a program, by deadline."""
    sql = (
        f"SELECT {LETTER_COLUMNS} FROM {_JOINED} "  # noqa: S608
        "WHERE l.id IN (SELECT letter_id FROM program_letter WHERE program_id = :pid) "
        "ORDER BY l.due, l.id"
    )
    return _letters(reader.rows(sql, {"pid": program_id}))
