"""Logging interactions, and deleting a mistaken one (write use cases, one transaction each).

SQL text on a :class:`~medcrm.storage.connection.Writer`, like the other daily writes: stdlib
``sqlite3`` on a file, SQLAlchemy on a server.
"""

from __future__ import annotations

from datetime import date

from medcrm.pure import text, vocabulary
from medcrm.pure.dates import parse_duration
from medcrm.pure.errors import InvalidInput
from medcrm.pure.records import (
    ContactRef,
    Edit,
    EditedInteraction,
    FollowUpRecord,
    InteractionRecord,
    LogResult,
    RotationRecord,
    edits,
)
from medcrm.services import phi, settings
from medcrm.services.contacts import refresh_contacts
from medcrm.services.followups import Completed, complete, plan_checked, refuse_if_silent
from medcrm.services.resolve import resolve_contacts
from medcrm.services.rotations import ensure_duties
from medcrm.storage import queries as views
from medcrm.storage.connection import Writer, in_params, insert_sql, update_sql
from medcrm.storage.queries import resolve_rotation
from medcrm.storage.queries.programs import asks_for_silence


def log_interaction(
    db: Writer,
    *,
    who: list[str],
    today: date,
    on: date | None = None,
    kind: str = "meeting",
    note: str | None = None,
    follow_up: str | None = None,
    follow_up_due: date | None = None,
    rotation: str | None = None,
    suggest: bool = True,
    allow_phi: bool = False,
    anyway: bool = False,
) -> LogResult:
    """Record what happened with one or more contacts, and plan what comes next.

    ``follow_up`` goes to the first contact named, in the same transaction. Without one,
    office hours, shadowing, seminars, conferences and research suggest a follow-up with each
    contact, due within a configurable window (``suggest=False`` skips it). The interaction is
    attached to ``rotation``, or else to the rotation whose dates cover it; supervisors logged
    on a rotation get its "Before you go" duties.
    """
    note_marked = phi.check(db, {"The note": note}, allow=allow_phi)
    follow_up_marked = phi.check(db, {"The follow-up": follow_up}, allow=allow_phi)
    when = today if on is None else on
    _check_request(who, when, today=today, follow_up=follow_up, follow_up_due=follow_up_due)
    people = resolve_contacts(db, who)
    covering, on_rotation = _rotation_of(db, rotation, when)
    the_kind = text.kind(kind)
    interaction_id = _insert_interaction(
        db, people, when=when, kind=the_kind, note=note, rotation=on_rotation, marked=note_marked
    )
    created = None
    suggested: list[FollowUpRecord] = []
    if follow_up is not None and follow_up_due is not None:
        if not anyway:
            refuse_if_silent(db, people[0], today=today)
        created = plan_checked(
            db,
            contact_id=people[0].id,
            title=follow_up,
            due=follow_up_due,
            today=today,
            interaction_id=interaction_id,
            phi_allowed=follow_up_marked,
        )
    elif suggest and the_kind in vocabulary.SUGGESTIONS and (today - when).days <= SUGGEST_WITHIN:
        suggested = _suggest(db, people, the_kind, interaction_id, when=when, today=today)
    duties = (
        ensure_duties(db, on_rotation, [p.id for p in people], today=today)
        if on_rotation is not None and the_kind == vocabulary.CLINICAL_KIND
        else []
    )
    refresh_contacts(db, [p.id for p in people])
    also = [r.name for r in covering if on_rotation is not None and r.id != on_rotation.id]
    return LogResult(views.get_interaction(db, interaction_id), created, suggested, duties, also)


def complete_and_log(
    db: Writer,
    follow_up_ids: list[int],
    *,
    today: date,
    kind: str = "message",
    note: str | None = None,
    allow_phi: bool = False,
) -> tuple[list[Completed], list[LogResult]]:
    """``done --log``: mark the follow-ups done and log one interaction today with each of
    their contacts (a thank-you sent is a contact), all in the caller's one transaction. The
    note is ``note``, or else the titles of that contact's follow-ups."""
    finished = complete(db, follow_up_ids, today=today)
    titles: dict[int, list[str]] = {}
    for item in finished:
        titles.setdefault(item.done.contact_id, []).append(item.done.title)
    logged = []
    for cid, done in titles.items():
        said = note if note is not None else "; ".join(done)
        logged.append(
            log_interaction(
                db,
                who=[str(cid)],
                today=today,
                kind=kind,
                note=said,
                suggest=False,
                allow_phi=allow_phi,
            )
        )
    return finished, logged


