"""The use cases, called directly with an explicit today (Sunday 2026-11-22)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from medcrm.pure.dates import Duration
from medcrm.pure.errors import Ambiguous, InvalidInput, NotFound
from medcrm.services import contacts as svc
from medcrm.services import followups, letters, log, rotations, settings
from medcrm.services.resolve import complete_names, resolve_contact, resolve_contacts
from medcrm.storage import queries as views
from medcrm.storage.connection import Reader, Writer
from medcrm.storage.db import SessionReader, SessionWriter
from medcrm.storage.location import Location
from medcrm.storage.store import Database, Opened

from .conftest import TODAY, added, snapshot


def d(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def add(db: Opened, name: str, *, today: date = TODAY, **kw: object) -> int:
    with db.writer() as s:
        return added(s, name=name, today=today, **kw).contact.id  # type: ignore[arg-type]


# --- contacts ---------------------------------------------------------------------------


def test_add_contact_stores_every_field_normalised(db: Opened) -> None:
    with db.writer() as s:
        result = added(
            s,
            name="  Dr.  Ana   Ruiz ",
            today=TODAY,
            role="Attending",
            institution="Riverside University Hospital",
            specialty="Internal Medicine",
            email="ana.ruiz@example.edu",
            phone="+1 555-0142",
            tags=["Letter Writer", "im-interest", "letter-writer"],
            met="IM clerkship",
            notes="Runs the Thursday teaching conference.\nLikes concise presentations.",
            every="30 days",
        )
    c = result.contact
    assert (c.name, c.role, c.every) == ("Dr. Ana Ruiz", "attending", "30d")
    assert c.tags == ["im-interest", "letter-writer"]
    assert c.notes == "Runs the Thursday teaching conference.\nLikes concise presentations."
    assert c.added == TODAY and c.last_contact is None
    assert c.reconnect_on == d(30)  # cadence counts from the day they were added
    assert result.same_name == []


def test_adding_a_second_person_with_the_same_name_is_allowed_and_reported(db: Opened) -> None:
    first = add(db, "Alex Kim")
    with db.writer() as s:
        result = svc.add_contact(s, name="alex kim", today=TODAY)
    assert [r.id for r in result.same_name] == [first]


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({"role": "professor"}, "Unknown role 'professor'. Use one of: peer, faculty"),
        ({"email": "ana at example"}, "doesn't look like an email"),
        ({"phone": "call me"}, "doesn't look like a phone"),
        ({"every": "often"}, "Can't read 'often' as a duration"),
        ({"tags": ["a,b"]}, "can't be a tag"),
        ({"notes": "x" * 100_001}, "the limit is 100,000"),
        ({"institution": "y" * 501}, "the limit is 500"),
    ],
)
def test_add_contact_refuses_bad_values_and_stores_nothing(
    db: Opened, kw: dict[str, object], fragment: str
) -> None:
    before = snapshot(db)
    with pytest.raises(InvalidInput) as err, db.writer() as s:
        added(s, name="Sam Okafor", today=TODAY, **kw)  # type: ignore[arg-type]
    assert fragment in err.value.message
    assert snapshot(db) == before


@pytest.mark.parametrize("name", ["", "   ", "...", "42", "#7"])
def test_a_name_needs_letters(db: Opened, name: str) -> None:
    with pytest.raises(InvalidInput), db.writer() as s:
        svc.add_contact(s, name=name, today=TODAY)


def test_control_characters_are_stripped_from_input(db: Opened) -> None:
    with db.writer() as s:
        c = added(s, name="Eve\x1b[2J Ng\u202e", today=TODAY, notes="a\x07b\nc").contact
    assert c.name == "Eve[2J Ng"
    assert c.notes == "ab\nc"


def test_edit_changes_only_what_is_given_and_clears_with_none(db: Opened) -> None:
    cid = add(
        db, "Priya Patel", role="faculty", email="p@example.edu", tags=["research"], every="1m"
    )
    with db.writer() as s:
        c = svc.edit_contact(
            s,
            "priya",
            fields=svc.ContactFields(email=None, specialty="Cardiology", every="2w"),
            name="Dr. Priya Patel",
            add_tags=["mentor"],
            remove_tags=["research"],
        ).contact
    assert (c.id, c.name, c.role, c.email, c.specialty) == (
        cid, "Dr. Priya Patel", "faculty", None, "Cardiology"
    )  # fmt: skip
    assert c.tags == ["mentor"]
    assert (c.every, c.reconnect_on) == ("2w", d(14))
    with db.read() as r:
        assert resolve_contact(r, "dr priya patel").id == cid
        assert r.rows("SELECT name FROM tag") == [{"name": "mentor"}]  # unused tags go


def test_edit_refuses_to_remove_a_tag_the_contact_lacks(db: Opened) -> None:
    add(db, "Priya Patel", tags=["research"])
    before = snapshot(db)
    with pytest.raises(InvalidInput, match="has no tag 'mentor'"), db.writer() as s:
        svc.edit_contact(
            s, "priya", fields=svc.ContactFields(role="faculty"), remove_tags=["mentor"]
        )
    assert snapshot(db) == before


def test_remove_keeps_shared_interactions_and_drops_the_rest(db: Opened) -> None:
    ana, sam = add(db, "Ana Ruiz", tags=["im"]), add(db, "Sam Okafor")
    with db.writer() as s:
        log.log_interaction(s, who=["ana", "sam"], today=TODAY, kind="rotation")
        log.log_interaction(s, who=["ana"], today=TODAY, follow_up="Thank", follow_up_due=d(1))
    with db.read() as r:
        preview = views.removal_preview(r, resolve_contact(r, "ana"))
    assert (preview.interactions, preview.shared_interactions, preview.follow_ups) == (1, 1, 1)
    with db.writer() as s:
        svc.remove_contact(s, ana)
    with db.read() as r:
        assert [c.id for c in views.list_contacts(r).rows] == [sam]
        shared = views.history(r, contact_id=sam)
        assert [[c.name for c in i.contacts] for i in shared] == [["Sam Okafor"]]
        assert r.rows("SELECT COUNT(*) AS n FROM interaction") == [{"n": 1}]
        assert r.rows("SELECT COUNT(*) AS n FROM follow_up") == [{"n": 0}]
        assert r.rows("SELECT COUNT(*) AS n FROM tag") == [{"n": 0}]


# --- WHO --------------------------------------------------------------------------------


@pytest.fixture
def people(db: Opened) -> dict[str, int]:
    names = ["Alex Kim", "Alexandra Ruiz", "José Núñez", "Mary O'Brien-Smith", "Alex Kim"]
    ids = [add(db, n) for n in names]
    return {"kim1": ids[0], "ruiz": ids[1], "jose": ids[2], "obrien": ids[3], "kim2": ids[4]}


def test_who_by_id_exact_name_then_unique_substring(db: Opened, people: dict[str, int]) -> None:
    with db.read() as r:
        assert resolve_contact(r, str(people["ruiz"])).id == people["ruiz"]
        assert resolve_contact(r, f"#{people['jose']}").id == people["jose"]
        assert resolve_contact(r, "ALEXANDRA RUIZ").id == people["ruiz"]
        assert resolve_contact(r, "jose nunez").id == people["jose"]  # accents folded
        assert resolve_contact(r, "Núñez").id == people["jose"]
        assert resolve_contact(r, "obrien").id == people["obrien"]  # punctuation ignored
        assert resolve_contact(r, "o'brien-smith").id == people["obrien"]
        assert resolve_contact(r, "andra").id == people["ruiz"]


def test_whole_words_win_over_substrings(db: Opened) -> None:
    ana, _ = add(db, "Ana Ruiz"), add(db, "Diana Lee")
    with db.read() as r:
        assert resolve_contact(r, "ana").id == ana
        with pytest.raises(Ambiguous):
            resolve_contact(r, "an")


def test_who_ambiguity_lists_the_candidates_with_ids(db: Opened, people: dict[str, int]) -> None:
    with db.read() as r:
        with pytest.raises(Ambiguous) as exact:
            resolve_contact(r, "alex kim")
        assert f"#{people['kim1']} Alex Kim" in exact.value.message
        assert "Use the id" in exact.value.message
        with pytest.raises(Ambiguous) as words:
            resolve_contact(r, "alex")
        with pytest.raises(Ambiguous) as partial:
            resolve_contact(r, "ale")
    assert {c[0] for c in words.value.candidates} == {people["kim1"], people["kim2"]}
    assert {c[0] for c in partial.value.candidates} == {
        people["kim1"],
        people["kim2"],
        people["ruiz"],
    }


def test_who_not_found_suggests_close_names(db: Opened, people: dict[str, int]) -> None:
    with db.read() as r:
        with pytest.raises(NotFound, match=r"Did you mean José Núñez"):
            resolve_contact(r, "Jose Nunes")
        with pytest.raises(NotFound, match=r"medcrm add-contact \"Zed\""):
            resolve_contact(r, "Zed")
        with pytest.raises(NotFound, match="No contact has id 999"):
            resolve_contact(r, "999")
        with pytest.raises(NotFound):  # LIKE wildcards are plain text
            resolve_contact(r, "al_x")


def test_several_whos_resolve_in_order_without_duplicates(
    db: Opened, people: dict[str, int]
) -> None:
    with db.read() as r:
        refs = resolve_contacts(r, ["obrien", "jose", "O'Brien"])
    assert [x.id for x in refs] == [people["obrien"], people["jose"]]


def test_completion_offers_names_by_their_start(db: Opened, people: dict[str, int]) -> None:
    with db.read() as r:
        assert complete_names(r, "alexa") == ["Alexandra Ruiz"]
        assert complete_names(r, "JOSE") == ["José Núñez"]
        assert complete_names(r, "Mary O") == ["Mary O'Brien-Smith"]
        assert complete_names(r, "ru") == []  # a shell only takes words that start so
        assert len(complete_names(r, "")) == 5


# --- log and follow-ups -----------------------------------------------------------------


def test_log_with_several_contacts_and_a_follow_up_in_one_transaction(db: Opened) -> None:
    ana, sam = add(db, "Ana Ruiz", every="1m"), add(db, "Sam Okafor")
    with db.writer() as s:
        result = log.log_interaction(
            s,
            who=["Ana", "sam okafor"],
            today=TODAY,
            on=d(-1),
            kind="Rotation",
            note="Presented a case at rounds",
            follow_up="Send thank-you email",
            follow_up_due=d(1),
        )
    assert result.interaction.kind == "rotation"
    assert [c.id for c in result.interaction.contacts] == [ana, sam]
    assert result.follow_up is not None
    assert (result.follow_up.contact_id, result.follow_up.due) == (ana, d(1))
    assert result.follow_up.interaction_id == result.interaction.id
    with db.read() as r:
        a = views.get_contact(r, ana)
    assert (a.last_contact, a.reconnect_on) == (d(-1), date(2026, 12, 21))


@pytest.mark.parametrize(
    ("kw", "error"),
    [
        ({"who": ["ana", "nobody"]}, NotFound),
        ({"who": ["ana"], "kind": "lunch"}, InvalidInput),
        ({"who": ["ana"], "on": d(1)}, InvalidInput),
        ({"who": ["ana"], "follow_up": "x"}, InvalidInput),
        (
            {"who": ["ana"], "follow_up": "call re MRN 00482913", "follow_up_due": d(1)},
            InvalidInput,
        ),
        ({"who": []}, InvalidInput),
    ],
)
def test_a_failed_log_leaves_the_database_as_it_was(
    db: Opened, kw: dict[str, object], error: type[Exception]
) -> None:
    add(db, "Ana Ruiz")
    before = snapshot(db)
    with pytest.raises(error), db.writer() as s:
        log.log_interaction(s, today=TODAY, **kw)  # type: ignore[arg-type]
    assert snapshot(db) == before


def test_unlog_recomputes_the_last_contact(db: Opened) -> None:
    ana = add(db, "Ana Ruiz", today=d(-30), every="2w")
    with db.writer() as s:
        log.log_interaction(s, who=["ana"], today=TODAY, on=d(-10))
        latest = log.log_interaction(s, who=["ana"], today=TODAY, on=d(-2)).interaction.id
    with db.writer() as s:
        log.unlog(s, latest)
    with db.read() as r:
        c = views.get_contact(r, ana)
    assert (c.last_contact, c.reconnect_on) == (d(-10), d(4))


def test_follow_up_lifecycle(db: Opened) -> None:
    add(db, "Ana Ruiz")
    with db.writer() as s:
        a = followups.add_follow_up(s, who="ana", title="Ask for feedback", due=d(2), today=TODAY)
        b = followups.add_follow_up(s, who="ana", title="Thank-you note", due=d(0), today=TODAY)
    with db.writer() as s:
        finished = followups.complete(s, [a.id, b.id], today=TODAY)
    assert [f.done.done_on for f in finished] == [TODAY, TODAY]
    assert [f.next for f in finished] == [None, None]
    with db.read() as r:
        assert views.list_follow_ups(r) == []
        assert len(views.list_follow_ups(r, include_done=True)) == 2
    with db.writer() as s:
        assert followups.reopen(s, a.id).done_on is None
    with db.writer() as s:
        cancelled = followups.cancel(s, a.id, today=TODAY)
    assert cancelled.cancelled and cancelled.done_on == TODAY
    with db.read() as r:
        assert views.list_follow_ups(r) == []  # closed, and kept in the history
        assert {f.id: f.cancelled for f in views.list_follow_ups(r, include_done=True)} == {
            a.id: True,
            b.id: False,
        }
    with pytest.raises(InvalidInput, match="already cancelled"), db.writer() as s:
        followups.cancel(s, a.id, today=TODAY)
    with db.writer() as s:
        assert not followups.reopen(s, a.id).cancelled


def test_done_is_all_or_nothing(db: Opened) -> None:
    add(db, "Ana Ruiz")
    with db.writer() as s:
        a = followups.add_follow_up(s, who="ana", title="x", due=TODAY, today=TODAY)
    before = snapshot(db)
    with pytest.raises(NotFound, match="No follow-up has id 99"), db.writer() as s:
        followups.complete(s, [a.id, 99], today=TODAY)
    assert snapshot(db) == before


def test_snooze_counts_from_the_due_date_or_today_whichever_is_later(db: Opened) -> None:
    add(db, "Ana Ruiz")
    with db.writer() as s:
        late = followups.add_follow_up(s, who="ana", title="late", due=d(-5), today=d(-9))
        ahead = followups.add_follow_up(s, who="ana", title="ahead", due=d(4), today=TODAY)
    with db.writer() as s:
        assert followups.snooze(s, late.id, today=TODAY, by=Duration(3, "d")).due == d(3)
        assert followups.snooze(s, ahead.id, today=TODAY, by=Duration(1, "w")).due == d(11)
        assert followups.snooze(s, ahead.id, today=TODAY, until=d(2)).due == d(2)
    for kw in ({}, {"by": Duration(1, "d"), "until": d(3)}, {"until": TODAY}):
        with pytest.raises(InvalidInput), db.writer() as s:
            followups.snooze(s, late.id, today=TODAY, **kw)


# --- the morning view -------------------------------------------------------------------


@pytest.fixture
def morning(db: Opened) -> Opened:
    """Follow-ups on every side of today, and cadences lapsed by different amounts."""
    add(db, "Ana Ruiz", today=d(-200), every="1m")  # last seen Oct 8: lapsed since Nov 8
    add(db, "Ben Cole", today=d(-100), every="2w")  # never seen: lapsed since added + 14
    add(db, "Cy Diaz", today=d(-100), every="1y")  # seen d(-3): not lapsed
    add(db, "Di Egan", today=d(-100))  # no cadence: never in reconnect
    with db.writer() as s:
        log.log_interaction(s, who=["ana"], today=TODAY, on=d(-45))
        log.log_interaction(s, who=["cy", "di egan"], today=TODAY, on=d(-3))
        for title, due, created in [
            ("older overdue", -6, -10), ("newer overdue", -1, -10), ("today", 0, -1),
            ("in two days", 2, 0), ("in seven days", 7, 0), ("in eight days", 8, 0),
        ]:  # fmt: skip
            followups.add_follow_up(s, who="ana", title=title, due=d(due), today=d(created))
        done = followups.add_follow_up(s, who="cy", title="done", due=d(-2), today=d(-5))
        followups.complete(s, [done.id], today=d(-2))
    return db


def test_due_sections_and_their_order(morning: Opened) -> None:
    with morning.read() as r:
        agenda = views.due_agenda(r, today=TODAY, days=7)
    assert [f.title for f in agenda.overdue] == ["older overdue", "newer overdue"]
    assert [f.title for f in agenda.due_today] == ["today"]
    assert [f.title for f in agenda.upcoming] == ["in two days", "in seven days"]
    assert [(x.contact.name, x.days_overdue, x.since) for x in agenda.reconnect] == [
        ("Ben Cole", 86, d(-100)),
        ("Ana Ruiz", 14, d(-45)),
    ]


def test_due_days_widens_upcoming_and_zero_narrows_it(morning: Opened) -> None:
    with morning.read() as r:
        assert len(views.due_agenda(r, today=TODAY, days=8).upcoming) == 3
        assert views.due_agenda(r, today=TODAY, days=0).upcoming == []
        with pytest.raises(InvalidInput):
            views.due_agenda(r, today=TODAY, days=-1)


def test_logging_resets_the_cadence(morning: Opened) -> None:
    with morning.writer() as s:
        log.log_interaction(s, who=["ben"], today=TODAY, kind="call")
    with morning.read() as r:
        names = [x.contact.name for x in views.due_agenda(r, today=TODAY).reconnect]
    assert names == ["Ana Ruiz"]


def every_view(reader: Reader) -> tuple[object, ...]:
    return (
        views.due_agenda(reader, today=TODAY, days=10),
        views.list_contacts(reader).rows,
        views.list_contacts(reader, search="ruiz").rows,
        views.contact_detail(reader, resolve_contact(reader, "ana").id),
        views.list_follow_ups(reader, include_done=True),
        views.history(reader),
    )


def test_the_fast_path_and_the_orm_path_return_the_same(morning: Opened) -> None:
    with morning.read() as fast:
        expected = every_view(fast)
    with morning.write() as s:
        assert every_view(SessionReader(s)) == expected


def every_write(w: Writer) -> None:
    """One of each write service, in the order a student's week might bring them."""
    added(w, name="Ana Ruiz", today=d(-30), role="attending", every="2w..6w",
          tags=["im", "letters"], notes="Met on the wards")  # fmt: skip
    added(w, name="Sam Okafor", today=d(-30), level="PGY2", email="sam@example.org")
    svc.add_contact(w, name="Lee Park", today=d(-30))
    rotations.add_rotation(w, name="IM clerkship", starts_on=d(-20), ends_on=d(3), today=TODAY)
    log.log_interaction(w, who=["ana", "sam"], today=TODAY, on=d(-1), kind="rotation")
    log.log_interaction(w, who=["lee"], today=TODAY, kind="office-hours", note="Research")
    repeat = followups.add_follow_up(w, who="ana", title="Check in", due=d(1), today=TODAY,
                                     every="1m")  # fmt: skip
    followups.complete(w, [repeat.id], today=d(1))
    other = followups.add_follow_up(w, who="sam", title="Coffee", due=d(2), today=TODAY)
    followups.snooze(w, other.id, today=TODAY, by=Duration(1, "w"))
    followups.cancel(w, other.id, today=TODAY)
    followups.reopen(w, other.id)
    svc.edit_contact(w, "sam", fields=svc.ContactFields(phone="555-0100", mentor=True),
                     add_tags=["mentor"], remove_tags=None)  # fmt: skip
    svc.edit_contact(w, "ana", fields=svc.ContactFields(), remove_tags=["letters"])
    change = letters.ask(w, who="ana", target="IM ERAS", due=d(40), today=TODAY)
    letters.set_status(w, change.letter.id, "agreed", on=TODAY, today=TODAY)
    settings.set_value(w, "follow-up.seminar", "3d")
    settings.unset(w, "follow-up.conference")
    log.unlog(w, 2)
    svc.remove_contact(w, 3)


