"""The command-line interface: parses arguments, calls one service, renders the result.

This is the only layer that prints, prompts or exits.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import import_module

import typer

from medcrm.cli.app import app

# Each module registers its commands on import; this order is the order of --help: the daily
# verbs first, then the groups, then the demo.
COMMAND_MODULES = (
    "contacts", "log", "followups", "reports", "rotations", "letters", "imports", "exports", "data",
    "demo", "changes", "edits", "duplicates", "search", "programs", "season", "deadlines", "sync",
)  # fmt: skip
for _module in COMMAND_MODULES:
    import_module(f"medcrm.cli.{_module}")

# The global options that take a value (see medcrm.cli.app.root).
_VALUED = ("--db", "--database-url")
_WHOLE_APP = ("-h", "--help", "--version")


def requested(args: Sequence[str]) -> str | None:
    """The command named on the command line, when nothing before it needs the whole app."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif arg in _WHOLE_APP or arg == "--":
            return None
        elif not arg.startswith("-"):
            return arg
    return None


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


def main() -> None:
    completing = any(key.startswith("_MEDCRM_COMPLETE") for key in os.environ)
    with only(None if completing else requested(sys.argv[1:])):
        app(prog_name="medcrm")


__all__ = ["app", "main"]
