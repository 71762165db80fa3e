"""Medical-school workflows: rotations, letters, smart follow-ups, levels and mentors, agenda."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from medcrm.pure.errors import Ambiguous, InvalidInput
from medcrm.pure.records import Reconnect
from medcrm.services import contacts as svc
from medcrm.services import followups, letters, log, reports, rotations, settings
from medcrm.storage import queries as views
from medcrm.storage.store import Opened

from .conftest import TODAY, added, snapshot


def d(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def add(db: Opened, name: str, *, today: date = TODAY, **kw: object) -> int:
    with db.writer() as s:
        return added(s, name=name, today=today, **kw).contact.id  # type: ignore[arg-type]


def rotation(db: Opened, name: str = "IM clerkship", start: int = -30, end: int = 4) -> int:
    with db.writer() as s:
        return rotations.add_rotation(
            s,
            name=name,
            starts_on=d(start),
            ends_on=d(end),
            today=TODAY,
            service="Internal Medicine",
        ).rotation.id


@pytest.fixture
def team(db: Opened) -> Opened:
    """An attending, a resident, a peer and a nurse, added two months ago."""
    add(db, "Dr. Ana Ruiz", role="attending", specialty="Internal Medicine", today=d(-60))
    add(db, "Sam Okafor", role="resident", specialty="Internal Medicine", today=d(-60))
    add(db, "Lee Park", role="peer", today=d(-60))
    add(db, "Jo Bell", role="nurse", today=d(-60))
    return db


def open_purposes(db: Opened) -> list[tuple[str, str | None, date]]:
    with db.read() as r:
        return [(f.contact, f.purpose, f.due) for f in views.list_follow_ups(r)]


# --- rotations --------------------------------------------------------------------------


def test_logging_on_a_rotation_attaches_and_plans_before_you_go_for_supervisors(
    team: Opened,
) -> None:
    rid = rotation(team)
    with team.writer() as s:
        result = log.log_interaction(
            s, who=["ruiz", "okafor", "lee", "bell"], today=TODAY, on=d(-2), kind="rotation"
        )
    assert result.interaction.rotation == "IM clerkship"
    assert sorted((f.contact, f.purpose, f.due) for f in result.before_you_go) == [
        ("Dr. Ana Ruiz", "rotation-ask", d(4)),
        ("Dr. Ana Ruiz", "rotation-thanks", d(7)),
        ("Sam Okafor", "rotation-ask", d(4)),
        ("Sam Okafor", "rotation-thanks", d(7)),
    ]  # the peer and the nurse are not asked for evaluations
    with team.writer() as s:  # logging again plans nothing twice
        again = log.log_interaction(s, who=["ruiz"], today=TODAY, on=d(-1), kind="rotation")
    assert again.before_you_go == []
    with team.read() as r:
        detail = views.rotation_detail(r, rid)
    assert [p.contact.name for p in detail.people][:1] == ["Dr. Ana Ruiz"]
    assert len(detail.interactions) == 2


def test_other_kinds_in_a_rotation_are_attached_but_plan_nothing(team: Opened) -> None:
    rotation(team)
    with team.writer() as s:
        result = log.log_interaction(s, who=["ruiz"], today=TODAY, kind="research")
    assert result.interaction.rotation == "IM clerkship" and result.before_you_go == []


def test_adding_a_rotation_later_attaches_what_was_logged_in_its_dates(team: Opened) -> None:
    with team.writer() as s:
        log.log_interaction(s, who=["ruiz"], today=TODAY, on=d(-10), kind="rotation")
        log.log_interaction(s, who=["lee"], today=TODAY, on=d(-40), kind="study-group")
    with team.writer() as s:
        added = rotations.add_rotation(
            s, name="IM clerkship", starts_on=d(-30), ends_on=d(4), today=TODAY
        )
    assert added.attached == 1
    assert [(f.contact, f.purpose) for f in added.duties] == [
        ("Dr. Ana Ruiz", "rotation-ask"),
        ("Dr. Ana Ruiz", "rotation-thanks"),
    ]


def test_a_long_finished_rotation_plans_no_stale_duties(team: Opened) -> None:
    with team.writer() as s:
        log.log_interaction(s, who=["ruiz"], today=TODAY, on=d(-100), kind="rotation")
    with team.writer() as s:
        added = rotations.add_rotation(
            s, name="Surgery", starts_on=d(-120), ends_on=d(-80), today=TODAY
        )
    assert added.attached == 1 and added.duties == []


def test_before_you_go_shows_from_the_last_week_to_two_weeks_after(team: Opened) -> None:
    rotation(team, end=10)
    with team.writer() as s:
        log.log_interaction(s, who=["ruiz"], today=TODAY, kind="rotation")

    def section(today: date) -> list[str | None]:
        with team.read() as r:
            agenda = views.due_agenda(r, today=today, days=7)
        assert not any(f.purpose for f in (*agenda.upcoming, *agenda.due_today))
        return [f.purpose for b in agenda.before_you_go for f in b.follow_ups]

    assert section(TODAY) == []  # ten days before the end
    assert section(d(4)) == ["rotation-ask", "rotation-thanks"]  # its last week
    assert section(d(24)) == ["rotation-ask", "rotation-thanks"]  # two weeks after
    with team.read() as r:  # after that, what is still owed is simply overdue
        late = views.due_agenda(r, today=d(25), days=7)
    assert late.before_you_go == [] and len(late.overdue) == 2


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"starts_on": d(5), "ends_on": d(1)}, "ends"),
        ({"name": "  "}, "can't be empty"),
        ({"name": "42"}, "needs letters"),
    ],
)
def test_bad_rotations_are_refused(team: Opened, kw: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"name": "IM", "starts_on": d(0), "ends_on": d(10), "today": TODAY}
    args.update(kw)
    with pytest.raises(InvalidInput, match=message), team.writer() as s:
        rotations.add_rotation(s, **args)  # type: ignore[arg-type]


def test_rotation_names_are_unique_and_resolved_like_contacts(team: Opened) -> None:
    rotation(team, "Internal Medicine clerkship")
    rotation(team, "Surgery clerkship", start=-90, end=-60)
    with pytest.raises(InvalidInput, match="already a rotation"):
        rotation(team, "internal medicine CLERKSHIP")
    with team.read() as r:
        assert views.resolve_rotation(r, "surgery").name == "Surgery clerkship"
        with pytest.raises(Ambiguous):
            views.resolve_rotation(r, "clerkship")


def test_an_explicit_rotation_must_cover_the_date(team: Opened) -> None:
    rotation(team, "Surgery", start=-90, end=-60)
    with pytest.raises(InvalidInput, match="outside it"), team.writer() as s:
        log.log_interaction(s, who=["ruiz"], today=TODAY, kind="rotation", rotation="surgery")


def test_removing_a_rotation_keeps_the_log_and_drops_its_duties(team: Opened) -> None:
    rotation(team)
    with team.writer() as s:
        log.log_interaction(s, who=["ruiz"], today=TODAY, kind="rotation")
    with team.writer() as s:
        rotations.remove_rotation(s, "IM")
    with team.read() as r:
        assert [i.rotation for i in views.history(r)] == [None]
        assert views.list_follow_ups(r) == []


# --- letters ----------------------------------------------------------------------------


def test_a_letter_moves_along_and_plans_the_students_follow_ups(team: Opened) -> None:
    with team.writer() as s:
        asked = letters.ask(
            s, who="ruiz", target="Internal Medicine ERAS", due=d(45), today=TODAY, kind="SLOR"
        )
    assert asked.letter.status == "asked" and asked.letter.kind == "slor"
    assert [(f.purpose, f.due) for f in asked.created] == [
        ("letter-reminder", d(45 - 28)),
        ("letter-reminder", d(45 - 7)),
    ]
    lid = asked.letter.id
    with team.writer() as s:
        agreed = letters.set_status(s, lid, "agreed", on=d(1), today=d(1))
    assert [(f.purpose, f.due) for f in agreed.created] == [("letter-materials", d(3))]
    with team.writer() as s:
        sent = letters.set_status(s, lid, "materials-sent", on=d(2), today=d(2))
    assert [(f.purpose, f.done_on) for f in sent.closed] == [("letter-materials", d(2))]
    with team.writer() as s:
        submitted = letters.set_status(s, lid, "submitted", on=d(20), today=d(20))
    # both reminders retire: no reminding someone who has already submitted
    assert [f.purpose for f in submitted.closed] == ["letter-reminder", "letter-reminder"]
    assert [(f.purpose, f.due) for f in submitted.created] == [("letter-thanks", d(22))]
    with team.writer() as s:
        thanked = letters.set_status(s, lid, "thanked", on=d(21), today=d(21))
    assert [f.purpose for f in thanked.closed] == ["letter-thanks"]
    assert thanked.letter.thanked_on == d(21)
    with team.read() as r:
        assert views.list_follow_ups(r) == []


def test_letter_steps_only_move_forward(team: Opened) -> None:
    with team.writer() as s:
        lid = letters.ask(s, who="ruiz", target="IM", due=d(30), today=TODAY).letter.id
        letters.set_status(s, lid, "submitted", on=TODAY, today=TODAY)
    for status, message in (("agreed", "already submitted; it can move on to thanked."),
                            ("declined", "can move on to thanked."),
                            ("asked", "'asked' is what 'letters ask' records"),
                            ("lost", "Unknown letter status")):  # fmt: skip
        with pytest.raises(InvalidInput, match=message), team.writer() as s:
            letters.set_status(s, lid, status, on=TODAY, today=TODAY)
    with pytest.raises(InvalidInput, match="future"), team.writer() as s:
        letters.set_status(s, lid, "thanked", on=d(1), today=TODAY)
    with team.writer() as s:  # asked a week ago, agreed three days ago
        late = letters.ask(s, who="sam", target="IM", due=d(30), today=TODAY, asked_on=d(-7))
        letters.set_status(s, late.letter.id, "agreed", on=d(-3), today=TODAY)
    assert late.letter.asked_on == d(-7)
    with pytest.raises(InvalidInput, match="before the letter was agreed"), team.writer() as s:
        letters.set_status(s, late.letter.id, "materials-sent", on=d(-4), today=TODAY)


def test_a_declined_letter_retires_its_reminders(team: Opened) -> None:
    with team.writer() as s:
        lid = letters.ask(s, who="sam", target="IM", due=d(60), today=TODAY).letter.id
    with team.writer() as s:
        change = letters.set_status(s, lid, "declined", on=TODAY, today=TODAY)
    assert len(change.closed) == 2 and all(f.done_on is None for f in change.closed)
    with team.read() as r:
        assert views.list_follow_ups(r) == []
        assert views.get_letter(r, lid).declined_on == TODAY


def test_asking_for_a_letter_is_the_rotation_ask(team: Opened) -> None:
    rotation(team)
    with team.writer() as s:
        log.log_interaction(s, who=["ruiz"], today=TODAY, kind="rotation")
    with team.writer() as s:
        change = letters.ask(s, who="ruiz", target="IM", due=d(3), today=TODAY)
    assert [f.purpose for f in change.closed] == ["rotation-ask"]
    assert change.created == []  # the deadline is too close for reminders


def test_due_shows_letter_deadlines_within_30_days(team: Opened) -> None:
    with team.writer() as s:
        letters.ask(s, who="ruiz", target="IM soon", due=d(20), today=TODAY)
        letters.ask(s, who="sam", target="IM later", due=d(45), today=TODAY)
    with team.read() as r:
        agenda = views.due_agenda(r, today=TODAY)
    assert [x.target for x in agenda.letters] == ["IM soon"]


def test_suggest_ranks_who_knows_the_student_best(team: Opened) -> None:
    add(db := team, "Dr. Cy Faculty", role="faculty", specialty="Cardiology", today=d(-300))
    rotation(db, "IM clerkship", start=-30, end=4)
    with db.writer() as s:
        for day in (-20, -15, -10, -5, -2):
            log.log_interaction(s, who=["ruiz", "okafor"], today=TODAY, on=d(day), kind="rotation")
        log.log_interaction(s, who=["okafor"], today=TODAY, on=d(-1), kind="research")
        log.log_interaction(s, who=["cy faculty"], today=TODAY, on=d(-200), kind="email")
        log.log_interaction(s, who=["lee"], today=TODAY, kind="study-group")  # a peer: never
    with db.read() as r:
        ranked = reports.suggest_writers(r, today=TODAY)
        for_cardiology = reports.suggest_writers(r, today=TODAY, specialty="cardio")
    assert [s.contact.name for s in ranked] == ["Sam Okafor", "Dr. Ana Ruiz", "Dr. Cy Faculty"]
    assert ranked[0].rotation_days == 5 and "5 days on IM clerkship" in ranked[0].reason
    assert "specialty matches" in next(
        s.reason for s in for_cardiology if s.contact.name == "Dr. Cy Faculty"
    )
    with db.read() as r:  # "IM" is internal medicine; a rotation's name or service matches too
        for_im = reports.suggest_writers(r, today=TODAY, specialty="IM")
    assert all("specialty matches" in s.reason for s in for_im[:2])
    with db.writer() as s:
        lid = letters.ask(s, who="okafor", target="IM", due=d(30), today=TODAY).letter.id
        letters.set_status(s, lid, "declined", on=TODAY, today=TODAY)
    with db.read() as r:
        assert "Sam Okafor" not in [s.contact.name for s in reports.suggest_writers(r, today=TODAY)]


# --- smarter follow-ups -----------------------------------------------------------------


def test_a_repeating_follow_up_comes_back_from_its_scheduled_date(team: Opened) -> None:
    with team.writer() as s:
        item = followups.add_follow_up(
            s, who="ruiz", title="Monthly check-in", due=date(2027, 1, 31), today=TODAY, every="1m"
        )
    with team.writer() as s:  # done very late: the next is still counted from Jan 31
        [done] = followups.complete(s, [item.id], today=date(2027, 2, 20))
    assert done.next is not None
    assert (done.next.due, done.next.every, done.next.title) == (
        date(2027, 3, 31),
        "1m",
        "Monthly check-in",
    )
    assert followups.next_occurrence(date(2026, 11, 22), "2w") == date(2026, 12, 6)
    assert followups.next_occurrence(date(2024, 2, 29), "1y") == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("kind", "window"),
    [("office-hours", 1), ("shadowing", 1), ("seminar", 2), ("conference", 2), ("research", 3)],
)
def test_some_kinds_suggest_a_follow_up_with_each_contact(
    team: Opened, kind: str, window: int
) -> None:
    with team.writer() as s:
        result = log.log_interaction(s, who=["ruiz", "lee"], today=TODAY, kind=kind)
    assert [(f.contact, f.purpose, f.due) for f in result.suggested] == [
        ("Dr. Ana Ruiz", "suggested", d(window)),
        ("Lee Park", "suggested", d(window)),
    ]


def test_suggestions_can_be_skipped_or_reconfigured(team: Opened) -> None:
    with team.writer() as s:
        assert (
            log.log_interaction(
                s, who=["ruiz"], today=TODAY, kind="seminar", suggest=False
            ).suggested
            == []
        )
        assert log.log_interaction(s, who=["ruiz"], today=TODAY, kind="meeting").suggested == []
        explicit = log.log_interaction(
            s,
            who=["ruiz"],
            today=TODAY,
            kind="seminar",
            follow_up="Email slides",
            follow_up_due=d(5),
        )
        assert explicit.suggested == [] and explicit.follow_up is not None
        settings.set_value(s, "follow-up.seminar", "5d")
        assert log.log_interaction(s, who=["ruiz"], today=TODAY, kind="seminar").suggested[
            0
        ].due == d(5)
        settings.set_value(s, "follow-up.seminar", "off")
        assert log.log_interaction(s, who=["ruiz"], today=TODAY, kind="seminar").suggested == []
        settings.unset(s, "follow-up.seminar")
        assert settings.get(s, "follow-up.seminar") == "2d"
    with team.writer() as s:  # logged late: the suggestion is due today, not in the past
        late = log.log_interaction(s, who=["ruiz"], today=TODAY, on=d(-5), kind="conference")
        stale = log.log_interaction(s, who=["ruiz"], today=TODAY, on=d(-90), kind="seminar")
    assert late.suggested[0].due == TODAY
    assert stale.suggested == []  # a thank-you three months on is not a suggestion


@pytest.mark.parametrize(
    ("key", "value"), [("follow-up.lunch", "1d"), ("follow-up.seminar", "soon")]
)
def test_settings_are_checked(team: Opened, key: str, value: str) -> None:
    with pytest.raises(InvalidInput), team.writer() as s:
        settings.set_value(s, key, value)


def test_an_ideal_and_maximum_cadence(team: Opened) -> None:
    cid = add(team, "Dr. Mentor", role="faculty", today=d(-60), every="2w..6w", mentor=True)
    with team.writer() as s:
        log.log_interaction(s, who=["mentor"], today=TODAY, on=d(-20), kind="meeting")
    with team.read() as r:
        c = views.get_contact(r, cid)
        agenda = views.due_agenda(r, today=TODAY)
    assert (c.every, c.reconnect_soon_on, c.reconnect_on) == ("2w..6w", d(-6), d(22))
    assert [(x.contact.name, x.days_overdue, x.soon) for x in agenda.reconnect_soon] == [
        ("Dr. Mentor", 6, True)
    ]
    assert agenda.reconnect == []
    with team.read() as r:
        later = views.due_agenda(r, today=d(30))
    assert [x.contact.name for x in later.reconnect] == [
        "Dr. Mentor"
    ] and later.reconnect_soon == []
    with pytest.raises(InvalidInput, match=r"ideal .* longer than the maximum"):
        add(team, "Backwards", every="6w..2w")


# --- levels and mentors -----------------------------------------------------------------


def test_levels_are_normalised_and_checked(team: Opened) -> None:
    cid = add(team, "Dr. New Intern", role="resident", level="pgy-1")
    with team.read() as r:
        assert views.get_contact(r, cid).level == "PGY1"
    with pytest.raises(InvalidInput, match="Unknown level 'PGY9'"):
        add(team, "Dr. Too Senior", level="PGY9")


def test_the_morning_view_gathers_mentors_first(team: Opened) -> None:
    with team.writer() as s:
        svc.edit_contact(s, "ruiz", fields=svc.ContactFields(mentor=True, every="1m"))
        followups.add_follow_up(s, who="ruiz", title="Coffee", due=d(2), today=TODAY)
        followups.add_follow_up(s, who="lee", title="Notes", due=d(2), today=TODAY)
    with team.read() as r:
        agenda = views.due_agenda(r, today=d(40))
        mentors = views.list_contacts(r, mentors=True).rows
    assert [c.name for c in mentors] == ["Dr. Ana Ruiz"]
    kinds = [type(m).__name__ for m in agenda.mentors]
    assert kinds == ["FollowUpRecord", "Reconnect"]
    assert len(agenda.overdue) == 2  # the mentor's is still in its section too (for scripts)


# --- the patient-information guard -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Discussed cardiology research on 2026-11-03, room for a poster",
        "Patient Safety week talk with Dr. Ruiz",
        "She runs the patient education committee",
        "Age 45 is when she started residency",
        "Born in Chicago, trained in Boston",
        "Meet at 5 North; call 555-0100",
        "Presented patient presentations at rounds",
        "Grand rounds in Room 101",
        "Meet at 9 am in room 4 of the Sim Center",
        "Reviewed patient CT scans with the resident",
        "Practiced patient HPI presentations",
        "Discussed patient ICU transfers",
        "Pt Ed session on inhalers",
        "Joined the Patient Family Advisory Council",
        "Volunteered for the Patient Navigator program",
        "Medical records 2025 audit project",
        "Her pager 555-12-3456",
    ],
)
def test_ordinary_notes_pass_the_guard(team: Opened, text: str) -> None:
    with team.writer() as s:
        log.log_interaction(s, who=["ruiz"], today=TODAY, note=text)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("MRN 12345678 follow-up", "medical record number"),
        ("DOB: 03/04/1950", "date of birth"),
        ("92 yo man with CHF", "age over 89"),
        ("aged 95", "age over 89"),
        ("saw the patient in room 12", "patient's room"),
        ("bed 4A was noisy", "patient's bed"),
        ("SSN 123-45-6789", "Social Security number"),
        ("pt John Smith was discharged", "patient's name"),
        ("patient Mrs. Lopez improved", "patient's name"),
        ("pt J.S. in clinic", "patient's initials"),
        ("92F with CHF", "age over 89"),
        ("94M admitted overnight", "age over 89"),
        ("age: 93", "age over 89"),
        ("patient named john", "patient's name"),
        ("pt José Núñez rounded", "patient's name"),
        ("patient O'Brien", "patient's name"),
        ("SSN 123456789", "Social Security number"),
        ("SSN 123 45 6789", "Social Security number"),
        ("MRN 12-345-678", "medical record number"),
        ("DOB 4 March 1950", "date of birth"),
        ("pt: J.S.", "patient's initials"),
        ("admitted to room 12", "patient's room"),
    ],
)
def test_patient_identifiers_are_refused_and_nothing_is_stored(
    team: Opened, text: str, what: str
) -> None:
    before = snapshot(team)
    with pytest.raises(InvalidInput, match=what), team.writer() as s:
        log.log_interaction(s, who=["ruiz"], today=TODAY, note=text)
    for write in (
        lambda s: svc.add_contact(s, name="X", today=TODAY, fields=svc.ContactFields(notes=text)),
        lambda s: svc.edit_contact(s, "ruiz", fields=svc.ContactFields(notes=text)),
        lambda s: followups.add_follow_up(s, who="ruiz", title=text, due=TODAY, today=TODAY),
        lambda s: letters.ask(s, who="ruiz", target="IM", due=TODAY, today=TODAY, note=text),
    ):
        with pytest.raises(InvalidInput, match="patient information"), team.writer() as s:
            write(s)
    assert snapshot(team) == before
    with team.writer() as s:  # the student says it is not about a patient
        log.log_interaction(s, who=["ruiz"], today=TODAY, note=text, allow_phi=True)


# --- agenda and stats -------------------------------------------------------------------


def test_the_agenda_goes_day_by_day(team: Opened) -> None:
    rotation(team, "IM clerkship", start=-30, end=3)
    rotation(team, "Surgery", start=5, end=40)
    with team.writer() as s:
        followups.add_follow_up(s, who="lee", title="Share notes", due=d(1), today=TODAY)
        letters.ask(s, who="ruiz", target="IM ERAS", due=d(6), today=TODAY)
        overdue = followups.add_follow_up(s, who="lee", title="Old", due=d(-3), today=d(-5))
    with team.read() as r:
        plan = reports.day_by_day(r, today=TODAY, days=7)
    assert [f.id for f in plan.overdue] == [overdue.id]
    busy = {day.day: day for day in plan.schedule if not day.empty}
    assert [f.title for f in busy[d(1)].follow_ups] == ["Share notes"]
    assert [r.name for r in busy[d(3)].ends] == ["IM clerkship"]
    assert [r.name for r in busy[d(5)].starts] == ["Surgery"]
    assert [x.target for x in busy[d(6)].letters] == ["IM ERAS"]
    assert len(plan.schedule) == 8


def test_stats(team: Opened) -> None:
    with team.writer() as s:
        log.log_interaction(s, who=["ruiz", "lee"], today=TODAY, on=d(-40), kind="meeting")
        log.log_interaction(s, who=["ruiz"], today=TODAY, kind="email")
    with team.read() as r:
        summary = reports.stats(r, today=TODAY)
    assert (summary.contacts, summary.interactions) == (4, 2)
    assert dict(summary.by_role)["attending"] == 1
    assert dict(summary.by_specialty) == {"Internal Medicine": 2}
    assert dict(summary.per_month)["2026-10"] == 1 and dict(summary.per_month)["2026-11"] == 1
    assert len(summary.per_month) == 12
    assert summary.most_contacted[0][0].name == "Dr. Ana Ruiz"


# --- what the review of these workflows found ------------------------------------------------


def test_a_mentor_leads_even_when_the_limit_cuts_the_reconnect_list(db: Opened) -> None:
    for n in range(12):
        add(db, f"Peer {n:02d}", today=d(-90), every="1m")
    add(db, "Dr. Mentor", role="attending", mentor=True, today=d(-60), every="1m")
    with db.read() as r:
        agenda = views.due_agenda(r, today=TODAY, limit=10)
    mentors = [m for m in agenda.mentors if isinstance(m, Reconnect)]
    assert [m.contact.name for m in mentors] == ["Dr. Mentor"]
    assert agenda.counts["reconnect"] == 13 and len(agenda.reconnect) == 10


def test_repeating_follow_ups_keep_their_series(team: Opened) -> None:
    with team.writer() as s:
        monthly = followups.add_follow_up(
            s, who="ruiz", title="Monthly", due=date(2026, 12, 31), today=TODAY, every="1m"
        )
        weekly = followups.add_follow_up(
            s, who="sam", title="Weekly", due=date(2026, 11, 27), today=TODAY, every="1w"
        )
    with team.writer() as s:  # a snooze moves this one, not the series
        followups.snooze(s, monthly.id, today=TODAY, until=date(2027, 1, 3))
    with team.writer() as s:
        [m] = followups.complete(s, [monthly.id], today=date(2027, 1, 3))
    assert m.next is not None and m.next.due == date(2027, 1, 31)
    with team.writer() as s:  # done two months late: no overdue copies, the weekday is kept
        [w] = followups.complete(s, [weekly.id], today=date(2027, 2, 1))
    assert w.next is not None and w.next.due == date(2027, 2, 5)  # a Friday, like Nov 27
    with team.writer() as s:  # done, reopened, done again: still one next occurrence
        followups.reopen(s, monthly.id)
        [again] = followups.complete(s, [monthly.id], today=date(2027, 1, 3))
    assert again.next is not None and again.next.id == m.next.id
    with team.read() as r:
        open_titles = [f.title for f in views.list_follow_ups(r)]
    assert open_titles.count("Monthly") == 1


def test_asking_for_a_letter_first_is_the_rotation_ask(team: Opened) -> None:
    rotation(team)
    with team.writer() as s:
        letters.ask(s, who="ruiz", target="IM", due=d(60), today=TODAY)
        result = log.log_interaction(s, who=["ruiz"], today=TODAY, kind="rotation")
    assert [f.purpose for f in result.before_you_go] == ["rotation-thanks"]


def test_a_cancelled_duty_is_not_planned_again(team: Opened) -> None:
    rotation(team)
    with team.writer() as s:
        first = log.log_interaction(s, who=["ruiz"], today=TODAY, on=d(-2), kind="rotation")
    with team.writer() as s:
        for duty in first.before_you_go:
            followups.cancel(s, duty.id, today=TODAY)
        again = log.log_interaction(s, who=["ruiz"], today=TODAY, kind="rotation")
    assert again.before_you_go == []


def test_overlapping_rotations_are_reported(team: Opened) -> None:
    rotation(team, "IM clerkship", start=-30, end=10)
    with team.writer() as s:
        added = rotations.add_rotation(
            s, name="Radiology elective", starts_on=d(-5), ends_on=d(5), today=TODAY
        )
        logged = log.log_interaction(s, who=["ruiz"], today=TODAY, kind="rotation")
    assert [r.name for r in added.overlaps] == ["IM clerkship"]
    assert logged.interaction.rotation == "Radiology elective"
    assert logged.also_covering == ["IM clerkship"]


def test_unlog_takes_back_what_the_log_planned(team: Opened) -> None:
    rotation(team)
    with team.writer() as s:
        shift = log.log_interaction(s, who=["ruiz"], today=TODAY, kind="rotation")
        hours = log.log_interaction(s, who=["sam"], today=TODAY, kind="office-hours")
    with team.writer() as s:
        log.unlog(s, shift.interaction.id)
        log.unlog(s, hours.interaction.id)
    with team.read() as r:
        assert views.list_follow_ups(r) == []


def test_a_level_implies_the_role_and_counts_for_duties(team: Opened) -> None:
    cid = add(team, "Dr. Lee", level="attending")
    rotation(team)
    with team.read() as r:
        assert views.get_contact(r, cid).role == "attending"
    with team.writer() as s:  # a peer whose level says resident is supervised by too
        svc.edit_contact(s, "lee park", fields=svc.ContactFields(level="PGY2"))
        result = log.log_interaction(s, who=["dr lee", "lee park"], today=TODAY, kind="rotation")
    with team.read() as r:
        assert views.get_contact(r, cid).role == "attending"
        assert views.list_contacts(r, search="lee park").rows[0].role == "resident"
    assert {f.contact for f in result.before_you_go} == {"Dr. Lee", "Lee Park"}


def test_stats_groups_spellings_of_a_specialty(team: Opened) -> None:
    add(team, "A", specialty="internal medicine")
    add(team, "B", specialty="INTERNAL MEDICINE")
    with team.read() as r:
        assert dict(reports.stats(r, today=TODAY).by_specialty) == {"Internal Medicine": 4}


def test_the_agenda_lists_letter_deadlines_that_passed(team: Opened) -> None:
    with team.writer() as s:
        letters.ask(s, who="ruiz", target="IM", due=d(-3), today=TODAY, asked_on=d(-20))
    with team.read() as r:
        plan = reports.day_by_day(r, today=TODAY, days=7)
    assert [x.target for x in plan.missed_letters] == ["IM"]


def test_a_matching_specialty_lifts_a_writer_who_knows_you_about_as_well(db: Opened) -> None:
    add(db, "Dr. Ana Ruiz", role="attending", specialty="Internal Medicine", today=d(-60))
    add(db, "Dr. Cy Heart", role="faculty", specialty="Cardiology", today=d(-60))
    with db.writer() as s:
        for day in (-10, -3):
            log.log_interaction(s, who=["ruiz"], today=TODAY, on=d(day), kind="rotation")
            log.log_interaction(s, who=["heart"], today=TODAY, on=d(day), kind="research")
    with db.read() as r:
        plain = [s.contact.name for s in reports.suggest_writers(r, today=TODAY)]
        cardiology = [
            s.contact.name for s in reports.suggest_writers(r, today=TODAY, specialty="cards")
        ]
    assert plain == ["Dr. Ana Ruiz", "Dr. Cy Heart"]
    assert cardiology == ["Dr. Cy Heart", "Dr. Ana Ruiz"]
