"""Reads about letters of recommendation: one, and the list by deadline."""

from __future__ import annotations

from datetime import date
from typing import Any

from medcrm.pure.errors import NotFound
from medcrm.pure.records import (
    LetterRecord,
)
from medcrm.storage.connection import Reader, Row
from medcrm.storage.queries.common import opt_date, to_date

LETTER_COLUMNS = (
    "l.id, l.contact_id, c.name AS contact, l.target, l.kind, l.waived, l.due, l.status, "
    "l.asked_on, l.agreed_on, l.materials_sent_on, l.submitted_on, l.thanked_on, "
    "l.declined_on, l.note, l.eras_id"
)


def _letters(rows: list[Row]) -> list[LetterRecord]:
    return [
        LetterRecord(
            id=int(r["id"]),
            contact_id=int(r["contact_id"]),
            contact=r["contact"],
            target=r["target"],
            kind=r["kind"],
            waived=None if r["waived"] is None else bool(r["waived"]),
            due=to_date(r["due"]),
            status=r["status"],
            asked_on=to_date(r["asked_on"]),
            agreed_on=opt_date(r["agreed_on"]),
            materials_sent_on=opt_date(r["materials_sent_on"]),
            submitted_on=opt_date(r["submitted_on"]),
            thanked_on=opt_date(r["thanked_on"]),
            declined_on=opt_date(r["declined_on"]),
            note=r["note"],
            eras_id=r["eras_id"],
        )
        for r in rows
    ]


def list_letters(
    reader: Reader,
    *,
    open_only: bool = False,
    due_by: date | None = None,
    contact_id: int | None = None,
) -> list[LetterRecord]:
    """Letters by deadline; ``open_only``: not yet submitted, thanked or declined."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if open_only:
        where.append("l.status NOT IN ('submitted', 'thanked', 'declined')")
    if due_by is not None:
        where.append("l.due <= :due_by")
        params["due_by"] = due_by
    if contact_id is not None:
        where.append("l.contact_id = :cid")
        params["cid"] = contact_id
    sql = f"SELECT {LETTER_COLUMNS} FROM letter l JOIN contact c ON c.id = l.contact_id"  # noqa: S608
    if where:
        sql += " WHERE " + " AND ".join(where)
    return _letters(reader.rows(sql + " ORDER BY l.due, l.id", params))


def get_letter(reader: Reader, letter_id: int) -> LetterRecord:
    rows = reader.rows(
        f"SELECT {LETTER_COLUMNS} FROM letter l JOIN contact c ON c.id = l.contact_id "  # noqa: S608
        "WHERE l.id = :id",
        {"id": letter_id},
    )
    if not rows:
        raise NotFound(f"No letter has id {letter_id}. Run 'medcrm letters' to see them.")
    return _letters(rows)[0]


def program_letters(reader: Reader, program_id: int) -> list[LetterRecord]:
    """The letters assigned to a program, by deadline."""
    return _letters(
        reader.rows(
            f"SELECT {LETTER_COLUMNS} FROM letter l JOIN contact c ON c.id = l.contact_id "  # noqa: S608
            "WHERE l.id IN (SELECT letter_id FROM program_letter WHERE program_id = :pid) "
            "ORDER BY l.due, l.id",
            {"pid": program_id},
        )
    )
