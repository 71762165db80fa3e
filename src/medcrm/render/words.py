"""Dates in words, shared by the Rich tables and the one-line messages. Stdlib only."""

from __future__ import annotations

from collections.abc import Sized
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from medcrm.pure.records import Edit
    from medcrm.pure.results import VdirSync


def relative(day: date, today: date) -> str:
    """How far ``day`` is from ``today`` in words a glance can read: 'in 3d', '2w ago'."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    n = abs(delta)
    if n < 14:
        amount = f"{n}d"
    elif n < 60:
        amount = f"{n // 7}w"
    elif n < 730:
        amount = f"{n // 30}mo"
    else:
        amount = f"{n // 365}y"
    return f"in {amount}" if delta > 0 else f"{amount} ago"


def short_day(day: date, today: date) -> str:
    """A date as short as a glance needs, at 80 columns: 'today', 'tomorrow', 'Fri' (this
    week), '3d ago' (the last two weeks), '5 Dec' (this year), '5 Dec 2027'."""
    delta = (day - today).days
    if delta in _NEAR:
        return _NEAR[delta]
    if 1 < delta < 7:
        return f"{day:%a}"
    if -14 < delta < -1:
        return f"{-delta}d ago"
    if day.year == today.year:
        return f"{day.day} {day:%b}"
    return f"{day.day} {day:%b} {day.year}"


_NEAR = {0: "today", 1: "tomorrow", -1: "yesterday"}


def day_label(day: date) -> str:
    """``Fri 2026-11-20``: the weekday people think in, and the date scripts can read."""
    return f"{day:%a} {day.isoformat()}"


def plural(count: int, noun: str) -> str:
    """ "1 follow-up", "3 follow-ups", "no follow-ups" """
    if count == 0:
        return f"no {noun}s"
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def counted(label: str, rows: Sized) -> str:
    """A table's title with how many rows it has: ``Timeline (12)``."""
    return f"{label} ({len(rows)})"


def edits_text(edits: list[Edit]) -> str:
    """ "deadline 2027-01-15 → 2027-02-01; note (none) → Send the CV" on one line."""
    return "; ".join(f"{e.what} {_one_line(e.before)} → {_one_line(e.after)}" for e in edits)


def _one_line(value: str | None, limit: int = 60) -> str:
    if value is None or value == "":
        return "(none)"
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def vdir_summary(r: VdirSync) -> list[str]:
    """One line of counts, then the names concerned, a line per kind."""
    verb = "Would sync" if r.dry_run else "Synced"
    counts = (f"{verb} {r.folder}: {len(r.added)} added, {len(r.updated)} updated, "
              f"{len(r.written)} written, {plural(len(r.conflicts), 'conflict')}, "
              f"{len(r.deleted)} deleted in the folder")  # fmt: skip
    if r.removed:
        counts += f", {len(r.removed)} removed from medcrm"
    lines = [counts + "."]
    for label, names in (
        ("added", r.added), ("updated from the folder", r.updated), ("written", r.written),
        ("changed on both sides (medcrm's values kept, the card's in the notes)", r.conflicts),
        ("deleted in the folder (kept in medcrm; --delete removes them)", r.deleted),
        ("removed from medcrm", r.removed), ("tags from group cards", r.tagged),
        ("not read", r.rejected),
    ):  # fmt: skip
        if names:
            shown = ", ".join(names[:20]) + (
                f" and {len(names) - 20} more" if len(names) > 20 else ""
            )
            lines.append(f"  {label}: {shown}")
    return lines
