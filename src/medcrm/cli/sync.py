"""sync vdir: two-way sync of the contacts with a folder of vCards (vdirsyncer, khard)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import AllowPhi, Json, open_db, today
from medcrm.cli.output import emit_json, say

sync_app = typer.Typer(
    help=(
        "Keep your contacts in step with your other tools.\n\n\b\n"
        "Example: medcrm sync vdir ~/.contacts/medcrm"
    ),
    no_args_is_help=True,
)
app.add_typer(sync_app, name="sync")


class _DryRun(Exception):
    """Raised inside the transaction of a dry run, so that it saves nothing."""


@sync_app.command("vdir")
def vdir(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="The vdir: a folder of .vcf files, one a card.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change; change nothing.")
    ] = False,
    delete: Annotated[
        bool,
        typer.Option("--delete", help="A card deleted in the folder deletes its contact too."),
    ] = False,
    allow_phi: AllowPhi = False,
    json_: Json = False,
) -> None:
    """Two-way sync with a vdir, the folder vdirsyncer keeps in step with iCloud, Google or
    Nextcloud and khard reads: the first run writes every contact as DIR/<uid>.vcf; later runs
    take in the cards edited, added or deleted there and write what changed in medcrm. A card
    changed on both sides keeps medcrm's values, with the card's in the contact's notes.

    \b
    Example: medcrm sync vdir ~/.contacts/medcrm --dry-run
    """
    from medcrm.services.vdir import sync_vdir

    db = open_db(create=True)
    result = None
    try:
        with db.write() as session:
            result = sync_vdir(session, folder, today=today(), dry_run=dry_run, delete=delete,
                               allow_phi=allow_phi)  # fmt: skip
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert result is not None
    if json_:
        from medcrm.render.jsonout import vdir_sync

        emit_json(vdir_sync(result))
        return
    from medcrm.render.words import vdir_summary

    for line in vdir_summary(result):
        say(line)
