"""What the daily reports return: the agenda day by day and the network's statistics. Apart
from :mod:`medcrm.pure.results` (which re-exports them) so that ``agenda`` and ``stats`` do not
build the twenty other result classes at start-up (a dataclass costs about 0.4 ms to make;
these three are records of :mod:`medcrm.pure.datarecord`, cheaper still)."""

from __future__ import annotations

from dataclasses import field
from datetime import date

from medcrm.pure.datarecord import Record, record
from medcrm.pure.records import (
    ContactRecord,
    ContactRef,
    DeadlineRecord,
    FollowUpRecord,
    LetterRecord,
    ProgramRecord,
    Reconnect,
    RotationRecord,
)


@record
class AgendaDay(Record):
    day: date
    follow_ups: list[FollowUpRecord] = field(default_factory=list)
    letters: list[LetterRecord] = field(default_factory=list)  # deadlines that day
    starts: list[RotationRecord] = field(default_factory=list)
    ends: list[RotationRecord] = field(default_factory=list)
    interviews: list[ProgramRecord] = field(default_factory=list)  # interview days
    socials: list[ProgramRecord] = field(default_factory=list)  # pre-interview dinners
    deadlines: list[DeadlineRecord] = field(default_factory=list)  # the season's, that day
    more: int = 0  # follow-ups due that day besides those listed (a view cut to a limit)

    @property
    def empty(self) -> bool:
        return not (
            self.follow_ups or self.more or self.letters or self.starts or self.ends
            or self.interviews or self.socials or self.deadlines
        )  # fmt: skip


@record
class DayByDay(Record):
    today: date
    days: int
    overdue: list[FollowUpRecord]
    schedule: list[AgendaDay]  # one entry per day from today, empty days included
    missed_letters: list[LetterRecord] = field(default_factory=list)  # deadline passed, open
    overdue_total: int = 0  # all overdue follow-ups; ``overdue`` holds the oldest ``limit``
    person: ContactRecord | None = None  # ``agenda WHO``: one person's only
    missed_deadlines: list[DeadlineRecord] = field(default_factory=list)  # passed, open


@record
class Stats(Record):
    today: date
    contacts: int
    interactions: int
    open_follow_ups: int
    mentors: int
    by_role: list[tuple[str, int]]
    by_specialty: list[tuple[str, int]]
    per_month: list[tuple[str, int]]  # "YYYY-MM", interactions; the last 12 months
    drifting: list[Reconnect]
    most_contacted: list[tuple[ContactRef, int, date]]  # the last 12 months
    letters: list[tuple[str, int]]  # by status
