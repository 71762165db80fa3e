"""Rotations: adding and removing them, attaching interactions, and "Before you go" duties.

When an attending, resident or fellow is logged on a rotation (an interaction of kind
"rotation": clinical work, not a research meeting that happens to fall in its dates), medcrm
plans two follow-ups for the end of it: ask for feedback (an evaluation, a letter), due on
the last day, and send a thank-you, due three days after. They appear in the morning view's
"Before you go" section from the rotation's last week until two weeks after it; ``done``
marks them, and asking that person for a letter counts as the ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from medcrm.pure import text, vocabulary
from medcrm.pure.errors import InvalidInput
from medcrm.pure.records import FollowUpRecord, RotationRecord
from medcrm.services import followups
from medcrm.storage import queries as views
from medcrm.storage.connection import Writer, first, in_params

THANKS_AFTER = timedelta(days=3)


@dataclass
class RotationAdded:
    rotation: RotationRecord
    attached: int  # interactions already logged in its dates, now attached to it
    duties: list[FollowUpRecord]
    overlaps: list[RotationRecord]  # other rotations sharing some of its dates


def ensure_duties(
    db: Writer, rotation: RotationRecord, contact_ids: list[int], *, today: date
) -> list[FollowUpRecord]:
    """Plan the ask and the thank-you for each supervisor on the rotation, once each.

    Nothing is planned for a rotation that ended more than two weeks ago: that moment has
    passed, and a backlog of stale duties helps no one.
    """
    if today > rotation.ends_on + timedelta(days=views.BEFORE_YOU_GO_AFTER):
        return []
    created: list[FollowUpRecord] = []
    people, params = in_params("c", contact_ids)
    roles, role_params = in_params("r", vocabulary.SUPERVISOR_ROLES)
    levels, level_params = in_params("l", vocabulary.SUPERVISOR_LEVELS)
    supervisors = db.rows(
        f"SELECT id, name FROM contact WHERE id IN {people} "  # noqa: S608
        f"AND (role IN {roles} OR level IN {levels}) ORDER BY id",
        {**params, **role_params, **level_params},
    )
    if not supervisors:
        return []
    planned = _planned(db, rotation, people, params)
    for person in supervisors:
        person_id, name = int(person["id"]), str(person["name"])
        for purpose, due, title in _duties(rotation, name):
            if (person_id, purpose) in planned:
                continue
            created.append(
                followups.plan(
                    db,
                    contact_id=person_id,
                    title=title,
                    due=max(due, today),
                    today=today,
                    purpose=purpose,
                    rotation_id=rotation.id,
                )
            )
    return created


def _planned(
    db: Writer, rotation: RotationRecord, people: str, params: dict[str, object]
) -> set[tuple[int, str]]:
    """The duties of the rotation already planned for ``people`` (open, done or cancelled:
    each is planned once, ever), as (contact id, purpose); a person asked for a letter since
    the rotation began has had the ask. Two queries for everyone."""
    planned = {
        (int(r["contact_id"]), str(r["purpose"]))
        for r in db.rows(
            f"SELECT contact_id, purpose FROM follow_up WHERE rotation_id = :rid "  # noqa: S608
            f"AND contact_id IN {people}",
            {"rid": rotation.id, **params},
        )
    }
    asked = {
        int(r["contact_id"])
        for r in db.rows(
            f"SELECT contact_id FROM letter WHERE contact_id IN {people} "  # noqa: S608
            "AND asked_on >= :since AND status <> 'declined'",
            {"since": rotation.starts_on, **params},
        )
    }
    return planned | {(person_id, "rotation-ask") for person_id in asked}


def _duties(rotation: RotationRecord, name: str) -> tuple[tuple[str, date, str], ...]:
    """A supervisor's two duties on the rotation, as (purpose, due, title)."""
    return (
        (
            "rotation-ask",
            rotation.ends_on,
            f"Ask {name} for feedback (an evaluation, or a letter) before {rotation.name} ends",
        ),
        (
            "rotation-thanks",
            rotation.ends_on + THANKS_AFTER,
            f"Send {name} a thank-you for {rotation.name}",
        ),
    )


def checked_rotation(
    name: str | None,
    starts_on: date,
    ends_on: date,
    *,
    service: str | None = None,
    site: str | None = None,
) -> dict[str, Any]:
    """A new rotation's columns, once its name and dates are fit to store (not yet added)."""
    clean, key = text.checked_name(name, what="The rotation's name", noun="a rotation's name")
    if ends_on < starts_on:
        raise InvalidInput(
            f"The rotation ends ({ends_on.isoformat()}) before it starts "
            f"({starts_on.isoformat()}); check --start and --end."
        )
    return {
        "name": clean,
        "name_key": key,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "service": text.one_line(service, "The service"),
        "site": text.one_line(site, "The site"),
    }


def add_rotation(
    db: Writer,
    *,
    name: str,
    starts_on: date,
    ends_on: date,
    today: date,
    service: str | None = None,
    site: str | None = None,
) -> RotationAdded:
    """Add a rotation; interactions already logged in its dates are attached to it."""
    rotation = checked_rotation(name, starts_on, ends_on, service=service, site=site)
    if first(db, "SELECT id FROM rotation WHERE name_key = :key", {"key": rotation["name_key"]}):
        raise InvalidInput(
            f"There is already a rotation called '{rotation['name']}'; give it another name."
        )
    rotation_id = db.insert("rotation", rotation)
    attached = db.run(
        "UPDATE interaction SET rotation_id = :rid WHERE rotation_id IS NULL "
        "AND date >= :starts AND date <= :ends",
        {"rid": rotation_id, "starts": starts_on, "ends": ends_on},
    )
    people = [
        int(r["contact_id"])
        for r in db.rows(
            "SELECT DISTINCT ic.contact_id FROM interaction_contact ic "
            "JOIN interaction i ON i.id = ic.interaction_id "
            "WHERE i.rotation_id = :rid AND i.kind = :clinical ORDER BY ic.contact_id",
            {"rid": rotation_id, "clinical": vocabulary.CLINICAL_KIND},
        )
    ]
    record = views.get_rotation(db, rotation_id)
    duties = ensure_duties(db, record, people, today=today)
    overlaps = [
        r
        for r in views.list_rotations(db)
        if r.id != record.id and r.starts_on <= ends_on and r.ends_on >= starts_on
    ]
    return RotationAdded(record, attached, duties, overlaps)


def remove_rotation(db: Writer, which: str) -> RotationRecord:
    """Delete a rotation; its interactions stay (unattached), its "Before you go" follow-ups
    go (open or done: they belonged to it)."""
    record = views.resolve_rotation(db, which)
    rid = {"rid": record.id}
    db.run("UPDATE interaction SET rotation_id = NULL WHERE rotation_id = :rid", rid)
    db.run("DELETE FROM follow_up WHERE rotation_id = :rid", rid)
    db.run("DELETE FROM rotation WHERE id = :rid", rid)
    return record
