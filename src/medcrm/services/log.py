"""Logging interactions and managing follow-ups (write use cases, one transaction each)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, delete

from medcrm.dates import Duration
from medcrm.db import SessionReader
from medcrm.errors import InvalidInput, NotFound
from medcrm.models import FollowUp, Interaction, InteractionContact
from medcrm.records import FollowUpRecord, InteractionRecord, LogResult
from medcrm.services import text, views
from medcrm.services.contacts import refresh_contacts
from medcrm.services.resolve import resolve_contact, resolve_contacts


def _check_due(due: date, today: date, what: str = "The due date") -> None:
    if due < today:
        raise InvalidInput(
            f"{what} {due.isoformat()} is in the past; use today or later (e.g. --due fri)."
        )


def _new_follow_up(
    session: Session,
    *,
    contact_id: int,
    title: str,
    due: date,
    today: date,
    interaction_id: int | None = None,
) -> FollowUpRecord:
    clean = text.note_text(title, "The follow-up title")
    if clean is None:
        raise InvalidInput("A follow-up needs a title (e.g. 'Send thank-you email').")
    _check_due(due, today)
    item = FollowUp(
        contact_id=contact_id,
        title=clean,
        due=due,
        created=today,
        interaction_id=interaction_id,
    )
    session.add(item)
    session.flush()
    assert item.id is not None
    return views.get_follow_up(SessionReader(session), item.id)


def log_interaction(
    session: Session,
    *,
    who: list[str],
    today: date,
    on: date | None = None,
    kind: str = "meeting",
    note: str | None = None,
    follow_up: str | None = None,
    follow_up_due: date | None = None,
) -> LogResult:
    """Record what happened with one or more contacts, and optionally what to do next.

    ``follow_up`` goes to the first contact named, in the same transaction.
    """
    when = today if on is None else on
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
    reader = SessionReader(session)
    people = resolve_contacts(reader, who)
    interaction = Interaction(date=when, kind=text.kind(kind), note=text.note_text(note))
    session.add(interaction)
    session.flush()
    assert interaction.id is not None
    for person in people:
        session.add(InteractionContact(interaction_id=interaction.id, contact_id=person.id))
    created = None
    if follow_up is not None and follow_up_due is not None:
        created = _new_follow_up(
            session,
            contact_id=people[0].id,
            title=follow_up,
            due=follow_up_due,
            today=today,
            interaction_id=interaction.id,
        )
    refresh_contacts(session, [p.id for p in people])
    return LogResult(views.get_interaction(reader, interaction.id), created)


def unlog(session: Session, interaction_id: int) -> InteractionRecord:
    """Delete one logged interaction (a mistaken entry); the contacts stay."""
    record = views.get_interaction(SessionReader(session), interaction_id)
    session.exec(delete(Interaction).where(col(Interaction.id) == interaction_id))
    refresh_contacts(session, [c.id for c in record.contacts])
    return record


def add_follow_up(
    session: Session, *, who: str, title: str, due: date, today: date
) -> FollowUpRecord:
    contact = resolve_contact(SessionReader(session), who)
    return _new_follow_up(session, contact_id=contact.id, title=title, due=due, today=today)


def _get(session: Session, follow_up_id: int) -> FollowUp:
    item = session.get(FollowUp, follow_up_id)
    if item is None:
        raise NotFound(
            f"No follow-up has id {follow_up_id}. Run 'medcrm follow-ups' to see the open ones."
        )
    return item


def _record(session: Session, item: FollowUp) -> FollowUpRecord:
    session.add(item)
    session.flush()
    assert item.id is not None
    return views.get_follow_up(SessionReader(session), item.id)


def complete(session: Session, follow_up_ids: list[int], *, today: date) -> list[FollowUpRecord]:
    """Mark follow-ups done today. All of them, or (if one is unknown or done) none."""
    done: list[FollowUpRecord] = []
    for fid in dict.fromkeys(follow_up_ids):
        item = _get(session, fid)
        if item.done_on is not None:
            raise InvalidInput(
                f"Follow-up {fid} was already done on {item.done_on.isoformat()}; "
                "nothing was changed."
            )
        item.done_on = today
        done.append(_record(session, item))
    return done


def reopen(session: Session, follow_up_id: int) -> FollowUpRecord:
    """Undo ``done``: the follow-up is open again with its old due date."""
    item = _get(session, follow_up_id)
    if item.done_on is None:
        raise InvalidInput(f"Follow-up {follow_up_id} is not done; nothing to reopen.")
    item.done_on = None
    return _record(session, item)


def cancel(session: Session, follow_up_id: int) -> FollowUpRecord:
    """Delete a follow-up that is no longer needed."""
    item = _get(session, follow_up_id)
    record = _record(session, item)
    session.delete(item)
    return record


def snooze(
    session: Session,
    follow_up_id: int,
    *,
    today: date,
    by: Duration | None = None,
    until: date | None = None,
) -> FollowUpRecord:
    """Move a follow-up: ``by`` counts from its due date or today, whichever is later."""
    if (by is None) == (until is None):
        raise InvalidInput("Say how long to snooze: --by 3d or --until fri (one of the two).")
    item = _get(session, follow_up_id)
    if item.done_on is not None:
        raise InvalidInput(
            f"Follow-up {follow_up_id} is done; "
            f"reopen it first with 'medcrm reopen {follow_up_id}'."
        )
    if by is not None:
        item.due = by.after(max(item.due, today))
    else:
        assert until is not None
        if until <= today:
            raise InvalidInput(
                f"--until {until.isoformat()} is not in the future; snooze to tomorrow or later."
            )
        item.due = until
    return _record(session, item)