def rows_of(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (a contact's random uid left out)."""
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    found = {}
    for table in tables:
        cur = conn.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608
        names = [c[0] for c in cur.description]
        found[table] = sorted(
            tuple(v for n, v in zip(names, r, strict=True) if n != "uid") for r in cur
        )
    conn.close()
    return found


@pytest.mark.sqlite_only
def test_writes_store_the_same_through_sqlite3_and_through_sqlalchemy(tmp_path: Path) -> None:
    """The write services' SQL text gives the same rows on the stdlib path of the daily
    commands and through SQLAlchemy (the server's path, and an import's)."""
    fast = Database.open(Location(tmp_path / "fast.db", "test"))
    with fast.writer() as w:
        every_write(w)
    orm = Database.open(Location(tmp_path / "orm.db", "test"))
    with orm.write() as session:
        every_write(SessionWriter(session))
    expected = rows_of(fast.path)
    assert len(expected["follow_up"]) >= 5 and len(expected["contact"]) == 2
    assert rows_of(orm.path) == expected


def test_contact_filters(morning: Opened) -> None:
    with morning.writer() as s:
        svc.edit_contact(
            s,
            "ben",
            fields=svc.ContactFields(role="resident", notes="Loves 100% of EM"),
            add_tags=["em"],
        )
    with morning.read() as r:
        assert [c.name for c in views.list_contacts(r, role="resident").rows] == ["Ben Cole"]
        assert [c.name for c in views.list_contacts(r, tag="EM").rows] == ["Ben Cole"]
        assert [c.name for c in views.list_contacts(r, search="100%").rows] == ["Ben Cole"]
        assert [c.name for c in views.list_contacts(r, search="_").rows] == []
        assert views.list_contacts(r, search="x'; DROP TABLE contact;--").rows == []
        assert len(views.list_contacts(r).rows) == 4
        summary = {c.name: (c.open_follow_ups, c.next_due) for c in views.list_contacts(r).rows}
    assert summary["Ana Ruiz"] == (6, d(-6))
    assert summary["Cy Diaz"] == (0, None)
