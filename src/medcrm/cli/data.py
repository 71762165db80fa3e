"""init, doctor, migrate-to."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import Json, open_db, read, today, where
from medcrm.cli.output import note, present, say


@app.command("init")
def init() -> None:
    """Start a new, empty database at --db (or $MEDCRM_DB), or on a server (--database-url).

    Your first 'add-contact' or 'import' starts one by itself; once you have a database,
    medcrm starts another only when asked, so a mistyped --db never makes an empty one.
    On a server, init makes medcrm's tables in an empty database that already exists.

    \b
    Example: medcrm --db ~/medcrm-research-year.db init
    """
    from medcrm.pure.errors import InvalidInput
    from medcrm.storage.location import ServerLocation

    location = where()
    if isinstance(location, ServerLocation):
        db = open_db(create=True, explicit=True)
        if db.upgraded_from is not None and not db.created:
            return  # open_db has said "Upgraded ... from schema ..."
        if not db.created:
            raise InvalidInput(f"{db.label} already has medcrm's tables; nothing was changed.")
        say("Started a new medcrm database at ", (db.label, "bold"), ".")
        return
    if location.path.exists():
        raise InvalidInput(f"{location.path} already exists; medcrm init only starts new ones.")
    db = open_db(create=True, explicit=True)
    say("Started a new medcrm database at ", (db.label, "bold"), ".")


@app.command("doctor")
def doctor(
    json_: Json = False,
    phi: Annotated[
        bool,
        typer.Option(
            "--phi",
            help="Scan what is stored for patient information: the ids of the notes the "
            "guard would stop today, and of those saved with --allow-phi (never their text).",
        ),
    ] = False,
) -> None:
    """Everything about your database when in doubt; changes nothing.

    Where it is and why, its size, schema, SQLite version and journal mode, an integrity check,
    its permissions, the newest backup, and whether it sits in a synced folder. With --phi:
    which stored notes, titles and fields look like patient information.

    \b
    Example: medcrm doctor
    Example: medcrm doctor --phi
    """
    from medcrm.services.doctor import examine, examine_server
    from medcrm.storage.location import ServerLocation

    if phi:
        _phi_scan(json_)
        return
    location = where()
    if isinstance(location, ServerLocation):
        present(json_, examine_server(location), "server_doctor", "doctor.server_doctor_view")
        return
    present(json_, examine(location, now=datetime.now()), "doctor", "doctor.doctor_view")


def _phi_scan(json_: bool) -> None:
    """``doctor --phi``: read the database (a file is never upgraded in place) and list ids."""
    from medcrm.services.phi import scan
    from medcrm.storage.location import ServerLocation
    from medcrm.storage.store import read_current

    location = where()
    if isinstance(location, ServerLocation):
        result = read(scan)
    else:
        with read_current(location.path) as reader:
            result = scan(reader)
    present(json_, result, "phi_scan", "doctor.phi_scan_view")


@app.command("migrate-to")
def migrate_to(
    url: Annotated[
        str,
        typer.Argument(
            metavar="URL", help="An empty PostgreSQL database: postgresql://USER@HOST/DATABASE"
        ),
    ],
) -> None:
    """Copy your whole database file into an empty PostgreSQL database, and check the copy.

    One transaction: the server gets everything or nothing. The copy is verified (the same
    number of rows in every table, and the same export, character for character) before it is
    committed. Your file is only read, never changed. A large database shows its progress.
    Afterwards point medcrm at the server with --database-url URL or MEDCRM_DATABASE_URL.

    \b
    Example: medcrm migrate-to postgresql://ana@db.example.edu/medcrm
    """
    from medcrm.cli.app import _state
    from medcrm.cli.output import progress
    from medcrm.pure.errors import InvalidInput
    from medcrm.services.moving import copy_into
    from medcrm.storage.location import ServerLocation, from_url
    from medcrm.storage.server import fill_empty
    from medcrm.storage.store import read_current

    _state.other_urls.append(url)  # its password never reaches an error line either
    source = where()
    if isinstance(source, ServerLocation):
        raise InvalidInput(
            "migrate-to copies a database file to a server; name the file with --db PATH "
            "(medcrm --db ~/medcrm.db migrate-to URL)."
        )
    target = from_url(url, "migrate-to")
    if not isinstance(target, ServerLocation):
        raise InvalidInput(
            "migrate-to copies to a PostgreSQL server: give postgresql://USER@HOST/DATABASE. "
            "To copy to another file, use medcrm backup PATH."
        )
    day = today()
    with read_current(source.path) as reader:
        copied = fill_empty(
            target,
            lambda session: copy_into(reader, session, today=day, progress=progress("Copying")),
        )
    n = copied.counts
    say(
        "Copied ",
        (source.label, "bold"),
        " to ",
        (target.label, "bold"),
        f": {n['contact']:,} contacts, {n['interaction']:,} interactions, "
        f"{n['follow_up']:,} follow-ups, {n['rotation']:,} rotations, {n['letter']:,} letters. "
        "Verified: every table's rows and the whole export match.",
    )
    note(
        f"{source.path} was not changed. Use the server from now on with "
        "MEDCRM_DATABASE_URL (keep the password in ~/.pgpass or PGPASSWORD)."
    )
