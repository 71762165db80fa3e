"""Names that match nobody, in ``log`` and ``follow-up``: added on the spot (``--new``, or
asked in a terminal), or refused with what to do; arguments that look swapped are refused
with the right order."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from medcrm.cli import common
from medcrm.cli.output import say
from medcrm.pure.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from medcrm.storage.connection import Reader, Writer
    from medcrm.storage.store import Opened

New = Annotated[
    bool,
    typer.Option("--new", help="Add a name that matches no contact as a new contact (a peer)."),
]
# Given the missing WHO and the reader: a message saying the arguments look swapped, or None.
Swapped = Callable[[str, "Reader"], str | None]


def quoted(*words: str) -> str:
    return " ".join(shlex.quote(w) for w in words)


def newcomers(db: Opened, whos: list[str], *, new: bool, swapped: Swapped) -> list[str]:
    """The names in ``whos`` that match no contact and are to be added: all of them with
    ``new``; in a terminal, those the user agrees to (a "no" changes nothing and exits);
    otherwise none, and the first one's error, which also names --new."""
    from medcrm.pure.text import name_key
    from medcrm.services.resolve import resolve_contact

    missing: list[tuple[str, str]] = []
    keys: set[str] = set()
    with db.read() as reader:
        for who in dict.fromkeys(whos):
            try:
                resolve_contact(reader, who)
            except NotFound as exc:
                hint = swapped(who, reader)
                if hint is not None:
                    raise InvalidInput(hint) from exc
                if who.strip().lstrip("#").isdigit():
                    raise  # an id that is nobody's: no name to add
                if name_key(who) not in keys:  # "Fresh Guy" and "fresh guy" are one person
                    keys.add(name_key(who))
                    missing.append((who, str(exc)))
    if not missing or new:
        return [who for who, _ in missing]
    if not common.interactive():
        who, message = missing[0]
        raise NotFound(f"{message} (or add --new to add {who!r} as you go).")
    for who, message in missing:
        say(message)
        if not typer.confirm(f"Add {who!r} as a new contact?", default=False):
            say("Nothing was changed.")
            raise typer.Exit(1)
    return [who for who, _ in missing]


def add_newcomers(
    tx: Writer, whos: list[str], names: list[str], *, today: date
) -> tuple[list[str], list[tuple[int, str]]]:
    """Add ``names`` (inside the command's transaction): ``whos`` with each of them replaced
    by the new contact's id, and the contacts added (id, name)."""
    from medcrm.pure.text import name_key
    from medcrm.services.contacts import add_contact

    added = [(add_contact(tx, name=name, today=today).contact, name) for name in names]
    ids = {name_key(name): str(c.id) for c, name in added}
    return [ids.get(name_key(who), who) for who in whos], [(c.id, c.name) for c, _ in added]


def say_added(added: list[tuple[int, str]]) -> None:
    """One line per contact added on the way."""
    for contact_id, name in added:
        say("Added ", (f"#{contact_id}", "bold"), f" {name} (peer).")
