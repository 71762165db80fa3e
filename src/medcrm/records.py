"""Plain data the services return and the renderers show. No database, no terminal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ContactRef:
    id: int
    name: str


@dataclass
class ContactRecord:
    id: int
    name: str
    role: str
    institution: str | None
    specialty: str | None
    email: str | None
    phone: str | None
    tags: list[str]
    met: str | None
    notes: str | None
    every: str | None
    added: date
    last_contact: date | None
    reconnect_on: date | None
    open_follow_ups: int = 0
    next_due: date | None = None


@dataclass
class InteractionRecord:
    id: int
    date: date
    kind: str
    note: str | None
    contacts: list[ContactRef]


@dataclass
class FollowUpRecord:
    id: int
    contact_id: int
    contact: str
    title: str
    due: date
    done_on: date | None
    interaction_id: int | None = None


@dataclass
class ContactDetail:
    contact: ContactRecord
    interactions: list[InteractionRecord]
    follow_ups: list[FollowUpRecord]


@dataclass
class Reconnect:
    contact: ContactRecord
    since: date  # the last interaction, or the day the contact was added
    days_overdue: int


@dataclass
class Agenda:
    """The morning view. Each list holds at most ``limit`` rows; ``counts`` has the totals."""

    today: date
    days: int
    limit: int | None = None
    overdue: list[FollowUpRecord] = field(default_factory=list)
    due_today: list[FollowUpRecord] = field(default_factory=list)
    upcoming: list[FollowUpRecord] = field(default_factory=list)
    reconnect: list[Reconnect] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class ContactList:
    """A page of contacts: ``rows`` (at most the limit) out of ``total`` that matched."""

    rows: list[ContactRecord]
    total: int


@dataclass
class LogResult:
    interaction: InteractionRecord
    follow_up: FollowUpRecord | None


@dataclass
class RemovalPreview:
    contact: ContactRef
    interactions: int  # interactions that involve only this contact and go with it
    shared_interactions: int  # interactions with others, which stay (without this contact)
    follow_ups: int
