"""duplicates, merge."""

from __future__ import annotations

from typing import Annotated

import typer

from medcrm.cli import common
from medcrm.cli.app import app
from medcrm.cli.common import Json, Who, open_db, read
from medcrm.cli.output import emit_json, say, show


@app.command("duplicates")
def duplicates(json_: Json = False) -> None:
    """Contacts that look like the same person: the same email or phone, the same name once
    titles and degrees are left out, or names spelled almost alike.

    \b
    Example: medcrm duplicates
    """
    from medcrm.render.duplicates import pairs_json, pairs_view
    from medcrm.services.duplicates import duplicate_pairs

    pairs = read(duplicate_pairs)
    if json_:
        emit_json(pairs_json(pairs))
        return
    show(pairs_view(pairs))
    if pairs:
        p = pairs[0]
        say(f"Merge a pair into one contact with: medcrm merge {p.first.id} {p.second.id}")


@app.command("merge")
def merge(
    keep: Annotated[str, common.contact_argument("KEEP", "The contact to keep (id or name).")],
    other: Who,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask; merge at once.")] = False,
) -> None:
    """Make two contacts one: OTHER's interactions, follow-ups, letters and tags move to KEEP,
    KEEP's empty fields are filled from OTHER (both values are kept where both have one, e.g.
    two emails), and OTHER is removed. In a terminal it shows what will move and asks first.
    'medcrm undo' takes it back.

    \b
    Example: medcrm merge 12 31
    """
    from medcrm.render.duplicates import fields_text, moves_text
    from medcrm.services.duplicates import merge as make_one
    from medcrm.services.duplicates import plan
    from medcrm.services.resolve import resolve_contact

    db = open_db()
    with db.read() as reader:
        planned = plan(reader, resolve_contact(reader, keep), resolve_contact(reader, other))
    k, o = planned.keep, planned.other
    if not yes and common.interactive():
        say(f"This moves {moves_text(planned)} from #{o.id} {o.name} to #{k.id} {k.name}",
            f" ({fields_text(planned)})" if fields_text(planned) else "",
            f", and removes #{o.id}.")  # fmt: skip
        if not typer.confirm("Merge?", default=False):
            say("Nothing was changed.")
            raise typer.Exit(1)
    with db.writer() as tx:
        done = make_one(tx, k, o)
    say("Merged ", (f"#{o.id} {o.name}", "bold"), " into ", (f"#{k.id} {k.name}", "bold"),
        f": moved {moves_text(done)}",
        f"; {fields_text(done)}" if fields_text(done) else "",
        ". Undo with: medcrm undo")  # fmt: skip
