"""import: contacts in from LinkedIn, Google Contacts, vCard, or medcrm's own CSV/JSON."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, TypeVar

import typer
from typer.core import TyperGroup

from medcrm.cli.app import app
from medcrm.cli.common import Json, allow_phi_option, open_db, today, when_option
from medcrm.cli.output import emit_json, note, say

if TYPE_CHECKING:
    from sqlmodel import Session

    from medcrm.pure.results import DuplicatePair
    from medcrm.services.importing import ImportResult
    from medcrm.storage.connection import Writer
    from medcrm.storage.store import Opened


class _ImportGroup(TyperGroup):
    """``medcrm import FILE``: a first argument that is no format but a file (it exists, or
    it has a folder or an extension, or it is '-') is read by the hidden ``auto`` command,
    which tells the format from the file."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # The first word that is no option ("import --dry-run conn.csv" reads conn.csv too).
        first = next((a for a in args if a == "-" or not a.startswith("-")), None)
        if (
            first is not None
            and first not in self.commands
            and not {"-h", "--help"} & set(args[: args.index(first)])
            and _looks_like_a_file(first)
        ):
            args = ["auto", *args]
        return super().parse_args(ctx, args)


def _looks_like_a_file(arg: str) -> bool:
    if arg == "-":
        return True
    if arg.startswith("-"):
        return False
    path = Path(arg).expanduser()
    return path.exists() or "/" in arg or bool(path.suffix)


