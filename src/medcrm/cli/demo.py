"""demo: the morning view on a throwaway database built from examples/network.json."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import AGENDA_ROWS, Json, UpcomingDays, now, row_limit, today
from medcrm.cli.output import emit_json, note, show


@app.command("demo")
def demo(
    keep: Annotated[
        Path | None,
        typer.Option(
            "--keep",
            metavar="PATH",
            help="Build the demo database at PATH (a new file) and keep it to explore.",
        ),
    ] = None,
    days: UpcomingDays = 7,
    json_: Json = False,
) -> None:
    """The morning view on a fictional MS4's network.

    It runs on a throwaway database; your own is never touched.

    \b
    Example: medcrm demo --keep /tmp/demo.db && medcrm --db /tmp/demo.db contacts
    """
    import tempfile

    from medcrm.pure.errors import InvalidInput
    from medcrm.services.demo import example_network_path, load_network, read_network
    from medcrm.storage.location import Location
    from medcrm.storage.queries import due_agenda
    from medcrm.storage.store import Database

    data = read_network(example_network_path())
    day = today()
    with tempfile.TemporaryDirectory(prefix="medcrm-demo-") as tmp:
        path = Path(tmp) / "demo.db"
        if keep is not None:
            path = keep.expanduser()
            if path.exists():
                raise InvalidInput(f"{path} already exists; give --keep a new file name.")
        db = Database.open(Location(path, "demo"))
        try:
            with db.writer() as tx:
                network = load_network(tx, data, today=day)
        except BaseException:
            path.unlink(missing_ok=True)  # never leave a half-made demo behind
            raise
        with db.read() as reader:
            limit = row_limit(None, json_, AGENDA_ROWS)
            agenda = due_agenda(reader, today=day, days=days, limit=limit)
            agenda.now = now()
    if json_:
        from medcrm.render import jsonout

        emit_json(jsonout.agenda(agenda))
        return
    student = network.student
    who = ", ".join(
        p for p in (student.get("name"), student.get("year"), student.get("school")) if p
    )
    note(
        "Demo: the fictional network of ",
        who,
        f" ({network.contacts} contacts, {network.interactions} interactions, "
        f"{network.follow_ups} follow-ups), in a throwaway database.",
    )
    from medcrm.render.agenda import agenda_view

    show(agenda_view(agenda))
    if keep is not None:
        note(f"Kept at {path}. Explore it: medcrm --db {path} contacts")
    else:
        note(
            "Explore it: medcrm demo --keep /tmp/demo.db, then medcrm --db /tmp/demo.db show <name>"
        )
