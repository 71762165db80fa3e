"""Follow-ups and the morning view: follow-up, follow-ups, done, reopen, cancel, snooze, due."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import (
    AGENDA_ROWS,
    TABLE_ROWS,
    AllowPhi,
    Anyway,
    FollowUpId,
    FollowUpIds,
    Json,
    Kind,
    Limit,
    OneContact,
    Who,
    allow_phi_option,
    contact_option,
    now,
    open_db,
    paged,
    row_limit,
    today,
    when,
    when_option,
)
from medcrm.cli.newcomers import New
from medcrm.cli.output import note as note_line
from medcrm.cli.output import present, say, say_follow_up
from medcrm.pure.errors import InvalidInput, MedcrmError

if TYPE_CHECKING:
    from medcrm.storage.connection import Reader


@app.command("follow-up")
def follow_up(
    who: Who,
    title: Annotated[
        str, typer.Argument(metavar="TITLE", help="What to do, e.g. 'Send thank-you email'.")
    ],
    due: Annotated[
        str,
        when_option("--due", help="When: tomorrow, fri, 'in 2 weeks', Dec 5..."),
    ],
    every: Annotated[
        str | None,
        typer.Option(
            "--every",
            metavar="DURATION",
            help="Repeat: when one is done, the next is due this long after it was due.",
        ),
    ] = None,
    allow_phi: Annotated[
        bool, allow_phi_option("Save a title that looks like patient information.")
    ] = False,
    new: New = False,
    anyway: Anyway = False,
) -> None:
    """Plan something to do for a contact; prints its id.

    With --every it repeats: 'done' plans the next one from the date it was due (a monthly
    check-in stays on its day even when you are late). A name that matches nobody is added as
    a new contact with --new (in a terminal, medcrm asks).

    \b
    Example: medcrm follow-up ruiz "Ask about a letter of recommendation" --due "in 2 weeks"
    """
    from medcrm.cli.newcomers import add_newcomers, newcomers, quoted, say_added
    from medcrm.services.followups import add_follow_up
    from medcrm.services.resolve import resolve_contact

    def swapped(missing: str, reader: Reader) -> str | None:
        try:
            resolve_contact(reader, title)
        except MedcrmError:
            return None
        return (
            f"{missing!r} is no contact, but {title!r} is: the contact comes first. "
            f"medcrm follow-up {quoted(title, missing)} --due {quoted(due)}"
        )

    day = today()
    due_on = when(due, lean="future", day=day)
    db = open_db()
    names = newcomers(db, [who], new=new, swapped=swapped)
    with db.writer() as tx:
        [named], added = add_newcomers(tx, [who], names, today=day)
        created = add_follow_up(
            tx,
            who=named,
            title=title,
            due=due_on,
            today=day,
            every=every,
            allow_phi=allow_phi,
            anyway=anyway,
        )
        from medcrm.cli.log import nrmp_reminder

        nrmp = nrmp_reminder(tx, [created.contact_id], created.title)
    say_added(added)
    say_follow_up("Follow-up", created)
    if nrmp:
        note_line(nrmp)


@app.command("follow-ups")
@paged
def follow_ups(
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Include the ones already done.")
    ] = False,
    who: Annotated[
        str | None, contact_option("--contact", "-c", help="Only this contact's.")
    ] = None,
    limit: Limit = None,
    json_: Json = False,
) -> None:
    """List open follow-ups by due date (the first 50 unless --limit; --limit 0 for all).

    \b
    Example: medcrm follow-ups --contact ruiz --all
    Example: medcrm follow-ups --limit 0
    """
    from medcrm.services.resolve import resolve_contact
    from medcrm.storage.queries import count_follow_ups, list_follow_ups

    cap = row_limit(limit, json_, TABLE_ROWS)
    db = open_db()
    with db.read() as reader:
        ref = None if who is None else resolve_contact(reader, who)
        cid = None if ref is None else ref.id
        rows = list_follow_ups(reader, include_done=all_, contact_id=cid, limit=cap)
        total = len(rows)
        if cap is not None and total == cap:  # cut: how many there are, from a COUNT
            total = count_follow_ups(reader, include_done=all_, contact_id=cid)
    whose = None if ref is None else (ref.id, ref.name)
    present(
        json_,
        rows,
        "follow_up",
        "agenda.follow_ups_view",
        each=True,
        today=today(),
        all_=all_,
        whose=whose,
        total=total,
    )


# Follow-ups that are themselves a contact: done, they are worth logging (done --log).
_CONTACT_VERBS = ("send", "email", "e-mail", "thank", "call", "text", "message", "write",
                  "reach", "reply", "ask", "connect", "meet", "congratulate")  # fmt: skip


@app.command("done")
def done(
    ids: FollowUpIds,
    log: Annotated[
        bool,
        typer.Option("--log", help="Also log it as a contact today (a sent thank-you is one)."),
    ] = False,
    note: Annotated[
        str | None,
        typer.Option("--note", "-n", metavar="TEXT", help="The logged note (with --log)."),
    ] = None,
    kind: Kind = "message",
    allow_phi: AllowPhi = False,
) -> None:
    """Mark follow-ups done (all, or none if an id is wrong).

    With --log, each follow-up's contact also gets an interaction logged today (one per
    person, its note the follow-up's title unless --note), so the thank-you you sent counts
    as staying in touch.

    \b
    Example: medcrm done 12 14
    Example: medcrm done 12 --log --note "Thanked her for the research meeting"
    """
    if not log and (note is not None or kind != "message"):
        raise InvalidInput("--note and --kind go with --log: medcrm done ID --log --note TEXT.")
    db = open_db()
    with db.writer() as tx:
        if log:
            from medcrm.services.log import complete_and_log

            finished, logged = complete_and_log(
                tx, ids, today=today(), kind=kind, note=note, allow_phi=allow_phi
            )
        else:
            from medcrm.services.followups import complete

            finished, logged = complete(tx, ids, today=today()), []
    for item in finished:
        say_follow_up("Done", item.done)
        if item.next is not None:
            say_follow_up("Next", item.next)
    if logged:
        from medcrm.cli.log import logged_line

        for result in logged:
            say(*logged_line(result, today()))
    if not log and any(f.done.title.lower().startswith(_CONTACT_VERBS) for f in finished):
        ids_shown = " ".join(str(i) for i in dict.fromkeys(ids))
        note_line(
            f"Was it a contact (a thank-you sent, a call)? Next time 'medcrm done {ids_shown} "
            "--log' logs it too; for this one: medcrm log WHO --kind message."
        )


@app.command("reopen")
def reopen(follow_up_id: FollowUpId) -> None:
    """Undo 'done': open a follow-up again.

    \b
    Example: medcrm reopen 12
    """
    from medcrm.services.followups import reopen as reopen_follow_up

    db = open_db()
    with db.writer() as tx:
        f = reopen_follow_up(tx, follow_up_id)
    say_follow_up("Reopened", f)


@app.command("cancel")
def cancel(follow_up_id: FollowUpId) -> None:
    """Close a follow-up that is no longer needed (kept in the history as cancelled).

    \b
    Example: medcrm cancel 12
    """
    from medcrm.services.followups import cancel as cancel_follow_up

    db = open_db()
    with db.writer() as tx:
        f = cancel_follow_up(tx, follow_up_id, today=today())
    say_follow_up("Cancelled", f)


@app.command("snooze")
def snooze(
    ids: FollowUpIds,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="DURATION",
            help="Push it back by 3d, 1w, 1m... (from today if overdue).",
        ),
    ] = None,
    until: Annotated[
        str | None,
        when_option("--until", help="Move it to this date: mon, Dec 5..."),
    ] = None,
) -> None:
    """Move follow-ups later, by a duration or to a date (all of them, or none if an id is
    wrong).

    \b
    Example: medcrm snooze 12 --by 3d   (or: medcrm snooze 12 14 --until mon)
    """
    from medcrm.pure.dates import parse_duration
    from medcrm.services.followups import snooze as snooze_follow_up

    day = today()
    duration = None if by is None else parse_duration(by)
    target = None if until is None else when(until, lean="future", day=day)
    db = open_db()
    with db.writer() as tx:
        moved = [
            snooze_follow_up(tx, fid, today=day, by=duration, until=target)
            for fid in dict.fromkeys(ids)
        ]
    for f in moved:
        say_follow_up("Snoozed", f)


@app.command("due")
@paged
def due(
    who: OneContact = None,
    days: Annotated[
        int | None,
        typer.Option(
            "--days",
            "-n",
            metavar="N",
            help="How many days ahead 'Upcoming' looks (7; with WHO, everything open).",
            min=0,
            max=3660,
            show_default=False,
        ),
    ] = None,
    limit: Limit = None,
    json_: Json = False,
) -> None:
    """The morning view: overdue, today, upcoming, reconnect.

    Each table shows its most urgent rows (10 unless --limit) and says how many more there are.
    With WHO, one person's: every open follow-up and letter, and when to be in touch next.

    \b
    Example: medcrm due --days 14
    Example: medcrm due ruiz
    """
    from medcrm.services.resolve import contact_id
    from medcrm.storage.queries import due_agenda

    db = open_db()
    with db.read() as reader:
        cid = contact_id(reader, who)
        ahead = days if days is not None else (7 if cid is None else 3660)
        rows = row_limit(limit, json_, AGENDA_ROWS)
        agenda = due_agenda(reader, today=today(), days=ahead, limit=rows, contact_id=cid)
        agenda.now = now()
    present(json_, agenda, "agenda", "agenda.agenda_view")
