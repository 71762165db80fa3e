"""Rich renderables for people. Every piece of user text goes through :func:`safe`: it becomes
a ``Text`` (never parsed as markup) with terminal control characters removed."""

from __future__ import annotations

from datetime import date

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from medcrm.records import (
    Agenda,
    ContactDetail,
    ContactList,
    ContactRecord,
    FollowUpRecord,
    InteractionRecord,
)
from medcrm.render.words import day_label, relative
from medcrm.sanitize import strip_controls

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


def _table(title: str | None = None, style: str = "bold") -> Table:
    return Table(
        title=Text(title, style=style) if title else None,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        min_width=len(title) if title else None,  # a title never wraps inside a narrow table
    )


def _where(c: ContactRecord) -> Text:
    return safe(" · ".join(p for p in (c.institution, c.specialty) if p))


def _last_contact(
    c: ContactRecord, today: date, *, with_date: bool = True, short: bool = False
) -> Text:
    if c.last_contact is None:
        return Text("never", style="dim")
    if short:
        return Text(c.last_contact.isoformat())
    ago = relative(c.last_contact, today)
    return Text(f"{c.last_contact.isoformat()} ({ago})" if with_date else ago)


def _open(c: ContactRecord, today: date) -> Text:
    if not c.open_follow_ups or c.next_due is None:
        return Text("")
    days = (c.next_due - today).days
    if days < 0:
        return Text(f"{c.open_follow_ups}, {-days}d late", "red")
    when = "today" if days == 0 else relative(c.next_due, today)
    return Text(f"{c.open_follow_ups}, {when}", "yellow" if days == 0 else "")


def _more(shown: int, total: int, hint: str) -> Text | None:
    """The footer of a table cut short: how many rows are not shown, and how to see them."""
    if total <= shown:
        return None
    return Text(f"… and {total - shown:,} more: {hint}", style="dim")


def contacts_table(found: ContactList, *, today: date, width: int = 120) -> RenderableType:
    """The contacts list; on narrow terminals it keeps the columns that matter most.

    At 110 columns and more: where they work; from 90: tags; always: name, role, last
    contact and open follow-ups (the profile has the rest: ``medcrm show``).
    """
    rows = found.rows
    if not rows:
        return Text('No contacts match. Add one with: medcrm add-contact "Name"', style="dim")
    wide, medium = width >= 110, width >= 90
    table = _table(f"Contacts ({found.total:,})")
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    table.add_column("Name", style="bold", ratio=2)
    table.add_column("Role", no_wrap=True)
    if wide:
        table.add_column("Where", ratio=2)
    table.add_column("Last contact", no_wrap=True)
    table.add_column("Follow-ups", no_wrap=True)
    if medium:
        table.add_column("Tags", style="cyan", ratio=1)
    for c in rows:
        cells: list[RenderableType] = [str(c.id), safe(c.name), c.role]
        if wide:
            cells.append(_where(c))
        cells += [_last_contact(c, today, short=True), _open(c, today)]
        if medium:
            cells.append(safe(", ".join(c.tags)))
        table.add_row(*cells)
    more = _more(len(rows), found.total, "--limit 0 shows all; --search, --role or --tag narrow")
    return Group(table, more) if more else table


def follow_ups_table(
    rows: list[FollowUpRecord], *, today: date, title: str, style: str = "bold"
) -> Table:
    table = _table(title, style)
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("When", no_wrap=True)
    table.add_column("Who", style="bold")
    table.add_column("Follow-up", ratio=1)
    for f in rows:
        if f.done_on is not None:
            when = Text(f"done {f.done_on.isoformat()}", style="green")
        else:
            late = f.due < today
            when = Text(relative(f.due, today), style="red" if late else "")
        table.add_row(str(f.id), day_label(f.due), when, safe(f.contact), safe(f.title))
    return table


def follow_ups_view(rows: list[FollowUpRecord], *, today: date, all_: bool) -> RenderableType:
    if not rows:
        return Text(
            "No follow-ups yet."
            if all_
            else "No open follow-ups. Add one with: "
            'medcrm follow-up "Name" "Send thank-you" --due fri',
            style="dim",
        )
    label = "Follow-ups" if all_ else "Open follow-ups"
    return follow_ups_table(rows, today=today, title=f"{label} ({len(rows)})")


