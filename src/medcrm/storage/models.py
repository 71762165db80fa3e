"""The SQLModel tables: contacts, tags, interactions (with several contacts each), follow-ups.

``contact.name_key``, ``last_contact``, ``reconnect_on`` and ``search_text`` are derived columns
kept by :func:`medcrm.services.contacts.refresh_contacts`, so the daily views read them (from an
index where they filter) instead of aggregating interactions or folding text on every query.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

from sqlalchemy import Index, String, Text, false, text, true
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

OPEN = text("done_on IS NULL")
MENTOR = text("mentor")
# Text medcrm sorts by (name keys, tag names, setting keys) compares byte by byte on PostgreSQL
# as it does on SQLite, whatever the server's locale.
SORT_KEY = String().with_variant(String(collation="C"), "postgresql")


def _link(table: str, *, indexed: bool = False) -> Any:
    """A link table's column: the id of a row of ``table``, part of the primary key (the link
    goes when that row does). ``indexed``: the second column, which the primary key's index
    cannot look up alone, has its own (``ix_<link table>_<column>``)."""
    return Field(foreign_key=f"{table}.id", primary_key=True, ondelete="CASCADE", index=indexed)


def _flag(default: bool = False) -> Any:
    """A yes-or-no column, ``default`` unless given, on the server too (for a column added to
    rows that already exist)."""
    return Field(
        default=default, sa_column_kwargs={"server_default": true() if default else false()}
    )


def _phi_allowed() -> Any:
    """``phi_allowed``: the row was saved with --allow-phi although the patient-information
    guard stopped it."""
    return _flag()


class Table(SQLModel):
    """Base of the tables. Table models are never validated by pydantic (SQLModel skips it for
    ``table=True``), so building their validators at import time is wasted start-up time on
    every write command: ``defer_build`` leaves it until something asks for one."""

    model_config = {**SQLModel.model_config, "defer_build": True}


class Contact(Table, table=True):
    __tablename__ = "contact"
    __table_args__ = (
        Index("ix_contact_name_key", "name_key"),
        Index("ix_contact_role", "role"),
        Index("ix_contact_email", "email"),
        Index("ix_contact_reconnect_on", "reconnect_on"),
        Index("ix_contact_reconnect_soon_on", "reconnect_soon_on", "reconnect_on"),
        Index("ix_contact_mentor", "reconnect_on", sqlite_where=MENTOR, postgresql_where=MENTOR),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=lambda: str(uuid4()), unique=True)  # vCard UID, file name
    name: str
    name_key: str = Field(sa_type=SORT_KEY)
    role: str = "peer"
    institution: str | None = None
    specialty: str | None = None
    email: str | None = None
    phone: str | None = None
    met: str | None = None
    met_on: date | None = None  # e.g. LinkedIn's "Connected On"
    notes: str | None = Field(default=None, sa_type=Text)
    # JSON: what other tools know that medcrm has no column for (a job title, a LinkedIn URL,
    # a vCard's unknown properties), kept so that exports give it back.
    extra: str | None = Field(default=None, sa_type=Text)
    every: str | None = None  # "1m", or "2w..6w" (ideal..maximum)
    level: str | None = None  # MS1-MS4, PGY1-PGY7, fellow, attending
    mentor: bool = _flag()
    added: date
    last_contact: date | None = None
    reconnect_soon_on: date | None = None  # past the ideal cadence
    reconnect_on: date | None = None  # past the maximum cadence
    search_text: str = Field(default="", sa_type=Text)
    phi_allowed: bool = _phi_allowed()


class Tag(Table, table=True):
    __tablename__ = "tag"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, sa_type=SORT_KEY)


class ContactTag(Table, table=True):
    """Which tags a contact has (``add-contact --tag``, ``contacts --tag``)."""

    __tablename__ = "contact_tag"

    contact_id: int = _link("contact")
    tag_id: int = _link("tag", indexed=True)


class Rotation(Table, table=True):
    """A clinical rotation (clerkship, sub-internship, elective): a name and its dates."""

    __tablename__ = "rotation"
    __table_args__ = (Index("ix_rotation_ends_on", "ends_on"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(unique=True, sa_type=SORT_KEY)
    starts_on: date
    ends_on: date
    service: str | None = None
    site: str | None = None


class Interaction(Table, table=True):
    __tablename__ = "interaction"
    __table_args__ = (
        Index("ix_interaction_date", "date"),
        Index("ix_interaction_rotation_id", "rotation_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    date: date
    kind: str = "meeting"
    note: str | None = Field(default=None, sa_type=Text)
    rotation_id: int | None = Field(default=None, foreign_key="rotation.id", ondelete="SET NULL")
    phi_allowed: bool = _phi_allowed()


class InteractionContact(Table, table=True):
    """Whom an interaction was with: one row a person (``log ruiz okafor ...``)."""

    __tablename__ = "interaction_contact"

    interaction_id: int = _link("interaction")
    contact_id: int = _link("contact", indexed=True)


class FollowUp(Table, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ix_follow_up_contact_id", "contact_id"),
        Index("ix_follow_up_open_due", "due", sqlite_where=OPEN),
        Index("ix_follow_up_rotation_id", "rotation_id"),
        Index("ix_follow_up_letter_id", "letter_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    title: str = Field(sa_type=Text)
    due: date
    done_on: date | None = None
    created: date
    interaction_id: int | None = Field(
        default=None, foreign_key="interaction.id", ondelete="SET NULL"
    )
    every: str | None = None  # repeats: the next one is made when this one is done
    # Its date in the repeating series (a snooze moves ``due``, not the series).
    scheduled: date | None = None
    # Cancelled follow-ups are kept (done_on set too) so medcrm never plans them again.
    cancelled: bool = _flag()
    # Why medcrm made it (None: you did): suggested, rotation-ask, rotation-thanks,
    # letter-materials, letter-reminder, letter-thanks.
    purpose: str | None = None
    rotation_id: int | None = Field(default=None, foreign_key="rotation.id", ondelete="CASCADE")
    letter_id: int | None = Field(default=None, foreign_key="letter.id", ondelete="CASCADE")
    phi_allowed: bool = _phi_allowed()


class Letter(Table, table=True):
    """A letter of recommendation: who writes it, for what, by when, and how far it has got."""

    __tablename__ = "letter"
    __table_args__ = (
        Index("ix_letter_contact_id", "contact_id"),
        Index("ix_letter_due", "due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    target: str  # the specialty or application, e.g. "Internal Medicine ERAS"
    kind: str = "narrative"  # ERAS's letter type: standard, chair, sloe, slor, narrative
    waived: bool | None = None  # the student waived the right to see it (None: not known)
    eras_id: str | None = None  # the ERAS Letter ID, as ERAS shows it
    due: date
    status: str = "asked"
    asked_on: date
    agreed_on: date | None = None
    materials_sent_on: date | None = None
    submitted_on: date | None = None
    thanked_on: date | None = None
    declined_on: date | None = None
    note: str | None = Field(default=None, sa_type=Text)
    phi_allowed: bool = _phi_allowed()


class Program(Table, table=True):
    """A residency program in the application season, as a pipeline: interested, applied,
    signaled, invited, scheduled, interviewed, ranked, matched (or rejected, withdrawn,
    waitlisted)."""

    __tablename__ = "program"
    __table_args__ = (Index("ix_program_name_key", "name_key"), Index("ix_program_stage", "stage"))

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(sa_type=SORT_KEY)
    specialty: str | None = None
    institution: str | None = None
    city: str | None = None
    url: str | None = None
    note: str | None = Field(default=None, sa_type=Text)
    stage: str = "interested"
    letters_required: int | None = None
    # Many programs ask applicants not to write after the interview.
    post_interview_contact: bool = _flag(True)
    interview_on: date | None = None  # the interview day, once scheduled
    interview_virtual: bool = _flag()
    social_on: date | None = None  # the pre-interview dinner or social
    # Answer the interview invitation by then ("YYYY-MM-DDTHH:MM"), while at stage invited.
    respond_by: str | None = None
    signal: str | None = None  # the preference signal sent: standard or gold
    # Your ratings, 1 to 5 (programs rate), and its place on your rank list (programs rank).
    rate_fit: int | None = None
    rate_location: int | None = None
    rate_training: int | None = None
    rate_people: int | None = None
    rank_position: int | None = None
    added: date
    phi_allowed: bool = _phi_allowed()


class Deadline(Table, table=True):
    """A date of the application season ("ERAS submit", "Rank list certify"), for all programs
    or one; shown in ``due``, ``agenda`` and the calendar export until it is done."""

    __tablename__ = "deadline"
    __table_args__ = (
        Index("ix_deadline_due", "due"),
        Index("ix_deadline_program_id", "program_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_type=Text)
    due: date
    program_id: int | None = Field(default=None, foreign_key="program.id", ondelete="CASCADE")
    done_on: date | None = None
    created: date
    phi_allowed: bool = _phi_allowed()


class VdirItem(Table, table=True):
    """A card of a vdir (one .vcf per contact) as ``sync vdir`` last left it: which contact
    it is, and the fingerprints of both sides then, to tell later who changed what."""

    __tablename__ = "vdir_item"
    __table_args__ = (
        Index("ix_vdir_item_folder_href", "folder", "href", unique=True),
        Index("ix_vdir_item_contact_id", "contact_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    folder: str = Field(sa_type=Text)  # the folder's absolute path
    href: str  # the file's name in it
    uid: str
    contact_id: int | None = Field(
        default=None, foreign_key="contact.id", ondelete="SET NULL"
    )  # None: the contact was removed from medcrm
    file_hash: str | None = None  # sha256 of the file's bytes; None: deleted in the folder
    card_hash: str  # sha256 of the card medcrm would write for the contact


class CalendarEvent(Table, table=True):
    """A calendar event (or one occurrence of a repeating one) ``import ics`` logged, so that
    importing the calendar again, even with a title edited, never logs it twice."""

    __tablename__ = "calendar_event"
    __table_args__ = (
        Index("ix_calendar_event_uid_occurrence", "uid", "occurrence", unique=True),
        Index("ix_calendar_event_interaction_id", "interaction_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(sa_type=Text)
    occurrence: str  # the occurrence's start (ISO); "" for an event that does not repeat
    interaction_id: int = Field(foreign_key="interaction.id", ondelete="CASCADE")


class ProgramStage(Table, table=True):
    """A program's moves through the pipeline, each with its day (``programs show``)."""

    __tablename__ = "program_stage"
    __table_args__ = (Index("ix_program_stage_program_id", "program_id"),)

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", ondelete="CASCADE")
    stage: str
    moved_on: date


