"""letters: list, ask, edit, remove, set, suggest."""

from __future__ import annotations

from typing import Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import (
    ID_MAX,
    AllowPhi,
    Json,
    Who,
    open_db,
    paged,
    read,
    today,
    when,
    when_option,
)
from medcrm.cli.output import Part, present, say

LetterId = Annotated[
    int, typer.Argument(metavar="ID", help="Letter id (see 'medcrm letters').", min=1, max=ID_MAX)
]

letters_app = typer.Typer(
    help=(
        "Letters of recommendation: ask, track, find writers.\n\nTrack each letter through "
        "asked, agreed, materials-sent, submitted and thanked (or declined), and see who "
        "knows you best.\n\nWithout a subcommand, lists "
        "them by deadline.\n\n\b\n"
        "Example: medcrm letters --open"
    ),
    invoke_without_command=True,
)
app.add_typer(letters_app, name="letters")


@letters_app.callback()
@paged
def letters(
    ctx: typer.Context,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only letters not yet submitted or declined.")
    ] = False,
    json_: Json = False,
) -> None:
    """Letters of recommendation: list them, or ask, set a status, get suggestions."""
    if ctx.invoked_subcommand is not None:
        return
    from medcrm.storage.queries import list_letters

    rows = read(list_letters, open_only=open_only)
    present(
        json_, rows, "letter", "letters.letters_view", each=True, today=today(), open_only=open_only
    )


_TYPE_FLAGS = ("--type", "--kind")
_TYPE_HELP = "ERAS's letter type: standard, chair, sloe, slor or narrative (--kind works too)."
LetterType = Annotated[str, typer.Option(*_TYPE_FLAGS, metavar="TYPE", help=_TYPE_HELP)]
Waived = Annotated[
    bool | None,
    typer.Option(
        "--waived/--not-waived",
        help="Whether you waived your right to see the letter (unknown until you say).",
        show_default=False,
    ),
]
ErasId = Annotated[
    str | None,
    typer.Option("--letter-id", metavar="ID", help="The ERAS Letter ID ('' clears it)."),
]


def _said(change: object) -> None:
    """One line: the letter as it is now, and the follow-ups the step planned or closed
    ("Letter #3 from Dr. Ana Ruiz for IM ERAS: agreed, due 1 Sep; follow-up #9 due Fri: Send
    Dr. Ana Ruiz your CV and personal statement")."""
    from medcrm.pure.records import LetterChange
    from medcrm.render.words import edits_text, short_day

    assert isinstance(change, LetterChange)
    x, day = change.letter, today()
    if change.edits:
        parts: list[Part] = ["Changed letter ", (f"#{x.id}", "bold"), f" from {x.contact}: ",
                             edits_text(change.edits)]  # fmt: skip
    else:
        parts = ["Letter ", (f"#{x.id}", "bold"), " from ", (x.contact, "bold"), " for ",
                 x.target, f": {x.status}, due {short_day(x.due, day)}"]  # fmt: skip
    created = change.created
    if len(created) == 1:
        [f] = created
        parts += ["; follow-up ", (f"#{f.id}", "bold"), f" due {short_day(f.due, day)}: ", f.title]
    elif created:
        ids = ", ".join(f"#{f.id}" for f in created)
        parts += ["; follow-ups ", (ids, "bold"), f" due from {short_day(created[0].due, day)}"]
    if change.closed:
        parts.append("; closed " + ", ".join(f"#{f.id}" for f in change.closed))
    say(*parts, ".")


