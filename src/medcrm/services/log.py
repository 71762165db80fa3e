"""Logging interactions and managing follow-ups (write use cases, one transaction each)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, delete, select

from medcrm import schema
from medcrm.dates import Duration, parse_duration
from medcrm.db import SessionReader
from medcrm.errors import InvalidInput, NotFound
from medcrm.models import FollowUp, Interaction, InteractionContact
from medcrm.records import FollowUpRecord, InteractionRecord, LogResult
from medcrm.services import phi, settings, text, views
from medcrm.services.contacts import refresh_contacts
from medcrm.services.resolve import resolve_contact, resolve_contacts
from medcrm.services.rotations import ensure_duties
from medcrm.services.views import resolve_rotation


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
    every: str | None = None,
    purpose: str | None = None,
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
        every=None if every is None else str(parse_duration(every)),
        scheduled=None if every is None else due,
        purpose=purpose,
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
    rotation: str | None = None,
    suggest: bool = True,
    allow_phi: bool = False,
) -> LogResult:
    """Record what happened with one or more contacts, and plan what comes next.

    ``follow_up`` goes to the first contact named, in the same transaction. Without one,
    office hours, shadowing, seminars, conferences and research suggest a follow-up with each
    contact, due within a configurable window (``suggest=False`` skips it). The interaction is
    attached to ``rotation``, or else to the rotation whose dates cover it; supervisors logged
    on a rotation get its "Before you go" duties.
    """
    phi.check({"The note": note, "The follow-up": follow_up}, allow=allow_phi)
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
    covering = views.rotations_on(reader, when)
    on_rotation = resolve_rotation(reader, rotation) if rotation is not None else None
    if rotation is None and covering:
        on_rotation = covering[0]  # the most recently started; the others are reported
    if on_rotation is not None and rotation is not None and not on_rotation.covers(when):
        raise InvalidInput(
            f"{on_rotation.name} runs {on_rotation.starts_on.isoformat()} to "
            f"{on_rotation.ends_on.isoformat()}; {when.isoformat()} is outside it."
        )
    interaction = Interaction(
        date=when,
        kind=text.kind(kind),
        note=text.note_text(note),
        rotation_id=None if on_rotation is None else on_rotation.id,
    )
    session.add(interaction)
    session.flush()
    assert interaction.id is not None
    for person in people:
        session.add(InteractionContact(interaction_id=interaction.id, contact_id=person.id))
    created = None
    suggested: list[FollowUpRecord] = []
    if follow_up is not None and follow_up_due is not None:
        created = _new_follow_up(
            session,
            contact_id=people[0].id,
            title=follow_up,
            due=follow_up_due,
            today=today,
            interaction_id=interaction.id,
        )
    elif (
        suggest and interaction.kind in schema.SUGGESTIONS and (today - when).days <= SUGGEST_WITHIN
    ):
        window = settings.get(reader, f"follow-up.{interaction.kind}")
        if window != settings.OFF:
            due = max(parse_duration(window).after(when), today)
            title = schema.SUGGESTIONS[interaction.kind][1]
            suggested = [
                _new_follow_up(
                    session,
                    contact_id=person.id,
                    title=title.format(name=person.name),
                    due=due,
                    today=today,
                    interaction_id=interaction.id,
                    purpose="suggested",
                )
                for person in people
            ]
    duties = (
        ensure_duties(session, on_rotation, [p.id for p in people], today=today)
        if on_rotation is not None and interaction.kind == schema.CLINICAL_KIND
        else []
    )
    refresh_contacts(session, [p.id for p in people])
    also = [r.name for r in covering if on_rotation is not None and r.id != on_rotation.id]
    return LogResult(
        views.get_interaction(reader, interaction.id), created, suggested, duties, also
    )


def unlog(session: Session, interaction_id: int) -> InteractionRecord:
    """Delete one logged interaction (a mistaken entry); the contacts stay.

    What medcrm planned because of it goes too, while still open: its suggested follow-ups,
    and the "Before you go" duties of anyone it was the only rotation shift with.
    """
    reader = SessionReader(session)
    record = views.get_interaction(reader, interaction_id)
    session.exec(
        delete(FollowUp).where(
            col(FollowUp.interaction_id) == interaction_id,
            col(FollowUp.purpose) == "suggested",
            col(FollowUp.done_on).is_(None),
        )
    )
    if record.rotation_id is not None and record.kind == schema.CLINICAL_KIND:
        for person in record.contacts:
            others = reader.rows(
                "SELECT COUNT(*) AS n FROM interaction i JOIN interaction_contact ic "
                "ON ic.interaction_id = i.id WHERE ic.contact_id = :cid AND "
                "i.rotation_id = :rid AND i.kind = :kind AND i.id <> :iid",
                {"cid": person.id, "rid": record.rotation_id, "kind": schema.CLINICAL_KIND,
                 "iid": interaction_id},
            )[0]  # fmt: skip
            if int(others["n"]) == 0:
                session.exec(
                    delete(FollowUp).where(
                        col(FollowUp.contact_id) == person.id,
                        col(FollowUp.rotation_id) == record.rotation_id,
                        col(FollowUp.done_on).is_(None),
                        col(FollowUp.purpose).in_(views.ROTATION_PURPOSES),
                    )
                )
    session.exec(delete(Interaction).where(col(Interaction.id) == interaction_id))
    refresh_contacts(session, [c.id for c in record.contacts])
    return record


def add_follow_up(
    session: Session,
    *,
    who: str,
    title: str,
    due: date,
    today: date,
    every: str | None = None,
    allow_phi: bool = False,
) -> FollowUpRecord:
    """Plan something to do; with ``every``, it repeats (the next one comes with ``done``)."""
    phi.check({"The follow-up": title}, allow=allow_phi)
    contact = resolve_contact(SessionReader(session), who)
    return _new_follow_up(
        session, contact_id=contact.id, title=title, due=due, today=today, every=every
    )


SUGGEST_WITHIN = 7  # days: older logs get no suggestion (that moment has passed)


def next_occurrence(due: date, every: str, *, after: date | None = None) -> date:
    """The next date of a repeating follow-up's series, which started on ``due``.

    The series keeps its days: it is counted from the scheduled date, never from the day the
    follow-up was done. With ``after`` (the day it was done), occurrences already past are
    skipped, so a late ``done`` never plans something overdue. iCalendar's RRULE semantics
    (python-dateutil): a monthly follow-up on the 31st comes back in the next month that has
    a 31st, as in a calendar app.
    """
    from datetime import datetime

    from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule

    step = parse_duration(every)
    start = datetime(due.year, due.month, due.day)
    if step.unit == "d":
        rule = rrule(DAILY, interval=step.count, dtstart=start)
    elif step.unit == "w":
        rule = rrule(WEEKLY, interval=step.count, dtstart=start)
    elif step.unit == "m":
        rule = rrule(MONTHLY, interval=step.count, dtstart=start)
    else:
        rule = rrule(YEARLY, interval=step.count, dtstart=start)
    limit = start if after is None or after < due else datetime(after.year, after.month, after.day)
    following = rule.after(limit)
    if following is None:  # pragma: no cover - rrule always has a next date here
        raise InvalidInput(f"'{every}' never comes round again after {due.isoformat()}.")
    return following.date()


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


@dataclass
class Completed:
    done: FollowUpRecord
    next: FollowUpRecord | None  # the next one of a repeating follow-up


def complete(session: Session, follow_up_ids: list[int], *, today: date) -> list[Completed]:
    """Mark follow-ups done today. All of them, or (if one is unknown or done) none.

    A repeating follow-up gets its next occurrence, counted from the date it was due.
    """
    done: list[Completed] = []
    for fid in dict.fromkeys(follow_up_ids):
        item = _get(session, fid)
        if item.done_on is not None:
            raise InvalidInput(
                f"Follow-up {fid} was already done on {item.done_on.isoformat()}; "
                "nothing was changed."
            )
        item.done_on = today
        record = _record(session, item)
        following = None
        if item.every:
            anchor = item.scheduled or item.due  # a snooze moved the due date, not the series
            when = next_occurrence(anchor, item.every, after=today)
            already = session.exec(
                select(FollowUp).where(
                    FollowUp.contact_id == item.contact_id,
                    FollowUp.title == item.title,
                    FollowUp.every == item.every,
                    FollowUp.scheduled == when,
                )
            ).first()  # done, reopened, done again: the next one exists already
            again = already or FollowUp(
                contact_id=item.contact_id,
                title=item.title,
                due=when,
                scheduled=when,
                created=today,
                every=item.every,
                purpose=item.purpose,
            )
            following = _record(session, again)
        done.append(Completed(record, following))
    return done


def reopen(session: Session, follow_up_id: int) -> FollowUpRecord:
    """Undo ``done`` or ``cancel``: the follow-up is open again with its old due date."""
    item = _get(session, follow_up_id)
    if item.done_on is None:
        raise InvalidInput(f"Follow-up {follow_up_id} is still open; nothing to reopen.")
    item.done_on = None
    item.cancelled = False
    return _record(session, item)


def cancel(session: Session, follow_up_id: int, *, today: date) -> FollowUpRecord:
    """Close a follow-up that is no longer needed.

    It stays in the history, marked cancelled, so that medcrm never plans it again (a
    cancelled "Before you go" thank-you does not come back after the next shift).
    """
    item = _get(session, follow_up_id)
    if item.done_on is not None:
        state = "cancelled" if item.cancelled else "done"
        raise InvalidInput(f"Follow-up {follow_up_id} is already {state}; nothing to cancel.")
    item.done_on = today
    item.cancelled = True
    return _record(session, item)


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
