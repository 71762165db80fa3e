"""Follow-ups and the morning view: follow-up, follow-ups, done, reopen, cancel, snooze, due."""

from __future__ import annotations

from typing import Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import (
    AGENDA_ROWS,
    ID_MAX,
    FollowUpId,
    Json,
    Limit,
    UpcomingDays,
    Who,
    complete_contact,
    open_db,
    row_limit,
    today,
    when,
)
from medcrm.cli.output import emit_json, say_follow_up, show


@app.command("follow-up")
def follow_up(
    who: Who,
    title: Annotated[
        str, typer.Argument(metavar="TITLE", help="What to do, e.g. 'Send thank-you email'.")
    ],
    due: Annotated[
        str,
        typer.Option("--due", metavar="WHEN", help="When: tomorrow, fri, 'in 2 weeks', Dec 5..."),
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
        bool,
        typer.Option("--allow-phi", help="Save a title that looks like patient information."),
    ] = False,
) -> None:
    """Plan something to do for a contact; prints its id.

    With --every it repeats: 'done' plans the next one from the date it was due (a monthly
    check-in stays on its day even when you are late).

    \b
    Example: medcrm follow-up ruiz "Ask about a letter of recommendation" --due "in 2 weeks"
    """
    from medcrm.services.followups import add_follow_up

    day = today()
    due_on = when(due, lean="future", day=day)
    db = open_db()
    with db.writer() as tx:
        created = add_follow_up(
            tx, who=who, title=title, due=due_on, today=day, every=every, allow_phi=allow_phi
        )
    say_follow_up("Follow-up", created)


@app.command("follow-ups")
def follow_ups(
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Include the ones already done.")
    ] = False,
    who: Annotated[
        str | None,
        typer.Option(
            "--contact",
            "-c",
            metavar="WHO",
            help="Only this contact's.",
            autocompletion=complete_contact,
        ),
    ] = None,
    json_: Json = False,
) -> None:
    """List open follow-ups by due date.

    \b
    Example: medcrm follow-ups --contact ruiz --all
    """
    from medcrm.services.resolve import resolve_contact
    from medcrm.storage.queries import list_follow_ups

    db = open_db()
    with db.read() as reader:
        cid = None if who is None else resolve_contact(reader, who).id
        rows = list_follow_ups(reader, include_done=all_, contact_id=cid)
    if json_:
        from medcrm.render import jsonout

        emit_json([jsonout.follow_up(f) for f in rows])
        return
    from medcrm.render.agenda import follow_ups_view

    show(follow_ups_view(rows, today=today(), all_=all_))


@app.command("done")
def done(
    ids: Annotated[
        list[int],
        typer.Argument(
            metavar="ID...",
            help="One or more follow-up ids.",
            show_default=False,
            min=1,
            max=ID_MAX,
        ),
    ],
) -> None:
    """Mark follow-ups done (all, or none if an id is wrong).

    \b
    Example: medcrm done 12 14
    """
    from medcrm.services.followups import complete

    db = open_db()
    with db.writer() as tx:
        finished = complete(tx, ids, today=today())
    for item in finished:
        say_follow_up("Done", item.done)
        if item.next is not None:
            say_follow_up("Next", item.next)


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
    follow_up_id: FollowUpId,
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
        typer.Option("--until", metavar="WHEN", help="Move it to this date: mon, Dec 5..."),
    ] = None,
) -> None:
    """Move a follow-up later, by a duration or to a date.

    \b
    Example: medcrm snooze 12 --by 3d   (or: medcrm snooze 12 --until mon)
    """
    from medcrm.pure.dates import parse_duration
    from medcrm.services.followups import snooze as snooze_follow_up

    day = today()
    duration = None if by is None else parse_duration(by)
    target = None if until is None else when(until, lean="future", day=day)
    db = open_db()
    with db.writer() as tx:
        f = snooze_follow_up(tx, follow_up_id, today=day, by=duration, until=target)
    say_follow_up("Snoozed", f)


@app.command("due")
def due(
    days: UpcomingDays = 7,
    limit: Limit = None,
    json_: Json = False,
) -> None:
    """The morning view: overdue, today, upcoming, reconnect.

    Each table shows its most urgent rows (10 unless --limit) and says how many more there are.

    \b
    Example: medcrm due --days 14
    """
    from medcrm.storage.queries import due_agenda

    db = open_db()
    with db.read() as reader:
        agenda = due_agenda(
            reader, today=today(), days=days, limit=row_limit(limit, json_, AGENDA_ROWS)
        )
    if json_:
        from medcrm.render import jsonout

        emit_json(jsonout.agenda(agenda))
        return
    from medcrm.render.agenda import agenda_view

    show(agenda_view(agenda))
