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

from sqlmodel import Session, col, or_, select, update

from medcrm import schema
from medcrm.connection import first
from medcrm.db import SessionReader
from medcrm.errors import InvalidInput
from medcrm.models import Contact, FollowUp, Interaction, Letter, Rotation
from medcrm.records import FollowUpRecord, RotationRecord
from medcrm.services import text, views

THANKS_AFTER = timedelta(days=3)


@dataclass
class RotationAdded:
    rotation: RotationRecord
    attached: int  # interactions already logged in its dates, now attached to it
    duties: list[FollowUpRecord]
    overlaps: list[RotationRecord]  # other rotations sharing some of its dates


def ensure_duties(
    session: Session, rotation: RotationRecord, contact_ids: list[int], *, today: date
) -> list[FollowUpRecord]:
    """Plan the ask and the thank-you for each supervisor on the rotation, once each.

    Nothing is planned for a rotation that ended more than two weeks ago: that moment has
    passed, and a backlog of stale duties helps no one.
    """
    if today > rotation.ends_on + timedelta(days=views.BEFORE_YOU_GO_AFTER):
        return []
    created: list[FollowUpRecord] = []
    supervisors = session.exec(
        select(Contact).where(
            col(Contact.id).in_(contact_ids),
            or_(
                col(Contact.role).in_(schema.SUPERVISOR_ROLES),
                col(Contact.level).in_(schema.SUPERVISOR_LEVELS),
            ),
        )
    ).all()
    for person in supervisors:
        assert person.id is not None
        # Asking for a letter since the rotation began is the ask (it is not planned again).
        letter_asked = session.exec(
            select(Letter.id).where(
                Letter.contact_id == person.id,
                col(Letter.asked_on) >= rotation.starts_on,
                Letter.status != "declined",
            )
        ).first()
        for purpose, due, title in (
            (
                "rotation-ask",
                rotation.ends_on,
                f"Ask {person.name} for feedback (an evaluation, or a letter) before "
                f"{rotation.name} ends",
            ),
            (
                "rotation-thanks",
                rotation.ends_on + THANKS_AFTER,
                f"Send {person.name} a thank-you for {rotation.name}",
            ),
        ):
            if purpose == "rotation-ask" and letter_asked is not None:
                continue
            exists = session.exec(  # open, done or cancelled: it is planned once, ever
                select(FollowUp.id).where(
                    FollowUp.rotation_id == rotation.id,
                    FollowUp.contact_id == person.id,
                    FollowUp.purpose == purpose,
                )
            ).first()
            if exists is not None:
                continue
            item = FollowUp(
                contact_id=person.id,
                title=title,
                due=max(due, today),
                created=today,
                purpose=purpose,
                rotation_id=rotation.id,
            )
            session.add(item)
            session.flush()
            assert item.id is not None
            created.append(views.get_follow_up(SessionReader(session), item.id))
    return created


def checked_rotation(
    name: str | None,
    starts_on: date,
    ends_on: date,
    *,
    service: str | None = None,
    site: str | None = None,
) -> Rotation:
    """A new rotation row, once its name and dates are fit to store (not yet added)."""
    clean = text.one_line(name, "The rotation's name", required=True)
    assert clean is not None
    key = text.name_key(clean)
    if not key or key.isdigit():
        raise InvalidInput(f"'{name}' can't be a rotation's name: it needs letters.")
    if ends_on < starts_on:
        raise InvalidInput(
            f"The rotation ends ({ends_on.isoformat()}) before it starts "
            f"({starts_on.isoformat()}); check --start and --end."
        )
    return Rotation(
        name=clean,
        name_key=key,
        starts_on=starts_on,
        ends_on=ends_on,
        service=text.one_line(service, "The service"),
        site=text.one_line(site, "The site"),
    )


def add_rotation(
    session: Session,
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
    reader = SessionReader(session)
    if first(reader, "SELECT id FROM rotation WHERE name_key = :key", {"key": rotation.name_key}):
        raise InvalidInput(
            f"There is already a rotation called '{rotation.name}'; give it another name."
        )
    session.add(rotation)
    session.flush()
    assert rotation.id is not None
    attach = session.exec(
        update(Interaction)
        .where(
            col(Interaction.rotation_id).is_(None),
            col(Interaction.date) >= starts_on,
            col(Interaction.date) <= ends_on,
        )
        .values(rotation_id=rotation.id)
    )
    people = [
        int(r["contact_id"])
        for r in reader.rows(
            "SELECT DISTINCT ic.contact_id FROM interaction_contact ic "
            "JOIN interaction i ON i.id = ic.interaction_id "
            "WHERE i.rotation_id = :rid AND i.kind = :clinical",
            {"rid": rotation.id, "clinical": schema.CLINICAL_KIND},
        )
    ]
    record = views.get_rotation(reader, rotation.id)
    duties = ensure_duties(session, record, people, today=today)
    overlaps = [
        r
        for r in views.list_rotations(reader)
        if r.id != record.id and r.starts_on <= ends_on and r.ends_on >= starts_on
    ]
    return RotationAdded(record, int(attach.rowcount or 0), duties, overlaps)


def remove_rotation(session: Session, which: str) -> RotationRecord:
    """Delete a rotation; its interactions stay (unattached), its open duties go."""
    reader = SessionReader(session)
    record = views.resolve_rotation(reader, which)
    session.exec(
        update(Interaction)
        .where(col(Interaction.rotation_id) == record.id)
        .values(rotation_id=None)
    )
    for item in session.exec(select(FollowUp).where(FollowUp.rotation_id == record.id)):
        session.delete(item)
    rotation = session.get(Rotation, record.id)
    session.delete(rotation)
    session.flush()
    return record
