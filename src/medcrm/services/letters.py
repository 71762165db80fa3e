"""Letters of recommendation: asking, moving along the status chain, and the follow-ups each
step plans for the student.

    asked -> agreed -> materials-sent -> submitted -> thanked      (or declined)

- asked: polite reminders 4 weeks and 1 week before the deadline (those still ahead);
  any open "Before you go" ask of that person is done (a letter request is that ask);
- agreed: send the CV and personal statement (due in 2 days);
- materials-sent: that follow-up is done;
- submitted: the reminders are retired; send a thank-you (due in 2 days);
- thanked: that follow-up is done; declined: reminders and the materials follow-up retire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from medcrm.pure import text, vocabulary
from medcrm.pure.errors import InvalidInput
from medcrm.pure.records import Edit, FollowUpRecord, LetterChange, LetterRecord, edits
from medcrm.services import followups, phi
from medcrm.services.resolve import resolve_contact
from medcrm.storage import queries as views
from medcrm.storage.connection import Row, Writer, first, in_params, update_sql

REMINDERS = (timedelta(weeks=4), timedelta(weeks=1))
SOON = timedelta(days=2)
STATUSES = (*vocabulary.LETTER_STATUSES, "declined")


def _plan(
    db: Writer, letter: Row, purpose: str, title: str, due: date, today: date
) -> FollowUpRecord:
    return followups.plan(
        db,
        contact_id=int(letter["contact_id"]),
        title=title,
        due=max(due, today),
        today=today,
        purpose=purpose,
        letter_id=int(letter["id"]),
    )


def _open(
    db: Writer, *, contact_id: int, purposes: tuple[str, ...], letter_id: int | None
) -> list[int]:
    placeholder, params = in_params("p", purposes)
    sql = (
        "SELECT id FROM follow_up WHERE contact_id = :cid AND done_on IS NULL "  # noqa: S608
        f"AND purpose IN {placeholder}"
    )
    if letter_id is not None:
        sql += " AND letter_id = :lid"
    rows = db.rows(sql + " ORDER BY id", {"cid": contact_id, "lid": letter_id, **params})
    return [int(r["id"]) for r in rows]


def _remind(db: Writer, letter: Row, name: str, today: date) -> list[FollowUpRecord]:
    """The polite reminders before the deadline that are still ahead."""
    due = views.to_date(letter["due"])
    return [
        _plan(
            db,
            letter,
            "letter-reminder",
            f"Polite reminder to {name}: the letter for {letter['target']} is due "
            f"{due.isoformat()}",
            due - before,
            today,
        )
        for before in REMINDERS
        if due - before >= today
    ]


def _finish(db: Writer, ids: list[int], on: date) -> list[FollowUpRecord]:
    return [followups.set_fields(db, fid, done_on=on) for fid in ids]


def _retire(db: Writer, ids: list[int]) -> list[FollowUpRecord]:
    closed = []
    for fid in ids:
        closed.append(views.get_follow_up(db, fid))
        db.run("DELETE FROM follow_up WHERE id = :id", {"id": fid})
    return closed


def ask(
    db: Writer,
    *,
    who: str,
    target: str,
    due: date,
    today: date,
    kind: str = "narrative",
    waived: bool | None = None,
    eras_id: str | None = None,
    note: str | None = None,
    allow_phi: bool = False,
    asked_on: date | None = None,
    again: bool = False,
) -> LetterChange:
    """Record a letter request (made today, or ``asked_on``), with reminders before the
    deadline. A writer with an open letter for the same target is refused unless ``again``."""
    marked = phi.check(db, {"The letter's target": target, "The note": note}, allow=allow_phi)
    clean_target = text.one_line(target, "What the letter is for (--for)", required=True)
    assert clean_target is not None
    asked = today if asked_on is None else asked_on
    if asked > today:
        raise InvalidInput(f"--date {asked.isoformat()} is in the future; use today or earlier.")
    if due < asked:
        raise InvalidInput(
            f"The deadline {due.isoformat()} is before the request ({asked.isoformat()})."
        )
    contact = resolve_contact(db, who)
    if not again:
        _refuse_a_second(db, contact.id, clean_target)
    letter: Row = {
        "contact_id": contact.id,
        "target": clean_target,
        "kind": text.letter_kind(kind),
        "waived": waived,
        "eras_id": text.one_line(eras_id, "The ERAS Letter ID (--letter-id)"),
        "due": due,
        "status": "asked",
        "asked_on": asked,
        "agreed_on": None,
        "materials_sent_on": None,
        "submitted_on": None,
        "thanked_on": None,
        "declined_on": None,
        "note": text.note_text(note),
        "phi_allowed": marked,
    }
    letter["id"] = db.insert("letter", letter)
    created = _remind(db, letter, contact.name, today)
    closed = _finish(
        db, _open(db, contact_id=contact.id, purposes=("rotation-ask",), letter_id=None), today
    )
    return LetterChange(views.get_letter(db, letter["id"]), created, closed)


def set_status(db: Writer, letter_id: int, status: str, *, on: date, today: date) -> LetterChange:
    """Move a letter forward along the chain (or to declined) and plan what comes next."""
    wanted = status.strip().lower().replace("_", "-").replace(" ", "-")
    if wanted not in STATUSES or wanted == "asked":
        raise InvalidInput(
            f"Unknown letter status '{status}'. Use one of: {', '.join(STATUSES[1:])} "
            "('asked' is what 'letters ask' records)."
        )
    if on > today:
        raise InvalidInput(f"--date {on.isoformat()} is in the future; use today or earlier.")
    letter = _movable(db, letter_id, wanted)
    _check_in_order(letter, on)
    name = views.get_contact(db, int(letter["contact_id"])).name
    db.run(
        update_sql("letter", ("status", f"{wanted.replace('-', '_')}_on")),
        {"id": letter_id, "status": wanted, f"{wanted.replace('-', '_')}_on": on},
    )
    created, closed = _next_steps(db, letter, wanted, name=name, on=on, today=today)
    return LetterChange(views.get_letter(db, letter_id), created, closed)


def _movable(db: Writer, letter_id: int, wanted: str) -> Row:
    """The letter, once it is known that it can move on to ``wanted``."""
    letter = first(db, "SELECT * FROM letter WHERE id = :id", {"id": letter_id})
    if letter is None:
        raise InvalidInput(f"No letter has id {letter_id}. Run 'medcrm letters' to see them.")
    current = str(letter["status"])
    if current in vocabulary.LETTER_FINAL:
        raise InvalidInput(f"Letter {letter_id} is already {current}; nothing more to record.")
    onward = [s for s in STATUSES[STATUSES.index(current) + 1 :] if s != "declined"]
    if current != "submitted":
        onward.append("declined")
    if wanted not in onward:
        raise InvalidInput(
            f"Letter {letter_id} is already {current}; it can move on to {' or '.join(onward)}."
        )
    return letter


def _check_in_order(letter: Row, on: date) -> None:
    """Refuse a step dated before the letter's latest step so far."""
    steps = {
        "asked": views.opt_date(letter["asked_on"]),
        "agreed": views.opt_date(letter["agreed_on"]),
        "materials-sent": views.opt_date(letter["materials_sent_on"]),
        "submitted": views.opt_date(letter["submitted_on"]),
    }
    last_status, last_day = max(
        ((s, d) for s, d in steps.items() if d is not None), key=lambda sd: sd[1]
    )
    if on < last_day:
        raise InvalidInput(
            f"--date {on.isoformat()} is before the letter was {last_status} "
            f"({last_day.isoformat()}); steps go forward in time."
        )


