"""programs deadline, deadlines, deadline-done, deadline-remove: the season's dates."""

from __future__ import annotations

from typing import Annotated

import typer

from medcrm.cli.common import AllowPhi, Json, open_db, read, today, when
from medcrm.cli.output import emit_json, say, show
from medcrm.cli.programs import programs_app

DeadlineId = Annotated[
    str, typer.Argument(metavar="ID", help="The deadline's id, as shown: D3 (or 3).")
]


def _number(raw: str) -> int:
    """ "D3", "d3", "#3" or "3" as 3; anything else is refused with an example."""
    import re

    from medcrm.pure.errors import InvalidInput

    found = re.fullmatch(r"[#Dd]?([0-9]{1,12})", raw.strip())
    if found is None:
        raise InvalidInput(f"'{raw}' is not a deadline id; give one as shown, e.g. D3.")
    return int(found[1])


@programs_app.command("deadline")
def deadline(
    title: Annotated[str, typer.Argument(metavar="TITLE", help="What is due: 'ERAS submit'.")],
    due: Annotated[str, typer.Argument(metavar="WHEN", help="The day: 'Sep 25', 2027-02-26.")],
    program: Annotated[
        str | None,
        typer.Option("--program", "-p", metavar="ID", help="The program it is for, if one."),
    ] = None,
    allow_phi: AllowPhi = False,
) -> None:
    """A date of the application season; due, agenda and the calendar export show it until
    you mark it done (programs deadline-done).

    \b
    Example: medcrm programs deadline "ERAS submit" "Sep 25"
    """
    from medcrm.services.deadlines import add_deadline

    day = today()
    on = when(due, lean="future", day=day)
    db = open_db()
    with db.writer() as tx:
        d = add_deadline(tx, title, on, today=day, program=program, allow_phi=allow_phi)
    whose = "" if d.program is None else f" ({d.program})"
    say("Deadline ", (f"D{d.id}", "bold"), f" {d.title}{whose}: due {d.due:%a %d %b %Y}.")


@programs_app.command("deadlines")
def deadlines(
    all_: Annotated[bool, typer.Option("--all", help="Done ones too.")] = False,
    json_: Json = False,
) -> None:
    """The season's deadlines, the soonest first (open ones; --all for every one).

    \b
    Example: medcrm programs deadlines
    """
    from medcrm.storage.queries.deadlines import list_deadlines

    rows = read(list_deadlines, open_only=not all_)
    if json_:
        from medcrm.render.jsonout import deadline as as_json

        emit_json([as_json(d) for d in rows])
        return
    if not rows:
        say('No deadlines. Add one with: medcrm programs deadline "ERAS submit" "Sep 25"')
        return
    from medcrm.render.invitations import deadlines_table

    show(deadlines_table(rows, today=today()))


@programs_app.command("deadline-done")
def deadline_done(which: DeadlineId) -> None:
    """Mark a deadline met: it leaves due, agenda and the calendar export.

    \b
    Example: medcrm programs deadline-done D3
    """
    from medcrm.services.deadlines import finish_deadline

    db = open_db()
    with db.writer() as tx:
        d = finish_deadline(tx, _number(which), today=today())
    say("Done: ", (f"D{d.id}", "bold"), f" {d.title}.")


@programs_app.command("deadline-remove")
def deadline_remove(which: DeadlineId) -> None:
    """Delete a deadline made by mistake (undo brings it back).

    \b
    Example: medcrm programs deadline-remove D3
    """
    from medcrm.services.deadlines import remove_deadline

    db = open_db()
    with db.writer() as tx:
        d = remove_deadline(tx, _number(which))
    say("Removed deadline ", (f"D{d.id}", "bold"), f" {d.title}; medcrm undo brings it back.")
