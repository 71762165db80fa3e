"""Helpers the commands share: opening the database, today, WHEN, completion, option types."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Concatenate, ParamSpec, TypeVar

import typer

from medcrm.cli.app import state
from medcrm.cli.clock import now as now
from medcrm.cli.clock import today as today
from medcrm.cli.output import note

P = ParamSpec("P")
T = TypeVar("T")

if TYPE_CHECKING:
    from medcrm.pure.dates import Lean
    from medcrm.storage.connection import Reader
    from medcrm.storage.location import Location, ServerLocation
    from medcrm.storage.store import Opened


def interactive() -> bool:
    """Is there a person at a terminal to answer a question?"""
    return sys.stdin.isatty()


def ask_first(*, yes: bool, what: str, question: str, refusal: str) -> None:
    """Unless --yes: in a terminal, say ``what`` will happen and ask ``question`` (no: exit 1,
    nothing changed); without a terminal, refuse with ``refusal`` (which names --yes)."""
    if yes:
        return
    if not interactive():
        from medcrm.pure.errors import InvalidInput

        raise InvalidInput(refusal)
    from medcrm.cli.output import say

    say(what)
    if not typer.confirm(question, default=False):
        say("Nothing was changed.")
        raise typer.Exit(1)


def command_name() -> str | None:
    """The command being run, as the change log names it: "log", "letters ask", "import
    linkedin" (never its arguments, which may hold notes)."""
    try:  # Typer 0.28 runs its own copy of Click (held below 0.29 in pyproject.toml)
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - a Typer that uses Click itself
        from click import get_current_context  # type: ignore[no-redef]

    names = []
    ctx = get_current_context(silent=True)
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names)) or None


def where() -> Location | ServerLocation:
    """The database this command means: --db/--database-url, else the environment, else the
    default file."""
    from medcrm.storage.location import locate

    return locate(state().db, state().database_url)


def open_db(*, create: bool = False, explicit: bool = False) -> Opened:
    """The database for this command, upgraded when older.

    Only ``add-contact`` and ``import`` create one, and only the first: once you have a
    database, a new one at another path needs ``medcrm init`` (``explicit``), so a mistyped
    --db never starts an empty database by accident.
    """
    from medcrm.storage.location import ServerLocation
    from medcrm.storage.store import open_database

    location = where()
    if isinstance(location, ServerLocation):
        db = open_database(location, create=create)
        db.change_label = command_name()
        state().to_close.append(db)  # closed when the command ends (a server's connection)
        if db.created:
            note(f"Created medcrm's tables in {db.label}")
        if db.upgraded_from is not None:
            note(f"Upgraded {db.label} from schema {db.upgraded_from}")
        return db
    from medcrm.storage.location import default_dir
    from medcrm.storage.safety import Registry, sync_risk
    from medcrm.storage.store import Database

    registry = Registry(default_dir())
    if create and not explicit and not location.path.exists():
        registry.check_new(location.path, location.source)
    file_db = Database.open(location, create=create)
    file_db.change_label = command_name()
    state().to_close.append(file_db)
    registry.remember(file_db.path)
    risk = sync_risk(file_db.path)
    if risk and registry.first_warning(file_db.path):
        note(
            f"Warning: {file_db.path} is in {risk}. A live SQLite database in a synced or "
            "network folder can be corrupted when the sync or another machine writes it at "
            "the same time. Keep it on a local disk and put backups (medcrm backup PATH) or "
            "exports in the synced folder instead; to share across machines see the README "
            '("Beyond one laptop"). This warning is shown once.'
        )
    for path in file_db.tightened:
        note(f"Made {path} private (it was readable by others).")
    if file_db.created:
        note(f"Created a new medcrm database at {file_db.path}")
    if file_db.upgraded_from is not None:
        note(
            f"Upgraded {file_db.path} from schema {file_db.upgraded_from}; "
            f"the old file is at {file_db.backup}"
        )
    return file_db


