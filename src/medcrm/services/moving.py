"""``migrate-to`` and a server's ``restore``: copy a whole medcrm database into another, and
prove the copy.

The copy goes through medcrm's own export (every record, with its id) and its restore; the
proof is that every table holds as many rows as in the original and that the copy's export is
the original's, character for character. Any difference raises, and the caller's transaction
rolls the copy back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from medcrm.pure.errors import DatabaseError
from medcrm.services.exporting import everything, to_json
from medcrm.services.importing.medcrm_json import import_document
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


def copy_into(source: Reader, target: Session, *, today: date) -> Copied:
    """Copy everything ``source`` holds into the empty database of ``target``, then verify."""
    original = to_json(source)
    result = import_document(target, everything(source), today=today, copy=True)
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
    again = to_json(copy)
    if again != original:
        mine, theirs = original.splitlines(), again.splitlines()
        line = next(
            (n for n, (a, b) in enumerate(zip(mine, theirs, strict=False), 1) if a != b),
            min(len(mine), len(theirs)) + 1,
        )
        raise DatabaseError(
            f"The copy's export differs from the original's (at line {line}); nothing was "
            "copied. Please report this as a medcrm bug."
        )
    return Copied(after)


def replace_everything(target: Session, doc: dict[str, Any], *, today: date) -> Copied:
    """A server's ``restore``: empty every table of ``target`` and load the backup ``doc``
    (medcrm's JSON export) with its ids, in the caller's one transaction, which holds the
    write lock: a writer waits for it and lands in the restored database, and any error rolls
    everything back."""
    # children before their rows; what a vdir sync remembers is of the data replaced: forgotten
    for table in ("change_row", "change", "vdir_item", "calendar_event", *reversed(TABLES)):
        target.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed names
    target.flush()
    result = import_document(target, doc, today=today, copy=True)
    if result.rejected:
        first = result.rejected[0]
        raise DatabaseError(
            f"{len(result.rejected)} record(s) of the backup could not be loaded (the first, "
            f"{first.where}: {first.reason}); nothing was changed."
        )
    changes, rows = doc.get("changes"), doc.get("change_rows")
    if isinstance(changes, list) and isinstance(rows, list):
        load_log(SessionWriter(target), changes, rows)
        reset_sequences(target)
    return Copied(counts(SessionReader(target)))
