"""The only place medcrm writes to the terminal. Colour follows Rich (none when piped or
with NO_COLOR); user text is always passed as ``Text``, never as markup."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    # Created per call so that the current sys.stdout/sys.stderr (and test runners) are used.
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def show(renderable: RenderableType) -> None:
    _console().print(renderable)


def say(*parts: str | Text | tuple[str, str]) -> None:
    """One line on stdout assembled from plain strings, Texts and (text, style) pairs."""
    from rich.text import Text

    _console().print(Text.assemble(*parts))


def note(*parts: str | Text | tuple[str, str]) -> None:
    """A side remark on stderr (so it never mixes with --json output)."""
    from rich.text import Text

    _console(stderr=True).print(Text.assemble(*parts), style="dim")


def error(message: str) -> None:
    from rich.text import Text

    from medcrm.sanitize import strip_controls

    line = Text.assemble(("Error: ", "bold red"), strip_controls(" ".join(message.split())))
    _console(stderr=True).print(line, soft_wrap=True)


def emit_json(data: object) -> None:
    from medcrm.render.jsonout import dumps

    sys.stdout.write(dumps(data) + "\n")
