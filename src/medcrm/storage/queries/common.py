"""What the read queries share: date conversions, limits, the windows of the morning view, and
finding a row by its id or name."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from medcrm.pure.errors import Ambiguous, InvalidInput, NotFound
from medcrm.pure.text import name_key
from medcrm.storage.connection import Reader, Row, first

# Follow-ups that belong in the "Before you go" section while their rotation is ending.
ROTATION_PURPOSES = ("rotation-ask", "rotation-thanks")


BEFORE_YOU_GO_BEFORE, BEFORE_YOU_GO_AFTER = 6, 14  # days around a rotation's last day


LETTER_HORIZON = 30  # letter deadlines shown this many days ahead

ID = re.compile(r"#?(\d{1,18})")  # how a row is named by its id: "12" or "#12"


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with the wildcards in it escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def to_date(value: object) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def opt_date(value: object) -> date | None:
    return None if value is None else to_date(value)


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 1:
        raise InvalidInput("--limit must be 1 or more (or 0 for no limit, where offered).")


def one(reader: Reader, sql: str, params: dict[str, Any], missing: str) -> Row:
    """The first row ``sql`` returns; NotFound(``missing``) when there is none."""
    row = first(reader, sql, params)
    if row is None:
        raise NotFound(missing)
    return row


def named_id(
    reader: Reader, which: str, table: str, example: str, *, order: str = "name_key", add: str = ""
) -> int:
    """The id of the one row of ``table`` that ``which`` names: by its id ("12", "#12"), else by
    its name (exact, then a unique part; names are unique), like WHO for contacts. A name that
    is nothing but punctuation is InvalidInput (asking for one like ``example``); a part that
    matches several rows is Ambiguous, listing the first five of them (in ``order``); none,
    NotFound naming the commands that list them and add one (the latter's options in ``add``).
    """
    raw = which.strip()
    if ID.fullmatch(raw):
        return int(raw.lstrip("#"))
    key = name_key(raw)
    if not key:
        raise InvalidInput(f"Give a {table}'s id or name (e.g. {example}).")
    for sql, param in (
        (f"SELECT id, name FROM {table} WHERE name_key = :p ORDER BY id", key),  # noqa: S608
        (f"SELECT id, name FROM {table} WHERE name_key LIKE :p ESCAPE '\\' ORDER BY {order}",  # noqa: S608
         like_pattern(key)),
    ):  # fmt: skip
        rows = reader.rows(sql, {"p": param})
        if len(rows) == 1:
            return int(rows[0]["id"])
        if rows:
            listing = ", ".join(f"#{r['id']} {r['name']}" for r in rows[:5])
            raise Ambiguous(
                f"'{which}' matches {len(rows)} {table}s: {listing}. Use more of the name or "
                "the id.",
                [(int(r["id"]), str(r["name"])) for r in rows],
            )
    raise NotFound(
        f"No {table} matches '{which}'. Run 'medcrm {table}s' to see them, or add it: "
        f'medcrm {table}s add "{which}"{add}'
    )


class Where:
    """A read's WHERE clause, built a condition at a time, and the parameters it takes."""

    def __init__(self, *conditions: str) -> None:
        self.conditions = list(conditions)
        self.params: dict[str, Any] = {}

    def add(self, condition: str, **params: Any) -> None:
        self.conditions.append(condition)
        self.params.update(params)

    def given(self, condition: str, **params: Any) -> None:
        """``condition`` with its parameters, when they are given (not None)."""
        if all(value is not None for value in params.values()):
            self.add(condition, **params)

    def __str__(self) -> str:
        """`` WHERE a AND b``, or nothing when there are no conditions."""
        return f" WHERE {' AND '.join(self.conditions)}" if self.conditions else ""
