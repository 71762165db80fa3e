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

from datetime import date, timedelta

from sqlmodel import Session, col, select

from medcrm import schema
from medcrm.db import SessionReader
from medcrm.errors import InvalidInput
from medcrm.models import FollowUp, Letter
from medcrm.records import FollowUpRecord, LetterChange
from medcrm.services import phi, text, views
from medcrm.services.resolve import resolve_contact

REMINDERS = (timedelta(weeks=4), timedelta(weeks=1))
SOON = timedelta(days=2)
STATUSES = (*schema.LETTER_STATUSES, "declined")


def _plan(
    session: Session, letter: Letter, purpose: str, title: str, due: date, today: date
) -> FollowUpRecord:
    assert letter.id is not None
    item = FollowUp(
        contact_id=letter.contact_id,
        title=title,
        due=max(due, today),
        created=today,
        purpose=purpose,
        letter_id=letter.id,
    )
    session.add(item)
    session.flush()
    assert item.id is not None
    return views.get_follow_up(SessionReader(session), item.id)


def _open(
    session: Session, *, contact_id: int, purposes: tuple[str, ...], letter_id: int | None
) -> list[FollowUp]:
    query = select(FollowUp).where(
        FollowUp.contact_id == contact_id,
        col(FollowUp.done_on).is_(None),
        col(FollowUp.purpose).in_(purposes),
    )
    if letter_id is not None:
        query = query.where(FollowUp.letter_id == letter_id)
    return list(session.exec(query).all())


def _finish(session: Session, items: list[FollowUp], on: date) -> list[FollowUpRecord]:
    closed = []
    for item in items:
        item.done_on = on
        session.add(item)
        session.flush()
        assert item.id is not None
        closed.append(views.get_follow_up(SessionReader(session), item.id))
    return closed


def _retire(session: Session, items: list[FollowUp]) -> list[FollowUpRecord]:
    closed = []
    for item in items:
        assert item.id is not None
        closed.append(views.get_follow_up(SessionReader(session), item.id))
        session.delete(item)
    session.flush()
    return closed


def ask(
    session: Session,
    *,
    who: str,
    target: str,
    due: date,
    today: date,
    kind: str = "narrative",
    waived: bool = True,
    note: str | None = None,
    allow_phi: bool = False,
    asked_on: date | None = None,
) -> LetterChange:
    """Record a letter request (made today, or ``asked_on``), with reminders before the
    deadline."""
    phi.check({"The letter's target": target, "The note": note}, allow=allow_phi)
    clean_target = text.one_line(target, "What the letter is for (--for)", required=True)
    assert clean_target is not None
    asked = today if asked_on is None else asked_on
    if asked > today:
        raise InvalidInput(f"--date {asked.isoformat()} is in the future; use today or earlier.")
    if due < asked:
        raise InvalidInput(
            f"The deadline {due.isoformat()} is before the request ({asked.isoformat()})."
        )
    contact = resolve_contact(SessionReader(session), who)
    letter = Letter(
        contact_id=contact.id,
        target=clean_target,
        kind=text.letter_kind(kind),
        waived=waived,
        due=due,
        status="asked",
        asked_on=asked,
        note=text.note_text(note),
    )
    session.add(letter)
    session.flush()
    assert letter.id is not None
    created = [
        _plan(
            session,
            letter,
            "letter-reminder",
            f"Polite reminder to {contact.name}: the letter for {clean_target} is due "
            f"{due.isoformat()}",
            due - before,
            today,
        )
        for before in REMINDERS
        if due - before >= today
    ]
    closed = _finish(
        session,
        _open(session, contact_id=contact.id, purposes=("rotation-ask",), letter_id=None),
        today,
    )
    return LetterChange(views.get_letter(SessionReader(session), letter.id), created, closed)


def set_status(
    session: Session, letter_id: int, status: str, *, on: date, today: date
) -> LetterChange:
    """Move a letter forward along the chain (or to declined) and plan what comes next."""
    wanted = status.strip().lower().replace("_", "-").replace(" ", "-")
    if wanted not in STATUSES or wanted == "asked":
        raise InvalidInput(
            f"Unknown letter status '{status}'. Use one of: {', '.join(STATUSES[1:])} "
            "('asked' is what 'letters ask' records)."
        )
    if on > today:
        raise InvalidInput(f"--date {on.isoformat()} is in the future; use today or earlier.")
    letter = session.get(Letter, letter_id)
    if letter is None or letter.id is None:
        raise InvalidInput(f"No letter has id {letter_id}. Run 'medcrm letters' to see them.")
    current = letter.status
    if current in schema.LETTER_FINAL:
        raise InvalidInput(f"Letter {letter_id} is already {current}; nothing more to record.")
    onward = [s for s in STATUSES[STATUSES.index(current) + 1 :] if s != "declined"]
    if current != "submitted":
        onward.append("declined")
    if wanted not in onward:
        raise InvalidInput(
            f"Letter {letter_id} is already {current}; it can move on to {' or '.join(onward)}."
        )
    steps = {
        "asked": letter.asked_on,
        "agreed": letter.agreed_on,
        "materials-sent": letter.materials_sent_on,
        "submitted": letter.submitted_on,
    }
    last_status, last_day = max(
        ((s, d) for s, d in steps.items() if d is not None), key=lambda sd: sd[1]
    )
    if on < last_day:
        raise InvalidInput(
            f"--date {on.isoformat()} is before the letter was {last_status} "
            f"({last_day.isoformat()}); steps go forward in time."
        )
    name = views.get_contact(SessionReader(session), letter.contact_id).name
    setattr(letter, f"{wanted.replace('-', '_')}_on", on)
    letter.status = wanted
    session.add(letter)
    session.flush()
    created: list[FollowUpRecord] = []
    closed: list[FollowUpRecord] = []

    def open_(*purposes: str) -> list[FollowUp]:
        assert letter is not None
        return _open(session, contact_id=letter.contact_id, purposes=purposes, letter_id=letter.id)

    if wanted == "agreed":
        created.append(
            _plan(
                session,
                letter,
                "letter-materials",
                f"Send {name} your CV and personal statement for the {letter.target} letter",
                on + SOON,
                today,
            )
        )
    elif wanted == "materials-sent":
        closed += _finish(session, open_("letter-materials"), on)
    elif wanted in ("submitted", "thanked"):
        closed += _retire(session, open_("letter-reminder"))
        closed += _finish(session, open_("letter-materials"), on)
        if wanted == "submitted":
            created.append(
                _plan(
                    session,
                    letter,
                    "letter-thanks",
                    f"Thank {name} for the {letter.target} letter",
                    on + SOON,
                    today,
                )
            )
        else:
            closed += _finish(session, open_("letter-thanks"), on)
    else:  # declined
        closed += _retire(session, open_("letter-reminder", "letter-materials"))
    return LetterChange(views.get_letter(SessionReader(session), letter.id), created, closed)
