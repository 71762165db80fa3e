"""Reads about residency programs: the pipeline, one by name or id, a program's page, a
contact's programs."""

from __future__ import annotations

from datetime import date

from medcrm.pure import vocabulary
from medcrm.pure.records import (
    ContactRef,
    InteractionRecord,
    ProgramDetail,
    ProgramPerson,
    ProgramRecord,
    from_columns,
)
from medcrm.storage.connection import Reader, Row, first
from medcrm.storage.queries.common import Where, named_id, one, to_date
from medcrm.storage.queries.followups import list_follow_ups
from medcrm.storage.queries.interactions import history
from medcrm.storage.queries.letters import program_letters

RATINGS = vocabulary.PROGRAM_RATINGS  # what ``programs rate`` scores, 1 to 5
PROGRAM_COLUMNS = (
    "p.id, p.name, p.specialty, p.institution, p.city, p.url, p.note, p.stage, "
    "p.letters_required, p.post_interview_contact, p.added, p.interview_on, "
    "p.interview_virtual, p.social_on, p.respond_by, p.signal, p.rate_fit, p.rate_location, "
    "p.rate_training, p.rate_people, p.rank_position, "
    "(SELECT COUNT(*) FROM program_contact pc WHERE pc.program_id = p.id) AS people, "
    "(SELECT MAX(s.moved_on) FROM program_stage s WHERE s.program_id = p.id "
    "AND s.stage = p.stage) AS moved_on"
)


def _program(row: Row) -> ProgramRecord:
    ratings = {c: int(row[f"rate_{c}"]) for c in RATINGS if row[f"rate_{c}"] is not None}
    return from_columns(ProgramRecord, row, ratings=ratings)


def invitations(reader: Reader, *, contact_id: int | None = None) -> list[ProgramRecord]:
    """Programs at stage invited with an answer due, the soonest first (one person's:
    the programs they are part of). Read through the stage's index: ``due`` runs it daily."""
    return sorted(
        (p for p in list_programs(reader, contact_id=contact_id, stage="invited")
         if p.respond_by is not None),
        key=lambda p: (p.respond_by, p.id),
    )  # fmt: skip


def list_programs(
    reader: Reader, *, contact_id: int | None = None, stage: str | None = None
) -> list[ProgramRecord]:
    """Every program by name; ``contact_id``: the programs that person is part of; ``stage``:
    those at that stage (through its index)."""
    where = Where()
    where.given(
        "p.id IN (SELECT program_id FROM program_contact WHERE contact_id = :cid)", cid=contact_id
    )
    where.given("p.stage = :stage", stage=stage)
    sql = f"SELECT {PROGRAM_COLUMNS} FROM program p{where} ORDER BY p.name_key, p.id"  # noqa: S608
    return [_program(r) for r in reader.rows(sql, where.params)]


def get_program(reader: Reader, program_id: int) -> ProgramRecord:
    sql = f"SELECT {PROGRAM_COLUMNS} FROM program p WHERE p.id = :id"  # noqa: S608
    missing = f"No program has id {program_id}. Run 'medcrm programs' to see them."
    return _program(one(reader, sql, {"id": program_id}, missing))


def resolve_program(reader: Reader, which: str) -> ProgramRecord:
    """A program by id ("12", "#12") or name (exact, then a unique part), like WHO."""
    found = named_id(reader, which, "program", "12 or 'Riverside IM'")
    return get_program(reader, found)


def program_people(reader: Reader, program_id: int) -> list[ProgramPerson]:
    return [
        ProgramPerson(ContactRef(int(r["id"]), str(r["name"])), str(r["role"]))
        for r in reader.rows(
            "SELECT c.id, c.name, pc.role FROM program_contact pc "
            "JOIN contact c ON c.id = pc.contact_id WHERE pc.program_id = :pid "
            "ORDER BY c.name_key, c.id",
            {"pid": program_id},
        )
    ]


def program_detail(reader: Reader, program_id: int, *, limit: int = 20) -> ProgramDetail:
    """A program, its people, its moves, the latest interactions with its people and their
    open follow-ups."""
    program = get_program(reader, program_id)
    people = program_people(reader, program_id)
    stages = [
        (str(r["stage"]), to_date(r["moved_on"]))
        for r in reader.rows(
            "SELECT stage, moved_on FROM program_stage WHERE program_id = :pid ORDER BY id",
            {"pid": program_id},
        )
    ]
    seen: dict[int, InteractionRecord] = {}
    for person in people:
        for i in history(reader, contact_id=person.contact.id, limit=limit):
            seen.setdefault(i.id, i)
    interactions = sorted(seen.values(), key=lambda i: (i.date, i.id), reverse=True)[:limit]
    follow_ups = sorted(
        (f for p in people for f in list_follow_ups(reader, contact_id=p.contact.id)),
        key=lambda f: (f.due, f.id),
    )
    from medcrm.storage.queries.deadlines import list_deadlines

    return ProgramDetail(
        program,
        people,
        stages,
        interactions,
        follow_ups,
        program_letters(reader, program_id),
        list_deadlines(reader, program_id=program_id),
    )


def programs_of(reader: Reader, contact_id: int) -> list[tuple[ProgramRecord, str]]:
    """The programs a contact is part of, with their role in each."""
    roles = {
        int(r["program_id"]): str(r["role"])
        for r in reader.rows(
            "SELECT program_id, role FROM program_contact WHERE contact_id = :cid",
            {"cid": contact_id},
        )
    }
    return [(p, roles[p.id]) for p in list_programs(reader, contact_id=contact_id)]


def asks_for_silence(db: Reader, contact_id: int, *, today: date) -> ProgramRecord | None:
    """A program of this person's that asks applicants not to write after the interview,
    once you have had it (at interviewed or later, or its interview day gone); else None."""
    row = first(db, "SELECT p.id FROM program p JOIN program_contact pc ON pc.program_id = p.id "
                    "WHERE pc.contact_id = :cid AND NOT p.post_interview_contact AND (p.stage IN "
                    "('interviewed', 'ranked', 'matched') OR p.interview_on <= :today) "
                    "ORDER BY p.id", {"cid": contact_id, "today": today})  # fmt: skip
    return None if row is None else get_program(db, int(row["id"]))
