"""The command-line interface: parses arguments, calls one service, renders the result.

This is the only layer that prints, prompts or exits.
"""

from __future__ import annotations

# The order of these imports is the order of the commands in --help: daily verbs first.
from medcrm.cli import contacts, demo, followups, log  # noqa: F401
from medcrm.cli.app import app


def main() -> None:
    app(prog_name="medcrm")


__all__ = ["app", "main"]
