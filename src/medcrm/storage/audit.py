"""What in a database file is not medcrm's own, and what of medcrm's is missing.

Another program (a DB browser, a script, a curious student) can add a view, a trigger or a
table to the SQLite file, or drop a column. A view or trigger breaks SQLite's table rebuilds
during an upgrade, and a missing column breaks every command; ``doctor`` names each one and says
what to do, and an upgrade checks before it starts and after it ends. Stdlib only, but for
:func:`missing_columns`, which reads the models (imported only when it runs).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

# The change log's and the search indexes' triggers, and the indexes' tables: medcrm's own.
_OURS = re.compile(r"medcrm_(?:log|search)_[a-z_]+_(?:insert|update|delete)")
_OUR_TABLES = re.compile(r"(?:search_index|contact_text)(?:_data|_idx|_content|_docsize|_config)?")


@dataclass(frozen=True)
class Foreign:
    kind: str  # "view", "trigger", "table", "index"
    name: str

    def advice(self, path: str) -> str:
        return f"sqlite3 '{path}' 'DROP {self.kind.upper()} \"{self.name}\";'"


def foreign_objects(
    conn: sqlite3.Connection, medcrm_tables: set[str] | None = None
) -> list[Foreign]:
    """Views and triggers (medcrm makes none but the change log's) and, given medcrm's tables,
    other tables."""
    found = []
    for kind, name in conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger', 'table') "
        "AND name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ):
        if (kind == "trigger" and _OURS.fullmatch(name)) or (
            kind == "table" and _OUR_TABLES.fullmatch(name)
        ):
            continue
        if kind in ("view", "trigger") or (
            medcrm_tables is not None and name not in medcrm_tables | {"alembic_version"}
        ):
            found.append(Foreign(kind, name))
    return found


def expected_columns() -> dict[str, set[str]]:
    """medcrm's tables at the newest schema and their columns, from the models."""
    from sqlmodel import SQLModel

    import medcrm.storage.models  # noqa: F401 - registers the tables

    return {t.name: {c.name for c in t.columns} for t in SQLModel.metadata.sorted_tables}


def missing_columns(conn: sqlite3.Connection) -> list[str]:
    """``table.column`` for every table or column of the newest schema the file lacks."""
    missing = []
    for table, columns in expected_columns().items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info('{table}')")}
        if not have:
            missing.append(table)
            continue
        missing += [f"{table}.{c}" for c in sorted(columns - have)]
    return missing


def describe_foreign(found: list[Foreign], path: str) -> str:
    """One sentence: what is foreign and how to remove it."""
    named = ", ".join(f"{f.kind} '{f.name}'" for f in found[:4])
    more = f" and {len(found) - 4} more" if len(found) > 4 else ""
    return (
        f"{path} has {named}{more} that medcrm did not make; an upgrade rebuilds tables and "
        f"would break {'it' if len(found) == 1 else 'them'}, so nothing was changed. Remove "
        f"{'it' if len(found) == 1 else 'them'} (e.g. {found[0].advice(path)}) and run medcrm "
        "again; 'medcrm doctor' lists them all."
    )
