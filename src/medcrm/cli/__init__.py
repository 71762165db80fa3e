"""The command-line interface: parses arguments, calls one service, renders the result.

This is the only layer that prints, prompts or exits.
"""

from __future__ import annotations

from importlib import import_module

from medcrm.cli.app import app

# Each module registers its commands on import; this order is the order of --help: the daily
# verbs first, then the groups, then the demo.
COMMAND_MODULES = (
    "contacts", "log", "followups", "reports", "rotations", "letters", "transfer", "data", "demo",
)  # fmt: skip
for _module in COMMAND_MODULES:
    import_module(f"medcrm.cli.{_module}")


def main() -> None:
    app(prog_name="medcrm")


__all__ = ["app", "main"]
