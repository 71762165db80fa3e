"""Preferences stored in the database (``medcrm config``), with their defaults."""

from __future__ import annotations

from typing import TYPE_CHECKING

from medcrm.pure import vocabulary
from medcrm.pure.dates import parse_duration
from medcrm.pure.errors import InvalidInput
from medcrm.storage.changes import DAYS, KEEP
from medcrm.storage.connection import Reader, Writer

if TYPE_CHECKING:  # built by `medcrm config` only; every log reads a setting with get()
    from medcrm.pure.results import Setting

OFF = "off"
NONE = "none"
DEFAULT_WEIGHTS = "fit=1,location=1,training=1,people=1"


def _known() -> dict[str, tuple[str, str]]:
    """key -> (default, what it means)."""
    known = {
        f"follow-up.{kind}": (
            window,
            f"Suggest a follow-up this soon after logging {kind} (or 'off').",
        )
        for kind, (window, _title) in vocabulary.SUGGESTIONS.items()
    }
    known["undo.keep"] = (str(KEEP), "How many changes 'medcrm undo' can take back.")
    known["undo.days"] = (str(DAYS), "How many days the change log keeps a change.")
    known["signals.budget"] = (
        NONE,
        "Preference signals you may send, gold included ('none': no limit).",
    )
    known["signals.gold-budget"] = (NONE, "Gold signals you may send ('none': no limit).")
    known["rank.weights"] = (
        DEFAULT_WEIGHTS,
        "How much each rating counts in a program's score on the rank list.",
    )
    return known


def check(key: str, value: str) -> str:
    known = _known()
    if key not in known:
        raise InvalidInput(f"Unknown setting '{key}'. Known: {', '.join(sorted(known))}.")
    cleaned = value.strip().lower()
    if key.startswith("signals."):
        if cleaned in (NONE, OFF, ""):
            return NONE
        if not cleaned.isdigit() or int(cleaned) > 100:
            raise InvalidInput(
                f"{key} takes a number of signals (0 to 100) or 'none', not '{value}'."
            )
        return str(int(cleaned))
    if key == "rank.weights":
        return ",".join(f"{k}={v:g}" for k, v in weights(cleaned).items())
    if key.startswith("undo."):
        if not cleaned.isdigit() or not 1 <= int(cleaned) <= 1_000_000:
            raise InvalidInput(f"{key} takes a whole number from 1 to 1,000,000, not '{value}'.")
        return str(int(cleaned))
    if cleaned == OFF:
        return OFF
    return str(parse_duration(cleaned))


def all_settings(reader: Reader) -> list[Setting]:
    from medcrm.pure.results import Setting

    stored = {str(r["key"]): str(r["value"]) for r in reader.rows("SELECT key, value FROM setting")}
    return [
        Setting(key, stored.get(key, default), default, help_)
        for key, (default, help_) in sorted(_known().items())
    ]


def get(reader: Reader, key: str) -> str:
    """A setting's value: the stored one, else its default."""
    known = _known()
    if key not in known:
        raise InvalidInput(f"Unknown setting '{key}'.")
    rows = reader.rows("SELECT value FROM setting WHERE key = :key", {"key": key})
    return str(rows[0]["value"]) if rows else known[key][0]


def set_value(db: Writer, key: str, value: str) -> Setting:
    """Store a setting, checked first."""
    cleaned = check(key, value)
    pair = {"key": key, "value": cleaned}
    if not db.run("UPDATE setting SET value = :value WHERE key = :key", pair):
        db.run("INSERT INTO setting (key, value) VALUES (:key, :value)", pair)
    return next(s for s in all_settings(db) if s.key == key)


def unset(db: Writer, key: str) -> Setting:
    """Back to the default."""
    known = _known()
    check(key, known[key][0] if key in known else OFF)  # an unknown key says which are known
    db.run("DELETE FROM setting WHERE key = :key", {"key": key})
    return next(s for s in all_settings(db) if s.key == key)


def weights(text: str) -> dict[str, float]:
    """``fit=2,location=1,...`` as numbers; a criterion left out weighs 0."""
    out = dict.fromkeys(("fit", "location", "training", "people"), 0.0)
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, number = part.partition("=")
        name = name.strip()
        if name not in out:
            raise InvalidInput(
                f"Unknown rating '{name}' in rank.weights; use fit, location, training and people "
                "(e.g. fit=2,location=1,training=2,people=1)."
            )
        try:
            out[name] = float(number)
        except ValueError:
            raise InvalidInput(f"rank.weights: '{part}' needs a number, e.g. {name}=2.") from None
        if not 0 <= out[name] <= 100:
            raise InvalidInput(f"rank.weights: {name} must be 0 to 100, not {number}.")
    return out
