"""Shell completion: contact names are offered as one word in every shell.

Typer's bash script inserts candidates as they are printed, so a name with a space would
become two arguments; medcrm's bash class escapes them (``Ana\\ Ruiz``). zsh and fish quote
what they insert themselves. This uses Typer's completion classes, which is why Typer is
pinned (see pyproject.toml).
"""

from __future__ import annotations

import re

from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import BashComplete

_UNSAFE_FOR_BASH = re.compile(r"[^\w@%+=:,./-]")


class MedcrmBashComplete(BashComplete):
    def format_completion(self, item: CompletionItem) -> str:
        return _UNSAFE_FOR_BASH.sub(lambda m: "\\" + m.group(), str(item.value))


def register() -> None:
    """Use medcrm's bash class (Typer registers its own each time it builds the app)."""
    add_completion_class(MedcrmBashComplete, "bash")
