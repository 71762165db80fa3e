"""Letters of recommendation and who to ask for one."""

from __future__ import annotations

from datetime import date

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from medcrm.pure.records import LetterRecord, Suggestion
from medcrm.render.common import add_text_column, day_cell, safe, titled_table
from medcrm.render.words import counted


def letters_table(
    rows: list[LetterRecord], *, today: date, title: str, style: str = "bold"
) -> Table:
    table = titled_table(title, style)
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    add_text_column(table, "Writer", style="bold", ratio=1)
    add_text_column(table, "For", ratio=1)
    table.add_column("Type", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    for x in rows:
        days = (x.due - today).days
        due_style = "red" if x.open and days < 0 else "yellow" if x.open and days <= 7 else ""
        due = day_cell(x.due, today, style=due_style)
        status = Text(x.status, style="green" if x.status in ("submitted", "thanked") else "")
        kind = x.kind + {True: "", False: ", not waived", None: ", waiver?"}[x.waived]
        table.add_row(str(x.id), safe(x.contact), safe(x.target), kind, status, due)
    return table


def letters_view(
    rows: list[LetterRecord], *, today: date, open_only: bool = False
) -> RenderableType:
    if not rows and open_only:
        return Text(
            "No open letters: none asked for, or every one submitted, thanked or declined "
            "(medcrm letters lists them all).",
            style="dim",
        )
    if not rows:
        return Text(
            "No letters yet. Ask: medcrm letters ask ruiz "
            '--for "Internal Medicine ERAS" --due "Sep 1"',
            style="dim",
        )
    return letters_table(rows, today=today, title=counted("Letters of recommendation", rows))


def suggestions_view(rows: list[Suggestion], *, specialty: str | None) -> RenderableType:
    if not rows:
        return Text(
            "Nobody to suggest yet: log time with faculty, attendings, residents and fellows.",
            style="dim",
        )
    title = "Who knows you best" + (
        f" for {specialty.strip()}" if specialty and specialty.strip() else ""
    )
    table = titled_table(title)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Who", style="bold")
    table.add_column("Role", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Why", ratio=1)
    for rank, s in enumerate(rows, start=1):
        table.add_row(
            str(rank), safe(s.contact.name), s.contact.role, f"{s.score:.1f}", safe(s.reason)
        )
    return table
