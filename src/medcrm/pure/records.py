"""Plain data the services return and the renderers show. No database, no terminal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field, fields
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

from medcrm.pure.datarecord import FrozenRecord, Record, frozen_record, record

T = TypeVar("T")


@frozen_record
class ContactRef(FrozenRecord):
    id: int
    name: str


# A record's fields that are columns of its table carry one of these as metadata: queries
# select them, ``export json`` writes them (but the derived ones) and ``import json`` reads
# them back, so a new column needs naming here once (see docs/architecture.md).
STORED: dict[str, bool] = {"stored": True}
DERIVED: dict[str, bool] = {"stored": True, "derived": True}  # computed from other columns
JSON_TEXT: dict[str, bool] = {"stored": True, "json": True}  # a dict kept as JSON text


def stored(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` that are columns of its table, in order."""
    return tuple(f.name for f in fields(cls) if f.metadata.get("stored"))


def exported(cls: type) -> tuple[str, ...]:
    """The stored fields an export writes and an import reads: all but the derived ones."""
    return tuple(
        f.name for f in fields(cls) if f.metadata.get("stored") and not f.metadata.get("derived")
    )


def column_value(kind: str, value: Any) -> object:
    """A value as a query returned it (SQLite gives dates as ISO text, booleans as 0 and 1), as
    the field's type (``kind``: its annotation, such as ``date | None``)."""
    if value is None:
        return None
    base = kind.removesuffix(" | None")
    if base == "date":
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    if base == "datetime":
        return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if base in ("bool", "int"):
        return bool(value) if base == "bool" else int(value)
    return value


def from_columns(cls: type[T], row: Mapping[str, object], **more: object) -> T:
    """A record from a query's row: every field ``more`` does not give, from the column of its
    name, as its type; a field the query did not select keeps its default."""
    values = {
        name: column_value(kind, row[name])
        for name, kind in _kinds(cls)  # type: ignore[arg-type]
        if name in row and name not in more
    }
    return cls(**values, **more)


@cache
def _kinds(cls: type) -> tuple[tuple[str, str], ...]:
    """Each field of the record ``cls`` and its annotation."""
    return tuple((f.name, str(f.type)) for f in fields(cls))


def from_row(cls: type[T], row: Mapping[str, object], **more: object) -> T:
    """A record from a query's row: its stored fields converted by type, JSON text as a dict;
    ``more`` gives the fields that are not columns (tags, counts)."""
    values: dict[str, object] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if not f.metadata.get("stored"):
            continue
        raw = row.get(f.name)
        if f.metadata.get("json"):
            values[f.name] = json_dict(raw)
        else:
            values[f.name] = column_value(str(f.type), raw)
    return cls(**values, **more)


def json_dict(value: object) -> dict[str, Any]:
    """A JSON column as a dict (empty when there is none)."""
    if not value:
        return {}
    import json  # only for rows that have one (off the start-up of every read)

    loaded = json.loads(str(value))
    return loaded if isinstance(loaded, dict) else {}


@record
class ContactRecord(Record):
    """A contact as reads return it. The stored fields are the contact table's columns as a
    read sees them (``name_key`` and ``search_text`` are the writes' own, see
    ``services.contacts.ContactRow``)."""

    id: int = field(default=0, metadata=STORED)
    uid: str = field(default="", metadata=STORED)
    name: str = field(default="", metadata=STORED)
    role: str = field(default="peer", metadata=STORED)
    institution: str | None = field(default=None, metadata=STORED)
    specialty: str | None = field(default=None, metadata=STORED)
    email: str | None = field(default=None, metadata=STORED)
    phone: str | None = field(default=None, metadata=STORED)
    met: str | None = field(default=None, metadata=STORED)
    met_on: date | None = field(default=None, metadata=STORED)
    notes: str | None = field(default=None, metadata=STORED)
    every: str | None = field(default=None, metadata=STORED)
    level: str | None = field(default=None, metadata=STORED)
    mentor: bool = field(default=False, metadata=STORED)
    added: date = field(default=date.min, metadata=STORED)
    extra: dict[str, object] = field(default_factory=dict, metadata=JSON_TEXT)
    phi_allowed: bool = field(default=False, metadata=STORED)
    last_contact: date | None = field(default=None, metadata=DERIVED)
    reconnect_soon_on: date | None = field(default=None, metadata=DERIVED)
    reconnect_on: date | None = field(default=None, metadata=DERIVED)
    tags: list[str] = field(default_factory=list)
    open_follow_ups: int = 0
    next_due: date | None = None


@record
class InteractionRecord(Record):
    id: int
    date: date
    kind: str
    note: str | None
    contacts: list[ContactRef]
    rotation_id: int | None = None
    rotation: str | None = None


@record
class FollowUpRecord(Record):
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


@record
class ContactDetail(Record):
    contact: ContactRecord
    interactions: list[InteractionRecord]
    follow_ups: list[FollowUpRecord]
    letters: list[LetterRecord] = field(default_factory=list)  # they write, any status
    rotations: list[RotationRecord] = field(default_factory=list)  # they were logged on
    programs: list[tuple[ProgramRecord, str]] = field(default_factory=list)  # and their role


