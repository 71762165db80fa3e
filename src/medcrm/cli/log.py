"""The log: log, history, unlog."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import (
    ID_MAX,
    AllowPhi,
    InteractionId,
    Json,
    complete_contact,
    complete_kind,
    open_db,
    today,
    when,
)
from medcrm.cli.output import emit_json, say, say_follow_up, show
from medcrm.cli.output import note as aside  # 'note' is log's option


def _read_note(value: str | None) -> str | None:
    """``--note -`` reads the note from standard input (for long notes or a heredoc)."""
    if value == "-":
        return sys.stdin.read()
    return value


@app.command("log")
def log(
    who: Annotated[
        list[str],
        typer.Argument(
            metavar="WHO...",
            help="One or more contacts (id or name) who were part of it.",
            autocompletion=complete_contact,
            show_default=False,
        ),
    ],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="meeting, office-hours, rotation, shadowing, research, seminar, conference, "
            "study-group, email, call, message, social or other.",
            autocompletion=complete_kind,
        ),
    ] = "meeting",
    date_: Annotated[
        str,
        typer.Option(
            "--date",
            "-d",
            metavar="WHEN",
            help="When it happened: today, yesterday, fri, '3 days ago', 2026-11-20...",
        ),
    ] = "today",
    note: Annotated[
        str | None,
        typer.Option(
            "--note", "-n", metavar="TEXT", help="What happened ('-' reads standard input)."
        ),
    ] = None,
    follow_up: Annotated[
        str | None,
        typer.Option(
            "--follow-up",
            "-f",
            metavar="TITLE",
            help="Also plan a follow-up with the first contact.",
        ),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(
            "--due",
            metavar="WHEN",
            help="When the follow-up is due: tomorrow, fri, 'in 2 weeks'...",
        ),
    ] = None,
    rotation: Annotated[
        str | None,
        typer.Option(
            "--rotation",
            "-r",
            metavar="ROTATION",
            help="Attach it to this rotation (default: the rotation its date falls in).",
        ),
    ] = None,
    no_follow_up: Annotated[
        bool,
        typer.Option(
            "--no-follow-up",
            help="Don't suggest a thank-you (office hours, shadowing, seminars, conferences, "
            "research suggest one).",
        ),
    ] = False,
    allow_phi: AllowPhi = False,
) -> None:
    """Log what happened (a shift, seminar, office hours).

    Office hours, shadowing, seminars, conferences and research suggest a follow-up with each
    contact (a thank-you, or connecting), unless --follow-up or --no-follow-up is given. A
    log during a rotation is attached to it; attendings, residents and fellows logged on a
    rotation get "Before you go" follow-ups for its end.

    \b
    Example: medcrm log ruiz okafor -k rotation -d yesterday -f "Send thank-you" --due tue
    """
    from medcrm.render.words import day_label
    from medcrm.services.log import log_interaction

    day = today()
    on = when(date_, lean="past", day=day)
    due_on = None if due is None else when(due, lean="future", day=day)
    db = open_db()
    with db.writer() as tx:
        result = log_interaction(
            tx,
            who=who,
            today=day,
            on=on,
            kind=kind,
            note=_read_note(note),
            follow_up=follow_up,
            follow_up_due=due_on,
            rotation=rotation,
            suggest=not no_follow_up,
            allow_phi=allow_phi,
        )
    i = result.interaction
    names = ", ".join(c.name for c in i.contacts)
    say(
        "Logged ",
        (f"#{i.id}", "bold"),
        f" {i.kind} on {day_label(i.date)} with ",
        (names, "bold"),
        "" if i.rotation is None else " (",
        "" if i.rotation is None else (i.rotation, "bold"),
        "" if i.rotation is None else ")",
        ".",
    )
    for verb, items in (
        ("Follow-up", [] if result.follow_up is None else [result.follow_up]),
        ("Suggested", result.suggested),
        ("Before you go", result.before_you_go),
    ):
        for f in items:
            say_follow_up(verb, f)
    if result.also_covering:
        aside(
            f"{i.rotation} was chosen; {', '.join(result.also_covering)} also covers that day "
            "(--rotation picks one)."
        )
    if result.suggested:
        aside(
            "Suggested follow-ups are ordinary ones: 'medcrm done ID' when sent, "
            "'medcrm cancel ID' if not needed; --no-follow-up skips them."
        )


@app.command("history")
def history(
    who: Annotated[
        str | None,
        typer.Argument(
            metavar="[WHO]",
            help="Only interactions with this contact.",
            autocompletion=complete_contact,
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", "-k", metavar="KIND", help="Only this kind.", autocompletion=complete_kind
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="WHEN", help="Only from this date on.")
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-l", metavar="N", help="At most this many, newest first.", min=1, max=ID_MAX
        ),
    ] = 20,
    json_: Json = False,
) -> None:
    """List logged interactions, newest first.

    \b
    Example: medcrm history --kind office-hours --since "3 months ago"
    """
    from medcrm.render.words import day_label
    from medcrm.services.resolve import resolve_contact
    from medcrm.storage.queries import history as list_history

    day = today()
    start = None if since is None else when(since, lean="past", day=day)
    db = open_db()
    with db.read() as reader:
        cid = None if who is None else resolve_contact(reader, who).id
        rows = list_history(reader, contact_id=cid, kind=kind, since=start, limit=limit)
    if json_:
        from medcrm.render import jsonout

        emit_json([jsonout.interaction(i) for i in rows])
        return
    from medcrm.render.contacts import history_table

    since_text = "" if start is None else f" since {day_label(start)}"
    title = f"Interactions{since_text} ({len(rows)}, newest first)"
    show(history_table(rows, today=day, title=title))


@app.command("unlog")
def unlog(
    interaction_id: InteractionId,
) -> None:
    """Delete a mistaken log entry (the contacts stay).

    \b
    Example: medcrm unlog 42
    """
    from medcrm.render.words import day_label
    from medcrm.services.log import unlog as delete

    db = open_db()
    with db.writer() as tx:
        record = delete(tx, interaction_id)
    names = ", ".join(c.name for c in record.contacts)
    say(
        "Deleted interaction ",
        (f"#{record.id}", "bold"),
        f" ({record.kind} on {day_label(record.date)} with ",
        names,
        "). Undo with: medcrm undo",
    )
