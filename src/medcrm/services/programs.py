"""The application season's programs: add and edit them, move them through the pipeline,
tie contacts to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from medcrm.pure import text, vocabulary
from medcrm.pure.errors import InvalidInput
from medcrm.pure.records import (
    ContactRef,
    Edit,
    FollowUpRecord,
    LetterRecord,
    LogResult,
    ProgramRecord,
    edits,
)
from medcrm.pure.text import asks_for_commitment
from medcrm.services import phi
from medcrm.services.resolve import resolve_contact
from medcrm.storage.connection import Reader, Writer, first, insert_sql, update_sql
from medcrm.storage.queries.programs import get_program, resolve_program

STAGES = vocabulary.PROGRAM_STAGES + vocabulary.PROGRAM_OFF_STAGES
UNSET: object = object()


@dataclass
class ProgramFields:
    """What ``programs add`` and ``programs edit`` take; UNSET leaves a field as it is."""

    name: object = UNSET  # str
    specialty: object = UNSET  # str, or None (or "") to clear
    institution: object = UNSET
    city: object = UNSET
    url: object = UNSET
    note: object = UNSET
    letters_required: object = UNSET  # int or None
    post_interview_contact: object = UNSET  # bool


@dataclass
class ProgramChange:
    program: ProgramRecord
    edits: list[Edit]


def stage_of(value: str) -> str:
    """A stage as typed ("Interviewed", "wait-listed"), or a message listing them."""
    stage = "".join(value.lower().split()).replace("-", "")
    if stage in STAGES:
        return stage
    raise InvalidInput(
        f"Unknown stage '{value}'; in order they are {', '.join(vocabulary.PROGRAM_STAGES)}, "
        f"and off the pipeline {', '.join(vocabulary.PROGRAM_OFF_STAGES)}."
    )


def role_of(value: str) -> str:
    role = value.strip().lower()
    if role in vocabulary.PROGRAM_ROLES:
        return role
    raise InvalidInput(
        f"Unknown role '{value}'; use {', '.join(vocabulary.PROGRAM_ROLES)} "
        "(pd is the program director, apd the associate program director)."
    )


def checked_columns(fields: ProgramFields) -> dict[str, object]:
    """The columns ``fields`` sets, checked as every text medcrm keeps is checked."""
    values: dict[str, object] = {}
    if fields.name is not UNSET:
        if not isinstance(fields.name, str):
            raise InvalidInput("A program needs a name, e.g. 'Riverside IM'.")
        clean, key = text.checked_name(
            str(fields.name), what="The program's name", noun="a program's name"
        )
        values |= {"name": clean, "name_key": key}
    for column in ("specialty", "institution", "city", "url"):
        given = getattr(fields, column)
        if given is not UNSET:
            values[column] = text.one_line(str(given) if given else None, f"The {column}")
    if fields.note is not UNSET:
        values["note"] = text.note_text(str(fields.note) if fields.note else None)
    if fields.letters_required is not UNSET:
        required = fields.letters_required
        if required is not None and not (isinstance(required, int) and 0 <= required <= 10):
            raise InvalidInput(f"--letters-required must be 0 to 10, not {required}.")
        values["letters_required"] = required
    if fields.post_interview_contact is not UNSET:
        values["post_interview_contact"] = bool(fields.post_interview_contact)
    return values


def _guarded(db: Writer, values: dict[str, object], *, allow_phi: bool) -> dict[str, object]:
    """The PHI guard on every text a program keeps (its name, where it is, your note)."""
    texts = {
        f"The {column}": values.get(column)
        for column in ("name", "specialty", "institution", "city", "url", "note")
    }
    marked = phi.check(db, {k: v for k, v in texts.items() if isinstance(v, str)}, allow=allow_phi)
    return {**values, "phi_allowed": True} if marked else values


def _name_is_free(db: Reader, key: str, name: str, *, other_than: int | None = None) -> None:
    """Program names are unique (an export and import match programs by name)."""
    taken = first(db, "SELECT id, name FROM program WHERE name_key = :key AND id <> :other",
                  {"key": key, "other": -1 if other_than is None else other_than})  # fmt: skip
    if taken is not None:
        raise InvalidInput(
            f"Program #{taken['id']} is already named '{taken['name']}'; give this one another "
            "name (e.g. with its city)."
        )


def add_program(
    db: Writer, fields: ProgramFields, *, today: date, stage: str = "interested",
    allow_phi: bool = False,
) -> ProgramRecord:  # fmt: skip
    """A new program at ``stage`` (interested unless given), its first move recorded."""
    if fields.name is UNSET:
        raise InvalidInput('A program needs a name: medcrm programs add "Riverside IM".')
    values = _guarded(db, checked_columns(fields), allow_phi=allow_phi)
    _name_is_free(db, str(values["name_key"]), str(values["name"]))
    values |= {"stage": stage_of(stage), "added": today}
    values.setdefault("post_interview_contact", True)
    program_id = db.insert("program", values)
    db.insert("program_stage", {"program_id": program_id, "stage": values["stage"],
                                "moved_on": today})  # fmt: skip
    return get_program(db, program_id)


def edit_program(
    db: Writer, which: str, fields: ProgramFields, *, allow_phi: bool = False
) -> ProgramChange:
    """Change what ``fields`` sets; the confirmation lists each change, old -> new."""
    before = resolve_program(db, which)
    values = checked_columns(fields)
    if not values:
        raise InvalidInput("Say what to change, e.g. medcrm programs edit 3 --city Boston.")
    values = _guarded(db, values, allow_phi=allow_phi)
    if "name_key" in values:
        _name_is_free(db, str(values["name_key"]), str(values["name"]), other_than=before.id)
    db.run(update_sql("program", list(values)), {**values, "id": before.id})
    after = get_program(db, before.id)
    shown = ("name", "specialty", "institution", "city", "url", "note", "letters_required",
             "post_interview_contact")  # fmt: skip

    def word(value: object) -> object:
        return ("yes" if value else "no") if isinstance(value, bool) else value

    changed = (
        (c.replace("_", " "), word(getattr(before, c)), word(getattr(after, c))) for c in shown
    )
    return ProgramChange(after, edits(changed))


def move_to(db: Writer, program: ProgramRecord, stage: str, *, on: date) -> None:
    """The one way a program changes stage: the stage, and the move kept with its day (no
    move recorded when it is there already)."""
    if stage == program.stage:
        return
    db.run("UPDATE program SET stage = :stage WHERE id = :id", {"stage": stage, "id": program.id})
    db.insert("program_stage", {"program_id": program.id, "stage": stage, "moved_on": on})


def set_stage(
    db: Writer, which: str, stage: str, *, on: date, today: date | None = None
) -> ProgramChange:
    """Move a program to ``stage`` (any move is allowed), recorded with its day (not after
    ``today``)."""
    before = resolve_program(db, which)
    to = stage_of(stage)
    if today is not None and on > today:
        raise InvalidInput(f"--date {on.isoformat()} is in the future; a move is kept when made.")
    if to == before.stage:
        raise InvalidInput(f"#{before.id} {before.name} is already at {to}.")
    move_to(db, before, to, on=on)
    return ProgramChange(get_program(db, before.id), edits([("stage", before.stage, to)]))


def link_contact(
    db: Writer, which: str, who: str, *, role: str
) -> tuple[ProgramRecord, ContactRef, str | None]:
    """Tie a contact to a program with a role; returns the role they had before (if any)."""
    program = resolve_program(db, which)
    person = resolve_contact(db, who)
    part = role_of(role)
    had = first(
        db,
        "SELECT role FROM program_contact WHERE program_id = :pid AND contact_id = :cid",
        {"pid": program.id, "cid": person.id},
    )
    if had is None:
        values = {"program_id": program.id, "contact_id": person.id, "role": part}
        db.run(insert_sql("program_contact", list(values)), values)
    else:
        db.run(
            "UPDATE program_contact SET role = :role WHERE program_id = :pid AND contact_id = :cid",
            {"role": part, "pid": program.id, "cid": person.id},
        )
    return get_program(db, program.id), person, None if had is None else str(had["role"])


THANKS_WITHIN = timedelta(hours=72)


@dataclass
class Interviewed:
    program: ProgramRecord
    logged: LogResult
    linked: list[ContactRef]  # made interviewers by this
    thanks: list[FollowUpRecord]  # a thank-you for each, unless the program asks for none


def interviewed(
    db: Writer, which: str, whos: list[str], *, on: date, today: date, note: str | None = None,
    allow_phi: bool = False,
) -> Interviewed:  # fmt: skip
    """The interview day: the program moves to interviewed, one interaction (kind interview)
    is logged with everyone named, each becomes one of its interviewers if they were not
    linked, and each gets a thank-you due within 72 hours, unless the program asks applicants
    not to write after the interview."""
    from medcrm.services.followups import plan_checked
    from medcrm.services.log import log_interaction

    program = resolve_program(db, which)
    if not whos:
        raise InvalidInput("Say who interviewed you: --with ruiz okafor.")
    if program.stage in ("interviewed", "ranked", "matched"):
        raise InvalidInput(
            f"#{program.id} {program.name} is already at {program.stage}; log another talk with "
            "its people with medcrm log."
        )
    if on > today:
        raise InvalidInput(f"--date {on.isoformat()} is in the future; log the interview after it.")
    logged = log_interaction(db, who=whos, today=today, on=on, kind="interview", note=note,
                             suggest=False, allow_phi=allow_phi)  # fmt: skip
    move_to(db, program, "interviewed", on=on)
    db.run("UPDATE program SET interview_on = COALESCE(interview_on, :on) WHERE id = :id",
           {"on": on, "id": program.id})  # fmt: skip
    linked = []
    for person in logged.interaction.contacts:
        known = first(db, "SELECT 1 AS x FROM program_contact WHERE program_id = :pid AND "
                          "contact_id = :cid", {"pid": program.id, "cid": person.id})  # fmt: skip
        if known is None:
            values = {"program_id": program.id, "contact_id": person.id, "role": "interviewer"}
            db.run(insert_sql("program_contact", list(values)), values)
            linked.append(person)
    thanks = [
        plan_checked(db, contact_id=person.id, today=today, due=on + THANKS_WITHIN,
                     title=f"Send {person.name} a thank-you for the {program.name} interview",
                     interaction_id=logged.interaction.id, purpose="interview-thanks")
        for person in logged.interaction.contacts
    ] if program.post_interview_contact else []  # fmt: skip
    return Interviewed(get_program(db, program.id), logged, linked, thanks)


def solicits_commitment(db: Reader, contact_ids: list[int], *texts: str | None) -> bool:
    """Does a note or title for people of a program ask where one stands on its rank list?
    (The NRMP Match rules forbid asking a program for a commitment.)"""
    if not any(asks_for_commitment(t) for t in texts) or not contact_ids:
        return False
    listed = ", ".join(str(int(c)) for c in contact_ids)
    return bool(db.rows(
        f"SELECT 1 AS x FROM program_contact WHERE contact_id IN ({listed}) LIMIT 1"  # noqa: S608
    ))  # fmt: skip


def schedule(
    db: Writer, which: str, *, on: date, today: date, virtual: bool = False,
    social: date | None = None,
) -> ProgramChange:  # fmt: skip
    """The interview day (and the pre-interview social): stage scheduled, kept for the
    agenda. Scheduling again moves the day."""
    program = resolve_program(db, which)
    if on < today:
        raise InvalidInput(
            f"--on {on.isoformat()} has passed; after the interview: medcrm programs interviewed."
        )
    if social is None and program.social_on is not None and program.social_on <= on:
        social = program.social_on  # a new day keeps the social, when it still comes first
    if social is not None and social > on:
        raise InvalidInput(
            f"The pre-interview social ({social.isoformat()}) is after the interview "
            f"({on.isoformat()}); check --pre-dinner."
        )
    db.run(
        "UPDATE program SET interview_on = :on, interview_virtual = :virtual, "
        "social_on = :social WHERE id = :id",
        {"on": on, "virtual": virtual, "social": social, "id": program.id},
    )
    move_to(db, program, "scheduled", on=today)
    after = get_program(db, program.id)
    return ProgramChange(after, edits([("stage", program.stage, after.stage),
                                       ("interview", program.interview_on, on)]))  # fmt: skip


def invite(db: Writer, which: str, *, respond_by: datetime, today: date) -> ProgramChange:
    """An interview invitation: stage invited, and the clock to answer it (``due`` shows it
    at the top until the program moves on)."""
    program = resolve_program(db, which)
    if respond_by.date() < today:
        raise InvalidInput(
            f"--respond-by {respond_by:%Y-%m-%d} has passed; give the day the program asked for."
        )
    clock = respond_by.isoformat(timespec="minutes")
    db.run("UPDATE program SET respond_by = :clock WHERE id = :id",
           {"clock": clock, "id": program.id})  # fmt: skip
    move_to(db, program, "invited", on=today)
    after = get_program(db, program.id)
    return ProgramChange(after, edits([("stage", program.stage, after.stage)]))


ERAS_LETTERS = 4  # ERAS lets a program receive at most four letters


def assign_letter(
    db: Writer, letter_id: int, programs: list[str], *, unassign: bool = False
) -> tuple[LetterRecord, list[ProgramRecord]]:
    """Assign a letter to programs (or take it back); a program over four letters refuses
    the whole command."""
    from medcrm.storage.queries.letters import get_letter, program_letters

    letter = get_letter(db, letter_id)
    chosen = list({p.id: p for p in (resolve_program(db, w) for w in programs)}.values())
    for program in chosen:
        pair = {"program_id": program.id, "letter_id": letter.id}
        had = first(db, "SELECT 1 AS x FROM program_letter WHERE program_id = :program_id "
                        "AND letter_id = :letter_id", pair)  # fmt: skip
        if unassign:
            if had is None:
                raise InvalidInput(f"Letter #{letter.id} is not assigned to #{program.id} "
                                   f"{program.name}; nothing was changed.")  # fmt: skip
            db.run("DELETE FROM program_letter WHERE program_id = :program_id "
                   "AND letter_id = :letter_id", pair)  # fmt: skip
        elif had is None:
            if len(program_letters(db, program.id)) >= ERAS_LETTERS:
                raise InvalidInput(
                    f"#{program.id} {program.name} already has {ERAS_LETTERS} letters, ERAS's "
                    "limit; unassign one first (medcrm letters unassign). Nothing was changed."
                )
            db.run(insert_sql("program_letter", list(pair)), pair)
    return letter, [get_program(db, p.id) for p in chosen]
