"""Contacts: add-contact, contacts, show, edit, remove."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import (
    SEARCH_ROWS,
    TABLE_ROWS,
    Json,
    Limit,
    Who,
    complete_role,
    open_db,
    row_limit,
    today,
)
from medcrm.cli.output import emit_json, note, say, show, width

_P = "Contact details"
Role = Annotated[
    str | None,
    typer.Option(
        "--role",
        "-r",
        metavar="ROLE",
        help="peer, faculty, resident, fellow, attending, nurse, staff or other.",
        autocompletion=complete_role,
        rich_help_panel=_P,
    ),
]
Institution = Annotated[
    str | None,
    typer.Option(
        "--institution", "-i", metavar="TEXT", help="Hospital, school or lab.", rich_help_panel=_P
    ),
]
Specialty = Annotated[
    str | None,
    typer.Option(
        "--specialty", "-s", metavar="TEXT", help="e.g. Internal Medicine.", rich_help_panel=_P
    ),
]
Email = Annotated[str | None, typer.Option("--email", "-e", metavar="EMAIL", rich_help_panel=_P)]
Phone = Annotated[str | None, typer.Option("--phone", "-p", metavar="PHONE", rich_help_panel=_P)]
Tags = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", "-t", metavar="TAG", help="A tag (repeat for several).", rich_help_panel=_P
    ),
]
Met = Annotated[
    str | None,
    typer.Option(
        "--met",
        "-m",
        metavar="TEXT",
        help="How or where you met (e.g. 'IM clerkship').",
        rich_help_panel=_P,
    ),
]
Note = Annotated[
    str | None,
    typer.Option("--note", "-n", metavar="TEXT", help="Free-text notes.", rich_help_panel=_P),
]
Every = Annotated[
    str | None,
    typer.Option(
        "--every",
        metavar="DURATION",
        help="Keep-in-touch cadence: 1m, 3m, 1y... or ideal..maximum, e.g. 2w..6w.",
        rich_help_panel=_P,
    ),
]
Level = Annotated[
    str | None,
    typer.Option(
        "--level",
        metavar="LEVEL",
        help="Training level: MS1-MS4, PGY1-PGY7, fellow or attending.",
        rich_help_panel=_P,
    ),
]
AllowPhi = Annotated[
    bool,
    typer.Option(
        "--allow-phi",
        help="Save notes that look like patient information (they are refused otherwise).",
    ),
]


def _interactive() -> bool:
    return sys.stdin.isatty()


@app.command("add-contact")
def add_contact(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Their name as you'd say it, e.g. 'Dr. Ana Ruiz'.")
    ],
    role: Role = None,
    institution: Institution = None,
    specialty: Specialty = None,
    email: Email = None,
    phone: Phone = None,
    tag: Tags = None,
    met: Met = None,
    note_: Note = None,
    every: Every = None,
    level: Level = None,
    mentor: Annotated[
        bool, typer.Option("--mentor", help="Mark them as a mentor.", rich_help_panel=_P)
    ] = False,
    allow_phi: AllowPhi = False,
) -> None:
    """Add someone you met; prints their id.

    \b
    Example: medcrm add-contact "Dr. Ana Ruiz" --role attending --met "IM clerkship" --every 1m
    """
    from medcrm.services.contacts import add_contact as add

    db = open_db(create=True)
    with db.writer() as tx:
        result = add(
            tx,
            name=name,
            today=today(),
            role=role,
            institution=institution,
            specialty=specialty,
            email=email,
            phone=phone,
            tags=tag,
            met=met,
            notes=note_,
            every=every,
            level=level,
            mentor=mentor,
            allow_phi=allow_phi,
        )
    c = result.contact
    say("Added ", (f"#{c.id}", "bold"), " ", (c.name, "bold"), f" ({c.role}).")
    for other in result.same_name:
        note(f"You already had #{other.id} with the same name; use ids to tell them apart.")


@app.command("contacts")
def contacts(
    role: Annotated[
        str | None,
        typer.Option(
            "--role", "-r", metavar="ROLE", help="Only this role.", autocompletion=complete_role
        ),
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", metavar="TAG", help="Only contacts with this tag.")
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-S",
            metavar="TEXT",
            help="Text in the name, institution, specialty, email, notes or tags.",
        ),
    ] = None,
    lapsed: Annotated[
        bool, typer.Option("--lapsed", help="Only those whose keep-in-touch cadence has lapsed.")
    ] = False,
    mentors: Annotated[bool, typer.Option("--mentors", help="Only your mentors.")] = False,
    limit: Limit = None,
    json_: Json = False,
) -> None:
    """List contacts: when you last saw them, open follow-ups.

    The table shows 50 at a time, or the 20 best matches of a --search, names first
    (--limit N, or 0 for all); --json lists everyone.

    \b
    Example: medcrm contacts --role resident --search cardio
    """
    from medcrm.storage.queries import list_contacts

    day = today()
    db = open_db()
    with db.read() as reader:
        found = list_contacts(
            reader,
            role=role,
            tag=tag,
            search=search,
            lapsed_on=day if lapsed else None,
            mentors=mentors,
            limit=row_limit(limit, json_, SEARCH_ROWS if search and search.strip() else TABLE_ROWS),
        )
    if json_:
        from medcrm.render import jsonout

        emit_json([jsonout.contact(c) for c in found.rows])
        return
    from medcrm.render.contacts import contacts_table

    show(contacts_table(found, today=day, width=width()))


@app.command("show")
def show_contact(who: Who, json_: Json = False) -> None:
    """One contact: profile, follow-ups, timeline.

    \b
    Example: medcrm show ruiz
    """
    from medcrm.services.resolve import resolve_contact
    from medcrm.storage.queries import contact_detail

    db = open_db()
    with db.read() as reader:
        detail = contact_detail(reader, resolve_contact(reader, who).id)
    if json_:
        from medcrm.render import jsonout

        emit_json(jsonout.detail(detail))
        return
    from medcrm.render.contacts import contact_view

    show(contact_view(detail, today=today()))


@app.command("edit")
def edit(
    who: Who,
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help="A new name.", rich_help_panel=_P)
    ] = None,
    role: Role = None,
    institution: Institution = None,
    specialty: Specialty = None,
    email: Email = None,
    phone: Phone = None,
    tag: Tags = None,
    remove_tag: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-tag",
            metavar="TAG",
            help="Take a tag off (repeat for several).",
            rich_help_panel=_P,
        ),
    ] = None,
    met: Met = None,
    note_: Note = None,
    every: Every = None,
    level: Level = None,
    mentor: Annotated[
        bool | None,
        typer.Option(
            "--mentor/--no-mentor", help="Mark or unmark them as a mentor.", rich_help_panel=_P
        ),
    ] = None,
    allow_phi: AllowPhi = False,
) -> None:
    """Change a contact's details ("" clears a field).

    \b
    Example: medcrm edit ruiz --institution "Riverside Hospital" --tag letter-writer --every 2m
    """
    from medcrm.services.contacts import UNSET, ContactFields, edit_contact

    def given(value: str | None) -> object:
        if value is None:
            return UNSET
        return value if value.strip() else None

    fields = ContactFields(
        role=UNSET if role is None else role,
        institution=given(institution),
        specialty=given(specialty),
        email=given(email),
        phone=given(phone),
        met=given(met),
        notes=given(note_),
        every=given(every),
        level=given(level),
        mentor=UNSET if mentor is None else mentor,
    )
    db = open_db()
    with db.writer() as tx:
        result = edit_contact(
            tx,
            who,
            fields=fields,
            name=name,
            add_tags=tag,
            remove_tags=remove_tag,
            allow_phi=allow_phi,
        )
    c = result.contact
    say("Updated ", (f"#{c.id}", "bold"), " ", (c.name, "bold"), ".")
    for other in result.same_name:
        note(f"#{other.id} has the same name; use ids to tell them apart.")


@app.command("remove")
def remove(
    who: Who,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask; remove at once.")] = False,
) -> None:
    """Delete a contact (asks first).

    Their follow-ups and the interactions only they were part of go with them.

    Interactions shared with other people stay in their timelines. Asks first; without a
    terminal to ask on, --yes is required.

    \b
    Example: medcrm remove "Jordan Lee" --yes
    """
    from medcrm.services.resolve import resolve_contact
    from medcrm.storage.queries import removal_preview

    db = open_db()
    with db.read() as reader:
        preview = removal_preview(reader, resolve_contact(reader, who))
    if not yes:
        if not _interactive():
            from medcrm.pure.errors import InvalidInput

            raise InvalidInput(
                f"Not removing #{preview.contact.id} {preview.contact.name} without asking; "
                "add --yes to remove without a prompt."
            )
        say(
            "This deletes ",
            (preview.contact.name, "bold"),
            f" (#{preview.contact.id}), {preview.follow_ups} follow-up(s) and "
            f"{preview.interactions} interaction(s) only they were part of; "
            f"{preview.shared_interactions} shared interaction(s) stay.",
        )
        if not typer.confirm("Remove?", default=False):
            say("Nothing was removed.")
            raise typer.Exit(1)
    from medcrm.services.contacts import remove_contact

    with db.writer() as tx:
        ref = remove_contact(tx, preview.contact.id)
    say("Removed ", (f"#{ref.id}", "bold"), " ", (ref.name, "bold"), ".")
