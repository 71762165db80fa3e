"""rotations: list, add, show, remove."""

from __future__ import annotations

from typing import Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import Json, open_db, read, today, when_option
from medcrm.cli.output import note, present, say, say_follow_up

rotations_app = typer.Typer(
    help=(
        "Clinical rotations and the people met on them.\n\nA rotation has dates; what you "
        "log in them is attached to it, and the morning view reminds you what to do before "
        "you go.\n\nWithout a subcommand, lists them (the current one marked).\n\n\b\n"
        "Example: medcrm rotations"
    ),
    invoke_without_command=True,
)
app.add_typer(rotations_app, name="rotations")

Rotation = Annotated[
    str,
    typer.Argument(metavar="ROTATION", help="Rotation id or name (a unique part is enough)."),
]


@rotations_app.callback()
def rotations(ctx: typer.Context, json_: Json = False) -> None:
    """Clinical rotations: list them, or add, show and remove one."""
    if ctx.invoked_subcommand is not None:
        return
    from medcrm.storage.queries import list_rotations

    present(
        json_,
        read(list_rotations),
        "rotation",
        "rotations.rotations_table",
        each=True,
        today=today(),
    )


@rotations_app.command("add")
def add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="e.g. 'IM clerkship'.")],
    start: Annotated[str, when_option("--start", help="First day.")],
    end: Annotated[str, when_option("--end", help="Last day.")],
    service: Annotated[
        str | None, typer.Option("--service", metavar="TEXT", help="e.g. 'Internal Medicine'.")
    ] = None,
    site: Annotated[
        str | None, typer.Option("--site", metavar="TEXT", help="Hospital or clinic.")
    ] = None,
) -> None:
    """Add a rotation; what you already logged in its dates is attached to it.

    \b
    Example: medcrm rotations add "IM clerkship" --start 2026-11-02 --end 2026-12-11
    """
    from medcrm.pure.dates import parse_span
    from medcrm.render.words import day_label
    from medcrm.services.rotations import add_rotation

    day = today()
    days = parse_span(start, end, today=day)
    db = open_db()
    with db.writer() as tx:
        added = add_rotation(
            tx,
            name=name,
            starts_on=days.first,
            ends_on=days.last,
            today=day,
            service=service,
            site=site,
        )
    r = added.rotation
    say(
        "Added rotation ",
        (f"#{r.id}", "bold"),
        " ",
        (r.name, "bold"),
        f": {day_label(r.starts_on)} to {day_label(r.ends_on)}.",
    )
    if added.attached:
        note(f"Attached {added.attached} interaction(s) already logged in those dates.")
    for other in added.overlaps:
        note(
            f"It overlaps {other.name} ({other.starts_on.isoformat()} to "
            f"{other.ends_on.isoformat()}); a log on a shared day goes to the one that started "
            "last unless you give --rotation."
        )
    for f in added.duties:
        say_follow_up("Before you go", f)


@rotations_app.command("show")
def show_rotation(rotation: Rotation, json_: Json = False) -> None:
    """A rotation: the people met on it, its follow-ups, and what was logged.

    \b
    Example: medcrm rotations show "IM clerkship"
    """
    from medcrm.storage.queries import resolve_rotation, rotation_detail

    detail = read(lambda reader: rotation_detail(reader, resolve_rotation(reader, rotation).id))
    present(json_, detail, "rotation_detail", "rotations.rotation_view", today=today())


@rotations_app.command("remove")
def remove(rotation: Rotation) -> None:
    """Delete a rotation; its interactions stay in the log, its "Before you go" items go.

    \b
    Example: medcrm rotations remove "IM clerkship"
    """
    from medcrm.services.rotations import remove_rotation

    db = open_db()
    with db.writer() as tx:
        r = remove_rotation(tx, rotation)
    say("Removed rotation ", (f"#{r.id}", "bold"), " ", (r.name, "bold"), ".")