def history_table(rows: list[InteractionRecord], *, today: date, title: str) -> RenderableType:
    if not rows:
        return Text('Nothing logged yet. Log with: medcrm log "Name" --kind meeting', style="dim")
    table = _table(title)
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Kind", style="magenta", no_wrap=True)
    table.add_column("With", style="bold")
    table.add_column("Note", overflow="fold", ratio=1)
    for i in rows:
        table.add_row(
            str(i.id),
            i.date.isoformat(),
            i.kind,
            safe(", ".join(c.name for c in i.contacts)),
            safe(short(i.note)),
        )
    return table


def contact_view(detail: ContactDetail, *, today: date) -> RenderableType:
    c = detail.contact
    title = Text.assemble(safe(c.name, style="bold"), (f"  #{c.id} · {c.role}", "dim"))
    profile = Table.grid(padding=(0, 2))
    profile.add_column(style="dim", justify="right")
    profile.add_column()
    fields: list[tuple[str, Text | None]] = [
        ("Institution", safe(c.institution) if c.institution else None),
        ("Specialty", safe(c.specialty) if c.specialty else None),
        ("Email", safe(c.email) if c.email else None),
        ("Phone", safe(c.phone) if c.phone else None),
        ("Tags", safe(", ".join(c.tags), style="cyan") if c.tags else None),
        ("Met", safe(c.met) if c.met else None),
        ("Added", Text(c.added.isoformat())),
        ("Last contact", _last_contact(c, today)),
        ("Keep in touch", _cadence(c, today) if c.every else None),
        ("Notes", safe(c.notes, one_line=False) if c.notes else None),
    ]
    for label, value in fields:
        if value is not None:
            profile.add_row(label, value)
    parts: list[RenderableType] = [title, profile, Text("")]
    if detail.follow_ups:
        parts.append(
            follow_ups_table(
                detail.follow_ups, today=today, title=f"Open follow-ups ({len(detail.follow_ups)})"
            )
        )
    else:
        parts.append(Text("No open follow-ups.", style="dim"))
    parts.append(
        history_table(
            detail.interactions, today=today, title=f"Timeline ({len(detail.interactions)})"
        )
    )
    return Group(*parts)


def _cadence(c: ContactRecord, today: date) -> Text:
    text = Text(f"every {c.every}")
    if c.reconnect_on is not None:
        late = c.reconnect_on <= today
        text.append(
            f" (reconnect {relative(c.reconnect_on, today)})", style="red" if late else "dim"
        )
    return text


def agenda_view(agenda: Agenda) -> RenderableType:
    today = agenda.today
    horizon = f"next {agenda.days} day{'s' if agenda.days != 1 else ''}"
    parts: list[RenderableType] = [
        Text.assemble(("Due ", "bold"), (f"{day_label(today)}", "bold"), (f"  ({horizon})", "dim"))
    ]

    def section(rows: list[FollowUpRecord], key: str, title: str, style: str, empty: str) -> None:
        total = agenda.counts.get(key, len(rows))
        if rows:
            parts.append(
                follow_ups_table(rows, today=today, title=f"{title} ({total:,})", style=style)
            )
            if more := _more(len(rows), total, "medcrm follow-ups lists them all"):
                parts.append(more)
        else:
            parts.append(Text(f"{title}: {empty}", style="dim"))

    section(agenda.overdue, "overdue", "Overdue", "bold red", "nothing overdue.")
    section(agenda.due_today, "today", "Today", "bold yellow", "nothing due today.")
    section(agenda.upcoming, "upcoming", "Upcoming", "bold", f"nothing else in the {horizon}.")
    if agenda.reconnect:
        total = agenda.counts.get("reconnect", len(agenda.reconnect))
        table = _table(f"Reconnect ({total:,})", "bold cyan")
        table.add_column("ID", justify="right", style="dim", no_wrap=True)
        table.add_column("Who", style="bold")
        table.add_column("Role", no_wrap=True)
        table.add_column("Last contact", no_wrap=True)
        table.add_column("Every", no_wrap=True)
        table.add_column("Overdue by", no_wrap=True)
        for r in agenda.reconnect:
            table.add_row(
                str(r.contact.id),
                safe(r.contact.name),
                r.contact.role,
                _last_contact(r.contact, today),
                r.contact.every or "",
                Text(
                    "due today" if r.days_overdue == 0 else f"{r.days_overdue}d",
                    style="cyan",
                ),
            )
        parts.append(table)
    else:
        parts.append(
            Text("Reconnect: everyone is within their keep-in-touch cadence.", style="dim")
        )
    return Group(*parts)