@letters_app.command("ask")
def ask(
    who: Who,
    target: Annotated[
        str,
        typer.Option(
            "--for",
            metavar="TARGET",
            help="The specialty or application: 'Internal Medicine ERAS'.",
        ),
    ],
    due: Annotated[str, when_option("--due", help="The deadline.")],
    kind: LetterType = "narrative",
    waived: Waived = None,
    eras_id: ErasId = None,
    note_: Annotated[
        str | None, typer.Option("--note", "-n", metavar="TEXT", help="Anything to remember.")
    ] = None,
    allow_phi: AllowPhi = False,
    date_: Annotated[
        str,
        when_option("--date", "-d", help="When you asked (default today)."),
    ] = "today",
    again: Annotated[
        bool,
        typer.Option(
            "--again", help="Ask for a second letter when one for the same target is open."
        ),
    ] = False,
) -> None:
    """Record that you asked someone for a letter; reminders are planned before the deadline.

    A writer who already has an open letter for the same target is not asked twice by
    mistake: medcrm asks (in a terminal) or wants --again.

    \b
    Example: medcrm letters ask ruiz --for "IM ERAS" --due "Sep 1" --type chair --waived
    """
    from medcrm.cli.common import interactive
    from medcrm.services.letters import LetterExists
    from medcrm.services.letters import ask as ask_letter

    day = today()
    deadline = when(due, lean="future", day=day)
    asked_on = when(date_, lean="past", day=day)
    db = open_db()

    def record(again: bool) -> object:
        with db.writer() as tx:
            return ask_letter(
                tx, who=who, target=target, due=deadline, today=day, kind=kind, waived=waived,
                eras_id=eras_id, note=note_, allow_phi=allow_phi, asked_on=asked_on, again=again,
            )  # fmt: skip

    try:
        change = record(again)
    except LetterExists as exc:
        if not interactive():
            raise
        say(exc.message)
        if not typer.confirm("Ask for a second letter?", default=False):
            say("Nothing was changed.")
            raise typer.Exit(1) from None
        change = record(True)
    _said(change)


@letters_app.command("edit")
def edit(
    letter_id: LetterId,
    deadline: Annotated[
        str | None, when_option("--deadline", "--due", help="A new deadline.")
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--for", metavar="TARGET", help="What the letter is for, corrected."),
    ] = None,
    note_: Annotated[
        str | None,
        typer.Option("--note", "-n", metavar="TEXT", help="A new note ('' clears it)."),
    ] = None,
    kind: Annotated[str | None, typer.Option(*_TYPE_FLAGS, metavar="TYPE", help=_TYPE_HELP)] = None,
    waived: Waived = None,
    eras_id: ErasId = None,
    allow_phi: AllowPhi = False,
) -> None:
    """Correct a letter: its deadline, what it is for, its note, its ERAS type, Letter ID or
    waiver.

    A new deadline or target re-plans the reminders still to come.

    \b
    Example: medcrm letters edit 3 --deadline "Sep 15" --letter-id L-2027-0412 --not-waived
    """
    from medcrm.services.letters import Eras
    from medcrm.services.letters import edit as change_letter

    day = today()
    due = None if deadline is None else when(deadline, lean="future", day=day)
    eras = Eras(kind, waived, eras_id)
    db = open_db()
    with db.writer() as tx:
        change = change_letter(tx, letter_id, today=day, due=due, target=target, note=note_,
                               eras=eras, allow_phi=allow_phi)  # fmt: skip
    _said(change)


@letters_app.command("remove")
def remove(
    letter_id: LetterId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask; remove at once.")] = False,
) -> None:
    """Delete a letter and the follow-ups planned for it (asks first).

    \b
    Example: medcrm letters remove 3 --yes
    """
    from medcrm.cli.common import ask_first
    from medcrm.services.letters import remove as delete_letter
    from medcrm.storage.queries import get_letter

    db = open_db()
    with db.read() as reader:
        x = get_letter(reader, letter_id)
    ask_first(
        yes=yes,
        what=f"This deletes letter #{x.id} from {x.contact} for {x.target} ({x.status}) and "
        "its follow-ups.",
        question="Remove it?",
        refusal=f"Not removing letter #{x.id} without asking; add --yes.",
    )
    with db.writer() as tx:
        gone = delete_letter(tx, letter_id)
    say("Removed letter ", (f"#{gone.id}", "bold"), " from ", (gone.contact, "bold"), " for ",
        gone.target, ". Undo with: medcrm undo")  # fmt: skip


