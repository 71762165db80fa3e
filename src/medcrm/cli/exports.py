"""export, backup, restore."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from medcrm.cli.app import app
from medcrm.cli.common import open_db, today
from medcrm.cli.output import note, say

if TYPE_CHECKING:
    from medcrm.storage.backup import Backup
    from medcrm.storage.location import Location, ServerLocation
    from medcrm.storage.store import Opened

export_app = typer.Typer(
    help=(
        "Take everything out: json (all of it, for backup or another medcrm), csv, vcard, ics."
        "\n\nWrites to standard output, or to --output PATH (an existing file only with "
        "--force; files are written whole or not at all).\n\n\b\n"
        "Example: medcrm export json --output medcrm-2026-11-22.json"
    ),
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")

Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="PATH", help="Write here instead of to stdout."),
]
Force = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]


def _emit(
    data: str | Iterable[str],
    output: Path | None,
    force: bool,
    what: str | Callable[[], str],
    db: Opened,
) -> None:
    """``data`` (or its pieces, written as they are made) to ``output`` or standard output;
    ``what`` names what was written (asked after the writing, when it is a function)."""
    from medcrm.storage.files import write_atomically, write_stdout

    if output is None:
        write_stdout(data)
        return
    write_atomically(output.expanduser(), data, force=force, protected=_protected(db))
    note(f"Wrote {what if isinstance(what, str) else what()} to {output}.")


def _protected(db: Opened) -> list[Path]:
    """The files no export may write over: the database, its journals and its backups."""
    from medcrm.storage.backup import existing_backups
    from medcrm.storage.safety import COMPANIONS
    from medcrm.storage.store import Database

    if not isinstance(db, Database):
        return []
    paths = {db.path, db.path.resolve()}  # through a symlink, the journals are the target's
    return [
        *paths,
        *(p.with_name(p.name + c) for p in paths for c in COMPANIONS),
        *existing_backups(db.path),
    ]


@export_app.command("json")
def export_json(output: Output = None, force: Force = False) -> None:
    """Everything: contacts, tags, interactions, follow-ups, rotations, letters, settings.

    Versioned and lossless: 'medcrm import json' into an empty database gives it all back.

    \b
    Example: medcrm export json --output medcrm-2026-11-22.json
    """
    from medcrm.services.exporting import json_chunks

    db = open_db()
    with db.read() as reader:  # written as it is read: a large database is never held whole
        _emit(json_chunks(reader), output, force, "everything", db)


@export_app.command("csv")
def export_csv(
    output: Output = None,
    force: Force = False,
    programs: Annotated[
        bool, typer.Option("--programs", help="The season's programs instead of the contacts.")
    ] = False,
) -> None:
    """Contacts (or, with --programs, the residency programs), one row each, safe to open in
    a spreadsheet.

    Cells that a spreadsheet would run as a formula (starting with = + - @) get a leading
    quote; 'medcrm import csv' removes it again.

    \b
    Example: medcrm export csv --output contacts.csv
    """
    from medcrm.services.exporting import csv_chunks, programs_csv

    db = open_db()
    with db.read() as reader:  # contacts are written as they are read
        data = programs_csv(reader) if programs else csv_chunks(reader)
        _emit(data, output, force, "programs" if programs else "contacts", db)


@export_app.command("vcard")
def export_vcard(
    output: Output = None,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            metavar="DIR",
            help="One .vcf per contact in DIR (the layout khard and vdirsyncer read).",
        ),
    ] = None,
    force: Force = False,
) -> None:
    """Contacts as vCards 3.0; medcrm's own fields in X-MEDCRM-* properties.

    \b
    Example: medcrm export vcard --dir ~/.contacts/medcrm
    """
    from medcrm.pure.errors import InvalidInput
    from medcrm.services.exporting import vcards

    if output is not None and folder is not None:
        raise InvalidInput("Give --output or --dir, not both.")
    db = open_db()
    if folder is None:
        written = [0]

        def texts(cards: Iterable[tuple[str, str]]) -> Iterator[str]:
            for _, text in cards:
                written[0] += 1
                yield text

        with db.read() as reader:  # written as it is read
            _emit(texts(vcards(reader)), output, force, lambda: f"{written[0]} vCards", db)
        return
    with db.read() as reader:
        cards = list(vcards(reader))
    from medcrm.storage.files import check_writable, write_atomically

    target = folder.expanduser()
    if target.exists() and not target.is_dir():
        raise InvalidInput(f"{target} is a file; --dir needs a folder.")
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    files = [(target / f"{uid}.vcf", text) for uid, text in cards]
    protected = _protected(db)
    for path, _ in files:  # check them all before writing any
        check_writable(path, force=force, protected=protected)
    for path, text in files:
        write_atomically(path, text, force=force, protected=protected)
    note(f"Wrote {len(files)} vCards to {target}.")


@export_app.command("ics")
def export_ics(output: Output = None, force: Force = False) -> None:
    """Open follow-ups and letter deadlines as iCalendar to-dos, for a calendar or task app.

    \b
    Example: medcrm export ics --output ~/medcrm.ics
    """
    from medcrm.services.exporting import to_ics

    db = open_db()
    with db.read() as reader:
        data = to_ics(reader, today=today())
    _emit(data, output, force, "follow-ups and letter deadlines", db)


@app.command("backup")
def backup(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="[PATH]", help="Where to write it (default: beside the database)."),
    ] = None,
) -> None:
    """A checked copy of your database; beside it by default, where the newest 10 are kept.

    On a server (--database-url) the backup is a JSON export, kept in your medcrm app
    directory by default; 'medcrm import json' into an empty database brings it back.

    \b
    Example: medcrm backup ~/medcrm-before-match-day.db
    """
    from medcrm.storage.backup import make_backup
    from medcrm.storage.store import Database

    db = open_db()
    target = None if path is None else path.expanduser()
    if not isinstance(db, Database):
        made = _server_backup(db, target)
        say("Backed up ", (db.label, "bold"), " as a JSON export to ", (str(made.path), "bold"),
            f" ({made.size:,} bytes, read back ok).")  # fmt: skip
        note("Bring it back into an empty database with: medcrm import json FILE")
    else:
        made = make_backup(db.path, target, now=datetime.now())
        say("Backed up to ", (str(made.path), "bold"), f" ({made.size:,} bytes, integrity ok).")
    if made.removed:
        note(f"Removed {len(made.removed)} older backup(s); the newest 10 are kept.")


def _server_backup(db: Opened, target: Path | None, keep: Sequence[Path] = ()) -> Backup:
    from medcrm.cli.common import where
    from medcrm.services.exporting import json_chunks
    from medcrm.storage.backup import write_json_backup
    from medcrm.storage.location import ServerLocation, default_dir

    location = where()
    assert isinstance(location, ServerLocation)
    with db.read() as reader:  # written as it is read
        return write_json_backup(
            json_chunks(reader, change_log=True),
            target,
            folder=default_dir(),
            name=location.database,
            now=datetime.now(),
            keep=keep,
        )


def _server_restore(source: Path, *, yes: bool) -> None:
    """A server database's restore: its JSON backup loaded in one transaction, after a JSON
    backup of what is there now."""
    from medcrm.cli.common import ask_first
    from medcrm.cli.imports import opened
    from medcrm.pure.errors import InvalidInput
    from medcrm.services.importing.json_stream import decoded, file_chunks, sections
    from medcrm.services.importing.medcrm_json import header_of
    from medcrm.services.moving import replace_everything

    def parts() -> Generator[tuple[str, Any], None, None]:
        with opened(str(source)) as file:
            yield from sections(decoded(file_chunks(file)))

    first = parts()
    try:
        header_of(first)  # read before anything is asked, backed up or changed
    except InvalidInput as exc:
        raise InvalidInput(
            f"{source} is not a medcrm backup of a server database (those are JSON exports, "
            f"made by 'medcrm backup' or 'medcrm export json'): {exc.message}"
        ) from exc
    finally:
        first.close()
    db = open_db()
    ask_first(
        yes=yes,
        what=f"This replaces everything in {db.label} with {source}; it is backed up first.",
        question="Restore?",
        refusal=f"Not replacing {db.label} without asking; add --yes.",
    )
    before = _server_backup(db, None, keep=[source])
    with db.write(record=False) as session:  # the backup brings its own change log
        copied = replace_everything(session, parts(), today=today())
    say("Restored ", (db.label, "bold"), f" from {source} ({copied.counts['contact']} contacts).")
    note(f"What it replaced is at {before.path}.")


@app.command("restore")
def restore(
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="[PATH]",
            help="A medcrm backup to restore (without it: the backups, newest first, to pick).",
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask first.")] = False,
) -> None:
    """Replace your database with a backup; the current one is backed up first.

    Without PATH, lists the backups (newest first, with their date and size) and, in a
    terminal, asks which one to restore.

    The backup is copied into the database while holding its write lock: commands running at
    the same time wait for it, and none of their changes is lost or lands half-way. On a
    server (--database-url), PATH is a JSON backup ('medcrm backup' made it), loaded in one
    transaction.

    \b
    Example: medcrm restore   (or: medcrm restore ~/.config/medcrm/medcrm-backup-20261122-081500.db)
    """
    from medcrm.cli.common import ask_first, where
    from medcrm.storage.backup import check_restorable
    from medcrm.storage.backup import restore as put_back
    from medcrm.storage.location import ServerLocation

    location = where()
    if path is None:
        source, yes = _pick_backup(location), True
    else:
        source = path.expanduser()
    if isinstance(location, ServerLocation):
        _server_restore(source, yes=yes)
        return
    target = location.path
    revision = check_restorable(source)
    ask_first(
        yes=yes,
        what=f"This replaces {target} with {source} (schema {revision}); the current one is "
        "backed up first.",
        question="Restore?",
        refusal=f"Not replacing {target} without asking; add --yes.",
    )
    done = put_back(target, source, now=datetime.now())
    say("Restored ", (str(target), "bold"), f" from {source}.")
    if done.previous is not None:
        note(f"The database it replaced is at {done.previous.path}.")


def _pick_backup(location: Location | ServerLocation) -> Path:
    """``restore`` without a path: the backups, newest first; in a terminal the one chosen,
    otherwise an error saying how to name one."""
    from medcrm.cli.common import interactive
    from medcrm.pure.errors import InvalidInput
    from medcrm.storage.backup import existing_backups, server_backups
    from medcrm.storage.location import ServerLocation, default_dir

    if isinstance(location, ServerLocation):
        found, folder = server_backups(default_dir(), location.database), default_dir()
    else:
        found, folder = existing_backups(location.path), location.path.parent
    if not found:
        raise InvalidInput(
            f"There are no medcrm backups in {folder}; give the file: medcrm restore PATH."
        )
    say((f"Backups in {folder}, newest first:", "bold"))
    for n, backup in enumerate(found, 1):
        stat = backup.stat()
        made = datetime.fromtimestamp(stat.st_mtime).strftime("%a %Y-%m-%d %H:%M")
        say(f"  {n:>2}. {made}  {_size(stat.st_size):>8}  ", backup.name)
    if not interactive():
        raise InvalidInput(
            f"Say which backup to restore: medcrm restore {found[0]} --yes (the newest)."
        )
    choice = typer.prompt(
        f"Restore which one (1-{len(found)}; 0 or Enter: none)", default="0", show_default=False
    ).strip()
    if choice not in {str(n) for n in range(1, len(found) + 1)}:
        say("Nothing was changed.")
        raise typer.Exit(1 if choice not in ("", "0") else 0)
    return found[int(choice) - 1]


def _size(n: int) -> str:
    """1,234 bytes as "1.2 kB", 3,400,000 as "3.4 MB"."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"
