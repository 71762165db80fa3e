"""What the services return besides rows (see records): reports, scans, import results.
Plain data, no I/O: the renderers read them without importing the services."""

from __future__ import annotations

import sqlite3
from dataclasses import field
from datetime import date
from pathlib import Path

from medcrm.pure.datarecord import FrozenRecord, Record, frozen_record, record
from medcrm.pure.errors import MedcrmError
from medcrm.pure.records import ContactRef, ProgramRecord
from medcrm.pure.reports import AgendaDay as AgendaDay
from medcrm.pure.reports import DayByDay as DayByDay
from medcrm.pure.reports import Stats as Stats


@record
class Rejection(Record):
    where: str
    reason: str

    @classmethod
    def from_error(cls, where: str, exc: MedcrmError) -> Rejection:
        """A row refused by a check: its message without the check's own "where: " part."""
        return cls(where, exc.message.split(": ", 1)[-1])


@record
class ImportResult(Record):
    created: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    dry_run: bool = False
    # what a medcrm JSON import brought besides contacts: {"interactions": 12, ...}
    other: dict[str, int] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)  # candidate.where -> contact id


@frozen_record
class Setting(FrozenRecord):
    key: str
    value: str
    default: str
    help: str

    @property
    def is_default(self) -> bool:
        return self.value == self.default


@record
class Scan(Record):
    """What ``doctor --phi`` reports: ids only, never text."""

    flagged: dict[str, list[int]] = field(default_factory=dict)  # the guard would stop these
    allowed: dict[str, list[int]] = field(default_factory=dict)  # saved with --allow-phi
    scanned: int = 0

    @property
    def clean(self) -> bool:
        return not any(self.flagged.values())


@record
class Report(Record):
    path: Path
    source: str
    exists: bool
    size: int | None = None
    revision: str | None = None
    journal_mode: str | None = None
    integrity: str | None = None
    foreign_keys: str | None = None
    file_mode: str | None = None
    folder_mode: str | None = None
    newest_backup: Path | None = None
    backup_age_days: int | None = None
    backups: int = 0
    sync: str | None = None
    contacts: int | None = None
    foreign: list[str] = field(default_factory=list)  # "view 'x'": what another program added
    missing: list[str] = field(default_factory=list)  # "contact.notes": what medcrm lacks
    sqlite_version: str = sqlite3.sqlite_version
    wanted_journal: str = "wal"  # what medcrm would use for this file (set by doctor)
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems


@record
class ServerReport(Record):
    url: str  # without its password
    source: str
    reachable: bool = False
    server_version: str | None = None
    revision: str | None = None
    contacts: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems


@frozen_record
class ChangeInfo(FrozenRecord):
    """One entry of the change log: a command that changed data."""

    id: int
    at: str  # local time, "YYYY-MM-DD HH:MM:SS"
    command: str  # "log", "letters ask": never its arguments
    state: str  # "done" or "undone"


@frozen_record
class RowGroup(FrozenRecord):
    """Rows of one kind a change added, changed or removed: ids only, never their text."""

    action: str  # "added", "changed", "removed"
    what: str  # "contact", "follow-up", "tags of contact", ...
    ids: list[str]


@frozen_record
class ChangeSummary(FrozenRecord):
    change: ChangeInfo
    groups: list[RowGroup]


@frozen_record
class Replayed(FrozenRecord):
    """What ``undo`` or ``redo`` did: the change and its rows, as they were put back."""

    summary: ChangeSummary
    direction: str  # "undo" or "redo"


@frozen_record
class LookAlike(FrozenRecord):
    """A contact that looks like the same person as another, and why."""

    contact: ContactRef
    reasons: list[str]  # "same email", "same phone", "same name", "names spelled alike"


@frozen_record
class DuplicatePair(FrozenRecord):
    first: ContactRef
    second: ContactRef
    reasons: list[str]


@frozen_record
class MergePlan(FrozenRecord):
    """What ``merge KEEP OTHER`` moves and fills, before or after it ran."""

    keep: ContactRef
    other: ContactRef
    moves: dict[str, int]  # "interactions": 3, "follow_ups": 1, "letters": 0, "tags": 2
    filled: list[str]  # KEEP's empty fields that get OTHER's value
    both: list[str]  # fields where both had a value: KEEP keeps its own, OTHER's is kept too


@frozen_record
class SearchHit(FrozenRecord):
    kind: str  # "contact", "interaction", "follow_up", "letter", "rotation"
    id: int
    title: str  # a contact's name, an interaction's kind, a follow-up's title, a letter's target
    detail: str  # who: a contact's role, an interaction's people, a follow-up's contact...
    day: date | None  # an interaction's date, a follow-up's or a letter's due date
    snippet: list[tuple[str, bool]]  # the text around the match: (piece, is it a match)


@frozen_record
class SearchGroup(FrozenRecord):
    kind: str
    total: int  # how many of this kind matched; ``hits`` holds the best few
    hits: list[SearchHit]


@frozen_record
class SearchResults(FrozenRecord):
    query: str
    groups: list[SearchGroup]


@record
class RankRow(Record):
    """A program on the rank list and its score (the weighted mean of its ratings; None: not
    rated)."""

    program: ProgramRecord
    score: float | None


@record
class VdirSync(Record):
    """What ``sync vdir`` did (or, on a dry run, would do), by contact name."""

    folder: Path
    dry_run: bool
    added: list[str] = field(default_factory=list)  # new contacts from new cards
    updated: list[str] = field(default_factory=list)  # contacts updated from edited cards
    written: list[str] = field(default_factory=list)  # cards written from medcrm
    conflicts: list[str] = field(default_factory=list)  # changed on both sides
    deleted: list[str] = field(default_factory=list)  # cards deleted in the folder
    removed: list[str] = field(default_factory=list)  # contacts removed with --delete
    rejected: list[str] = field(default_factory=list)  # cards that could not be read
    tagged: list[str] = field(default_factory=list)  # group cards made tags
