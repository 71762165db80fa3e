"""Preferences stored in the database (``medcrm config``), with their defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from medcrm import schema
from medcrm.connection import Reader
from medcrm.dates import parse_duration
from medcrm.errors import InvalidInput

if TYPE_CHECKING:
    from sqlmodel import Session

OFF = "off"


@dataclass(frozen=True)
class Setting:
    key: str
    value: str
    default: str
    help: str

    @property
    def is_default(self) -> bool:
        return self.value == self.default


def _known() -> dict[str, tuple[str, str]]:
    """key -> (default, what it means)."""
    return {
        f"follow-up.{kind}": (
            window,
            f"Suggest a follow-up this soon after logging {kind} (or 'off').",
        )
        for kind, (window, _title) in schema.SUGGESTIONS.items()
    }


def check(key: str, value: str) -> str:
    known = _known()
    if key not in known:
        raise InvalidInput(f"Unknown setting '{key}'. Known: {', '.join(sorted(known))}.")
    cleaned = value.strip().lower()
    if cleaned == OFF:
        return OFF
    return str(parse_duration(cleaned))


def all_settings(reader: Reader) -> list[Setting]:
    stored = {str(r["key"]): str(r["value"]) for r in reader.rows("SELECT key, value FROM setting")}
    return [
        Setting(key, stored.get(key, default), default, help_)
        for key, (default, help_) in sorted(_known().items())
    ]


def get(reader: Reader, key: str) -> str:
    for setting in all_settings(reader):
        if setting.key == key:
            return setting.value
    raise InvalidInput(f"Unknown setting '{key}'.")


def set_value(session: Session, key: str, value: str) -> Setting:
    """Store a setting, checked first."""
    from medcrm.db import SessionReader
    from medcrm.models import Setting as Row

    cleaned = check(key, value)
    row = session.get(Row, key)
    if row is None:
        session.add(Row(key=key, value=cleaned))
    else:
        row.value = cleaned
        session.add(row)
    session.flush()
    return next(s for s in all_settings(SessionReader(session)) if s.key == key)


def unset(session: Session, key: str) -> Setting:
    """Back to the default."""
    from medcrm.db import SessionReader
    from medcrm.models import Setting as Row

    check(key, OFF)
    row = session.get(Row, key)
    if row is not None:
        session.delete(row)
        session.flush()
    return next(s for s in all_settings(SessionReader(session)) if s.key == key)
