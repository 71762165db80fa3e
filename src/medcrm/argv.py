"""What the ``medcrm`` program was asked to run, read from its arguments before the CLI is
imported: the launcher (:mod:`medcrm.launch`) sets :data:`launched`, and the CLI then imports
only the modules that register that command (a daily command need not load the other sixteen)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

# The command the program runs, when it alone need be loaded; None: the whole CLI (no
# command, --help, --version, shell completion, or when the CLI is imported as a library).
launched: str | None = None

# The global options that take a value (see medcrm.cli.app.root).
_VALUED = ("--db", "--database-url")
_WHOLE_APP = ("-h", "--help", "--version")


# What ``--version`` alone needs: no command at all.
VERSION = "--version"


def requested(args: Sequence[str]) -> str | None:
    """The command named on the command line, when nothing before it needs the whole app
    (``VERSION`` for ``--version``, which needs none)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif arg == VERSION:
            return VERSION
        elif arg in _WHOLE_APP or arg == "--":
            return None
        elif not arg.startswith("-"):
            return arg
    return None


def _completing() -> bool:
    return any(key.startswith("_MEDCRM_COMPLETE") for key in os.environ)


def command_line() -> str | None:
    """:func:`requested` of this program's arguments; None while the shell completes a word
    (completion needs the whole CLI)."""
    return None if _completing() else requested(sys.argv[1:])


def lists_commands() -> bool:
    """Whether the program is asked for its list of commands alone (``medcrm``, ``medcrm
    --help``): their names and help, not their parameters."""
    return not _completing() and sys.argv[1:] in ([], ["--help"], ["-h"])