import_app = typer.Typer(
    cls=_ImportGroup,
    help=(
        "Bring contacts in from LinkedIn, Google Contacts, vCard, or medcrm's own CSV/JSON.\n\n"
        "Duplicates (same email, or same name) are merged or skipped, never doubled; a row "
        "that can't be used is listed with its line or card number and why. It is all or "
        "nothing: an error leaves your database as it was. --dry-run shows the same summary "
        "and saves nothing.\n\nWithout a format, medcrm tells it from the file: "
        "medcrm import FILE.\n\n\b\nExample: medcrm import linkedin Connections.csv --dry-run"
        "\nExample: medcrm import ~/Downloads/contacts.vcf"
    ),
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")

File = Annotated[str, typer.Argument(metavar="FILE", help="The file to import ('-' reads stdin).")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show what would happen; save nothing.")]
AllowPhi = Annotated[bool, allow_phi_option("Import notes that look like patient information.")]


@contextmanager
def opened(file: str) -> Iterator[BinaryIO]:
    """The file to import, open for reading bytes ('-': standard input); a line saying what is
    wrong when it can't be opened."""
    from medcrm.pure.errors import InvalidInput

    if file == "-":
        yield sys.stdin.buffer
        return
    path = Path(file).expanduser()
    try:
        source = open(path, "rb")  # noqa: SIM115 - closed below, errors told apart
    except FileNotFoundError as exc:
        raise InvalidInput(f"There is no file {path}.") from exc
    except IsADirectoryError as exc:
        raise InvalidInput(f"{path} is a folder; give the file to import.") from exc
    except OSError as exc:
        raise InvalidInput(f"Can't read {path}: {exc.strerror}.") from exc
    with source:
        yield source


def read_bounded(file: str, source: BinaryIO | None = None, head: bytes = b"") -> bytes:
    """The file's bytes (after ``head``, already read from ``source``), read up to the import
    limit and no further (``/dev/zero`` or a huge file is refused after 50 MB, never read whole
    into memory)."""
    from medcrm.pure.errors import InvalidInput
    from medcrm.services.importing import MAX_FILE_BYTES

    if source is None:
        with opened(file) as source:
            return read_bounded(file, source)
    try:
        data = head + source.read(MAX_FILE_BYTES + 1 - len(head))
    except OSError as exc:
        raise InvalidInput(f"Can't read {file}: {exc.strerror}.") from exc
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(
            f"{'Standard input' if file == '-' else file} is over 50 MB; medcrm imports files "
            "up to 50 MB (a medcrm JSON export, any size). Split it, or import a smaller export."
        )
    return data


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def _run(
    fmt: str, file: str, *, dry_run: bool, allow_phi: bool, json_: bool, since: str | None = None
) -> None:
    with opened(file) as source:
        _read_and_import(fmt, file, source, dry_run=dry_run, allow_phi=allow_phi, json_=json_,
                         since=since)  # fmt: skip


def _read_and_import(
    fmt: str, file: str, source: BinaryIO, *, dry_run: bool, allow_phi: bool, json_: bool,
    since: str | None,
) -> None:  # fmt: skip
    from medcrm.services import importing

    head = source.read(65536) if fmt in ("auto", "json") else b""
    if fmt == "auto":
        from medcrm.services.importing.detect import LABELS, detect

        shown = "standard input" if file == "-" else file
        fmt = detect(head, shown)
        note(f"Reading {shown} as {LABELS[fmt]} (medcrm import {fmt}).")
    day = today()
    if fmt == "json":  # read a record at a time, any size
        from medcrm.cli.output import progress
        from medcrm.services.importing.json_stream import file_chunks
        from medcrm.services.importing.medcrm_json import import_json

        def work(session: Session) -> ImportResult:
            return import_json(session, file_chunks(source, head), today=day,
                               allow_phi=allow_phi, progress=progress("Importing"))  # fmt: skip

    elif fmt == "ics":
        _import_calendar(read_bounded(file, source, head), file, since=since, dry_run=dry_run,
                         allow_phi=allow_phi, json_=json_)  # fmt: skip
        return

    else:
        found, rejected = importing.PARSERS[fmt](read_bounded(file, source, head))

        def work(session: Session) -> ImportResult:
            result = importing.ImportResult(rejected=list(rejected))
            return importing.apply(
                session,
                found,
                today=day,
                allow_phi=allow_phi,
                result=result,
            )

    def import_and_compare(session: Session) -> tuple[ImportResult, list[DuplicatePair]]:
        newest = _newest_contact(session)
        found = work(session)
        if fmt == "json" and newest == 0:  # a restore: its look-alikes are the export's own
            return found, []
        return found, _look_alikes(session, newest)

    with _database_for(dry_run) as db:
        result, alike = _in_transaction(db.write, import_and_compare, dry_run=dry_run)
    result.dry_run = dry_run
    result.rejected.sort(key=lambda r: _position(r.where))
    _report(result, file, json_=json_)
    for p in alike[:10]:
        note(f"#{p.first.id} {p.first.name} and #{p.second.id} {p.second.name} look like the "
             f"same person ({', '.join(p.reasons)}); if so: medcrm merge {p.first.id} "
             f"{p.second.id}")  # fmt: skip
    if len(alike) > 10:
        note(f"... and {len(alike) - 10} more pairs: medcrm duplicates lists them all.")


def _import_calendar(
    data: bytes, file: str, *, since: str | None, dry_run: bool, allow_phi: bool, json_: bool
) -> None:
    """A calendar is logged like ``log`` logs: through the fast writer, in one transaction."""
    from datetime import timedelta

    from medcrm.cli.common import now, when
    from medcrm.services.importing.ics import import_calendar

    day = today()
    start = day - timedelta(days=90) if since is None else when(since, lean="past", day=day)
    if start > day:
        from medcrm.pure.errors import InvalidInput

        raise InvalidInput(f"--since {start.isoformat()} is in the future; give a day gone by.")
    moment = now().astimezone()

    def log_them(tx: Writer) -> ImportResult:
        return import_calendar(tx, data, today=day, since=start, now=moment, allow_phi=allow_phi)

    with _database_for(dry_run) as db:
        result = _in_transaction(db.writer, log_them, dry_run=dry_run)
    result.dry_run = dry_run
    _report(result, file, json_=json_)


T = TypeVar("T")
X = TypeVar("X")


def _in_transaction(
    transaction: Callable[[], AbstractContextManager[X]], work: Callable[[X], T], *, dry_run: bool
) -> T:
    """``work`` in one transaction, rolled back on a dry run (or any error)."""
    done: list[T] = []
    try:
        with transaction() as tx:
            done.append(work(tx))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return done[0]


def _newest_contact(session: Session) -> int:
    from medcrm.storage.db import SessionReader

    rows = SessionReader(session).rows("SELECT MAX(id) AS n FROM contact")
    return int(str(rows[0]["n"] or 0))


def _look_alikes(session: Session, newest: int) -> list[DuplicatePair]:
    """Pairs of contacts that look like the same person, one of them brought by the import."""
    from medcrm.services.duplicates import duplicate_pairs
    from medcrm.storage.db import SessionReader

    return duplicate_pairs(SessionReader(session), newer_than=newest)


def _position(where: str) -> tuple[int, str]:
    """'line 12' sorts after 'line 9'; anything without a number keeps its order at the end."""
    digits = "".join(ch for ch in where if ch.isdigit())
    return (int(digits) if digits else 1 << 62, where)


@contextmanager
def _database_for(dry_run: bool) -> Iterator[Opened]:
    """The database to import into. A dry run with no database yet (no file, or a server
    database without medcrm's tables) runs on a scratch one, so that it creates nothing."""
    from medcrm.pure.errors import NoDatabase
    from medcrm.storage.location import Location
    from medcrm.storage.store import Database

    if not dry_run:
        yield open_db(create=True)
        return
    try:
        db = open_db(create=False)
    except NoDatabase:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="medcrm-dry-run-") as tmp:
            yield Database.open(Location(Path(tmp) / "dry-run.db", "dry run"))
        return
    yield db


def _report(result: ImportResult, file: str, *, json_: bool) -> None:
    if json_:
        from medcrm.render import jsonout

        emit_json(jsonout.import_result(result))
        return
    verb = "Would import" if result.dry_run else "Imported"
    say(
        f"{verb} {file}: ",
        (f"{len(result.created)} created", "bold"),
        f", {len(result.merged)} merged, {len(result.skipped)} skipped, ",
        (f"{len(result.rejected)} rejected", "bold" if result.rejected else ""),
        ".",
    )
    if result.other:
        say(
            "  also: "
            + ", ".join(f"{n} {what.replace('_', '-')}" for what, n in result.other.items())
        )
    for title, items in (("merged", result.merged), ("skipped", result.skipped)):
        for item in items[:10]:
            say(f"  {title}: ", item)
        if len(items) > 10:
            say(f"  ... and {len(items) - 10} more {title} (--json lists them all)")
    for r in result.rejected:
        say("  rejected ", (r.where, "bold"), ": ", r.reason)
    if result.dry_run:
        note("Dry run: nothing was saved.")


def _import_command(fmt: str, what: str, example: str) -> None:
    def command(
        file: File,
        dry_run: DryRun = False,
        allow_phi: AllowPhi = False,
        json_: Json = False,
    ) -> None:
        _run(fmt, file, dry_run=dry_run, allow_phi=allow_phi, json_=json_)

    command.__doc__ = f"Import {what}.\n\n    \b\n    Example: {example}\n    "
    import_app.command(fmt, hidden=fmt == "auto")(command)


_import_command(
    "auto",
    "an export whose format medcrm tells from the file (medcrm import FILE)",
    "medcrm import ~/Downloads/contacts.vcf",
)
_import_command(
    "linkedin",
    "LinkedIn's Connections.csv (Settings > Data privacy > Get a copy of your data)",
    "medcrm import linkedin ~/Downloads/Connections.csv --dry-run",
)
_import_command(
    "google",
    "a Google Contacts CSV export (contacts.google.com > Export > Google CSV)",
    "medcrm import google ~/Downloads/contacts.csv",
)
_import_command(
    "vcard",
    "a .vcf file with one or many vCards (3.0 or 4.0), e.g. from your phone",
    "medcrm import vcard ~/Downloads/contacts.vcf",
)
_import_command(
    "outlook",
    "Outlook's contacts export (Export to a file > Comma Separated Values), in English, German, "
    "French or Spanish, UTF-8 or Windows-1252",
    "medcrm import outlook ~/Downloads/contacts.csv",
)
_import_command(
    "csv",
    "medcrm's own CSV (made by 'medcrm export csv', perhaps edited in a spreadsheet)",
    "medcrm import csv contacts.csv",
)


@import_app.command("ics")
def import_ics(
    file: File,
    since: Annotated[
        str | None,
        when_option("--since", help="From this day on (default: 90 days ago)."),
    ] = None,
    dry_run: DryRun = False,
    allow_phi: AllowPhi = False,
    json_: Json = False,
) -> None:
    """Log the past meetings of a calendar (.ics) with the contacts in them: each event whose
    organizer or attendees are contacts (by email, then by name) becomes one interaction with
    all of them, its kind from the title (office hours, seminar, grand rounds, lecture,
    shadowing; else a meeting). Repeating events count each time; events to come are left for
    later; importing again logs nothing twice.

    \b
    Example: medcrm import ics ~/Downloads/calendar.ics --since "Sep 1" --dry-run
    """
    _run("ics", file, dry_run=dry_run, allow_phi=allow_phi, json_=json_, since=since)


_import_command(
    "json",
    "medcrm's own JSON export: everything, restored exactly into an empty database, "
    "merged without doubling into one that has data",
    "medcrm import json medcrm-2026-11-22.json",
)