@record
class Reconnect(Record):
    contact: ContactRecord
    since: date  # the last interaction, or the day the contact was added
    days_overdue: int  # past the maximum cadence ("reconnect"), or past the ideal ("soon")
    soon: bool = False  # past the ideal but not yet the maximum of an ideal..maximum cadence


@record
class ProgramRecord(Record):
    id: int
    name: str
    specialty: str | None
    institution: str | None
    city: str | None
    url: str | None
    note: str | None
    stage: str
    letters_required: int | None
    post_interview_contact: bool
    added: date
    interview_on: date | None = None
    interview_virtual: bool = False
    social_on: date | None = None
    respond_by: datetime | None = None  # answer the interview invitation by then
    signal: str | None = None  # standard or gold
    ratings: dict[str, int] = field(default_factory=dict)  # fit, location, training, people
    rank_position: int | None = None
    people: int = 0
    moved_on: date | None = None  # when it reached its stage


@record
class ProgramPerson(Record):
    contact: ContactRef
    role: str


@record
class DeadlineRecord(Record):
    """A date of the application season, for every program (``program`` None) or one."""

    id: int
    title: str
    due: date
    program_id: int | None
    program: str | None  # its name
    done_on: date | None


@record
class ProgramDetail(Record):
    program: ProgramRecord
    people: list[ProgramPerson]
    stages: list[tuple[str, date]]  # every move, oldest first
    interactions: list[InteractionRecord]  # with its people, newest first
    follow_ups: list[FollowUpRecord]  # its people's open ones
    letters: list[LetterRecord] = field(default_factory=list)  # assigned to it in ERAS
    deadlines: list[DeadlineRecord] = field(default_factory=list)  # its open ones


@record
class RotationRecord(Record):
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


@record
class RotationPerson(Record):
    contact: ContactRef
    role: str
    interactions: int
    first: date
    last: date


@record
class RotationDetail(Record):
    rotation: RotationRecord
    people: list[RotationPerson]
    interactions: list[InteractionRecord]
    follow_ups: list[FollowUpRecord]


@record
class BeforeYouGo(Record):
    """A rotation ending (or just ended) and what is still owed to the people on it."""

    rotation: RotationRecord
    follow_ups: list[FollowUpRecord]


@record
class LetterRecord(Record):
    id: int
    contact_id: int
    contact: str
    target: str
    kind: str  # ERAS's letter type
    waived: bool | None  # None: not known
    due: date
    status: str
    asked_on: date
    agreed_on: date | None
    materials_sent_on: date | None
    submitted_on: date | None
    thanked_on: date | None
    declined_on: date | None
    note: str | None
    eras_id: str | None = None  # the ERAS Letter ID

    @property
    def open(self) -> bool:
        return self.status not in ("submitted", "thanked", "declined")


@record
class LetterChange(Record):
    letter: LetterRecord
    created: list[FollowUpRecord]  # follow-ups the step planned
    closed: list[FollowUpRecord]  # follow-ups it completed or retired
    edits: list[Edit] = field(default_factory=list)  # what an edit changed


@frozen_record
class Edit(FrozenRecord):
    """One field an edit changed, as the user reads it: ``deadline: 2027-01-15 → 2027-02-01``."""

    what: str
    before: str | None
    after: str | None


def edits(pairs: Iterable[tuple[str, object, object]]) -> list[Edit]:
    """The fields whose value changed, as text: ``("due", date(...), date(...))`` ->
    ``Edit("due", "2027-01-15", "2027-02-01")``; unchanged ones are left out."""

    def shown(value: object) -> str | None:
        if value is None:
            return None
        return value.isoformat() if isinstance(value, date) else str(value)

    return [Edit(what, shown(old), shown(new)) for what, old, new in pairs if old != new]


@record
class Suggestion(Record):
    """A possible letter writer and why."""

    contact: ContactRecord
    score: float
    reason: str
    interactions: int
    rotation_days: int
    last: date | None


@record
class Agenda(Record):
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
    person: ContactRecord | None = None  # ``due WHO``: one person's (every open letter)
    invitations: list[ProgramRecord] = field(default_factory=list)  # to answer, soonest first
    deadlines: list[DeadlineRecord] = field(default_factory=list)  # the season's, open
    now: datetime | None = None  # the moment the invitation clocks count from (None: now)


@record
class ContactList(Record):
    """A page of contacts: ``rows`` (at most the limit) out of ``total`` that matched."""

    rows: list[ContactRecord]
    total: int


@record
class LogResult(Record):
    interaction: InteractionRecord
    follow_up: FollowUpRecord | None
    suggested: list[FollowUpRecord] = field(default_factory=list)
    before_you_go: list[FollowUpRecord] = field(default_factory=list)
    also_covering: list[str] = field(default_factory=list)  # other rotations on that date


@record
class RemovalPreview(Record):
    contact: ContactRef
    interactions: int  # interactions that involve only this contact and go with it
    shared_interactions: int  # interactions with others, which stay (without this contact)
    follow_ups: int


@frozen_record
class EditedInteraction(FrozenRecord):
    """What ``edit-log`` did: the interaction now, each field it changed, duties it planned."""

    interaction: InteractionRecord
    edits: list[Edit]
    duties: list[FollowUpRecord] = field(default_factory=list)


@frozen_record
class EditedFollowUp(FrozenRecord):
    follow_up: FollowUpRecord
    edits: list[Edit]
