"""The Typer app, its global options, and the one error boundary.

Only typer and the standard library are imported here: ``medcrm --help``, ``--version`` and
shell completion never load SQLAlchemy. Each command imports what it needs in its body.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from medcrm import __version__
from medcrm.pure.errors import MedcrmError


@dataclass
class State:
    db: str | None = None
    database_url: str | None = None
    debug: bool = False
    # Other URLs this command was given (migrate-to's target): their passwords are scrubbed too.
    other_urls: list[str] = field(default_factory=list)
    # What to let go of when the command ends (a server's connection pool).
    to_close: list[Any] = field(default_factory=list)


_state = State()


class MedcrmGroup(TyperGroup):
    """Runs Click in non-standalone mode so that every failure ends here, as one line on stderr.

    * a :class:`MedcrmError` (bad input, unknown contact...): exit 1;
    * a usage error (unknown option, missing argument): exit 2;
    * Ctrl-C: exit 130;
    * anything unexpected: one line naming the error type and ``--debug``, exit 1. Only
      ``--debug`` (or ``MEDCRM_DEBUG=1``) shows a traceback; tracebacks never show locals.
    """

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from medcrm.cli.completion import register

        register()
        code = 0
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = rv if isinstance(rv, int) else 0
            if code == 130:  # Typer turns Ctrl-C into Exit(130) before it gets here
                _error("Interrupted; nothing was changed.")
        except typer.TyperException as exc:  # Typer's (vendored Click's) usage errors
            ctx = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError":
                print(exc.format_message())  # bare 'medcrm': show the help
            else:
                message = exc.format_message().rstrip()
                if exc.exit_code == 2 and ctx:
                    stop = "" if message.endswith((".", "!", "?")) else "."
                    message += f"{stop} See '{ctx.command_path} --help'."
                _error(message)
                code = exc.exit_code
        except typer.Abort as exc:
            if isinstance(exc.__context__, KeyboardInterrupt):  # Ctrl-C at a prompt
                _error("Interrupted; nothing was changed.")
                code = 130
            else:
                _error("Aborted; nothing was changed.")
                code = 1
        except MedcrmError as exc:
            _error(exc.message)
            code = exc.exit_code
        except KeyboardInterrupt:
            _error("Interrupted; nothing was changed.")
            code = 130
        except BrokenPipeError:
            code = 1
        except Exception as exc:
            if _state.debug or os.environ.get("MEDCRM_DEBUG"):
                sys.stderr.write(scrub(traceback.format_exc()))
            known = storage_failure(exc)
            _error(
                known
                or f"medcrm hit an unexpected {type(exc).__name__}; your data was not changed. "
                "Run the command again with --debug to see the details."
            )
            code = 1
        finally:
            while _state.to_close:
                _state.to_close.pop().close()
        if standalone_mode:
            sys.exit(code)
        return code


# SQLite's own words for what can go wrong with the file, and what to tell the user. The
# transaction was rolled back in each case, so the database is as it was.
_STORAGE = (
    ("no such tokenizer", "This database's contact search index needs a SQLite with the "
     "trigram tokenizer (3.34 or newer), and this Python's SQLite is older, so nothing was "
     "saved. Run medcrm with a newer Python (its SQLite), or on the computer that made it."),
    ("disk is full", "The disk is full (or the database reached its size limit), so nothing "
     "was saved. Free some space and try again."),
    ("database is locked", "Another program kept the database busy for 15 seconds, so "
     "nothing was saved. Let it finish (or close it) and try again."),
    ("readonly", "The database file is read-only, so nothing was saved. Check its permissions "
     "with 'medcrm doctor'."),
    ("malformed", "The database file is damaged; nothing was changed. Restore the newest "
     "backup ('medcrm doctor' lists them): medcrm restore PATH"),
    ("not a database", "The database file is damaged or not a database; nothing was "
     "changed. Restore a backup ('medcrm doctor' lists them): medcrm restore PATH"),
    ("unable to open database", "medcrm could not open the database file (was its folder "
     "moved or made unreadable?). 'medcrm doctor' shows where it looks."),
    ("disk i/o error", "The disk reported an error, so nothing was saved. Check the disk, "
     "then run 'medcrm doctor'."),
    ("no such column", "The database's tables were changed by another program (a column "
     "medcrm needs is missing), so nothing was saved. 'medcrm doctor' says what differs; "
     "restore a backup with 'medcrm restore'."),
    ("no such table", "The database's tables were changed by another program (a table "
     "medcrm needs is missing), so nothing was saved. 'medcrm doctor' says what differs; "
     "restore a backup with 'medcrm restore'."),
    ("error in view", "A view that another program added to the database fails, so nothing "
     "was saved. 'medcrm doctor' names it and says how to remove it."),
    ("error in trigger", "A trigger that another program added to the database fails, so "
     "nothing was saved. 'medcrm doctor' names it and says how to remove it."),
    # PostgreSQL (the server rolled the transaction back in each case)
    ("lock timeout", "Another medcrm client kept the database busy for 15 seconds, so nothing "
     "was saved. Try again in a moment."),
    ("server closed the connection", "The connection to the database server was lost, so "
     "nothing was saved. Check the connection and try again."),
    ("terminating connection", "The database server ended the connection, so nothing was "
     "saved. Try again; if it keeps happening, ask the server's administrator."),
    ("read-only transaction", "The database server accepts only reads right now (a standby "
     "or read-only copy?), so nothing was saved."),
    ("permission denied", "The database server refused access to medcrm's tables (permission "
     "denied), so nothing was saved. Ask its administrator to grant your user access."),
)  # fmt: skip


def storage_failure(exc: BaseException) -> str | None:
    """A clear sentence for SQLite errors about the file itself (disk full, locked...)."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        module = type(current).__module__
        if module in ("sqlite3", "medcrm.storage.libpq") or module.startswith(
            ("psycopg", "sqlalchemy.exc")
        ):
            text = str(current).lower()
            for fragment, message in _STORAGE:
                if fragment in text:
                    return message
        todo += [current.__cause__, current.__context__, getattr(current, "orig", None)]
    return None