def _next_steps(
    db: Writer, letter: Row, wanted: str, *, name: str, on: date, today: date
) -> tuple[list[FollowUpRecord], list[FollowUpRecord]]:
    """The follow-ups the step ``wanted`` plans, and those it closes (see the module
    docstring); ``name`` is the writer's."""
    letter_id = int(letter["id"])
    target = letter["target"]
    created: list[FollowUpRecord] = []
    closed: list[FollowUpRecord] = []

    def open_(*purposes: str) -> list[int]:
        cid = int(letter["contact_id"])
        return _open(db, contact_id=cid, purposes=purposes, letter_id=letter_id)

    if wanted == "agreed":
        created.append(
            _plan(
                db,
                letter,
                "letter-materials",
                f"Send {name} your CV and personal statement for the {target} letter",
                on + SOON,
                today,
            )
        )
    elif wanted == "materials-sent":
        closed += _finish(db, open_("letter-materials"), on)
    elif wanted in ("submitted", "thanked"):
        closed += _retire(db, open_("letter-reminder"))
        closed += _finish(db, open_("letter-materials"), on)
        if wanted == "submitted":
            created.append(
                _plan(
                    db,
                    letter,
                    "letter-thanks",
                    f"Thank {name} for the {target} letter",
                    on + SOON,
                    today,
                )
            )
        else:
            closed += _finish(db, open_("letter-thanks"), on)
    else:  # declined
        closed += _retire(db, open_("letter-reminder", "letter-materials"))
    return created, closed


