"""Contacts: add-contact, contacts, show, edit, remove."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from medcrm.cli import common
from medcrm.cli.app import app
from medcrm.cli.common import (
    SEARCH_ROWS,
    TABLE_ROWS,
    AllowPhi,
    Json,
    Limit,
    Who,
    note_option,
    open_db,
    paged,
    read,
    role_option,
    row_limit,
    today,
)
from medcrm.cli.grouped import with_group
from medcrm.cli.output import emit_json, note, present, say, show, width

if TYPE_CHECKING:
    from medcrm.pure.results import LookAlike
    from medcrm.services.contacts import ContactFields
    from medcrm.storage.store import Opened

_P = "Contact details"


def _detail(*flags: str, metavar: str, help: str | None = None) -> Any:
    """An option of add-contact and edit, shown under "Contact details"."""
    return typer.Option(*flags, metavar=metavar, help=help, rich_help_panel=_P)


_ROLES = "peer, faculty, resident, fellow, attending, nurse, staff or other."
_EVERY = "Keep-in-touch cadence: 1m, 3m, 1y... or ideal..maximum, e.g. 2w..6w."
_LEVEL = "Training level: MS1-MS4, PGY1-PGY7, fellow or attending."


@dataclass
class Details:
    """The details add-contact and edit both take, as given (None: not given); --tag and
    --note are ``tags`` and ``notes``, as the service names them."""

    role: Annotated[str | None, role_option(_ROLES, panel=_P)] = None
    institution: Annotated[
        str | None, _detail("--institution", "-i", metavar="TEXT", help="Hospital, school or lab.")
    ] = None
    specialty: Annotated[
        str | None, _detail("--specialty", "-s", metavar="TEXT", help="e.g. Internal Medicine.")
    ] = None
    email: Annotated[str | None, _detail("--email", "-e", metavar="EMAIL")] = None
    phone: Annotated[str | None, _detail("--phone", "-p", metavar="PHONE")] = None
    tags: Annotated[
        list[str] | None, _detail("--tag", "-t", metavar="TAG", help="A tag (repeat for several).")
    ] = None
    met: Annotated[
        str | None,
        _detail("--met", "-m", metavar="TEXT", help="How or where you met (e.g. 'IM clerkship')."),
    ] = None
    notes: Annotated[str | None, note_option("Free-text notes.", panel=_P)] = None
    every: Annotated[str | None, _detail("--every", metavar="DURATION", help=_EVERY)] = None
    level: Annotated[str | None, _detail("--level", metavar="LEVEL", help=_LEVEL)] = None

    def fields(self, *, mentor: bool | None, clear: bool) -> ContactFields:
        """The fields as the service takes them: a detail not given (and --mentor/--no-mentor
        not given) is UNSET; with ``clear`` (edit), "" clears a text field."""
        from medcrm.services.contacts import UNSET, ContactFields

        def given(value: str | None) -> object:
            if value is None:
                return UNSET
            return value if value.strip() or not clear else None

        texts = {k: given(v) for k, v in asdict(self).items() if k not in ("role", "tags")}
        return ContactFields(
            role=UNSET if self.role is None else self.role,
            mentor=UNSET if mentor is None else mentor,
            **texts,
        )


@app.command("add-contact")
@with_group(Details)
def add_contact(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Their name as you'd say it, e.g. 'Dr. Ana Ruiz'.")
    ],
    details: Details,
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
    alike = _look_alikes(db, name, details.email, details.phone)
    with db.writer() as tx:
        result = add(
            tx,
            name=name,
            today=today(),
            fields=details.fields(mentor=mentor, clear=False),
            tags=details.tags,
            allow_phi=allow_phi,
        )
    c = result.contact
    say("Added ", (f"#{c.id}", "bold"), " ", (c.name, "bold"), f" ({c.role}).")
    for a in alike:
        note(f"#{a.contact.id} {a.contact.name} looks like the same person "
             f"({', '.join(a.reasons)}); if so: medcrm merge {a.contact.id} {c.id}")  # fmt: skip


def _look_alikes(db: Opened, name: str, email: str | None, phone: str | None) -> list[LookAlike]:
    """Contacts that look like the one about to be added; in a terminal, asks whether to add
    it anyway (no: nothing is added)."""
    from medcrm.services.duplicates import look_alikes

    if db.created:
        return []
    with db.read() as reader:
        alike = look_alikes(reader, name=name, email=email, phone=phone)
    if alike and common.interactive():
        for a in alike:
            say(f"#{a.contact.id} {a.contact.name} looks like the same person "
                f"({', '.join(a.reasons)}).")  # fmt: skip
        if not typer.confirm("Add a new contact anyway?", default=False):
            say(f"Nothing was added. To add to #{alike[0].contact.id} instead: "
                f"medcrm edit {alike[0].contact.id} ...")  # fmt: skip
            raise typer.Exit(1)
    return alike


@app.command("contacts")
@paged
def contacts(
    role: Annotated[str | None, role_option("Only this role.")] = None,
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
    found = read(
        list_contacts,
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

    show(contacts_table(found, today=day, width=width(), empty=_no_contacts(
        role=role, tag=tag, search=search, lapsed=lapsed, mentors=mentors
    )))  # fmt: skip


def _no_contacts(
    *, role: str | None, tag: str | None, search: str | None, lapsed: bool, mentors: bool
) -> str:
    """What an empty contacts list says, for the filters used."""
    from medcrm.cli.newcomers import quoted

    if lapsed and not (role or tag or search or mentors):
        return "Nobody's keep-in-touch cadence has lapsed: you are in touch with everyone."
    if mentors and not (role or tag or search or lapsed):
        return "No mentors yet: medcrm edit WHO --mentor marks one."
    used = [
        f"{flag} {quoted(value)}"
        for flag, value in (("--role", role), ("--tag", tag), ("--search", search))
        if value
    ]
    used += [flag for flag, on in (("--lapsed", lapsed), ("--mentors", mentors)) if on]
    if used:
        return f"No contacts match {' '.join(used)}. medcrm contacts lists everyone."
    return 'No contacts yet. Add one with: medcrm add-contact "Name"'  # fmt: skip


@app.command("show")
@paged
def show_contact(who: Who, json_: Json = False) -> None:
    """One contact: profile, follow-ups, timeline.

    \b
    Example: medcrm show ruiz
    """
    from medcrm.services.resolve import resolve_contact
    from medcrm.storage.queries import contact_detail

    detail = read(lambda reader: contact_detail(reader, resolve_contact(reader, who).id))
    present(json_, detail, "detail", "contacts.contact_view", today=today())


@app.command("edit")
@with_group(Details, after=("tags", "remove_tag"))
def edit(
    who: Who,
    name: Annotated[str | None, _detail("--name", metavar="NAME", help="A new name.")] = None,
    *,
    details: Details,
    remove_tag: Annotated[
        list[str] | None,
        _detail("--remove-tag", metavar="TAG", help="Take a tag off (repeat for several)."),
    ] = None,
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
    from medcrm.services.contacts import edit_contact

    db = open_db()
    with db.writer() as tx:
        result = edit_contact(
            tx,
            who,
            fields=details.fields(mentor=mentor, clear=True),
            name=name,
            add_tags=details.tags,
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
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Accepted for scripts; remove never asks.")
    ] = False,
) -> None:
    """Delete a contact; 'medcrm undo' brings them back with everything of theirs.

    Their follow-ups, letters and the interactions only they were part of go with them.
    Interactions shared with other people stay in their timelines.

    \b
    Example: medcrm remove "Jordan Lee"
    """
    from medcrm.render.words import plural
    from medcrm.services.contacts import remove_contact
    from medcrm.services.resolve import resolve_contact
    from medcrm.storage.queries import removal_preview

    db = open_db()
    with db.writer() as tx:
        preview = removal_preview(tx, resolve_contact(tx, who))
        ref = remove_contact(tx, preview.contact.id)
    say(
        "Removed ", (f"#{ref.id}", "bold"), " ", (ref.name, "bold"),
        f" with {plural(preview.follow_ups, 'follow-up')} and "
        f"{plural(preview.interactions, 'interaction')} only they were part of",
        f" ({plural(preview.shared_interactions, 'shared interaction')} kept)"
        if preview.shared_interactions else "",
        ". Undo with: medcrm undo",
    )  # fmt: skip
