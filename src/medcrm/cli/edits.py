"""edit-log, edit-follow-up: correct what was logged or planned."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from medcrm.cli import common
from medcrm.cli.app import app
from medcrm.cli.common import (
    AllowPhi,
    Anyway,
    FollowUpId,
    InteractionId,
    contact_option,
    kind_option,
    note_option,
    open_db,
    rotation_option,
    today,
    when,
    when_option,
)
from medcrm.cli.output import say

_EDITOR_HINT = "# Edit the note of interaction #{id}. Lines starting with # are ignored;\n" \
    "# an empty note cancels the edit.\n"  # fmt: skip


@app.command("edit-log")
def edit_log(
    interaction_id: InteractionId,
    note: Annotated[
        str | None,
        note_option("The new note ('-': standard input)."),
    ] = None,
    date_: Annotated[
        str | None, when_option("--date", "-d", help="When it really happened.")
    ] = None,
    kind: Annotated[str | None, kind_option("What it was (see 'medcrm log --help').")] = None,
    add: Annotated[
        list[str] | None, contact_option("--add", help="Someone else who was there (repeatable).")
    ] = None,
    drop: Annotated[
        list[str] | None, contact_option("--drop", help="Someone who was not (repeatable).")
    ] = None,
    rotation: Annotated[str | None, rotation_option("Attach it to this rotation.")] = None,
    no_rotation: Annotated[
        bool, typer.Option("--no-rotation", help="Detach it from its rotation.")
    ] = False,
    allow_phi: AllowPhi = False,
) -> None:
    """Correct a logged interaction: its note, date, kind, people or rotation.

    With no option, in a terminal, the note opens in $VISUAL or $EDITOR (as 'git commit'
    does); saving an empty note changes nothing. A new date moves it to the rotation of that
    date, unless its rotation still covers it.

    \b
    Example: medcrm edit-log 42 --date yesterday --add okafor
    Example: medcrm edit-log 42
    """
    from medcrm.services.log import edit_log as change
    from medcrm.storage.queries import get_interaction

    day = today()
    db = open_db()
    nothing_given = not (note or date_ or kind or add or drop or rotation or no_rotation)
    if nothing_given and common.interactive():
        with db.read() as reader:
            current = get_interaction(reader, interaction_id).note
        note = _edit_in_editor(current or "", _EDITOR_HINT.format(id=interaction_id))
        if note is None:
            say("The note is empty: nothing was changed.")
            raise typer.Exit(1)
        if note == (current or ""):
            say("The note is as it was: nothing was changed.")
            return
    if note == "-":
        note = sys.stdin.read()
    on = None if date_ is None else when(date_, lean="past", day=day)
    with db.writer() as tx:
        edited = change(
            tx, interaction_id, today=day, note=note, on=on, kind=kind, add=add, drop=drop,
            rotation=rotation, no_rotation=no_rotation, allow_phi=allow_phi,
        )  # fmt: skip
        from medcrm.cli.log import nrmp_reminder

        i = edited.interaction
        nrmp = nrmp_reminder(tx, [c.id for c in i.contacts], i.note) if note is not None else None
    from medcrm.render.words import edits_text

    say("Changed interaction ", (f"#{interaction_id}", "bold"), ": ", edits_text(edited.edits))
    if nrmp:
        from medcrm.cli.output import note as aside

        aside(nrmp)
    for f in edited.duties:
        say("Before you go ", (f"#{f.id}", "bold"), f" for {f.contact}: ", f.title)


def _edit_in_editor(text: str, hint: str) -> str | None:
    """``text`` edited in the user's editor; None when they saved it empty."""
    from medcrm.pure.errors import InvalidInput

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="medcrm-") as folder:
        path = Path(folder) / "note.txt"
        path.write_text(hint + text + ("\n" if text and not text.endswith("\n") else ""),
                        encoding="utf-8")  # fmt: skip
        try:
            done = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except OSError as exc:
            raise InvalidInput(
                f"Could not start the editor '{editor}' ({exc.strerror}); set $EDITOR, or give "
                "the note with --note."
            ) from exc
        if done.returncode != 0:
            raise InvalidInput(f"The editor '{editor}' failed (exit {done.returncode}); "
                               "nothing was changed.")  # fmt: skip
        written = path.read_text(encoding="utf-8", errors="replace")
    kept = "\n".join(line for line in written.splitlines() if not line.startswith("#")).strip()
    return kept or None


@app.command("edit-follow-up")
def edit_follow_up(
    follow_up_id: FollowUpId,
    title: Annotated[
        str | None, typer.Option("--title", "-t", metavar="TITLE", help="What to do, corrected.")
    ] = None,
    due: Annotated[
        str | None, when_option("--due", help="A new due date: fri, 'in 2 weeks'.")
    ] = None,
    every: Annotated[
        str | None,
        typer.Option("--every", metavar="DURATION", help="Make it repeat: 2w, 1m, 3m..."),
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="Stop it repeating.")] = False,
    contact: Annotated[
        str | None, contact_option("--contact", help="It is for someone else.")
    ] = None,
    allow_phi: AllowPhi = False,
    anyway: Anyway = False,
) -> None:
    """Correct a follow-up: its title, due date, repetition or contact.

    \b
    Example: medcrm edit-follow-up 12 --due "next fri" --title "Send the revised abstract"
    """
    from medcrm.render.words import edits_text
    from medcrm.services.followups import edit_follow_up as change

    day = today()
    due_on = None if due is None else when(due, lean="future", day=day)
    db = open_db()
    with db.writer() as tx:
        edited = change(
            tx, follow_up_id, today=day, title=title, due=due_on, every=every, once=once,
            who=contact, allow_phi=allow_phi, anyway=anyway,
        )  # fmt: skip
        from medcrm.cli.log import nrmp_reminder

        f = edited.follow_up
        nrmp = nrmp_reminder(tx, [f.contact_id], f.title) if title is not None else None
    late = edited.follow_up.done_on is None and edited.follow_up.due < day
    say("Changed follow-up ", (f"#{follow_up_id}", "bold"), ": ", edits_text(edited.edits),
        (" (already overdue)", "bold red") if late else "")  # fmt: skip
    if nrmp:
        from medcrm.cli.output import note as aside

        aside(nrmp)
