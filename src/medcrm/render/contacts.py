"""The contacts list and a contact's profile with its timeline (``contacts``, ``show``,
``history``)."""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from medcrm.pure.records import ContactDetail, ContactList, ContactRecord, InteractionRecord
from medcrm.render.agenda import follow_ups_table
from medcrm.render.common import (
    add_text_column,
    day_cell,
    last_contact,
    more_rows,
    safe,
    short,
    titled_table,
    wide,
)
from medcrm.render.letters import letters_table
from medcrm.render.words import counted, relative


def _where(c: ContactRecord) -> Text:
    return safe(" · ".join(p for p in (c.institution, c.specialty) if p))


def _open(c: ContactRecord, today: date) -> Text:
    if not c.open_follow_ups or c.next_due is None:
        return Text("")
    days = (c.next_due - today).days
    if days < 0:
        return Text(f"{c.open_follow_ups}, {-days}d late", "red")
    when = "today" if days == 0 else relative(c.next_due, today)
    return Text(f"{c.open_follow_ups}, {when}", "yellow" if days == 0 else "")


def contacts_table(
    found: ContactList, *, today: date, width: int = 120, empty: str | None = None
) -> RenderableType:
    """The contacts list; on narrow terminals it keeps the columns that matter most.

    At 110 columns and more: where they work; from 90: tags; always: name, role, last
    contact and open follow-ups (the profile has the rest: ``medcrm show``).
    """
    rows = found.rows
    if not rows:
        return safe(  # the message repeats what was typed: control characters out
            empty or 'No contacts match. Add one with: medcrm add-contact "Name"', style="dim"
        )
    roomy, medium = wide() or width >= 110, wide() or width >= 90
    table = titled_table(f"Contacts ({found.total:,})")
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    add_text_column(table, "Name", style="bold", ratio=2)
    table.add_column("Role", no_wrap=True)
    if roomy:
        add_text_column(table, "Where", ratio=2)
    table.add_column("Last contact", no_wrap=True)
    table.add_column("Follow-ups", no_wrap=True)
    if medium:
        add_text_column(table, "Tags", style="cyan", ratio=1)
    for c in rows:
        cells: list[RenderableType] = [str(c.id), safe(c.name), c.role]
        if roomy:
            cells.append(_where(c))
        cells += [last_contact(c, today, short=True), _open(c, today)]
        if medium:
            cells.append(safe(", ".join(c.tags)))
        table.add_row(*cells)
    more = more_rows(
        len(rows), found.total, "--limit 0 shows all; --search, --role or --tag narrow"
    )
    return Group(table, more) if more else table


def history_table(
    rows: list[InteractionRecord],
    *,
    today: date,
    title: str,
    one: int | None = None,
    empty: str | None = None,
) -> RenderableType:
    """Interactions; in the timeline of ``one`` contact (an id), "With" lists the others
    there, and is left out when there never were any."""
    if not rows:
        return safe(
            empty or 'Nothing logged yet. Log with: medcrm log "Name" --kind meeting', style="dim"
        )

    def others(i: InteractionRecord) -> str:
        return ", ".join(c.name for c in i.contacts if c.id != one)

    with_column = one is None or any(others(i) for i in rows)
    table = titled_table(title)
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Kind", style="magenta", no_wrap=True)
    if with_column:
        add_text_column(table, "With" if one is None else "Also there", style="bold", ratio=1)
    add_text_column(table, "Note", ratio=3)
    for i in rows:
        cells: list[RenderableType] = [str(i.id), day_cell(i.date, today), i.kind]
        if with_column:
            cells.append(safe(others(i)))
        cells.append(safe(i.note if wide() else short(i.note)))
        table.add_row(*cells)
    return table