def _check_request(
    who: list[str],
    when: date,
    *,
    today: date,
    follow_up: str | None,
    follow_up_due: date | None,
) -> None:
    """Refuse a log dated in the future, a follow-up without its due date (or the other way
    round), and a log with no one."""
    if when > today:
        raise InvalidInput(
            f"--date {when.isoformat()} is in the future; log what has happened and plan "
            "the rest with 'medcrm follow-up'."
        )
    if (follow_up is None) != (follow_up_due is None):
        raise InvalidInput(
            "--follow-up and --due go together (e.g. --follow-up 'Thank-you' --due tomorrow)."
        )
    if not who:
        raise InvalidInput("Name at least one contact to log an interaction with.")


def _rotation_of(
    db: Writer, rotation: str | None, when: date
) -> tuple[list[RotationRecord], RotationRecord | None]:
    """The rotations covering ``when``, and the one the interaction belongs to: ``rotation``
    (which must cover it), else the most recently started of those covering it."""
    covering = views.rotations_on(db, when)
    on_rotation = resolve_rotation(db, rotation) if rotation is not None else None
    if rotation is None and covering:
        on_rotation = covering[0]  # the most recently started; the others are reported
    if on_rotation is not None and rotation is not None and not on_rotation.covers(when):
        raise InvalidInput(
            f"{on_rotation.name} runs {on_rotation.starts_on.isoformat()} to "
            f"{on_rotation.ends_on.isoformat()}; {when.isoformat()} is outside it."
        )
    return covering, on_rotation


def _insert_interaction(
    db: Writer,
    people: list[ContactRef],
    *,
    when: date,
    kind: str,
    note: str | None,
    rotation: RotationRecord | None,
    marked: bool,
) -> int:
    """Insert the interaction and who it was with; its id."""
    interaction_id = db.insert(
        "interaction",
        {
            "date": when,
            "kind": kind,
            "note": text.note_text(note),
            "rotation_id": None if rotation is None else rotation.id,
            "phi_allowed": marked,
        },
    )
    db.run_many(
        insert_sql("interaction_contact", ("interaction_id", "contact_id")),
        [{"interaction_id": interaction_id, "contact_id": person.id} for person in people],
    )
    return interaction_id


def _suggest(
    db: Writer,
    people: list[ContactRef],
    kind: str,
    interaction_id: int,
    *,
    when: date,
    today: date,
) -> list[FollowUpRecord]:
    """The suggested follow-up with each person, due within the window set for ``kind``
    (none when that window is off)."""
    window = settings.get(db, f"follow-up.{kind}")
    if window == settings.OFF:
        return []
    due = max(parse_duration(window).after(when), today)
    title = vocabulary.SUGGESTIONS[kind][1]
    quiet = {p.id for p in people if asks_for_silence(db, p.id, today=today) is not None}
    return [
        plan_checked(
            db,
            contact_id=person.id,
            title=title.format(name=person.name),
            due=due,
            today=today,
            interaction_id=interaction_id,
            purpose="suggested",
        )
        for person in people
        if person.id not in quiet  # a program that asks for no contact after its interview
    ]


def unlog(db: Writer, interaction_id: int) -> InteractionRecord:
    """Delete one logged interaction (a mistaken entry); the contacts stay.

    What medcrm planned because of it goes too, while still open: its suggested follow-ups,
    and the "Before you go" duties of anyone it was the only rotation shift with.
    """
    record = views.get_interaction(db, interaction_id)
    db.run(
        "DELETE FROM follow_up WHERE interaction_id = :iid AND purpose = 'suggested' "
        "AND done_on IS NULL",
        {"iid": interaction_id},
    )
    if record.rotation_id is not None and record.kind == vocabulary.CLINICAL_KIND:
        purposes, purpose_params = in_params("p", views.ROTATION_PURPOSES)
        for person in record.contacts:
            others = db.rows(
                "SELECT COUNT(*) AS n FROM interaction i JOIN interaction_contact ic "
                "ON ic.interaction_id = i.id WHERE ic.contact_id = :cid AND "
                "i.rotation_id = :rid AND i.kind = :kind AND i.id <> :iid",
                {"cid": person.id, "rid": record.rotation_id, "kind": vocabulary.CLINICAL_KIND,
                 "iid": interaction_id},
            )[0]  # fmt: skip
            if int(others["n"]) == 0:
                db.run(
                    "DELETE FROM follow_up WHERE contact_id = :cid AND rotation_id = :rid "  # noqa: S608
                    f"AND done_on IS NULL AND purpose IN {purposes}",
                    {"cid": person.id, "rid": record.rotation_id, **purpose_params},
                )
    db.run("DELETE FROM interaction WHERE id = :iid", {"iid": interaction_id})
    refresh_contacts(db, [c.id for c in record.contacts])
    return record


