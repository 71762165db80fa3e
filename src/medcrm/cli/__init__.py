"""The command-line interface: parses arguments, calls one service, renders the result.

This is the only layer that prints, prompts or exits.
"""

from __future__ import annotations

from medcrm.cli import contacts, demo, followups, log  # noqa: F401  (they register their commands)
from medcrm.cli.app import app


def main() -> None:
    app(prog_name="medcrm")


__all__ = ["app", "main"]