def _channels(primary: str | None, every: object) -> Text | None:
    """The primary email (or phone) first, then the others an import kept, with their labels:
    "ana@x.edu, ana@home.org (home)"."""
    listed = [e for e in every if isinstance(e, dict)] if isinstance(every, list) else []
    others = [e for e in listed if str(e.get("value") or "") not in ("", primary)]
    if primary is None and not others:
        return None
    shown = [safe(primary)] if primary else []
    for e in others:
        label = str(e.get("label") or "").strip()
        shown.append(safe(f"{e['value']} ({label})" if label else str(e["value"])))
    return Text(", ").join(shown)


def contact_view(detail: ContactDetail, *, today: date) -> RenderableType:
    c = detail.contact
    badges = " · ".join(p for p in (c.role, c.level, "mentor" if c.mentor else None) if p)
    title = Text.assemble(safe(c.name, style="bold"), (f"  #{c.id} · {badges}", "dim"))
    profile = Table.grid(padding=(0, 2))
    profile.add_column(style="dim", justify="right")
    profile.add_column()
    fields: list[tuple[str, Text | None]] = [
        ("Institution", safe(c.institution) if c.institution else None),
        ("Specialty", safe(c.specialty) if c.specialty else None),
        ("Email", _channels(c.email, c.extra.get("emails"))),
        ("Phone", _channels(c.phone, c.extra.get("phones"))),
        ("Tags", safe(", ".join(c.tags), style="cyan") if c.tags else None),
        ("Title", safe(c.extra.get("title")) if c.extra.get("title") else None),
        ("Met", safe(c.met) if c.met else None),
        ("Met on", Text(c.met_on.isoformat()) if c.met_on else None),
        ("LinkedIn", safe(c.extra.get("linkedin")) if c.extra.get("linkedin") else None),
        ("Added", Text(c.added.isoformat())),
        ("Last contact", last_contact(c, today)),
        ("Keep in touch", _cadence(c, today) if c.every else None),
        ("Notes", safe(c.notes, one_line=False) if c.notes else None),
    ]
    for label, value in fields:
        if value is not None:
            profile.add_row(label, value)
    parts: list[RenderableType] = [title, profile, Text("")]
    if detail.follow_ups:
        open_ones = counted("Open follow-ups", detail.follow_ups)
        parts.append(follow_ups_table(detail.follow_ups, today=today, title=open_ones, one=c.name))
    else:
        parts.append(Text("No open follow-ups.", style="dim"))
    if detail.letters:
        parts.append(
            letters_table(detail.letters, today=today, title=counted("Letters", detail.letters))
        )
    if detail.programs:
        parts.append(_named_list("Programs", [
            (p.name, f" (#{p.id}, {role}, {p.stage})") for p, role in detail.programs
        ]))  # fmt: skip
    if detail.rotations:
        parts.append(_named_list("Rotations", [
            (r.name, f" ({r.starts_on:%b %Y})") for r in detail.rotations
        ]))  # fmt: skip
    timeline = counted("Timeline", detail.interactions)
    parts.append(history_table(detail.interactions, today=today, title=timeline, one=c.id))
    return Group(*parts)


def _named_list(label: str, items: list[tuple[str, str]]) -> Text:
    """ "Label: name (what), name (what)", each name as the user wrote it, each what dim."""
    return Text.assemble(
        (f"{label}: ", "bold"),
        Text(", ").join(Text.assemble(safe(name), (what, "dim")) for name, what in items),
    )


def _cadence(c: ContactRecord, today: date) -> Text:
    text = Text(f"every {c.every}")
    if c.reconnect_on is not None and c.reconnect_on <= today:
        text.append(f" (reconnect: due {relative(c.reconnect_on, today)})", style="red")
    elif c.reconnect_soon_on is not None and c.reconnect_soon_on <= today:
        text.append(
            f" (reconnect soon; at the latest {relative(c.reconnect_on or today, today)})",
            style="yellow",
        )
    elif c.reconnect_soon_on is not None:
        text.append(f" (next {relative(c.reconnect_soon_on, today)})", style="dim")
    return text
