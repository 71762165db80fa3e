"""The log: log, history, unlog."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import (
    ID_MAX,
    AllowPhi,
    Anyway,
    InteractionId,
    Json,
    Kind,
    contact_argument,
    kind_option,
    note_option,
    open_db,
    paged,
    read,
    rotation_option,
    today,
    when,
    when_option,
)
from medcrm.cli.newcomers import New
from medcrm.cli.output import Part, emit_json, say, show
from medcrm.cli.output import note as aside  # 'note' is log's option

if TYPE_CHECKING:
    from datetime import date

    from medcrm.pure.records import LogResult
    from medcrm.storage.connection import Reader


def _read_note(value: str | None) -> str | None:
    """``--note -`` reads the note from standard input (for long notes or a heredoc)."""
    if value == "-":
        return sys.stdin.read()
    return value


@app.command("log")
def log(
    who: Annotated[
        list[str],
        contact_argument("WHO...", "One or more contacts (id or name) who were part of it."),
    ],
    kind: Kind = "meeting",
    date_: Annotated[
        str,
        when_option(
            "--date",
            "-d",
            help="When it happened: today, yesterday, fri, '3 days ago', 2026-11-20...",
        ),
    ] = "today",
    note: Annotated[
        str | None,
        note_option("What happened ('-' reads standard input)."),
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
        when_option("--due", help="When the follow-up is due: tomorrow, fri, 'in 2 weeks'..."),
    ] = None,
    rotation: Annotated[
        str | None,
        rotation_option("Attach it to this rotation (default: the rotation its date falls in)."),
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
    new: New = False,
    anyway: Anyway = False,
) -> None:
    """Log what happened (a shift, seminar, office hours).

    Office hours, shadowing, seminars, conferences and research suggest a follow-up with each
    contact (a thank-you, or connecting), unless --follow-up or --no-follow-up is given. A
    log during a rotation is attached to it; attendings, residents and fellows logged on a
    rotation get "Before you go" follow-ups for its end. A name that matches nobody is added
    as a new contact with --new (in a terminal, medcrm asks).

    \b
    Example: medcrm log ruiz okafor -k rotation -d yesterday -f "Send thank-you" --due tue
    """
    from medcrm.cli.newcomers import add_newcomers, newcomers, say_added
    from medcrm.services.log import log_interaction

    day = today()
    on = when(date_, lean="past", day=day)
    due_on = None if due is None else when(due, lean="future", day=day)
    db = open_db()
    names = newcomers(
        db, who, new=new, swapped=lambda w, r: _swapped_log(w, [o for o in who if o != w])
    )
    with db.writer() as tx:
        named, added = add_newcomers(tx, who, names, today=day)
        result = log_interaction(
            tx,
            who=named,
            today=day,
            on=on,
            kind=kind,
            note=_read_note(note),
            follow_up=follow_up,
            follow_up_due=due_on,
            rotation=rotation,
            suggest=not no_follow_up,
            allow_phi=allow_phi,
            anyway=anyway,
        )
        ids = [c.id for c in result.interaction.contacts]
        nrmp = nrmp_reminder(tx, ids, result.interaction.note, follow_up)
    say_added(added)
    say(*logged_line(result, day))
    if nrmp:
        aside(nrmp)
    if result.also_covering:
        aside(
            f"{result.interaction.rotation} was chosen; {', '.join(result.also_covering)} "
            "also covers that day (--rotation picks one)."
        )
    if result.suggested:
        aside(
            "Suggested follow-ups are ordinary ones: 'medcrm due' shows them, 'medcrm done "
            "ID' when sent, 'medcrm cancel ID' if not needed; --no-follow-up skips them."
        )


def nrmp_reminder(reader: Reader, contact_ids: list[int], *texts: str | None) -> str | None:
    """The NRMP reminder, when the text asks a program's people where one stands (the
    database is read only when the words are there)."""
    from medcrm.pure.text import NRMP_REMINDER, asks_for_commitment

    if not any(asks_for_commitment(t) for t in texts):
        return None
    from medcrm.services.programs import solicits_commitment

    return NRMP_REMINDER if solicits_commitment(reader, contact_ids, *texts) else None


def logged_line(result: LogResult, day: date) -> list[Part]:
    """ "Logged #57 with Dr. Ana Ruiz (office-hours, today); suggested #58 due Fri." """
    from medcrm.render.words import short_day

    i = result.interaction
    said = ", ".join([i.kind, short_day(i.date, day), *([i.rotation] if i.rotation else [])])
    parts: list[Part] = [
        "Logged ", (f"#{i.id}", "bold"), " with ",
        (", ".join(c.name for c in i.contacts), "bold"), f" ({said})",
    ]  # fmt: skip
    for label, items in (
        ("follow-up", [] if result.follow_up is None else [result.follow_up]),
        ("suggested", result.suggested),
        ("before you go", result.before_you_go),
    ):
        if items:
            dues = sorted({f.due for f in items})
            when = short_day(dues[0], day) + ("" if len(dues) == 1 else "…")
            late = " (already overdue)" if dues[0] < day else ""
            parts += [f"; {label} ", (", ".join(f"#{f.id}" for f in items), "bold"),
                      f" due {when}{late}"]  # fmt: skip
    parts.append(".")
    return parts


def _swapped_log(missing: str, others: list[str]) -> str | None:
    """A kind or a date given where a contact goes: the option it belongs to."""
    from medcrm.cli.newcomers import quoted
    from medcrm.pure import vocabulary
    from medcrm.pure.errors import MedcrmError

    whos = quoted(*others) if others else "WHO"
    kind = "-".join(missing.lower().split())  # "office hours" is office-hours
    if kind in vocabulary.KINDS:
        return (
            f"{missing!r} is a kind of interaction, not a contact: give it with --kind, "
            f"e.g. medcrm log {whos} --kind {kind}"
        )
    if any(ch.isdigit() for ch in missing) or missing.strip().lower() in ("today", "yesterday"):
        try:
            when(missing, lean="past", day=today())
        except MedcrmError:
            return None
        return (
            f"{missing!r} is a date, not a contact: give it with --date, "
            f"e.g. medcrm log {whos} --date {quoted(missing)}"
        )
    return None


@app.command("history")
@paged
def history(
    who: Annotated[
        str | None, contact_argument("[WHO]", "Only interactions with this contact.")
    ] = None,
    kind: Annotated[str | None, kind_option("Only this kind.")] = None,
    since: Annotated[str | None, when_option("--since", help="Only from this date on.")] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-l", metavar="N", help="At most this many, newest first.", min=1, max=ID_MAX
        ),
    ] = 20,
    search: Annotated[
        str | None,
        typer.Option(
            "--search", "-S", metavar="TEXT", help="Only notes with these words (any order)."
        ),
    ] = None,
    json_: Json = False,
) -> None:
    """List logged interactions, newest first.

    \b
    Example: medcrm history --kind office-hours --since "3 months ago"
    Example: medcrm history ruiz --search "research abstract"
    """
    from medcrm.render.words import day_label
    from medcrm.services.resolve import contact_id
    from medcrm.storage.queries import history as list_history

    day = today()
    start = None if since is None else when(since, lean="past", day=day)
    rows = read(
        lambda r: list_history(
            r, contact_id=contact_id(r, who), kind=kind, since=start, limit=limit, search=search
        )
    )
    if json_:
        from medcrm.render import jsonout

        emit_json([jsonout.interaction(i) for i in rows])
        return
    from medcrm.render.contacts import history_table

    since_text = "" if start is None else f" since {day_label(start)}"
    title = f"Interactions{since_text} ({len(rows)}, newest first)"
    filters = [
        f"with {who}" if who else "",
        f"of kind {kind}" if kind else "",
        since_text.strip(),
        f"mentioning {search!r}" if search else "",
    ]
    empty = (
        f"Nothing logged {' '.join(f for f in filters if f)}. medcrm history shows everything."
        if any(filters)
        else None
    )
    show(history_table(rows, today=day, title=title, empty=empty))


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