class ProgramLetter(Table, table=True):
    """A letter of recommendation assigned to a program in ERAS (at most four per program)."""

    __tablename__ = "program_letter"

    program_id: int = _link("program")
    letter_id: int = _link("letter", indexed=True)


class ProgramContact(Table, table=True):
    """A contact's part in a program: pd, apd, coordinator, chief, resident, faculty,
    interviewer, alum."""

    __tablename__ = "program_contact"

    program_id: int = _link("program")
    contact_id: int = _link("contact", indexed=True)
    role: str


class Setting(Table, table=True):
    """A preference stored with the data (so it travels with an export)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, sa_type=SORT_KEY)
    value: str


class Change(Table, table=True):
    """One command that changed data: what `medcrm undo` reverts and `undo --list` shows.

    ``state`` is "open" while the command's transaction runs (the triggers record rows only
    then), "done" once it committed, and "undone" after `medcrm undo` (until `redo`, or until
    a new change clears the way forward)."""

    __tablename__ = "change"

    id: int | None = Field(default=None, primary_key=True)
    at: str  # local time, "YYYY-MM-DD HH:MM:SS"
    command: str  # "log", "letters ask", "import linkedin": never the arguments
    state: str = "open"
    undone_order: int | None = None  # the order of the undos, so redo goes back the same way


class ChangeRow(Table, table=True):
    """One row a change inserted, updated or deleted, as JSON before and after."""

    __tablename__ = "change_row"
    __table_args__ = (
        Index("ix_change_row_change_id", "change_id"),
        Index("ix_change_row_table_name_pk", "table_name", "pk"),
    )

    id: int | None = Field(default=None, primary_key=True)
    change_id: int = Field(foreign_key="change.id", ondelete="CASCADE")
    table_name: str
    action: str  # insert, update, delete
    pk: str  # the primary key's values, joined by ","
    old_row: str | None = Field(default=None, sa_type=Text)
    new_row: str | None = Field(default=None, sa_type=Text)
