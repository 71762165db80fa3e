"""The command-line interface: parses arguments, calls one service, renders the result.

This is the only layer that prints, prompts or exits.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from copy import copy
from importlib import import_module

import typer

from medcrm import argv
from medcrm.cli.app import app

# Each module registers its commands on import; this order is the order of --help: the daily
# verbs first, then the groups, then the demo.
COMMAND_MODULES = (
    "contacts", "log", "followups", "reports", "rotations", "letters", "imports", "exports", "data",
    "demo", "changes", "edits", "duplicates", "search", "programs", "season", "deadlines", "sync",
)  # fmt: skip

# The modules that register each command or group: the program imports only those of the command
# it runs (tests/test_startup.py checks this table against what the modules register).
REGISTERED_IN: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("add-contact", "contacts", "show", "edit", "remove"), ("contacts",)),
    **dict.fromkeys(("log", "history", "unlog"), ("log",)),
    **dict.fromkeys(
        ("follow-up", "follow-ups", "done", "reopen", "cancel", "snooze", "due"), ("followups",)
    ),
    **dict.fromkeys(("agenda", "stats", "config"), ("reports",)),
    **dict.fromkeys(("backup", "restore", "export"), ("exports",)),
    **dict.fromkeys(("init", "doctor", "migrate-to"), ("data",)),
    **dict.fromkeys(("undo", "redo"), ("changes",)),
    **dict.fromkeys(("edit-log", "edit-follow-up"), ("edits",)),
    **dict.fromkeys(("duplicates", "merge"), ("duplicates",)),
    "demo": ("demo",),
    "search": ("search",),
    "rotations": ("rotations",),
    "letters": ("letters",),
    "import": ("imports",),
    "programs": ("programs", "season", "deadlines"),
    "sync": ("sync",),
    argv.VERSION: (),  # the root's eager option prints it before any command is looked at
}


def modules_for(command: str | None) -> tuple[str, ...]:
    """The command modules to import for ``command`` (all of them for None or an unknown name,
    so that --help lists everything and a misspelling gets its suggestions)."""
    return REGISTERED_IN.get(command, COMMAND_MODULES) if command else COMMAND_MODULES


for _module in modules_for(argv.launched):
    import_module(f"medcrm.cli.{_module}")


def _name(info: typer.models.CommandInfo) -> str | None:
    if info.name:
        return info.name
    return None if info.callback is None else info.callback.__name__.lower().replace("_", "-")


@contextmanager
def only(name: str | None) -> Iterator[None]:
    """Build just the command that runs (Typer builds every command's parameters from its
    annotations on each start: tens of milliseconds that a daily command need not pay).

    Anything else (no command, an unknown or misspelled one, --help, shell completion) gets the
    whole app, so listings and "did you mean" suggestions are unchanged.
    """
    commands = [c for c in app.registered_commands if name and _name(c) == name]
    groups = [g for g in app.registered_groups if name and g.name == name]
    if not commands and not groups:
        yield
        return
    saved = app.registered_commands, app.registered_groups
    app.registered_commands, app.registered_groups = commands, groups
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = saved


def _listed_only() -> None:
    """Stands in for every command while ``medcrm --help`` lists them: never run."""


def _listed(info: typer.models.CommandInfo) -> typer.models.CommandInfo:
    listed = copy(info)
    listed.name = _name(info)
    listed.help = inspect.getdoc(info.callback) if info.help is None else info.help
    listed.callback = _listed_only
    return listed


@contextmanager
def listing(typer_app: typer.Typer = app) -> Iterator[None]:
    """The list of commands without their parameters: ``medcrm --help`` shows each command's
    name and the first line of its help, and Typer would otherwise read every command's
    annotations to build options the list never shows (about 30 ms of 79 commands). The text
    is the same (tests/test_startup.py compares it with the whole app's)."""
    saved = typer_app.registered_commands
    typer_app.registered_commands = [_listed(info) for info in saved]
    try:
        with ExitStack() as groups:
            for group in typer_app.registered_groups:
                if group.typer_instance is not None:
                    groups.enter_context(listing(group.typer_instance))
            yield
    finally:
        typer_app.registered_commands = saved


def main() -> None:
    with listing() if argv.lists_commands() else only(argv.command_line()):
        app(prog_name="medcrm")


__all__ = ["app", "main"]
