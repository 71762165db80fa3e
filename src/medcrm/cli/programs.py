"""programs: the application season's pipeline (list, add, edit, set, link, show)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import AllowPhi, Json, Who, open_db, read, today, when, when_option
from medcrm.cli.grouped import with_group
from medcrm.cli.output import present, say, show

if TYPE_CHECKING:
    from medcrm.services.programs import ProgramFields

programs_app = typer.Typer(
    help=(
        "Residency programs in the application season, as a pipeline: interested, applied, "
        "signaled, invited, scheduled, interviewed, ranked, matched (or rejected, withdrawn, "
        "waitlisted), with the people you know there.\n\nWithout a subcommand, lists them "
        "grouped by stage.\n\n\b\nExample: medcrm programs"
    ),
    invoke_without_command=True,
)
app.add_typer(programs_app, name="programs")

Program = Annotated[
    str, typer.Argument(metavar="ID", help="Program id or name (a unique part is enough).")
]
ProgramNote = Annotated[
    str | None, typer.Option("--note", "-n", metavar="TEXT", help="Your notes on it.")
]


@dataclass
class Details:
    """The details programs add and edit both take, as given (None: not given)."""

    specialty: Annotated[
        str | None,
        typer.Option("--specialty", "-s", metavar="TEXT", help="e.g. 'Internal Medicine'."),
    ] = None
    institution: Annotated[
        str | None,
        typer.Option("--institution", "-i", metavar="TEXT", help="The hospital or university."),
    ] = None
    city: Annotated[
        str | None, typer.Option("--city", metavar="TEXT", help="e.g. 'Boston, MA'.")
    ] = None
    url: Annotated[str | None, typer.Option("--url", metavar="URL", help="Its web page.")] = None
    note: ProgramNote = None
    letters_required: Annotated[
        int | None,
        typer.Option(
            "--letters-required",
            metavar="N",
            min=0,
            max=10,
            help="How many letters of recommendation it asks for.",
        ),
    ] = None


def _fields(details: Details, **given: object) -> ProgramFields:
    """What was given on the command line (None: not given)."""
    from medcrm.services.programs import UNSET, ProgramFields

    given |= asdict(details)
    return ProgramFields(**{k: UNSET if v is None else v for k, v in given.items()})


@programs_app.callback()
def programs(ctx: typer.Context, json_: Json = False) -> None:
    """Residency programs: list them, or add, edit, move, link and show one."""
    if ctx.invoked_subcommand is not None:
        return
    from medcrm.storage.queries.programs import list_programs

    present(
        json_, read(list_programs), "program", "programs.programs_view", each=True, today=today()
    )


@programs_app.command("add")
@with_group(Details, after=("note", "stage"))
def add(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="e.g. 'Riverside Internal Medicine'.")
    ],
    details: Details,
    stage: Annotated[
        str, typer.Option("--stage", metavar="STAGE", help="Where it stands (interested).")
    ] = "interested",
    no_post_interview_contact: Annotated[
        bool,
        typer.Option(
            "--no-post-interview-contact",
            help="It asks applicants not to write after the interview.",
        ),
    ] = False,
    allow_phi: AllowPhi = False,
) -> None:
    """Add a program to the pipeline; prints its id.

    \b
    Example: medcrm programs add "Riverside IM" --specialty "Internal Medicine" --city Boston
    """
    from medcrm.services.programs import add_program

    fields = _fields(
        details, name=name, post_interview_contact=False if no_post_interview_contact else None
    )
    db = open_db()
    with db.writer() as tx:
        program = add_program(tx, fields, today=today(), stage=stage, allow_phi=allow_phi)
    say("Added program ", (f"#{program.id}", "bold"), " ", (program.name, "bold"),
        f" ({program.stage}).")  # fmt: skip


@programs_app.command("edit")
@with_group(Details)
def edit(
    program: Program,
    name: Annotated[str | None, typer.Option("--name", metavar="NAME", help="A new name.")] = None,
    *,
    details: Details,
    post_interview_contact: Annotated[
        bool | None,
        typer.Option(
            "--post-interview-contact/--no-post-interview-contact",
            help="Whether it welcomes a thank-you after the interview.",
            show_default=False,
        ),
    ] = None,
    allow_phi: AllowPhi = False,
) -> None:
    """Change a program's details ("" clears a field); says what changed, old -> new.

    \b
    Example: medcrm programs edit 3 --city "Boston, MA" --letters-required 3
    """
    from medcrm.render.words import edits_text
    from medcrm.services.programs import edit_program

    fields = _fields(details, name=name, post_interview_contact=post_interview_contact)
    db = open_db()
    with db.writer() as tx:
        change = edit_program(tx, program, fields, allow_phi=allow_phi)
    p = change.program
    say("Changed program ", (f"#{p.id}", "bold"), f" {p.name}: ",
        edits_text(change.edits) or "nothing new")  # fmt: skip


@programs_app.command("set")
def set_stage(
    program: Program,
    stage: Annotated[
        str,
        typer.Argument(
            metavar="STAGE",
            help="interested, applied, signaled, invited, scheduled, interviewed, ranked, "
            "matched; or rejected, withdrawn, waitlisted.",
        ),
    ],
    date_: Annotated[str, when_option("--date", "-d", help="When it happened (today).")] = "today",
) -> None:
    """Move a program to a stage (any move; each is kept with its day).

    \b
    Example: medcrm programs set 3 applied
    """
    from medcrm.services.programs import set_stage as move

    day = today()
    on = when(date_, lean="past", day=day)
    db = open_db()
    with db.writer() as tx:
        change = move(tx, program, stage, on=on, today=day)
    p = change.program
    say("Moved program ", (f"#{p.id}", "bold"), f" {p.name}: ", change.edits[0].before or "",
        " → ", (p.stage, "bold"), ".")  # fmt: skip


@programs_app.command("link")
def link(
    program: Program,
    who: Who,
    role: Annotated[
        str,
        typer.Option(
            "--as",
            metavar="ROLE",
            help="pd, apd, coordinator, chief, resident, faculty, interviewer or alum.",
        ),
    ],
) -> None:
    """Tie a contact to a program (again: changes their role).

    \b
    Example: medcrm programs link 3 ruiz --as pd
    """
    from medcrm.services.programs import link_contact

    db = open_db()
    with db.writer() as tx:
        p, person, had = link_contact(tx, program, who, role=role)
    role_now = role.strip().lower()
    was = "" if had is None or had == role_now else f" (was {had})"
    say((person.name, "bold"), f" is {role_now}{was} at program ", (f"#{p.id}", "bold"),
        f" {p.name}.")  # fmt: skip


@programs_app.command("show")
def show_program(program: Program, json_: Json = False) -> None:
    """One program: its people, stage history, recent interactions with its people, their
    open follow-ups, your notes.

    \b
    Example: medcrm programs show 3
    """
    from medcrm.storage.queries.programs import program_detail, resolve_program

    detail = read(lambda reader: program_detail(reader, resolve_program(reader, program).id))
    present(json_, detail, "program_detail", "programs.program_view", today=today())


@programs_app.command("interviewed")
def interviewed(
    program: Program,
    with_: Annotated[
        list[str] | None,
        typer.Option(
            "--with", metavar="WHO", help="Who interviewed you (several names, or repeat)."
        ),
    ] = None,
    more: Annotated[
        list[str] | None,
        typer.Argument(metavar="[WHO...]", help="More names after --with.", show_default=False),
    ] = None,
    note: ProgramNote = None,
    date_: Annotated[str, when_option("--date", "-d", help="The interview day (today).")] = "today",
    allow_phi: AllowPhi = False,
) -> None:
    """After the interview day: the program moves to interviewed, one interaction (kind
    interview) is logged with everyone named, each becomes one of its interviewers, and each
    gets a thank-you due within 72 hours (none when the program asks applicants not to write).

    \b
    Example: medcrm programs interviewed 3 --with ruiz okafor --note "Loved the night float"
    """
    from medcrm.render.words import short_day
    from medcrm.services.programs import interviewed as record

    day = today()
    on = when(date_, lean="past", day=day)
    db = open_db()
    with db.writer() as tx:
        done = record(tx, program, [*(with_ or []), *(more or [])], on=on, today=day, note=note,
                      allow_phi=allow_phi)  # fmt: skip
        from medcrm.cli.log import nrmp_reminder

        nrmp = nrmp_reminder(tx, [c.id for c in done.logged.interaction.contacts], note)
    p, i = done.program, done.logged.interaction
    people = ", ".join(c.name for c in i.contacts)
    thanks = (
        f"; thank-yous {', '.join(f'#{f.id}' for f in done.thanks)} due "
        f"{short_day(done.thanks[0].due, day)}"
        if done.thanks
        else "; no thank-yous (it asks applicants not to write)"
    )
    say("Interviewed at ", (f"#{p.id}", "bold"), f" {p.name}: logged ", (f"#{i.id}", "bold"),
        f" with {people}{thanks}.")  # fmt: skip
    if nrmp:
        from medcrm.cli.output import note as aside

        aside(nrmp)


@programs_app.command("schedule")
def schedule(
    program: Program,
    on: Annotated[str, when_option("--on", help="The interview day.")],
    virtual: Annotated[bool, typer.Option("--virtual", help="A virtual interview.")] = False,
    pre_dinner: Annotated[
        str | None,
        when_option("--pre-dinner", help="The pre-interview dinner or social."),
    ] = None,
) -> None:
    """Schedule the interview: stage scheduled; agenda shows the day and the social.

    \b
    Example: medcrm programs schedule 3 --on "Jan 14" --pre-dinner "Jan 13"
    """
    from medcrm.render.words import day_label
    from medcrm.services.programs import schedule as plan

    day = today()
    on_day = when(on, lean="future", day=day)
    social = None if pre_dinner is None else when(pre_dinner, lean="future", day=day)
    db = open_db()
    with db.writer() as tx:
        change = plan(tx, program, on=on_day, today=day, virtual=virtual, social=social)
    p = change.program
    extra = "" if social is None else f"; pre-interview social {day_label(social)}"
    say("Scheduled ", (f"#{p.id}", "bold"), f" {p.name}: interview {day_label(on_day)}",
        " (virtual)" if virtual else "", f"{extra}.")  # fmt: skip


@programs_app.command("brief")
def brief(program: Program) -> None:
    """One screen for the night before: the program, your people there and what you last
    talked about with each, your notes.

    \b
    Example: medcrm programs brief 3
    """
    from medcrm.storage.queries.programs import program_detail, resolve_program

    db = open_db()
    with db.read() as reader:
        detail = program_detail(reader, resolve_program(reader, program).id, limit=50)
    from medcrm.render.programs import brief_view

    show(brief_view(detail, today=today()))


@programs_app.command("invite")
def invite(
    program: Program,
    respond_by: Annotated[
        str,
        when_option(
            "--respond-by",
            help="Answer by then: a day (to its end) or a day and time ('fri 17:00').",
        ),
    ],
) -> None:
    """An interview invitation: stage invited, and the clock to answer it, shown at the top
    of 'medcrm due' (hours left under 48) until the program moves on.

    \b
    Example: medcrm programs invite 3 --respond-by "fri 17:00"
    """
    from medcrm.pure.dates import parse_deadline
    from medcrm.services.programs import invite as record

    day = today()
    clock = parse_deadline(respond_by, today=day)
    db = open_db()
    with db.writer() as tx:
        change = record(tx, program, respond_by=clock, today=day)
    p = change.program
    say("Invited: ", (f"#{p.id}", "bold"), f" {p.name}; answer by ",
        (f"{clock:%a %Y-%m-%d %H:%M}", "bold"), ".")  # fmt: skip