SUGGEST_WITHIN = 7  # days: older logs get no suggestion (that moment has passed)


def edit_log(
    db: Writer,
    interaction_id: int,
    *,
    today: date,
    note: str | None = None,
    on: date | None = None,
    kind: str | None = None,
    add: list[str] | None = None,
    drop: list[str] | None = None,
    rotation: str | None = None,
    no_rotation: bool = False,
    allow_phi: bool = False,
) -> EditedInteraction:
    """Change a logged interaction with the checks of ``log``. A new date moves it to the
    rotation covering that date unless its rotation still covers it (or one is given)."""
    before = views.get_interaction(db, interaction_id)
    if rotation is not None and no_rotation:
        raise InvalidInput("Give --rotation or --no-rotation, not both.")
    marked = phi.check(db, {"The note": note}, allow=allow_phi)
    fields: dict[str, object] = {}
    if note is not None:
        fields["note"] = text.note_text(note)
    if kind is not None:
        fields["kind"] = text.kind(kind)
    when = before.date if on is None else on
    if on is not None:
        _check_request(["x"], on, today=today, follow_up=None, follow_up_due=None)
        fields["date"] = on
    moved = _moved_rotation(db, before, when, rotation=rotation, detach=no_rotation)
    if moved is not None:
        fields["rotation_id"] = moved[0]
    people = _people(db, before, add or [], drop or [])
    if not fields and people is None:
        raise InvalidInput(
            "Nothing to change: give --note, --date, --kind, --add, --drop or --rotation."
        )
    if marked:
        fields["phi_allowed"] = True
    if fields:
        db.run(update_sql("interaction", list(fields)), {"id": interaction_id, **fields})
    if people is not None:
        db.run("DELETE FROM interaction_contact WHERE interaction_id = :i", {"i": interaction_id})
        db.run_many(
            insert_sql("interaction_contact", ("interaction_id", "contact_id")),
            [{"interaction_id": interaction_id, "contact_id": p.id} for p in people],
        )
    after = views.get_interaction(db, interaction_id)
    duties = []
    if after.rotation_id is not None and after.kind == vocabulary.CLINICAL_KIND:
        ids = [c.id for c in after.contacts]
        duties = ensure_duties(db, views.get_rotation(db, after.rotation_id), ids, today=today)
    refresh_contacts(db, [c.id for c in (*before.contacts, *after.contacts)])
    return EditedInteraction(after, _interaction_edits(before, after), duties)


def _moved_rotation(
    db: Writer, before: InteractionRecord, when: date, *, rotation: str | None, detach: bool
) -> tuple[int | None] | None:
    """The interaction's new rotation id (in a 1-tuple), or None when it stays."""
    if detach:
        return (None,)
    if rotation is not None:
        _, chosen = _rotation_of(db, rotation, when)
        return (None if chosen is None else chosen.id,)
    if when == before.date:
        return None
    if before.rotation_id is not None and views.get_rotation(db, before.rotation_id).covers(when):
        return None
    _, covering = _rotation_of(db, None, when)
    return (None if covering is None else covering.id,)


def _people(
    db: Writer, before: InteractionRecord, add: list[str], drop: list[str]
) -> list[ContactRef] | None:
    """Who the interaction is with after --add and --drop; None when unchanged."""
    if not add and not drop:
        return None
    dropped = {p.id for p in resolve_contacts(db, drop)} if drop else set()
    strangers = dropped - {c.id for c in before.contacts}
    if strangers:
        raise InvalidInput(
            f"Contact #{min(strangers)} is not part of interaction #{before.id}; "
            f"'medcrm history' shows who is."
        )
    people = [c for c in before.contacts if c.id not in dropped]
    for person in resolve_contacts(db, add) if add else []:
        if person.id not in {p.id for p in people}:
            people.append(person)
    if not people:
        raise InvalidInput(
            f"Interaction #{before.id} would be with no one; add someone, or delete it with "
            f"'medcrm unlog {before.id}'."
        )
    return people


def _interaction_edits(before: InteractionRecord, after: InteractionRecord) -> list[Edit]:
    def names(r: InteractionRecord) -> str:
        return ", ".join(c.name for c in r.contacts)

    return edits(
        [
            ("date", before.date, after.date),
            ("kind", before.kind, after.kind),
            ("with", names(before), names(after)),
            ("rotation", before.rotation, after.rotation),
            ("note", before.note, after.note),
        ]
    )
