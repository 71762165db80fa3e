"""undo, redo."""

from __future__ import annotations

from typing import Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import Json, open_db
from medcrm.cli.output import emit_json, say, show


@app.command("undo")
def undo(
    change: Annotated[
        int | None,
        typer.Argument(
            metavar="[CHANGE]",
            help="A change's number from --list (default: the newest not yet undone).",
            show_default=False,
            min=1,
        ),
    ] = None,
    list_: Annotated[
        bool, typer.Option("--list", "-l", help="Show the recent changes instead.")
    ] = False,
    limit: Annotated[
        int, typer.Option("--limit", metavar="N", help="How many changes --list shows.", min=1)
    ] = 20,
    json_: Json = False,
) -> None:
    """Take back the last change (a log, an edit, a removal, an import...).

    Run it again to go one step further back; 'medcrm redo' puts a change back. A change
    that a later one depends on is refused, naming the later one.

    \b
    Example: medcrm undo
    Example: medcrm undo --list
    """
    from medcrm.services import undo as changes

    db = open_db()
    if list_:
        with db.read() as reader:
            recent = changes.history(reader, limit)
        from medcrm.render.changes import history_json, history_view

        if json_:
            emit_json(history_json(recent))
        else:
            show(history_view(recent))
        return
    with db.writer(record=False) as tx:
        done = changes.undo(tx, change)
    _report(done, json_)


@app.command("redo")
def redo(json_: Json = False) -> None:
    """Put back the change undone last (until a new change is made).

    \b
    Example: medcrm redo
    """
    from medcrm.services import undo as changes

    db = open_db()
    with db.writer(record=False) as tx:
        done = changes.redo(tx)
    _report(done, json_)


def _report(done: object, json_: bool) -> None:
    from medcrm.pure.results import Replayed
    from medcrm.render.changes import history_json, replayed_line

    assert isinstance(done, Replayed)
    if json_:
        emit_json({"direction": done.direction, **history_json([done.summary])[0]})
    else:
        say(replayed_line(done))
