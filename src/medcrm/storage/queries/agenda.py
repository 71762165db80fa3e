"""The morning view (``due``): overdue, today, upcoming, before you go, letter deadlines,
reconnect; counts from SQL.
"""

from __future__ import annotations

from datetime import date, timedelta

from medcrm.pure.errors import InvalidInput
from medcrm.pure.records import (
    Agenda,
    BeforeYouGo,
    ContactRecord,
    FollowUpRecord,
    Reconnect,
)
from medcrm.storage.connection import Reader
from medcrm.storage.queries.common import LETTER_HORIZON, ROTATION_PURPOSES, _check_limit
from medcrm.storage.queries.contacts import get_contact, list_contacts
from medcrm.storage.queries.deadlines import list_deadlines
from medcrm.storage.queries.followups import count_due, list_follow_ups
from medcrm.storage.queries.letters import list_letters
from medcrm.storage.queries.programs import invitations
from medcrm.storage.queries.rotations import ending_rotations


def due_agenda(
    reader: Reader,
    *,
    today: date,
    days: int = 7,
    limit: int | None = None,
    contact_id: int | None = None,
) -> Agenda:
    """The morning view.

    Follow-ups: overdue (oldest first), today, upcoming within ``days``; the rotation duties of
    a rotation in its last week or first two weeks after go to "Before you go" instead. Letter
    deadlines within 30 days. Reconnect: contacts past their maximum cadence, and "soon" those
    past the ideal of an ideal..maximum cadence, most lapsed first. Mentors' items are also
    gathered in ``mentors`` so a view can lead with them. ``limit`` caps each list (the most
    urgent are kept); ``counts`` has the totals. ``contact_id``: one person's items only
    (``due WHO``), with every open letter they write, whatever its deadline.
    """
    if days < 0:
        raise InvalidInput("--days must be 0 or more (0 shows only overdue and today).")
    if days > 3660:
        raise InvalidInput("--days can look ahead at most 3660 days (ten years).")
    _check_limit(limit)
    horizon = today + timedelta(days=days)
    agenda = Agenda(today=today, days=days, limit=limit)
    if contact_id is not None:
        agenda.person = get_contact(reader, contact_id)
    agenda.invitations = invitations(reader, contact_id=contact_id)
    if contact_id is None:  # the season's deadlines are nobody's: not in ``due WHO``
        ahead = max(horizon, today + timedelta(days=LETTER_HORIZON))  # a month, as letters
        agenda.deadlines = list_deadlines(reader, due_by=ahead)
    for ending in ending_rotations(reader, today=today):
        duties = [
            f
            for f in list_follow_ups(reader, rotation_id=ending.id, contact_id=contact_id)
            if f.purpose in ROTATION_PURPOSES
        ]
        if duties:
            agenda.before_you_go.append(BeforeYouGo(ending, duties))
    in_before_you_go = {f.id for b in agenda.before_you_go for f in b.follow_ups}
    counts = count_due(reader, today=today, horizon=horizon, contact_id=contact_id)
    for duty in (f for b in agenda.before_you_go for f in b.follow_ups if f.due <= horizon):
        section = _section(duty.due, today)  # shown under "Before you go", counted there
        counts[section] -= 1
        counts[f"mentors_{section}"] -= duty.mentor
    # Each section's first rows, from the database: the rotation duties shown under "Before
    # you go" are left out, so ask for as many more as there are of them.
    spare = None if limit is None else min(limit + len(in_before_you_go), 2**62)
    spans = {"overdue": (None, today - timedelta(days=1)), "today": (today, today),
             "upcoming": (today + timedelta(days=1), horizon)}  # fmt: skip

    def first(section: str, mentors: bool = False) -> list[FollowUpRecord]:
        low, high = spans[section]
        rows = list_follow_ups(reader, due_from=low, due_by=high, contact_id=contact_id,
                               mentors=mentors, limit=spare)  # fmt: skip
        return [f for f in rows if f.id not in in_before_you_go][:limit]

    agenda.overdue, agenda.due_today, agenda.upcoming = (
        first("overdue"), first("today"), first("upcoming")
    )  # fmt: skip
    mentor_items = [*first("overdue", True), *first("today", True), *first("upcoming", True)]
    agenda.letters = list_letters(
        reader,
        open_only=True,
        due_by=None if contact_id else today + timedelta(days=LETTER_HORIZON),
        contact_id=contact_id,
    )
    lapsed = list_contacts(reader, lapsed_on=today, limit=limit, contact_id=contact_id)
    soon = list_contacts(reader, soon_on=today, limit=limit, contact_id=contact_id)
    agenda.reconnect = [_reconnect(c, today, soon=False) for c in lapsed.rows]
    agenda.reconnect_soon = [_reconnect(c, today, soon=True) for c in soon.rows]
    # Mentors lead, whatever the limit cut from the reconnect lists: when it cut one, ask for
    # them directly (the same query, for mentors only, in the same order).
    mentor_lapsed = (
        [c for c in lapsed.rows if c.mentor]
        if lapsed.total == len(lapsed.rows)
        else list_contacts(reader, lapsed_on=today, mentors=True, contact_id=contact_id).rows
    )
    mentor_soon = (
        [c for c in soon.rows if c.mentor]
        if soon.total == len(soon.rows)
        else list_contacts(reader, soon_on=today, mentors=True, contact_id=contact_id).rows
    )
    agenda.mentors = [
        *mentor_items,
        *[_reconnect(c, today, soon=False) for c in mentor_lapsed],
        *[_reconnect(c, today, soon=True) for c in mentor_soon],
    ]
    agenda.counts = {
        "overdue": counts["overdue"],
        "today": counts["today"],
        "upcoming": counts["upcoming"],
        "reconnect": lapsed.total,
        "reconnect_soon": soon.total,
        "letters": len(agenda.letters),
        "deadlines": len(agenda.deadlines),
        "before_you_go": sum(len(b.follow_ups) for b in agenda.before_you_go),
        "mentors": counts["mentors_overdue"]
        + counts["mentors_today"]
        + counts["mentors_upcoming"]
        + len(mentor_lapsed)
        + len(mentor_soon),
        # How many of each section's items are a mentor's (shown under Mentors), counted
        # before ``limit`` cuts the lists, so a cut view still adds up.
        "mentors_overdue": counts["mentors_overdue"],
        "mentors_today": counts["mentors_today"],
        "mentors_upcoming": counts["mentors_upcoming"],
        "mentors_reconnect": len(mentor_lapsed),
        "mentors_reconnect_soon": len(mentor_soon),
    }
    if contact_id is not None:  # one person's view: no Mentors section to lead with
        agenda.mentors = []
        agenda.counts.update({k: 0 for k in agenda.counts if k.startswith("mentors")})
    if limit is not None:
        agenda.letters = agenda.letters[:limit]
        agenda.mentors = agenda.mentors[:limit]
    return agenda


def _section(due: date, today: date) -> str:
    return "overdue" if due < today else "today" if due == today else "upcoming"


def _reconnect(contact: ContactRecord, today: date, *, soon: bool) -> Reconnect:
    due = contact.reconnect_soon_on if soon else contact.reconnect_on
    assert due is not None  # selected by it
    return Reconnect(contact, contact.last_contact or contact.added, (today - due).days, soon)
