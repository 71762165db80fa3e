"""Contacts: add-contact, contacts, show, edit, remove."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import Json, Who, complete_role, open_db, today
from medcrm.cli.output import emit_json, note, say, show

_P = "Contact details"
Role = Annotated[
    str | None,
    typer.Option(
        "--role",
        "-r",
        help="peer, faculty, resident, fellow, attending, nurse, staff or other.",
        autocompletion=complete_role,
        rich_help_panel=_P,
    ),
]
Institution = Annotated[
    str | None,
    typer.Option("--institution", "-i", help="Hospital, school or lab.", rich_help_panel=_P),
]
Specialty = Annotated[
    str | None,
    typer.Option("--specialty", "-s", help="e.g. Internal Medicine.", rich_help_panel=_P),
]
Email = Annotated[str | None, typer.Option("--email", "-e", rich_help_panel=_P)]
Phone = Annotated[str | None, typer.Option("--phone", "-p", rich_help_panel=_P)]
Tags = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="A tag (repeat for several).", rich_help_panel=_P),
]
Met = Annotated[
    str | None,
    typer.Option(
        "--met", "-m", help="How or where you met (e.g. 'IM clerkship').", rich_help_panel=_P
    ),
]
Note = Annotated[
    str | None, typer.Option("--note", "-n", help="Free-text notes.", rich_help_panel=_P)
]
Every = Annotated[
    str | None,
    typer.Option(
        "--every",
        metavar="DURATION",
        help="Keep-in-touch cadence: 2w, 1m, 3m, 1y...",
        rich_help_panel=_P,
    ),
]


def _interactive() -> bool:
    return sys.stdin.isatty()


@app.command("add-contact")
def add_contact(
    name: Annotated[str, typer.Argument(help="Their name as you'd say it, e.g. 'Dr. Ana Ruiz'.")],
    role: Role = "peer",
    institution: Institution = None,
    specialty: Specialty = None,
    email: Email = None,
    phone: Phone = None,
    tag: Tags = None,
    met: Met = None,
    note_: Note = None,
    every: Every = None,
) -> None:
    """Add someone you met; prints their id.

    Example: medcrm add-contact "Dr. Ana Ruiz" --role attending --met "IM clerkship" --every 1m
    """
    from medcrm.services.contacts import add_contact as add

    db = open_db()
    with db.write() as session:
        result = add(
            session,
            name=name,
            today=today(),
            role=role or "peer",
            institution=institution,
            specialty=specialty,
            email=email,
            phone=phone,
            tags=tag,
            met=met,
            notes=note_,
            every=every,
        )
    c = result.contact
    from medcrm.render.tables import safe

    say("Added ", (f"#{c.id}", "bold"), " ", safe(c.name, style="bold"), f" ({c.role}).")
    for other in result.same_name:
        note(f"You already had #{other.id} with the same name; use ids to tell them apart.")


@app.command("contacts")
def contacts(
    role: Annotated[
        str | None,
        typer.Option("--role", "-r", help="Only this role.", autocompletion=complete_role),
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", help="Only contacts with this tag.")
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search", "-S", help="Text in the name, institution, specialty, email, notes or tags."
        ),
    ] = None,
    json_: Json = False,
) -> None:
    """List your contacts with their last contact date and what is open for each.

    Example: medcrm contacts --role resident --search cardio
    """
    from medcrm.services.views import list_contacts

    db = open_db()
    with db.read() as reader:
        rows = list_contacts(reader, role=role, tag=tag, search=search)
    if json_:
        from medcrm.render import jsonout

        emit_json([jsonout.contact(c) for c in rows])
        return
    from medcrm.render.tables import contacts_table

    show(contacts_table(rows, today=today()))


@app.command("show")
def show_contact(who: Who, json_: Json = False) -> None:
    """Show one contact: profile, open follow-ups and the timeline of interactions.

    Example: medcrm show ruiz
    """
    from medcrm.services.resolve import resolve_contact
    from medcrm.services.views import contact_detail

    db = open_db()
    with db.read() as reader:
        detail = contact_detail(reader, resolve_contact(reader, who).id)
    if json_:
        from medcrm.render import jsonout

        emit_json(jsonout.detail(detail))
        return
    from medcrm.render.tables import contact_view

    show(contact_view(detail, today=today()))


@app.command("edit")
def edit(
    who: Who,
    name: Annotated[
        str | None, typer.Option("--name", help="A new name.", rich_help_panel=_P)
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
            "--remove-tag", help="Take a tag off (repeat for several).", rich_help_panel=_P
        ),
    ] = None,
    met: Met = None,
    note_: Note = None,
    every: Every = None,
) -> None:
    """Change a contact's details: only the options given change; "" clears a field.

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
    )
    db = open_db()
    with db.write() as session:
        c = edit_contact(
            session, who, fields=fields, name=name, add_tags=tag, remove_tags=remove_tag
        )
    from medcrm.render.tables import safe

    say("Updated ", (f"#{c.id}", "bold"), " ", safe(c.name, style="bold"), ".")


@app.command("remove")
def remove(
    who: Who,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask; remove at once.")] = False,
) -> None:
    """Delete a contact with their follow-ups and the interactions only they were part of.

    Interactions shared with other people stay in their timelines. Asks first; without a
    terminal to ask on, --yes is required.

    Example: medcrm remove "Jordan Lee" --yes
    """
    from medcrm.render.tables import safe
    from medcrm.services.resolve import resolve_contact
    from medcrm.services.views import removal_preview

    db = open_db()
    with db.read() as reader:
        preview = removal_preview(reader, resolve_contact(reader, who))
    if not yes:
        if not _interactive():
            from medcrm.errors import InvalidInput

            raise InvalidInput(
                f"Not removing #{preview.contact.id} {preview.contact.name} without asking; "
                "add --yes to remove without a prompt."
            )
        say(
            "This deletes ",
            safe(preview.contact.name, style="bold"),
            f" (#{preview.contact.id}), {preview.follow_ups} follow-up(s) and "
            f"{preview.interactions} interaction(s) only they were part of; "
            f"{preview.shared_interactions} shared interaction(s) stay.",
        )
        if not typer.confirm("Remove?", default=False):
            say("Nothing was removed.")
            raise typer.Exit(1)
    from medcrm.services.contacts import remove_contact

    with db.write() as session:
        ref = remove_contact(session, preview.contact.id)
    say("Removed ", (f"#{ref.id}", "bold"), " ", safe(ref.name, style="bold"), ".")
