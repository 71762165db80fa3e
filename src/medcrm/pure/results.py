"""What the services return besides rows (see records): reports, scans, import results.
Plain data, no I/O: the renderers read them without importing the services."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from medcrm.pure.errors import MedcrmError
from medcrm.pure.records import ContactRef, ProgramRecord
from medcrm.pure.reports import AgendaDay as AgendaDay
from medcrm.pure.reports import DayByDay as DayByDay
from medcrm.pure.reports import Stats as Stats


@dataclass
class Rejection:
    where: str
    reason: str

    @classmethod
    def from_error(cls, where: str, exc: MedcrmError) -> Rejection:
        """A row refused by a check: its message without the check's own "where: " part."""
        return cls(where, exc.message.split(": ", 1)[-1])


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    dry_run: bool = False
    # what a medcrm JSON import brought besides contacts: {"interactions": 12, ...}
    other: dict[str, int] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)  # candidate.where -> contact id


@dataclass(frozen=True)
class Setting:
    key: str
    value: str
    default: str
    help: str

    @property
    def is_default(self) -> bool:
        return self.value == self.default


@dataclass
class Scan:
    """What ``doctor --phi`` reports: ids only, never text."""

    flagged: dict[str, list[int]] = field(default_factory=dict)  # the guard would stop these
    allowed: dict[str, list[int]] = field(default_factory=dict)  # saved with --allow-phi
    scanned: int = 0

    @property
    def clean(self) -> bool:
        return not any(self.flagged.values())


@dataclass
class Report:
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


@dataclass
class ServerReport:
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


@dataclass(frozen=True)
class ChangeInfo:
    """One entry of the change log: a command that changed data."""

    id: int
    at: str  # local time, "YYYY-MM-DD HH:MM:SS"
    command: str  # "log", "letters ask": never its arguments
    state: str  # "done" or "undone"


@dataclass(frozen=True)
class RowGroup:
    """Rows of one kind a change added, changed or removed: ids only, never their text."""

    action: str  # "added", "changed", "removed"
    what: str  # "contact", "follow-up", "tags of contact", ...
    ids: list[str]


@dataclass(frozen=True)
class ChangeSummary:
    change: ChangeInfo
    groups: list[RowGroup]


@dataclass(frozen=True)
class Replayed:
    """What ``undo`` or ``redo`` did: the change and its rows, as they were put back."""

    summary: ChangeSummary
    direction: str  # "undo" or "redo"


@dataclass(frozen=True)
class LookAlike:
    """A contact that looks like the same person as another, and why."""

    contact: ContactRef
    reasons: list[str]  # "same email", "same phone", "same name", "names spelled alike"


@dataclass(frozen=True)
class DuplicatePair:
    first: ContactRef
    second: ContactRef
    reasons: list[str]


@dataclass(frozen=True)
class MergePlan:
    """What ``merge KEEP OTHER`` moves and fills, before or after it ran."""

    keep: ContactRef
    other: ContactRef
    moves: dict[str, int]  # "interactions": 3, "follow_ups": 1, "letters": 0, "tags": 2
    filled: list[str]  # KEEP's empty fields that get OTHER's value
    both: list[str]  # fields where both had a value: KEEP keeps its own, OTHER's is kept too


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "contact", "interaction", "follow_up", "letter", "rotation"
    id: int
    title: str  # a contact's name, an interaction's kind, a follow-up's title, a letter's target
    detail: str  # who: a contact's role, an interaction's people, a follow-up's contact...
    day: date | None  # an interaction's date, a follow-up's or a letter's due date
    snippet: list[tuple[str, bool]]  # the text around the match: (piece, is it a match)


@dataclass(frozen=True)
class SearchGroup:
    kind: str
    total: int  # how many of this kind matched; ``hits`` holds the best few
    hits: list[SearchHit]


@dataclass(frozen=True)
class SearchResults:
    query: str
    groups: list[SearchGroup]


@dataclass
class RankRow:
    """A program on the rank list and its score (the weighted mean of its ratings; None: not
    rated)."""

    program: ProgramRecord
    score: float | None


@dataclass
class VdirSync:
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
