"""Rich renderables for people: the pieces every view shares. Every piece of user text goes
through :func:`safe`: it becomes a ``Text`` (never parsed as markup) with terminal control
characters removed."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text

from medcrm.pure.records import ContactRecord
from medcrm.pure.sanitize import strip_controls
from medcrm.render.words import day_label, relative, short_day

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


def wide() -> bool:
    """``--wide`` (or MEDCRM_WIDE=1): every column whole, long text wrapped, full dates.
    Otherwise tables fit the terminal: a cell too long ends in an ellipsis, never wraps."""
    return os.environ.get("MEDCRM_WIDE", "") not in ("", "0")


def add_text_column(
    table: Table, header: str, *, style: str = "", ratio: int | None = None
) -> None:
    """A column of user text: cut with an ellipsis to fit (wrapped whole with --wide)."""
    if wide():
        table.add_column(header, style=style, ratio=ratio, overflow="fold")
        return
    table.add_column(header, style=style, ratio=ratio, no_wrap=True, overflow="ellipsis")
    if isinstance(table, _Calm):
        table.cut.add(len(table.columns) - 1)


def day_cell(day: date, today: date, *, style: str = "") -> Text:
    """A date in a table: short ('Fri', '3d ago', '5 Dec'); with --wide, the full date too."""
    if wide():
        return Text(f"{day_label(day)} ({relative(day, today)})", style=style)
    return Text(short_day(day, today), style=style)


class _Calm(Table):
    """A table that fits the terminal: its short columns (ids, dates, roles) keep their
    width, and the columns of user text share what is left, by their ratio, each cut with
    an ellipsis. With --wide, an ordinary table (text wraps)."""

    cut: set[int]  # the columns of user text (their indexes)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cut = set()
        self._measured: dict[tuple[int, int | None, int], Measurement] | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self._measured = {}  # each column measured once a drawing (measuring is most of it)
        try:
            if not wide():
                self._fit(console, options)
            yield from super().__rich_console__(console, options)
        finally:
            self._measured = None

    def _measure_column(
        self, console: Console, options: ConsoleOptions, column: Column
    ) -> Measurement:
        if self._measured is None:
            return super()._measure_column(console, options, column)
        key = (column._index, column.max_width, options.max_width)
        found = self._measured.get(key)
        if found is None:
            found = self._measured[key] = super()._measure_column(console, options, column)
        return found

    def _fit(self, console: Console, options: ConsoleOptions) -> None:
        cut = [c for c in self.columns if c._index in self.cut]
        for c in cut:
            c.max_width = None
        inner = options.update_width(options.max_width - self._extra_width)  # as Table measures
        natural = {c._index: self._measure_column(console, inner, c).maximum for c in self.columns}
        fixed = sum(w for i, w in natural.items() if self.columns[i] not in cut)
        remaining = options.max_width - self._extra_width - fixed
        if not cut or sum(natural[c._index] for c in cut) <= remaining:
            return
        ratios = sum(c.ratio or 1 for c in cut)
        for c in sorted(cut, key=lambda c: natural[c._index] / (c.ratio or 1)):
            share = remaining * (c.ratio or 1) // ratios
            width = max(min(natural[c._index], share), 6)
            c.max_width = max(width - self._get_padding_width(c._index), 1)
            remaining -= width
            ratios -= c.ratio or 1


def titled_table(title: str | None = None, style: str = "bold") -> Table:
    return _Calm(
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
        return day_cell(c.last_contact, today)
    ago = relative(c.last_contact, today)
    return Text(f"{c.last_contact.isoformat()} ({ago})" if with_date else ago)


def more_rows(shown: int, total: int, hint: str) -> Text | None:
    """The footer of a table cut short: how many rows are not shown, and how to see them."""
    if total <= shown:
        return None
    return Text(f"… and {total - shown:,} more: {hint}", style="dim")
