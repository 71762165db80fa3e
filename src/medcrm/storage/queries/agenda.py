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
    Reconnect,
)
from medcrm.storage.connection import Reader
from medcrm.storage.queries.common import LETTER_HORIZON, ROTATION_PURPOSES, _check_limit
from medcrm.storage.queries.contacts import get_contact, list_contacts
from medcrm.storage.queries.deadlines import list_deadlines
from medcrm.storage.queries.followups import list_follow_ups
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
    for item in list_follow_ups(reader, due_by=horizon, contact_id=contact_id):
        if item.id in in_before_you_go:
            continue
        if item.due < today:
            agenda.overdue.append(item)
        elif item.due == today:
            agenda.due_today.append(item)
        else:
            agenda.upcoming.append(item)
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
        *[f for f in (*agenda.overdue, *agenda.due_today, *agenda.upcoming) if f.mentor],
        *[_reconnect(c, today, soon=False) for c in mentor_lapsed],
        *[_reconnect(c, today, soon=True) for c in mentor_soon],
    ]
    agenda.counts = {
        "overdue": len(agenda.overdue),
        "today": len(agenda.due_today),
        "upcoming": len(agenda.upcoming),
        "reconnect": lapsed.total,
        "reconnect_soon": soon.total,
        "letters": len(agenda.letters),
        "deadlines": len(agenda.deadlines),
        "before_you_go": sum(len(b.follow_ups) for b in agenda.before_you_go),
        "mentors": len(agenda.mentors),
        # How many of each section's items are a mentor's (shown under Mentors), counted
        # before ``limit`` cuts the lists, so a cut view still adds up.
        "mentors_overdue": sum(f.mentor for f in agenda.overdue),
        "mentors_today": sum(f.mentor for f in agenda.due_today),
        "mentors_upcoming": sum(f.mentor for f in agenda.upcoming),
        "mentors_reconnect": len(mentor_lapsed),
        "mentors_reconnect_soon": len(mentor_soon),
    }
    if contact_id is not None:  # one person's view: no Mentors section to lead with
        agenda.mentors = []
        agenda.counts.update({k: 0 for k in agenda.counts if k.startswith("mentors")})
    if limit is not None:
        agenda.overdue = agenda.overdue[:limit]
        agenda.due_today = agenda.due_today[:limit]
        agenda.upcoming = agenda.upcoming[:limit]
        agenda.letters = agenda.letters[:limit]
        agenda.mentors = agenda.mentors[:limit]
    return agenda


def _reconnect(contact: ContactRecord, today: date, *, soon: bool) -> Reconnect:
    due = contact.reconnect_soon_on if soon else contact.reconnect_on
    assert due is not None  # selected by it
    return Reconnect(contact, contact.last_contact or contact.added, (today - due).days, soon)
