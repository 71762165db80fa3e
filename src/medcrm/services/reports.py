"""Read-only reports: the day-by-day agenda, network statistics, and who could write a letter.

Like :mod:`medcrm.storage.queries`, everything here is SQL text run on any Reader; no
SQLAlchemy, no Rich.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from medcrm.pure import text, vocabulary
from medcrm.pure.errors import InvalidInput
from medcrm.pure.records import (
    ContactRecord,
    ContactRef,
    LetterRecord,
    Suggestion,
)
from medcrm.pure.reports import AgendaDay as AgendaDay
from medcrm.pure.reports import DayByDay as DayByDay
from medcrm.pure.reports import Stats as Stats
from medcrm.pure.vocabulary import CLINICAL_KIND
from medcrm.storage import queries as views
from medcrm.storage.connection import Reader, Row, in_params

# --- the agenda ------------------------------------------------------------------------


def day_by_day(
    reader: Reader,
    *,
    today: date,
    days: int = 14,
    limit: int | None = None,
    contact_id: int | None = None,
) -> DayByDay:
    """Follow-ups, letter and season deadlines, interviews, rotation starts and ends, day by
    day.

    ``limit`` keeps the oldest overdue follow-ups and the first follow-ups of each day ahead
    (each day's ``more`` and the overdue count say how many others there are); without it
    every one is listed. ``contact_id``: one person's follow-ups and letters (``agenda WHO``;
    no rotations).
    """
    if not 0 <= days <= 366:
        raise InvalidInput("--days must be between 0 and 366.")
    horizon = today + timedelta(days=days)
    schedule = {
        today + timedelta(days=n): AgendaDay(today + timedelta(days=n)) for n in range(days + 1)
    }
    # The oldest overdue (as many as shown) and their number, from SQL; then the days ahead.
    overdue = views.list_follow_ups(
        reader, due_by=today - timedelta(days=1), contact_id=contact_id, limit=limit
    )
    total = views.count_due(reader, today=today, horizon=today, contact_id=contact_id)["overdue"]
    _days_ahead(reader, schedule, today=today, horizon=horizon, limit=limit, contact_id=contact_id)
    missed: list[LetterRecord] = []
    for letter in views.list_letters(reader, open_only=True, due_by=horizon, contact_id=contact_id):
        if letter.due >= today:
            schedule[letter.due].letters.append(letter)
        else:
            missed.append(letter)
    _interview_days(reader, schedule, today=today, horizon=horizon, contact_id=contact_id)
    passed = []
    for deadline in views.list_deadlines(reader, due_by=horizon) if contact_id is None else []:
        if deadline.due >= today:
            schedule[deadline.due].deadlines.append(deadline)
        else:
            passed.append(deadline)
    for rotation in views.list_rotations(reader) if contact_id is None else []:
        if today <= rotation.starts_on <= horizon:
            schedule[rotation.starts_on].starts.append(rotation)
        if today <= rotation.ends_on <= horizon:
            schedule[rotation.ends_on].ends.append(rotation)
    person = None if contact_id is None else views.get_contact(reader, contact_id)
    return DayByDay(today, days, overdue, list(schedule.values()), missed, total, person, passed)


def _days_ahead(
    reader: Reader, schedule: dict[date, AgendaDay], *, today: date, horizon: date,
    limit: int | None, contact_id: int | None,
) -> None:  # fmt: skip
    """The follow-ups due from today to ``horizon``, on their days: all of them, or with a
    ``limit`` each day's first so many and how many more (each day's count from the index),
    so a network with hundreds due a day reads a few rows a day, not all of them."""
    per_day = (
        None
        if limit is None
        else views.count_by_day(reader, due_from=today, due_by=horizon, contact_id=contact_id)
    )
    if limit is None or per_day is None or all(n <= limit for n in per_day.values()):
        for item in views.list_follow_ups(
            reader, due_from=today, due_by=horizon, contact_id=contact_id
        ):
            schedule[item.due].follow_ups.append(item)
        return
    for day, n in sorted(per_day.items()):  # a query a day, each of its first rows only
        listed = views.list_follow_ups(
            reader, due_from=day, due_by=day, contact_id=contact_id, limit=limit
        )
        schedule[day].follow_ups = listed
        schedule[day].more = n - len(listed)


def _interview_days(
    reader: Reader, schedule: dict[date, AgendaDay], *, today: date, horizon: date,
    contact_id: int | None,
) -> None:  # fmt: skip
    """Interview days and pre-interview socials in the agenda's days (one person's: the
    programs they are part of)."""
    from medcrm.storage.queries.programs import list_programs

    # Only a scheduled program has days to come (interviewed, withdrawn...: none).
    for program in list_programs(reader, contact_id=contact_id, stage="scheduled"):
        if program.interview_on is not None and today <= program.interview_on <= horizon:
            schedule[program.interview_on].interviews.append(program)
        if program.social_on is not None and today <= program.social_on <= horizon:
            schedule[program.social_on].socials.append(program)


# --- statistics ------------------------------------------------------------------------


def _months(today: date, n: int) -> list[str]:
    year, month = today.year, today.month
    out = []
    for _ in range(n):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def stats(reader: Reader, *, today: date, top: int = 5) -> Stats:
    """The network at a glance."""
    months = _months(today, 12)
    per_month = _per_month(reader, since=date.fromisoformat(months[0] + "-01"), today=today)
    counts = reader.rows(
        "SELECT (SELECT COUNT(*) FROM contact) AS contacts, "
        "(SELECT COUNT(*) FROM interaction) AS interactions, "
        "(SELECT COUNT(*) FROM follow_up WHERE done_on IS NULL) AS open_follow_ups, "
        "(SELECT COUNT(*) FROM contact WHERE mentor) AS mentors",  # their partial index
    )[0]
    by_role = {str(r["role"]): int(r["n"]) for r in reader.rows(
        "SELECT role, COUNT(*) AS n FROM contact GROUP BY role"
    )}  # fmt: skip
    specialties = _by_specialty(reader)
    most = _most_contacted(reader, today=today, top=top)
    drifting = views.due_agenda(reader, today=today, days=0, limit=top).reconnect
    letters = _letters_by_status(reader)
    return Stats(
        today=today,
        contacts=int(counts["contacts"]),
        interactions=int(counts["interactions"]),
        open_follow_ups=int(counts["open_follow_ups"]),
        mentors=int(counts["mentors"]),
        by_role=[(role, by_role.get(role, 0)) for role in vocabulary.ROLES],
        by_specialty=specialties,
        per_month=[(m, per_month.get(m, 0)) for m in months],
        drifting=drifting,
        most_contacted=most,
        letters=letters,
    )


def _per_month(reader: Reader, *, since: date, today: date) -> Counter[str]:
    """Interactions from ``since`` to ``today``, by month ("YYYY-MM")."""
    per_day = reader.rows(
        "SELECT date, COUNT(*) AS n FROM interaction WHERE date >= :since AND date <= :today "
        "GROUP BY date",
        {"since": since, "today": today},
    )
    per_month: Counter[str] = Counter()
    for row in per_day:
        per_month[views.to_date(row["date"]).isoformat()[:7]] += int(row["n"])
    return per_month


def _by_specialty(reader: Reader) -> list[tuple[str, int]]:
    """Contacts by specialty, the largest first; past ten, the smallest go under "other"."""
    # "Internal Medicine" and "internal medicine" are one specialty: group by the folded
    # spelling, and show the spelling used most.
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for r in reader.rows(
        "SELECT specialty, COUNT(*) AS n FROM contact WHERE specialty IS NOT NULL "
        "GROUP BY specialty"
    ):
        spellings[text.fold(str(r["specialty"]))][str(r["specialty"])] += int(r["n"])
    specialties = sorted(
        ((c.most_common(1)[0][0], sum(c.values())) for c in spellings.values()),
        key=lambda sn: (-sn[1], sn[0]),
    )
    if len(specialties) > 10:
        specialties = [*specialties[:9], ("other", sum(n for _, n in specialties[9:]))]
    return specialties


def _most_contacted(reader: Reader, *, today: date, top: int) -> list[tuple[ContactRef, int, date]]:
    """The ``top`` people with the most interactions in the last year, and when they were
    last seen."""
    return [
        (ContactRef(int(r["id"]), str(r["name"])), int(r["n"]), views.to_date(r["last"]))
        for r in reader.rows(
            "SELECT c.id, c.name, COUNT(*) AS n, MAX(i.date) AS last FROM interaction i "
            "JOIN interaction_contact ic ON ic.interaction_id = i.id "
            "JOIN contact c ON c.id = ic.contact_id WHERE i.date >= :since "
            "GROUP BY c.id, c.name ORDER BY COUNT(*) DESC, MAX(i.date) DESC, c.name_key, c.id "
            "LIMIT :top",
            {"since": today - timedelta(days=365), "top": top},
        )
    ]


def _letters_by_status(reader: Reader) -> list[tuple[str, int]]:
    """Letters by status, in the order of the chain."""
    letters = [
        (str(r["status"]), int(r["n"]))
        for r in reader.rows("SELECT status, COUNT(*) AS n FROM letter GROUP BY status")
    ]
    order = {s: i for i, s in enumerate((*vocabulary.LETTER_STATUSES, "declined"))}
    return sorted(letters, key=lambda s: order.get(s[0], 99))


# --- who could write a letter ------------------------------------------------------------

# How much each kind of interaction says about how well someone knows the student.
KIND_WEIGHT = {
    "rotation": 3.0, "research": 3.0, "shadowing": 2.5, "office-hours": 2.0, "interview": 1.5,
    "meeting": 1.5,
    "seminar": 1.0, "conference": 1.0, "study-group": 1.0, "call": 1.0, "social": 1.0,
    "other": 1.0, "email": 0.5, "message": 0.5,
}  # fmt: skip
ROTATION_DAY_WEIGHT = 1.5
SPECIALTY_FACTOR = 1.5  # a matching specialty counts half as much again...
SPECIALTY_BONUS = 4.0  # ...plus this, so it lifts someone who knows you a little, too
# What students call specialties, as the words they stand for.
SPECIALTY_ALIASES = {
    "im": "internal medicine", "med": "medicine", "peds": "pediatrics", "paeds": "paediatrics",
    "em": "emergency", "fm": "family medicine", "obgyn": "obstetrics", "ob/gyn": "obstetrics",
    "ob": "obstetrics", "gyn": "gynecology", "surg": "surgery", "gen surg": "general surgery",
    "psych": "psychiatry", "neuro": "neurology", "cards": "cardiology", "card": "cardiology",
    "gi": "gastroenterology", "id": "infectious", "heme": "hematology", "onc": "oncology",
    "heme/onc": "hematology", "pulm": "pulmonary", "ccm": "critical care", "rads": "radiology",
    "derm": "dermatology", "ortho": "orthopedic", "ent": "otolaryngology", "anesth": "anesthesi",
    "gas": "anesthesi", "neph": "nephrology", "endo": "endocrinology", "rheum": "rheumatology",
    "uro": "urology", "ophtho": "ophthalmology", "path": "pathology", "pmr": "rehabilitation",
}  # fmt: skip
HALF_LIFE_DAYS = 180  # an interaction half a year old counts half


def suggest_writers(
    reader: Reader, *, today: date, specialty: str | None = None, limit: int = 10
) -> list[Suggestion]:
    """Faculty, attendings, residents and fellows ranked by how well they know the student.

    The score adds up every interaction (weighted by its kind and halved every six months),
    the days worked together on a rotation, and a bonus when their specialty (or a shared
    rotation's service) matches ``specialty``. Declined letters rule a person out.
    """
    rows = _writer_interactions(reader)
    declined = {
        int(r["contact_id"])
        for r in reader.rows("SELECT contact_id FROM letter WHERE status = 'declined'")
    }
    writing: defaultdict[int, list[str]] = defaultdict(list)
    for letter in views.list_letters(reader):
        if letter.status not in ("declined",):
            writing[letter.contact_id].append(letter.target)
    wanted = _specialty_words(specialty)
    tallies = _tallies(rows, declined, today=today)
    if not tallies:
        return []
    contacts = {c.id: c for c in views._contacts(reader, _contact_rows(reader, list(tallies)))}
    suggestions = [
        _suggestion(contacts[cid], tally, wanted, today=today, writing=writing.get(cid, []))
        for cid, tally in tallies.items()
    ]
    suggestions.sort(key=lambda s: (-s.score, s.contact.name))
    return suggestions[:limit]


def _writer_interactions(reader: Reader) -> list[Row]:
    """Every interaction of everyone who could write a letter (by role or level), one row per
    person and interaction, with its rotation's name and service."""
    roles_sql, params = in_params("r", list(vocabulary.LETTER_WRITER_ROLES))
    levels_sql, level_params = in_params("l", list(vocabulary.SUPERVISOR_LEVELS))
    return reader.rows(
        "SELECT c.id, i.kind, i.date, i.rotation_id, r.name AS rotation, r.service "  # noqa: S608
        "FROM contact c JOIN interaction_contact ic ON ic.contact_id = c.id "
        "JOIN interaction i ON i.id = ic.interaction_id "
        "LEFT JOIN rotation r ON r.id = i.rotation_id "
        f"WHERE c.role IN {roles_sql} OR c.level IN {levels_sql}",
        {**params, **level_params},
    )


def _tallies(rows: list[Row], declined: set[int], *, today: date) -> dict[int, _Tally]:
    """What each person's interactions add up to, leaving out those who declined a letter."""
    tallies: dict[int, _Tally] = {}
    for row in rows:
        cid = int(row["id"])
        if cid in declined:
            continue
        day = views.to_date(row["date"])
        tally = tallies.setdefault(cid, _Tally(last=day))
        age = max((today - day).days, 0)
        tally.score += KIND_WEIGHT.get(str(row["kind"]), 1.0) * math.pow(0.5, age / HALF_LIFE_DAYS)
        tally.kinds[str(row["kind"])] += 1
        if row["rotation_id"] is not None and row["kind"] == CLINICAL_KIND:
            tally.days[str(row["rotation"])].add(day)
            for where in (row["service"], row["rotation"]):
                if where:
                    tally.services.add(text.fold(str(where)))
        tally.last = max(day, tally.last)
    return tallies


def _suggestion(
    contact: ContactRecord, tally: _Tally, wanted: str | None, *, today: date, writing: list[str]
) -> Suggestion:
    """One person's score and the reason for it."""
    rotation_days = sum(len(d) for d in tally.days.values())
    matches = bool(
        wanted
        and (
            wanted in text.fold(contact.specialty or "")
            or any(wanted in service for service in tally.services)
        )
    )
    score = tally.score + ROTATION_DAY_WEIGHT * rotation_days
    if matches:
        score = score * SPECIALTY_FACTOR + SPECIALTY_BONUS
    return Suggestion(
        contact=contact,
        score=round(score, 2),
        reason=_reason(tally, today, matches, writing),
        interactions=sum(tally.kinds.values()),
        rotation_days=rotation_days,
        last=tally.last,
    )


def _specialty_words(specialty: str | None) -> str | None:
    """What to look for in a specialty or a rotation: 'IM' is internal medicine."""
    if specialty is None or not specialty.strip():
        return None
    folded = text.fold(specialty)
    return SPECIALTY_ALIASES.get(folded, folded)


@dataclass
class _Tally:
    """What one person's interactions add up to."""

    last: date
    score: float = 0.0
    kinds: Counter[str] = field(default_factory=Counter)
    days: defaultdict[str, set[date]] = field(default_factory=lambda: defaultdict(set))
    services: set[str] = field(default_factory=set)


def _contact_rows(reader: Reader, ids: list[int]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for start in range(0, len(ids), 500):
        chunk_sql, params = in_params("c", ids[start : start + 500])
        out += reader.rows(
            f"SELECT {views.CONTACT_COLUMNS}, {views.OPEN_SUMMARY} FROM contact c "  # noqa: S608
            f"WHERE c.id IN {chunk_sql}",
            params,
        )
    return out


def _reason(tally: _Tally, today: date, matches: bool, writing: list[str]) -> str:
    n = sum(tally.kinds.values())
    top = ", ".join(f"{k} ×{c}" for k, c in tally.kinds.most_common(3))
    parts = [f"{n} interaction{'s' if n != 1 else ''} ({top})"]
    for rotation, worked in sorted(tally.days.items(), key=lambda kv: -len(kv[1]))[:2]:
        parts.append(f"{len(worked)} day{'s' if len(worked) != 1 else ''} on {rotation}")
    ago = (today - tally.last).days
    parts.append(
        "last seen today" if ago == 0 else f"last seen {ago} day{'s' if ago != 1 else ''} ago"
    )
    if matches:
        parts.append("specialty matches")
    if writing:
        parts.append(f"already asked for: {', '.join(writing)}")
    return "; ".join(parts)
