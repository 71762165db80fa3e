"""Rich renderables for people: the pieces every view shares. Every piece of user text goes
through :func:`safe`: it becomes a ``Text`` (never parsed as markup) with terminal control
characters removed."""

from __future__ import annotations

from datetime import date

from rich import box
from rich.table import Table
from rich.text import Text

from medcrm.pure.records import ContactRecord
from medcrm.pure.sanitize import strip_controls
from medcrm.render.words import relative

MAX_NOTE_IN_TABLE = 160


def safe(value: object, *, style: str = "", one_line: bool = True) -> Text:
    """User text as a literal ``Text``: no markup, no escape sequences, no bidi tricks."""
    if value is None:
        return Text("")
    raw = str(value)
    if one_line:
        raw = " ".join(raw.split())
    return Text(strip_controls(raw), style=style)


def short(value: str | None, limit: int = MAX_NOTE_IN_TABLE) -> str | None:
    if value is None:
        return None
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def titled_table(title: str | None = None, style: str = "bold") -> Table:
    return Table(
        title=Text(title, style=style) if title else None,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        min_width=len(title) if title else None,  # a title never wraps inside a narrow table
    )


def last_contact(
    c: ContactRecord, today: date, *, with_date: bool = True, short: bool = False
) -> Text:
    if c.last_contact is None:
        return Text("never", style="dim")
    if short:
        return Text(c.last_contact.isoformat())
    ago = relative(c.last_contact, today)
    return Text(f"{c.last_contact.isoformat()} ({ago})" if with_date else ago)


def more_rows(shown: int, total: int, hint: str) -> Text | None:
    """The footer of a table cut short: how many rows are not shown, and how to see them."""
    if total <= shown:
        return None
    return Text(f"… and {total - shown:,} more: {hint}", style="dim")
