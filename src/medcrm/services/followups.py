"""Follow-ups: planning them (yours, and the ones medcrm plans for you), and moving them along:
done, reopen, cancel, snooze. Repeating ones plan their next occurrence when done.

Every function works on a :class:`~medcrm.storage.connection.Writer` inside the caller's
transaction: SQL text, the same on the stdlib ``sqlite3`` path of a file and on SQLAlchemy (a
server, or
inside an import's ORM session). This is the only module that adds a
row to ``follow_up``, apart from an import that restores rows with their ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from medcrm.pure import text
from medcrm.pure.dates import Duration, parse_duration
from medcrm.pure.errors import InvalidInput, NotFound
from medcrm.pure.records import ContactRef, EditedFollowUp, FollowUpRecord, edits
from medcrm.services import phi
from medcrm.services.resolve import resolve_contact
from medcrm.storage import queries as views
from medcrm.storage.connection import Reader, Row, Writer, first, update_sql


def plan(
    db: Writer,
    *,
    contact_id: int,
    title: str,
    due: date,
    today: date,
    purpose: str | None = None,
    interaction_id: int | None = None,
    rotation_id: int | None = None,
    letter_id: int | None = None,
    every: str | None = None,
    scheduled: date | None = None,
    phi_allowed: bool = False,
) -> FollowUpRecord:
    """Add one follow-up whose fields are already checked (or made by medcrm); return it."""
    new_id = db.insert(
        "follow_up",
        {
            "contact_id": contact_id,
            "title": title,
            "due": due,
            "done_on": None,
            "created": today,
            "interaction_id": interaction_id,
            "every": every,
            "scheduled": scheduled,
            "cancelled": False,
            "purpose": purpose,
            "rotation_id": rotation_id,
            "letter_id": letter_id,
            "phi_allowed": phi_allowed,
        },
    )
    return views.get_follow_up(db, new_id)


def plan_checked(
    db: Writer,
    *,
    contact_id: int,
    title: str,
    due: date,
    today: date,
    interaction_id: int | None = None,
    every: str | None = None,
    purpose: str | None = None,
    phi_allowed: bool = False,
) -> FollowUpRecord:
    """Add a follow-up from what the user typed: the title cleaned, ``every`` a duration (the
    series starts on ``due``). A due date in the past is kept: a promise made last week and
    written down today is already overdue, and says so."""
    clean = text.note_text(title, "The follow-up title")
    if clean is None:
        raise InvalidInput("A follow-up needs a title (e.g. 'Send thank-you email').")
    return plan(
        db,
        contact_id=contact_id,
        title=clean,
        due=due,
        today=today,
        interaction_id=interaction_id,
        every=None if every is None else str(parse_duration(every)),
        scheduled=None if every is None else due,
        purpose=purpose,
        phi_allowed=phi_allowed,
    )


def add_follow_up(
    db: Writer,
    *,
    who: str,
    title: str,
    due: date,
    today: date,
    every: str | None = None,
    allow_phi: bool = False,
    anyway: bool = False,
) -> FollowUpRecord:
    """Plan something to do; with ``every``, it repeats (the next one comes with ``done``).
    For one of the people of a program that asks applicants not to write after its interview,
    once you had it, it is refused unless ``anyway``."""
    marked = phi.check(db, {"The follow-up": title}, allow=allow_phi)
    contact = resolve_contact(db, who)
    if not anyway:
        refuse_if_silent(db, contact, today=today)
    return plan_checked(
        db, contact_id=contact.id, title=title, due=due, today=today, every=every,
        phi_allowed=marked,
    )  # fmt: skip


def refuse_if_silent(db: Reader, contact: ContactRef, *, today: date) -> None:
    """InvalidInput (nothing saved) when ``contact`` is one of the people of a program that
    asks applicants not to write after its interview, and you have had it."""
    from medcrm.storage.queries.programs import asks_for_silence

    silent = asks_for_silence(db, contact.id, today=today)
    if silent is not None:
        raise InvalidInput(
            f"#{silent.id} {silent.name} asks applicants not to write after the interview, and "
            f"{contact.name} is one of its people; nothing was saved. Add --anyway to plan it "
            "all the same."
        )


def next_occurrence(due: date, every: str, *, after: date | None = None) -> date:
    """The next date of a repeating follow-up's series, which started on ``due``.

    The series keeps its days: it is counted from the scheduled date, never from the day the
    follow-up was done. With ``after`` (the day it was done), occurrences already past are
    skipped, so a late ``done`` never plans something overdue. iCalendar's RRULE semantics
    (python-dateutil): a monthly follow-up on the 31st comes back in the next month that has
    a 31st, as in a calendar app.
    """
    from datetime import datetime

    from dateutil import rrule

    step = parse_duration(every)
    start = datetime(due.year, due.month, due.day)
    rule = rrule.rrule(getattr(rrule, step.frequency), interval=step.count, dtstart=start)
    limit = start if after is None or after < due else datetime(after.year, after.month, after.day)
    following = rule.after(limit)
    if following is None:  # pragma: no cover - rrule always has a next date here
        raise InvalidInput(f"'{every}' never comes round again after {due.isoformat()}.")
    return following.date()


def _row(db: Reader, follow_up_id: int) -> Row:
    found = first(
        db,
        "SELECT id, contact_id, title, due, done_on, every, scheduled, cancelled, purpose "
        "FROM follow_up WHERE id = :id",
        {"id": follow_up_id},
    )
    if found is None:
        raise NotFound(
            f"No follow-up has id {follow_up_id}. Run 'medcrm follow-ups' to see the open ones."
        )
    return found


def set_fields(db: Writer, follow_up_id: int, **values: object) -> FollowUpRecord:
    """Change fixed columns of one follow-up (the names are medcrm's, never input); return it."""
    db.run(update_sql("follow_up", list(values)), {**values, "id": follow_up_id})
    return views.get_follow_up(db, follow_up_id)


@dataclass
class Completed:
    done: FollowUpRecord
    next: FollowUpRecord | None  # the next one of a repeating follow-up


def complete(db: Writer, follow_up_ids: list[int], *, today: date) -> list[Completed]:
    """Mark follow-ups done today. All of them, or (if one is unknown or done) none.

    A repeating follow-up gets its next occurrence, counted from the date it was due.
    """
    done: list[Completed] = []
    for fid in dict.fromkeys(follow_up_ids):
        item = _row(db, fid)
        if item["done_on"] is not None:
            on = views.to_date(item["done_on"]).isoformat()
            raise InvalidInput(f"Follow-up {fid} was already done on {on}; nothing was changed.")
        record = set_fields(db, fid, done_on=today)
        following = None
        if item["every"]:
            every = str(item["every"])
            # A snooze moved the due date, not the series.
            anchor = views.to_date(item["scheduled"] or item["due"])
            when = next_occurrence(anchor, every, after=today)
            already = first(  # done, reopened, done again: the next one exists already
                db,
                "SELECT id FROM follow_up WHERE contact_id = :cid AND title = :title "
                "AND every = :every AND scheduled = :when",
                {"cid": item["contact_id"], "title": item["title"], "every": every,
                 "when": when},
            )  # fmt: skip
            following = (
                views.get_follow_up(db, int(already["id"]))
                if already is not None
                else plan(
                    db,
                    contact_id=int(item["contact_id"]),
                    title=str(item["title"]),
                    due=when,
                    today=today,
                    every=every,
                    scheduled=when,
                    purpose=item["purpose"],
                )
            )
        done.append(Completed(record, following))
    return done


def reopen(db: Writer, follow_up_id: int) -> FollowUpRecord:
    """Undo ``done`` or ``cancel``: the follow-up is open again with its old due date."""
    if _row(db, follow_up_id)["done_on"] is None:
        raise InvalidInput(f"Follow-up {follow_up_id} is still open; nothing to reopen.")
    return set_fields(db, follow_up_id, done_on=None, cancelled=False)


def cancel(db: Writer, follow_up_id: int, *, today: date) -> FollowUpRecord:
    """Close a follow-up that is no longer needed.

    It stays in the history, marked cancelled, so that medcrm never plans it again (a
    cancelled "Before you go" thank-you does not come back after the next shift).
    """
    item = _row(db, follow_up_id)
    if item["done_on"] is not None:
        state = "cancelled" if item["cancelled"] else "done"
        raise InvalidInput(f"Follow-up {follow_up_id} is already {state}; nothing to cancel.")
    return set_fields(db, follow_up_id, done_on=today, cancelled=True)


def snooze(
    db: Writer,
    follow_up_id: int,
    *,
    today: date,
    by: Duration | None = None,
    until: date | None = None,
) -> FollowUpRecord:
    """Move a follow-up: ``by`` counts from its due date or today, whichever is later."""
    if (by is None) == (until is None):
        raise InvalidInput("Say how long to snooze: --by 3d or --until fri (one of the two).")
    item = _row(db, follow_up_id)
    if item["done_on"] is not None:
        raise InvalidInput(
            f"Follow-up {follow_up_id} is done; "
            f"reopen it first with 'medcrm reopen {follow_up_id}'."
        )
    if by is not None:
        return set_fields(db, follow_up_id, due=by.after(max(views.to_date(item["due"]), today)))
    assert until is not None
    if until <= today:
        raise InvalidInput(
            f"--until {until.isoformat()} is not after today, and snoozing moves a follow-up "
            "later: give tomorrow or a later date, or --by 3d (counted from today when it is "
            "overdue)."
        )
    return set_fields(db, follow_up_id, due=until)


def edit_follow_up(
    db: Writer,
    follow_up_id: int,
    *,
    today: date,
    title: str | None = None,
    due: date | None = None,
    every: str | None = None,
    once: bool = False,
    who: str | None = None,
    allow_phi: bool = False,
    anyway: bool = False,
) -> EditedFollowUp:
    """Change a follow-up's title, due date, repetition or contact, with the checks of
    ``follow-up``. A new due date or repetition starts the series again from its due date."""
    before = views.get_follow_up(db, follow_up_id)
    if every is not None and once:
        raise InvalidInput("Give --every or --once, not both.")
    marked = phi.check(db, {"The follow-up": title}, allow=allow_phi)
    fields: dict[str, object] = {}
    if title is not None:
        clean = text.note_text(title, "The follow-up title")
        if clean is None:
            raise InvalidInput("A follow-up needs a title (e.g. 'Send thank-you email').")
        fields["title"] = clean
    if due is not None:
        fields["due"] = due
    if every is not None:
        fields["every"] = str(parse_duration(every))
    if once:
        fields["every"] = None
    if "every" in fields or ("due" in fields and before.every is not None):
        repeats = fields.get("every", before.every) is not None
        fields["scheduled"] = fields.get("due", before.due) if repeats else None
    if who is not None:
        moved_to = resolve_contact(db, who)
        if not anyway and moved_to.id != before.contact_id:
            refuse_if_silent(db, moved_to, today=today)
        fields["contact_id"] = moved_to.id
    if not fields:
        raise InvalidInput("Nothing to change: give --title, --due, --every, --once or --contact.")
    if marked:
        fields["phi_allowed"] = True
    after = set_fields(db, follow_up_id, **fields)
    fields_shown = ("title", "due", "every", "contact")
    return EditedFollowUp(
        after, edits((f, getattr(before, f), getattr(after, f)) for f in fields_shown)
    )