def scrub(message: str) -> str:
    """``message`` with any password from the database URL replaced by ``***``: whatever a
    driver echoes back, a password never reaches the terminal or a log."""
    urls = [_state.database_url, os.environ.get("MEDCRM_DATABASE_URL"), *_state.other_urls]
    if not any(urls):
        return message
    from medcrm.storage.location import url_secrets

    for url in urls:
        for secret in url_secrets(url) if url else ():
            if len(secret) >= 3:
                message = message.replace(secret, "***")
    return message


def _error(message: str) -> None:
    from medcrm.cli.output import error

    error(scrub(message))


def _version(value: bool) -> None:
    if value:
        print(f"medcrm {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=MedcrmGroup,
    name="medcrm",
    help=(
        "A personal networking CRM for medical students: the people you meet, what happened, "
        "and whom to thank, follow up with, or reconnect with each morning."
        "\n\nDaily use: 'medcrm add-contact' when you meet someone, 'medcrm log' after a "
        "shift, seminar or office hours, 'medcrm due' each morning."
        "\n\n\b\nExample: medcrm log ruiz --kind rotation "
        '--follow-up "Send thank-you" --due tomorrow'
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Database file to use (default: $MEDCRM_DB, else your medcrm app directory).",
            show_default=False,
        ),
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            metavar="URL",
            help="A PostgreSQL server instead of a file, e.g. postgresql://you@host/medcrm "
            "(default: $MEDCRM_DATABASE_URL). Keep the password in ~/.pgpass or PGPASSWORD.",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback when something unexpected fails.")
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Never page long output (a pager is used only in a terminal; MEDCRM_PAGER= "
            "turns it off for good, MEDCRM_PAGER=CMD picks one; default $PAGER, else less -FRX).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    if no_pager:
        os.environ["MEDCRM_PAGER"] = ""
    _state.db = db
    _state.database_url = database_url
    _state.debug = debug


def state() -> State:
    return _state
