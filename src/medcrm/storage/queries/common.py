"""What the read queries share: date conversions, limits, and the windows of the morning view."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from medcrm.pure.errors import InvalidInput, NotFound
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
