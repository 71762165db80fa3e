"""Restoring and merging medcrm's own JSON export (``medcrm import json``): the file, read a
record at a time (:mod:`medcrm.services.importing.json_stream`), and its contacts here; the
other records (rotations, interactions, letters, follow-ups, settings) in
:mod:`medcrm.services.importing.medcrm_json_records`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from datetime import date
from itertools import islice
from typing import Any

from sqlmodel import Session

from medcrm.pure.errors import InvalidInput
from medcrm.pure.records import ContactRecord, exported
from medcrm.services.contacts import refresh_contacts
from medcrm.services.importing import Candidate, ImportResult, Rejection, apply
from medcrm.services.importing.bulk import refresh_restored_contacts
from medcrm.services.importing.json_stream import NOT_AN_EXPORT, Record, decoded, sections
from medcrm.services.importing.medcrm_json_letters import import_letters
from medcrm.services.importing.medcrm_json_records import (
    PAGE,
    Progress,
    RecordImport,
    _opt_date,
    import_follow_ups,
    import_interactions,
    import_rotations,
    import_settings,
)
from medcrm.services.importing.medcrm_json_season import import_deadlines, import_programs
from medcrm.storage.changes import has_history
from medcrm.storage.db import SessionWriter, holds_no_records, loading_into_empty, reset_sequences

# The lists of records, each after the ones it points to (settings, an object, come last).
KINDS: dict[str, Callable[[RecordImport, Iterable[Record]], None]] = {
    "contacts": lambda job, items: _import_contacts(job, items),
    "rotations": import_rotations,
    "interactions": import_interactions,
    "letters": import_letters,
    "follow_ups": import_follow_ups,
    "programs": import_programs,
    "deadlines": import_deadlines,
}


def import_json(
    session: Session,
    chunks: Iterable[bytes],
    *,
    today: date,
    allow_phi: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """A medcrm JSON export, read from ``chunks`` of its bytes: everything, restored exactly
    into an empty database.

    Into a database that already has contacts, contacts merge by the usual rule and the rest is
    added unless it is already there (the same interaction, rotation, letter or follow-up),
    with ids renumbered, so merging two medcrm databases doubles nothing. Text is checked for
    patient information as everywhere else: a row that looks like it is left out and listed,
    unless ``allow_phi`` or the export marks it ``phi_allowed`` (saved that way on purpose).
    """
    return import_sections(
        session, sections(decoded(chunks)), today=today, allow_phi=allow_phi, progress=progress
    )


def header_of(parts: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """The export's ``medcrm`` and ``version`` (read before anything is changed): usually its
    first lines; a file with them elsewhere is read through (a record at a time) to find
    them. InvalidInput when it is not an export this medcrm can read."""
    header: dict[str, Any] = {}
    for key, value in parts:
        if not isinstance(value, Iterator):
            header[key] = value
        if "medcrm" in header and "version" in header:
            break
    check_header(header)
    return header


def check_header(header: dict[str, Any]) -> None:
    """InvalidInput unless the file says it is a medcrm export this medcrm can read."""
    from medcrm.services.exporting import FORMAT_VERSION

    if header.get("medcrm") != "export":
        raise InvalidInput(NOT_AN_EXPORT)
    version = header.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InvalidInput(
            f"This export has format version {version!r}; this medcrm reads up to "
            f"{FORMAT_VERSION}. Upgrade medcrm to import it."
        )


def import_sections(
    session: Session,
    parts: Iterable[tuple[str, Any]],
    *,
    today: date,
    allow_phi: bool = False,
    copy: bool = False,
    progress: Progress | None = None,
    also: dict[str, list[Any]] | None = None,
) -> ImportResult:
    """The export's ``parts`` (its keys and values, a list as an iterator of records, as
    :func:`sections` reads them) imported in order. ``copy`` (``migrate-to``, a server's
    restore) keeps every row as it is, with its ``phi_allowed`` mark, without checking it
    again; the lists named in ``also`` (the change log of a backup) are kept there.

    Each list is imported as it is read when the ones it points to are in (an export lists
    them in that order); a file in another order has its early lists held until then."""
    restore = holds_no_records(session)
    writer = SessionWriter(session)
    # Nothing there and no history: loaded fast and not recorded (its undo would empty the
    # database); with a change log to keep in order, recorded like any command.
    quiet = restore and not has_history(writer)
    result = ImportResult()
    job = RecordImport(
        session, result, today=today, restore=restore, allow_phi=allow_phi, copy=copy,
        progress=progress,
    )  # fmt: skip
    try:
        with loading_into_empty(session) if quiet else nullcontext() as loading:
            header = _import_in_order(job, parts, also)
            session.flush()
            import_settings(job, header)
            session.flush()
            if loading is not None:
                loading.indexed()  # the refresh below reads through them
            if restore:  # every contact there is came now
                refresh_restored_contacts(writer)
    except Exception as exc:  # the caller's transaction rolls it all back
        if any(c.__name__ == "IntegrityError" for c in type(exc).__mro__):  # any driver's
            raise InvalidInput(
                "Two records of the file have the same id or uid, or one points to a record "
                "that is not there; nothing was imported. Export it again with 'medcrm export "
                "json'."
            ) from exc
        raise
    finally:
        job.screening.close()
    if restore:  # rows came with their own ids
        reset_sequences(session)
    else:
        refresh_contacts(writer, sorted(set(job.contact_ids.values())))
    result.other = job.counts
    return result


def _import_in_order(
    job: RecordImport, parts: Iterable[tuple[str, Any]], also: dict[str, list[Any]] | None
) -> dict[str, Any]:
    """Each list of records imported as it is read when the lists it points to are in, else
    held until they are (the whole import is rolled back if the file then turns out not to be
    an export). Returns the other values."""
    header: dict[str, Any] = {}
    held: dict[str, list[Record]] = {}
    done: list[str] = []
    order = list(KINDS)
    for key, value in parts:
        if key not in KINDS:
            if not isinstance(value, Iterator):
                header[key] = value
            elif also is not None and key in also:
                also[key] = [v for _, v in value]
            continue
        if not isinstance(value, Iterator):
            raise InvalidInput(f"'{key}' in the export is not a list.")
        if "medcrm" in header and "version" in header:
            check_header(header)  # a wrong one says so at once; a late one, at the end
        if order[len(done)] == key:
            KINDS[key](job, value)
            done.append(key)
            _import_held(job, held, done)
        else:
            held[key] = list(value)
    check_header(header)
    for key in order:
        if key not in done:
            KINDS[key](job, held.pop(key, []))
    return header


def _import_held(job: RecordImport, held: dict[str, list[Record]], done: list[str]) -> None:
    """The held lists that can go in now that the ones before them are in."""
    while len(done) < len(KINDS) and (key := list(KINDS)[len(done)]) in held:
        KINDS[key](job, held.pop(key))
        done.append(key)


def _batches(items: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _import_contacts(job: RecordImport, items: Iterable[Record]) -> None:
    """The export's contacts: into an empty database a page at a time (each keeps its id; one
    without an id comes last, after the highest), else all together (they merge by the usual
    rule, one with another too)."""
    records = ((w, c) for w, c in items if isinstance(c, dict))
    if not job.restore:
        _contacts(job, list(records))
        return
    without_id: list[Record] = []
    for batch in _batches(records, PAGE):
        without_id += [(w, c) for w, c in batch if not isinstance(c.get("id"), int)]
        _contacts(job, [(w, c) for w, c in batch if isinstance(c.get("id"), int)])
    if without_id:
        _contacts(job, without_id)


def _contacts(job: RecordImport, batch: list[Record]) -> None:
    result = job.result
    candidates = _contact_candidates(batch, result)
    apply(
        job.session, candidates, today=job.today, allow_phi=job.allow_phi, result=result,
        restore=job.restore, check_phi=not job.copy,
    )  # fmt: skip
    for where, c in batch:
        new_id = result.ids.pop(where, None)
        if new_id is not None and "id" in c:
            job.contact_ids[c["id"]] = new_id
    job.tell("contacts", len(candidates))


# Contact columns an export carries that the importer does not check one by one.
_PASSED_THROUGH = tuple(
    k for k in exported(ContactRecord) if k not in Candidate.__dataclass_fields__
)


def _contact_candidates(contact_items: list[Record], result: ImportResult) -> list[Candidate]:
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
