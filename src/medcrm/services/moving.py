"""``migrate-to`` and a server's ``restore``: copy a whole medcrm database into another, and
prove the copy.

The copy goes through medcrm's own export (every record, with its id) and its restore, a
record at a time: the export's text is read as it is written, so memory does not grow with the
database. The proof is that every table holds as many rows as in the original and that the
copy's export is the original's, character for character (compared by SHA-256, and line by
line to say where, should they differ). Any difference raises, and the caller's transaction
rolls the copy back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from medcrm.pure.errors import DatabaseError
from medcrm.services.exporting import json_chunks
from medcrm.services.importing.json_stream import sections
from medcrm.services.importing.medcrm_json import import_sections
from medcrm.services.importing.medcrm_json_records import Progress
from medcrm.storage.changes import load_log
from medcrm.storage.connection import Reader
from medcrm.storage.db import SessionReader, SessionWriter, reset_sequences

# Every table that holds the user's data (the schema revision is the target's own).
TABLES = (
    "contact", "tag", "contact_tag", "interaction", "interaction_contact", "follow_up",
    "rotation", "letter", "setting", "program", "program_stage", "program_contact",
    "program_letter", "deadline",
)  # fmt: skip


@dataclass
class Copied:
    counts: dict[str, int]  # rows per table, the same in both


def counts(reader: Reader) -> dict[str, int]:
    return {
        t: int(reader.rows(f"SELECT COUNT(*) AS n FROM {t}")[0]["n"])  # noqa: S608 - fixed names
        for t in TABLES
    }


def _hashed(pieces: Iterable[str], digest: Any) -> Iterator[str]:
    for piece in pieces:
        digest.update(piece.encode("utf-8", "surrogatepass"))
        yield piece


def _lines(pieces: Iterable[str]) -> Iterator[str]:
    rest = ""
    for piece in pieces:
        *whole, rest = (rest + piece).split("\n")
        yield from whole
    yield rest


def copy_into(
    source: Reader, target: Session, *, today: date, progress: Progress | None = None
) -> Copied:
    """Copy everything ``source`` holds into the empty database of ``target``, then verify."""
    original = hashlib.sha256()
    result = import_sections(
        target,
        sections(_hashed(json_chunks(source), original)),
        today=today,
        copy=True,
        progress=progress,
    )
    if result.rejected:
        first = result.rejected[0]
        raise DatabaseError(
            f"{len(result.rejected)} record(s) could not be copied (the first, {first.where}: "
            f"{first.reason}); nothing was copied."
        )
    copy = SessionReader(target)  # it flushes what the import added
    before, after = counts(source), counts(copy)
    if before != after:
        wrong = ", ".join(f"{t} {before[t]} → {after[t]}" for t in TABLES if before[t] != after[t])
        raise DatabaseError(f"The copy's row counts differ ({wrong}); nothing was copied.")
    again = hashlib.sha256()
    for _ in _hashed(json_chunks(copy), again):
        pass
    if again.digest() != original.digest():
        pairs = zip(_lines(json_chunks(source)), _lines(json_chunks(copy)), strict=False)
        line = next((n for n, (a, b) in enumerate(pairs, 1) if a != b), 0)
        raise DatabaseError(
            f"The copy's export differs from the original's (at line {line}); nothing was "
            "copied. Please report this as a medcrm bug."
        )
    return Copied(after)


def replace_everything(target: Session, parts: Iterable[tuple[str, Any]], *, today: date) -> Copied:
    """A server's ``restore``: empty every table of ``target`` and load the backup (medcrm's
    JSON export, its ``parts`` as :func:`sections` reads them) with its ids, in the caller's
    one transaction, which holds the write lock: a writer waits for it and lands in the
    restored database, and any error rolls everything back."""
    # children before their rows; what a vdir sync remembers is of the data replaced: forgotten
    for table in ("change_row", "change", "vdir_item", "calendar_event", *reversed(TABLES)):
        target.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed names
    target.flush()
    log: dict[str, list[Any]] = {"changes": [], "change_rows": []}
    result = import_sections(target, parts, today=today, copy=True, also=log)
    if result.rejected:
        first = result.rejected[0]
        raise DatabaseError(
            f"{len(result.rejected)} record(s) of the backup could not be loaded (the first, "
            f"{first.where}: {first.reason}); nothing was changed."
        )
    if log["changes"] or log["change_rows"]:
        load_log(SessionWriter(target), log["changes"], log["change_rows"])
        reset_sequences(target)
    return Copied(counts(SessionReader(target)))
