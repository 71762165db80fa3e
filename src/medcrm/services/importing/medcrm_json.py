"""Restoring and merging medcrm's own JSON export (``medcrm import json``): the file and its
contacts here, the other records (rotations, interactions, letters, follow-ups, settings) in
:mod:`medcrm.services.importing.medcrm_json_records`."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlmodel import Session, select

from medcrm.pure.errors import InvalidInput
from medcrm.pure.records import ContactRecord, exported
from medcrm.services.contacts import refresh_contacts
from medcrm.services.importing import (
    Candidate,
    ImportResult,
    Rejection,
    apply,
    decode,
)
from medcrm.services.importing.medcrm_json_records import (
    RecordImport,
    _items,
    _opt_date,
    import_follow_ups,
    import_interactions,
    import_letters,
    import_rotations,
    import_settings,
)
from medcrm.services.importing.medcrm_json_season import import_deadlines, import_programs
from medcrm.storage.db import SessionWriter, reset_sequences
from medcrm.storage.models import Contact


def import_json(
    session: Session, data: bytes, *, today: date, allow_phi: bool = False
) -> ImportResult:
    """A medcrm JSON export: everything, restored exactly into an empty database.

    Into a database that already has contacts, contacts merge by the usual rule and the rest is
    added unless it is already there (the same interaction, rotation, letter or follow-up),
    with ids renumbered, so merging two medcrm databases doubles nothing. Text is checked for
    patient information as everywhere else: a row that looks like it is left out and listed,
    unless ``allow_phi`` or the export marks it ``phi_allowed`` (saved that way on purpose).
    """
    from medcrm.services.exporting import FORMAT_VERSION

    try:
        doc = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"The file is not valid JSON ({exc.msg} at line {exc.lineno}).") from exc
    if not isinstance(doc, dict) or doc.get("medcrm") != "export":
        raise InvalidInput(
            "This is not a medcrm JSON export (made by 'medcrm export json'); "
            "for other files use import linkedin, google, vcard or csv."
        )
    version = doc.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InvalidInput(
            f"This export has format version {version!r}; this medcrm reads up to "
            f"{FORMAT_VERSION}. Upgrade medcrm to import it."
        )
    return import_document(session, doc, today=today, allow_phi=allow_phi)


# Contact columns an export carries that the importer does not check one by one.
_PASSED_THROUGH = tuple(
    k for k in exported(ContactRecord) if k not in Candidate.__dataclass_fields__
)


def import_document(
    session: Session,
    doc: dict[str, Any],
    *,
    today: date,
    allow_phi: bool = False,
    copy: bool = False,
) -> ImportResult:
    """:func:`import_json` on an export already parsed. ``copy`` (``migrate-to``) keeps every
    row as it is, with its ``phi_allowed`` mark, without checking it again."""
    restore = session.exec(select(Contact.id)).first() is None
    result = ImportResult()
    contact_items = _items(doc, "contacts")
    candidates = _contact_candidates(contact_items, result)
    apply(
        session, candidates, today=today, allow_phi=allow_phi, result=result, restore=restore,
        check_phi=not copy,
    )  # fmt: skip
    job = RecordImport(
        session,
        result,
        today=today,
        restore=restore,
        allow_phi=allow_phi,
        copy=copy,
        contact_ids={
            c["id"]: result.ids[where]
            for where, c in contact_items
            if where in result.ids and "id" in c
        },
    )
    import_rotations(job, doc)
    import_interactions(job, doc)
    import_letters(job, doc)
    import_follow_ups(job, doc)
    import_programs(job, doc)
    import_deadlines(job, doc)
    session.flush()
    import_settings(job, doc)
    session.flush()
    if restore:
        reset_sequences(session)  # rows came with their own ids
    refresh_contacts(SessionWriter(session), sorted(set(job.contact_ids.values())))
    result.other = job.counts
    return result


def _contact_candidates(
    contact_items: list[tuple[str, dict[str, Any]]], result: ImportResult
) -> list[Candidate]:
    """The export's contacts as candidates for :func:`apply`; one that cannot be read is
    listed in ``result`` as rejected."""
    candidates = []
    for where, c in contact_items:
        try:
            candidates.append(
                Candidate(
                    where=where,
                    name=c.get("name"),
                    role=c.get("role"),
                    institution=c.get("institution"),
                    specialty=c.get("specialty"),
                    email=c.get("email"),
                    phone=c.get("phone"),
                    met=c.get("met"),
                    met_on=_opt_date(c, "met_on", where),
                    notes=c.get("notes"),
                    every=c.get("every"),
                    level=c.get("level"),
                    mentor=bool(c.get("mentor")),
                    added=_opt_date(c, "added", where),
                    uid=c.get("uid"),
                    tags=[str(t) for t in c.get("tags") or []],
                    extra=dict(c["extra"]) if isinstance(c.get("extra"), dict) else {},
                    id=c.get("id") if isinstance(c.get("id"), int) else None,
                    phi_allowed=c.get("phi_allowed") is True,
                    more={k: c[k] for k in _PASSED_THROUGH if k in c},
                )
            )
        except InvalidInput as exc:
            result.rejected.append(Rejection.from_error(where, exc))
    return candidates