class LetterExists(InvalidInput):
    """The writer already has an open letter for this target (``letters ask --again``)."""

    def __init__(self, letter: LetterRecord) -> None:
        super().__init__(
            f"{letter.contact} already has letter #{letter.id} for {letter.target} "
            f"({letter.status}, due {letter.due.isoformat()}); add --again to ask for a second "
            f"one, or change that one with 'medcrm letters edit {letter.id}'."
        )
        self.letter = letter


def _refuse_a_second(db: Writer, contact_id: int, target: str) -> None:
    wanted = text.fold(target)
    for letter in views.list_letters(db, open_only=True, contact_id=contact_id):
        if text.fold(letter.target) == wanted:
            raise LetterExists(letter)


@dataclass(frozen=True)
class Eras:
    """A letter's ERAS fields to change (None: unchanged; ``eras_id`` "" clears it)."""

    kind: str | None = None
    waived: bool | None = None
    eras_id: str | None = None

    def columns(self) -> Row:
        fields: Row = {}
        if self.kind is not None:
            fields["kind"] = text.letter_kind(self.kind)
        if self.waived is not None:
            fields["waived"] = self.waived
        if self.eras_id is not None:
            fields["eras_id"] = text.one_line(self.eras_id, "The ERAS Letter ID (--letter-id)")
        return fields


def edit(
    db: Writer,
    letter_id: int,
    *,
    today: date,
    due: date | None = None,
    target: str | None = None,
    note: str | None = None,
    eras: Eras | None = None,
    allow_phi: bool = False,
) -> LetterChange:
    """Change a letter's deadline, target, note or ERAS fields (the checks of ``ask``); a new
    deadline or target re-plans the reminders still to come."""
    before = views.get_letter(db, letter_id)
    marked = phi.check(db, {"The letter's target": target, "The note": note}, allow=allow_phi)
    fields: Row = {} if eras is None else eras.columns()
    if target is not None:
        fields["target"] = text.one_line(target, "What the letter is for (--for)", required=True)
    if note is not None:
        fields["note"] = text.note_text(note)
    if due is not None:
        if due < before.asked_on:
            raise InvalidInput(
                f"The deadline {due.isoformat()} is before the request "
                f"({before.asked_on.isoformat()})."
            )
        fields["due"] = due
    if not fields:
        raise InvalidInput(
            "Nothing to change: give --deadline, --for, --note, --type, --letter-id or "
            "--waived/--not-waived."
        )
    if marked:
        fields["phi_allowed"] = True
    db.run(update_sql("letter", list(fields)), {"id": letter_id, **fields})
    after = views.get_letter(db, letter_id)
    created: list[FollowUpRecord] = []
    closed: list[FollowUpRecord] = []
    if (after.due, after.target) != (before.due, before.target) and before.status in (
        "asked", "agreed", "materials-sent"
    ):  # fmt: skip
        closed = _retire(db, _open(db, contact_id=before.contact_id,
                                   purposes=("letter-reminder",), letter_id=letter_id))  # fmt: skip
        row = {"id": letter_id, "contact_id": after.contact_id, "target": after.target,
               "due": after.due}  # fmt: skip
        created = _remind(db, row, after.contact, today)
    return LetterChange(after, created, closed, _edits(before, after))


def _edits(before: LetterRecord, after: LetterRecord) -> list[Edit]:
    shown = (("deadline", "due"), ("for", "target"), ("note", "note"), ("type", "kind"),
             ("ERAS letter ID", "eras_id"))  # fmt: skip
    changed = [(label, getattr(before, name), getattr(after, name)) for label, name in shown]
    waiver = {True: "yes", False: "no", None: "not known"}
    changed.append(("waived", waiver[before.waived], waiver[after.waived]))
    return edits(changed)


def remove(db: Writer, letter_id: int) -> LetterRecord:
    """Delete a letter and the follow-ups planned for it."""
    letter = views.get_letter(db, letter_id)
    db.run("DELETE FROM follow_up WHERE letter_id = :id", {"id": letter_id})
    db.run("DELETE FROM letter WHERE id = :id", {"id": letter_id})
    return letter
