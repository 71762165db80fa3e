"""search."""

from __future__ import annotations

from typing import Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import Json, paged, read, today
from medcrm.cli.output import emit_json, show


@app.command("search")
@paged
def search(
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="TEXT...",
            help="Words to find (any order, beginnings of words).",
            show_default=False,
        ),
    ],
    limit: Annotated[
        int,
        typer.Option("--limit", "-l", metavar="N", help="Matches shown of each kind.", min=1),
    ] = 10,
    json_: Json = False,
) -> None:
    """Search everything you wrote: contacts (names, places, specialties, emails, phones,
    notes, tags), interaction notes, follow-ups, letters and rotations.

    Every word must match the start of a word, in any order; accents and case are ignored
    (cardio finds Cardiology, angstrom finds Ångström). The best matches of each kind come
    first, with the text around them.

    \b
    Example: medcrm search echo research
    """
    from medcrm.services.search import search as find

    found = read(find, " ".join(words), per_kind=limit)
    from medcrm.render.search import search_json, search_view

    if json_:
        emit_json(search_json(found))
        return
    show(search_view(found, limit=limit, today=today()))
