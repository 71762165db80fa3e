"""Loading the example network (``examples/network.json``) for ``medcrm demo``.

Dates in the file are whole days relative to ``today``. Every row goes through the same
services the commands use, each with ``today`` set to the day it happened: a follow-up that is
overdue now was planned in the past, when its due date was still ahead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from medcrm.pure.errors import InvalidInput
from medcrm.services import letters
from medcrm.services.contacts import ContactFields, add_contact
from medcrm.services.deadlines import add_deadline
from medcrm.services.followups import add_follow_up, complete
from medcrm.services.log import log_interaction
from medcrm.services.rotations import add_rotation
from medcrm.storage import queries as views
from medcrm.storage.connection import Writer

SUGGEST_WITHIN_DAYS = 3


@dataclass
class DemoNetwork:
    student: dict[str, str]
    contacts: int
    interactions: int
    follow_ups: int


def example_network_path() -> Path:
    """The example file: packaged inside the wheel, or at the top of a source checkout."""
    packaged = resources.files("medcrm").joinpath("examples/network.json")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "examples" / "network.json"


def read_network(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InvalidInput(f"The example network {path} is missing; reinstall medcrm.") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"The example network {path} is not valid JSON: {exc}.") from exc
    if not isinstance(data, dict) or not isinstance(data.get("contacts"), list):
        raise InvalidInput(f"The example network {path} has no 'contacts' list.")
    return data


def _day(today: date, offset: object, where: str) -> date:
    if not isinstance(offset, int) or isinstance(offset, bool):
        raise InvalidInput(f"{where}: expected a whole number of days, got {offset!r}.")
    return today + timedelta(days=offset)


def load_network(db: Writer, data: dict[str, Any], *, today: date) -> DemoNetwork:
    """Put the whole example network into the database (one transaction, the caller's)."""
    contacts = data.get("contacts", [])
    interactions = sorted(data.get("interactions", []), key=lambda i: i.get("day", 0))
    follow_ups = data.get("follow_ups", [])
    _add_contacts(db, contacts, today=today)
    _log_interactions(db, interactions, today=today)
    # Rotations come after the log, as if added late: what was logged in their dates is
    # attached to them, and only a rotation ending about now gets "Before you go" items.
    _add_rotations(db, data.get("rotations", []), today=today)
    _add_follow_ups(db, follow_ups, today=today)
    _ask_letters(db, data.get("letters", []), today=today)
    season = data.get("season") or {}
    for n, program in enumerate(season.get("programs", [])):
        _season_program(db, program, today=today, where=f"season.programs[{n}]")
    for n, x in enumerate(season.get("deadlines", [])):
        add_deadline(db, x["title"], _day(today, x.get("due"), f"season.deadlines[{n}].due"),
                     today=today, program=x.get("program"))  # fmt: skip
    return DemoNetwork(
        student=dict(data.get("student") or {}),
        contacts=len(contacts),
        interactions=len(interactions),
        follow_ups=len(follow_ups),
    )


# A demo contact's text fields, as the network file names them (absent: None).
_CONTACT_TEXTS = ("institution", "specialty", "email", "phone", "met", "notes", "every", "level")


def _add_contacts(db: Writer, contacts: list[dict[str, Any]], *, today: date) -> None:
    """Each contact, added on its day."""
    for n, c in enumerate(contacts):
        added = _day(today, c.get("added", 0), f"contacts[{n}].added")
        texts = {f: c.get(f) for f in _CONTACT_TEXTS}
        fields = ContactFields(role=c.get("role", "peer"), mentor=bool(c.get("mentor")), **texts)
        add_contact(db, name=c["name"], today=added, fields=fields, tags=c.get("tags") or [])


def _log_interactions(db: Writer, interactions: list[dict[str, Any]], *, today: date) -> None:
    """Each interaction (oldest first), logged on the day it happened."""
    for n, i in enumerate(interactions):
        day = _day(today, i.get("day"), f"interactions[{n}].day")
        log_interaction(
            db,
            who=list(i["with"]),
            today=day,
            on=day,
            kind=i["kind"],
            note=i.get("note"),
            # The file lists what the student still owes in follow_ups; only a log from the
            # last few days gets the suggestion a user would just have seen.
            suggest=(today - day).days <= SUGGEST_WITHIN_DAYS,
        )


def _add_rotations(db: Writer, rotations: list[dict[str, Any]], *, today: date) -> None:
    """Each rotation, added today."""
    for n, r in enumerate(rotations):
        add_rotation(
            db,
            name=r["name"],
            starts_on=_day(today, r.get("start"), f"rotations[{n}].start"),
            ends_on=_day(today, r.get("end"), f"rotations[{n}].end"),
            today=today,
            service=r.get("service"),
            site=r.get("site"),
        )


def _add_follow_ups(db: Writer, follow_ups: list[dict[str, Any]], *, today: date) -> None:
    """Each follow-up, planned on the day it was created and done on its day, if it was."""
    for n, f in enumerate(follow_ups):
        created = _day(today, f.get("created", 0), f"follow_ups[{n}].created")
        due = _day(today, f.get("due"), f"follow_ups[{n}].due")
        item = add_follow_up(db, who=f["with"], title=f["title"], due=due, today=created)
        if f.get("done") is not None:
            complete(db, [item.id], today=_day(today, f["done"], f"follow_ups[{n}].done"))


def _ask_letters(db: Writer, requests: list[dict[str, Any]], *, today: date) -> None:
    """Each letter, asked for on its day and moved along its steps, each on its own day."""
    for n, x in enumerate(requests):
        asked = _day(today, x.get("asked"), f"letters[{n}].asked")
        change = letters.ask(
            db,
            who=x["with"],
            target=x["for"],
            due=_day(today, x.get("due"), f"letters[{n}].due"),
            today=asked,
            kind=x.get("kind", "narrative"),
            waived=bool(x.get("waived", True)),
            note=x.get("note"),
        )
        for status, offset in x.get("steps", []):
            on = _day(today, offset, f"letters[{n}].steps")
            letters.set_status(db, change.letter.id, status, on=on, today=on)


def _season_program(db: Writer, p: dict[str, Any], *, today: date, where: str) -> None:
    """A program of the application season, taken through its steps, each on its own day."""
    from datetime import datetime, time

    from medcrm.services import programs
    from medcrm.services.season import signal

    def day(key: str, value: object) -> date:
        return _day(today, value, f"{where}.{key}")

    fields = programs.ProgramFields(
        name=p["name"], specialty=p.get("specialty"), institution=p.get("institution"),
        city=p.get("city"), note=p.get("note"), letters_required=p.get("letters_required"),
        post_interview_contact=p.get("post_interview_contact", True),
    )  # fmt: skip
    which = str(programs.add_program(db, fields, today=day("added", p.get("added", 0))).id)
    for who, role in p.get("people", []):
        programs.link_contact(db, which, who, role=role)
    for stage, offset in p.get("moves", []):
        programs.set_stage(db, which, stage, on=day("moves", offset))
    if sent := p.get("signal"):
        signal(db, which, gold=bool(sent.get("gold")), today=day("signal", sent["day"]))
    if invited := p.get("invite"):
        clock = datetime.combine(day("invite", invited["respond_by"]), time(17, 0))
        programs.invite(db, which, respond_by=clock, today=day("invite", invited["day"]))
    if planned := p.get("schedule"):
        social = planned.get("pre_dinner")
        programs.schedule(db, which, on=day("schedule", planned["on"]),
                          today=day("schedule", planned["day"]),
                          virtual=bool(planned.get("virtual")),
                          social=None if social is None else day("schedule", social))  # fmt: skip
    if done := p.get("interviewed"):
        on = day("interviewed", done["day"])
        programs.interviewed(db, which, list(done["with"]), on=on, today=on, note=done.get("note"))
    writers = set(p.get("letters", []))
    for x in views.list_letters(db, open_only=False):
        if x.contact in writers:
            programs.assign_letter(db, x.id, [which])