@letters_app.command("set")
def set_status(
    letter_id: Annotated[
        str, typer.Argument(metavar="ID", help="Letter id (see 'medcrm letters').")
    ],
    status: Annotated[
        str,
        typer.Argument(
            metavar="STATUS", help="agreed, materials-sent, submitted, thanked or declined."
        ),
    ],
    date_: Annotated[
        str, when_option("--date", "-d", help="When it happened (default today).")
    ] = "today",
) -> None:
    """Move a letter along: each step plans (or closes) your follow-ups.

    agreed: send your CV and personal statement; submitted: the reminders stop and a
    thank-you is planned; thanked and materials-sent close their follow-ups.

    \b
    Example: medcrm letters set 3 agreed --date yesterday
    """
    from medcrm.services.letters import set_status as move

    day = today()
    on = when(date_, lean="past", day=day)
    number = _letter_number(letter_id, status)
    db = open_db()
    with db.writer() as tx:
        change = move(tx, number, status, on=on, today=day)
    _said(change)


def _letter_number(letter_id: str, status: str) -> int:
    """The id of ``letters set ID STATUS``, or an error showing the right order."""
    from medcrm.pure.errors import InvalidInput

    if letter_id.strip().isdigit() and 1 <= int(letter_id) <= ID_MAX:
        return int(letter_id)
    if status.strip().isdigit():
        raise InvalidInput(
            f"The letter's id comes first, then its status: medcrm letters set {status.strip()} "
            f"{letter_id.strip()}"
        )
    raise InvalidInput(
        f"{letter_id!r} is not a letter id (a number; 'medcrm letters' lists them): "
        f"medcrm letters set ID {status}"
    )


@letters_app.command("suggest")
def suggest(
    specialty: Annotated[
        str | None,
        typer.Option("--specialty", "-s", metavar="TEXT", help="Favour this specialty."),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-l", metavar="N", help="How many.", min=1, max=1000)
    ] = 10,
    json_: Json = False,
) -> None:
    """Who knows you best: faculty, attendings, residents and fellows ranked, each with why.

    The ranking weighs how often and how recently you worked together and how (a rotation or
    research counts more than an email), days together on a rotation, and specialty.

    \b
    Example: medcrm letters suggest --specialty "Internal Medicine"
    """
    from medcrm.services.reports import suggest_writers

    rows = read(suggest_writers, today=today(), specialty=specialty, limit=limit)
    present(json_, rows, "suggestion", "letters.suggestions_view", each=True, specialty=specialty)


ProgramIds = Annotated[
    list[str],
    typer.Argument(metavar="PROGRAM...", help="Program ids or names.", show_default=False),
]


@letters_app.command("assign")
def assign(letter_id: LetterId, programs: ProgramIds) -> None:
    """Assign a letter to programs in ERAS (at most 4 letters per program: a fifth is refused
    and nothing changes).

    \b
    Example: medcrm letters assign 2 riverside "hill fm"
    """
    from medcrm.services.programs import assign_letter

    db = open_db()
    with db.writer() as tx:
        letter, chosen = assign_letter(tx, letter_id, programs)
    names = ", ".join(f"#{p.id} {p.name}" for p in chosen)
    say("Letter ", (f"#{letter.id}", "bold"), f" from {letter.contact} goes to {names}.")


@letters_app.command("unassign")
def unassign(letter_id: LetterId, programs: ProgramIds) -> None:
    """Take a letter back from programs.

    \b
    Example: medcrm letters unassign 2 riverside
    """
    from medcrm.services.programs import assign_letter

    db = open_db()
    with db.writer() as tx:
        letter, chosen = assign_letter(tx, letter_id, programs, unassign=True)
    names = ", ".join(f"#{p.id} {p.name}" for p in chosen)
    say("Letter ", (f"#{letter.id}", "bold"), f" no longer goes to {names}.")