def read(query: Callable[Concatenate[Reader, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Open the database and run ``query(reader, ...)`` in one read transaction."""
    with open_db().read() as reader:
        return query(reader, *args, **kwargs)


def when(text: str, *, lean: Lean, day: date) -> date:
    from medcrm.pure.dates import parse_when

    return parse_when(text, today=day, lean=lean)


def complete_contact(incomplete: str) -> list[str]:
    """Contact names for the shell; silent (no names) when there is no database yet."""
    from medcrm.services.resolve import complete_names
    from medcrm.storage.location import ServerLocation
    from medcrm.storage.revisions import HEAD
    from medcrm.storage.store import read_revision

    try:
        location = where()
        if isinstance(location, ServerLocation):
            from medcrm.storage.server import ServerDatabase

            # On a key press: never make or upgrade a schema, and let go of the connection.
            db = ServerDatabase.open(location, create=False, upgrade=False)
            try:
                with db.read() as server:
                    names = complete_names(server, incomplete)
            finally:
                db.close()
        else:
            from medcrm.storage.connection import read_transaction

            path = location.path
            if not path.is_file() or read_revision(path) != HEAD:
                return []
            with read_transaction(path) as reader:
                names = complete_names(reader, incomplete)
    except Exception:  # completion must never print a traceback into the shell
        return []
    # A shell keeps only candidates that start with what was typed, so a name is offered
    # with the typed part as typed ("ana" -> "ana Ruiz", "jose" -> "jose Núñez"): WHO
    # matching ignores case and accents anyway.
    from medcrm.pure.text import fold

    typed = len(incomplete)
    folded = fold(incomplete)
    return [incomplete + name[typed:] for name in names if fold(name[:typed]) == folded]


def complete_role(incomplete: str) -> list[str]:
    from medcrm.pure.vocabulary import ROLES

    return [r for r in ROLES if r.startswith(incomplete.lower())]


def complete_kind(incomplete: str) -> list[str]:
    from medcrm.pure.vocabulary import KINDS

    return [k for k in KINDS if k.startswith(incomplete.lower())]


# The shared parts of options that recur with a help of their own: the flags, the metavar and
# the completion live here, each command says what the value means to it.


def contact_argument(metavar: str, help: str) -> Any:
    """A contact argument (WHO, [WHO], WHO...): ids or names, names completed."""
    return typer.Argument(
        metavar=metavar, help=help, autocompletion=complete_contact, show_default=False
    )


def contact_option(*flags: str, help: str) -> Any:
    """An option that names a contact (WHO), names completed."""
    return typer.Option(*flags, metavar="WHO", help=help, autocompletion=complete_contact)


def allow_phi_option(help: str) -> Any:
    """--allow-phi: save text the patient-information guard would refuse."""
    return typer.Option("--allow-phi", help=help)


def kind_option(help: str) -> Any:
    """--kind/-k KIND, the kinds of interaction completed."""
    return typer.Option("--kind", "-k", metavar="KIND", help=help, autocompletion=complete_kind)


def note_option(help: str, panel: str | None = None) -> Any:
    """--note/-n TEXT: the free text the patient-information guard reads."""
    return typer.Option("--note", "-n", metavar="TEXT", help=help, rich_help_panel=panel)


def role_option(help: str, panel: str | None = None) -> Any:
    """--role/-r ROLE, the roles completed."""
    return typer.Option(
        "--role",
        "-r",
        metavar="ROLE",
        help=help,
        autocompletion=complete_role,
        rich_help_panel=panel,
    )


def rotation_option(help: str) -> Any:
    """--rotation/-r ROTATION (a rotation's id or name)."""
    return typer.Option("--rotation", "-r", metavar="ROTATION", help=help)


def when_option(*flags: str, help: str) -> Any:
    """An option that takes a WHEN (a date in the words of medcrm.pure.dates)."""
    return typer.Option(*flags, metavar="WHEN", help=help)


Who = Annotated[
    str,
    contact_argument(
        "WHO", "Contact id or name (case-insensitive; a unique part of the name is enough)."
    ),
]
# The largest id SQLite can store; a larger number is a usage error, not an overflow.
ID_MAX = 2**63 - 1

# How many rows a table shows unless --limit says otherwise (--json shows everything).
TABLE_ROWS = 50
# A search is for finding someone: the best matches (names first) fit on one screen.
SEARCH_ROWS = 20
AGENDA_ROWS = 10

Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
Anyway = Annotated[
    bool,
    typer.Option(
        "--anyway",
        help="Plan it even for the people of a program that asks for no contact after its "
        "interview.",
    ),
]
AllowPhi = Annotated[
    bool,
    allow_phi_option("Save notes that look like patient information (they are refused otherwise)."),
]
InteractionId = Annotated[
    int,
    typer.Argument(metavar="ID", help="Interaction id (see 'medcrm history').", min=1, max=ID_MAX),
]
FollowUpId = Annotated[
    int,
    typer.Argument(
        metavar="ID",
        help="Follow-up id (see 'medcrm follow-ups' or 'medcrm due').",
        min=1,
        max=ID_MAX,
    ),
]
FollowUpIds = Annotated[
    list[int],
    typer.Argument(
        metavar="ID...",
        help="One or more follow-up ids (see 'medcrm follow-ups' or 'medcrm due').",
        show_default=False,
        min=1,
        max=ID_MAX,
    ),
]
# The morning view's horizon (due, and demo's copy of it).
Kind = Annotated[
    str,
    kind_option(
        "meeting, office-hours, rotation, shadowing, research, seminar, conference, "
        "study-group, email, call, message, social, interview or other."
    ),
]


def _sets_env(name: str, to: str) -> Callable[[bool], bool]:
    """A flag's callback: when given, set the environment variable ``name`` to ``to`` (for
    the readers further down, which look at the environment)."""

    def given(value: bool) -> bool:
        if value:
            os.environ[name] = to
        return value

    return given


# --wide: the tables show every column whole (read by medcrm.render.common.wide).
Wide = Annotated[
    bool,
    typer.Option(
        "--wide",
        "-w",
        help="Show every column whole: full dates, long text wrapped (MEDCRM_WIDE=1 always).",
        callback=_sets_env("MEDCRM_WIDE", "1"),
    ),
]
# --no-pager after the command, as before it (read by medcrm.cli.output.pager).
NoPager = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print long output without a pager.",
        callback=_sets_env("MEDCRM_PAGER", ""),
    ),
]


def paged(command: Callable[P, None]) -> Callable[P, None]:
    """A command that prints tables ends its options with --wide and --no-pager; their
    callbacks set what the tables and the pager read, so the command does not take them."""
    own = inspect.signature(command, eval_str=True)
    last = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=False, annotation=kind)
        for name, kind in (("wide", Wide), ("no_pager", NoPager))
    ]

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        kwargs.pop("wide", None)
        kwargs.pop("no_pager", None)
        command(*args, **kwargs)

    signature = own.replace(parameters=[*own.parameters.values(), *last])
    run.__signature__ = signature  # type: ignore[attr-defined]
    return run


OneContact = Annotated[
    str | None, contact_argument("[WHO]", "Only this contact's items (id or name).")
]
UpcomingDays = Annotated[
    int,
    typer.Option(
        "--days",
        "-n",
        metavar="N",
        help="How many days ahead 'Upcoming' looks.",
        min=0,
        max=3660,
    ),
]
Limit = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-l",
        metavar="N",
        help="Rows to show (0: all). Tables show the first few by default; --json shows all.",
        show_default=False,
        min=0,
        max=ID_MAX,
    ),
]


def row_limit(given: int | None, json_: bool, table_default: int) -> int | None:
    """The service's limit: what was given (0 = none), else all for JSON, else a screenful."""
    if given is not None:
        if given < 0:
            from medcrm.pure.errors import InvalidInput

            raise InvalidInput("--limit must be 0 (no limit) or more.")
        return given or None
    return None if json_ else table_default
