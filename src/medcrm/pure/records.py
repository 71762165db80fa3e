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
    level: str | None = None
    mentor: bool = False
    reconnect_soon_on: date | None = None
    uid: str = ""
    met_on: date | None = None
    extra: dict[str, object] = field(default_factory=dict)


@dataclass
class InteractionRecord:
    id: int
    date: date
    kind: str
    note: str | None
    contacts: list[ContactRef]
    rotation_id: int | None = None
    rotation: str | None = None


@dataclass
class FollowUpRecord:
    id: int
    contact_id: int
    contact: str
    title: str
    due: date
    done_on: date | None
    interaction_id: int | None = None
    every: str | None = None
    purpose: str | None = None
    rotation_id: int | None = None
    letter_id: int | None = None
    mentor: bool = False
    cancelled: bool = False


@dataclass
class ContactDetail:
    contact: ContactRecord
    interactions: list[InteractionRecord]
    follow_ups: list[FollowUpRecord]


@dataclass
class Reconnect:
    contact: ContactRecord
    since: date  # the last interaction, or the day the contact was added
    days_overdue: int  # past the maximum cadence ("reconnect"), or past the ideal ("soon")
    soon: bool = False  # past the ideal but not yet the maximum of an ideal..maximum cadence


@dataclass
class RotationRecord:
    id: int
    name: str
    starts_on: date
    ends_on: date
    service: str | None
    site: str | None
    interactions: int = 0
    people: int = 0

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass
class RotationPerson:
    contact: ContactRef
    role: str
    interactions: int
    first: date
    last: date


@dataclass
class RotationDetail:
    rotation: RotationRecord
    people: list[RotationPerson]
    interactions: list[InteractionRecord]
    follow_ups: list[FollowUpRecord]


@dataclass
class BeforeYouGo:
    """A rotation ending (or just ended) and what is still owed to the people on it."""

    rotation: RotationRecord
    follow_ups: list[FollowUpRecord]


@dataclass
class LetterRecord:
    id: int
    contact_id: int
    contact: str
    target: str
    kind: str
    waived: bool
    due: date
    status: str
    asked_on: date
    agreed_on: date | None
    materials_sent_on: date | None
    submitted_on: date | None
    thanked_on: date | None
    declined_on: date | None
    note: str | None

    @property
    def open(self) -> bool:
        return self.status not in ("submitted", "thanked", "declined")


@dataclass
class LetterChange:
    letter: LetterRecord
    created: list[FollowUpRecord]  # follow-ups the step planned
    closed: list[FollowUpRecord]  # follow-ups it completed or retired


@dataclass
class Suggestion:
    """A possible letter writer and why."""

    contact: ContactRecord
    score: float
    reason: str
    interactions: int
    rotation_days: int
    last: date | None


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
    reconnect_soon: list[Reconnect] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    mentors: list[FollowUpRecord | Reconnect] = field(default_factory=list)
    before_you_go: list[BeforeYouGo] = field(default_factory=list)
    letters: list[LetterRecord] = field(default_factory=list)  # deadlines within 30 days


@dataclass
class ContactList:
    """A page of contacts: ``rows`` (at most the limit) out of ``total`` that matched."""

    rows: list[ContactRecord]
    total: int


@dataclass
class LogResult:
    interaction: InteractionRecord
    follow_up: FollowUpRecord | None
    suggested: list[FollowUpRecord] = field(default_factory=list)
    before_you_go: list[FollowUpRecord] = field(default_factory=list)
    also_covering: list[str] = field(default_factory=list)  # other rotations on that date


@dataclass
class RemovalPreview:
    contact: ContactRef
    interactions: int  # interactions that involve only this contact and go with it
    shared_interactions: int  # interactions with others, which stay (without this contact)
    follow_ups: int
