"""Rich renderables for people. Every piece of user text goes through :func:`safe`: it becomes
a ``Text`` (never parsed as markup) with terminal control characters removed."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich import box
from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from medcrm.pure.records import (
    Agenda,
    BeforeYouGo,
    ContactDetail,
    ContactList,
    ContactRecord,
    FollowUpRecord,
    InteractionRecord,
    LetterRecord,
    Reconnect,
    RotationDetail,
    RotationRecord,
    Suggestion,
)
from medcrm.pure.sanitize import strip_controls
from medcrm.render.words import day_label, relative

if TYPE_CHECKING:
    from medcrm.services.doctor import Report, ServerReport
    from medcrm.services.phi import Scan
    from medcrm.services.reports import DayByDay, Stats
    from medcrm.services.settings import Setting

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
            verb = "cancelled" if f.cancelled else "done"
            when = Text(f"{verb} {f.done_on.isoformat()}", style="dim" if f.cancelled else "green")
        else:
            late = f.due < today
            when = Text(relative(f.due, today), style="red" if late else "")
        what = safe(f.title)
        if f.every:
            what.append(f"  ↻ every {f.every}", style="dim")
        if f.purpose == "suggested":
            what.append("  (suggested)", style="dim")
        who = safe(f.contact)
        if f.mentor:
            who.append(" ★", style="yellow")
        table.add_row(str(f.id), day_label(f.due), when, who, what)
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
    badges = " · ".join(p for p in (c.role, c.level, "mentor" if c.mentor else None) if p)
    title = Text.assemble(safe(c.name, style="bold"), (f"  #{c.id} · {badges}", "dim"))
    profile = Table.grid(padding=(0, 2))
    profile.add_column(style="dim", justify="right")
    profile.add_column()
    fields: list[tuple[str, Text | None]] = [
        ("Institution", safe(c.institution) if c.institution else None),
        ("Specialty", safe(c.specialty) if c.specialty else None),
        ("Email", safe(c.email) if c.email else None),
        ("Phone", safe(c.phone) if c.phone else None),
        ("Tags", safe(", ".join(c.tags), style="cyan") if c.tags else None),
        ("Title", safe(c.extra.get("title")) if c.extra.get("title") else None),
        ("Met", safe(c.met) if c.met else None),
        ("Met on", Text(c.met_on.isoformat()) if c.met_on else None),
        ("LinkedIn", safe(c.extra.get("linkedin")) if c.extra.get("linkedin") else None),
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


def _reconnect_table(rows: list[Reconnect], title: str, style: str, today: date) -> Table:
    table = _table(title, style)
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    table.add_column("Who", style="bold")
    table.add_column("Role", no_wrap=True)
    table.add_column("Last contact", no_wrap=True)
    table.add_column("Every", no_wrap=True)
    table.add_column("Overdue by", no_wrap=True)
    for r in rows:
        who = safe(r.contact.name)
        if r.contact.mentor:
            who.append(" ★", style="yellow")
        late = "due today" if r.days_overdue == 0 else f"{r.days_overdue}d"
        table.add_row(
            str(r.contact.id),
            who,
            r.contact.role,
            _last_contact(r.contact, today),
            r.contact.every or "",
            Text(late + (" (ideal)" if r.soon else ""), style="yellow" if r.soon else "cyan"),
        )
    return table


def before_you_go_table(ending: BeforeYouGo, *, today: date) -> Table:
    """One row per person: the ask and the thank-you still open, with their ids."""
    r = ending.rotation
    when = (
        f"ends {relative(r.ends_on, today)}"
        if r.ends_on >= today
        else f"ended {relative(r.ends_on, today)}"
    )
    table = _table(f"Before you go: {r.name} ({when}, {day_label(r.ends_on)})", "bold magenta")
    table.add_column("Who", style="bold")
    table.add_column("Ask for feedback or a letter")
    table.add_column("Send a thank-you")
    people: dict[int, dict[str, FollowUpRecord]] = {}
    names: dict[int, FollowUpRecord] = {}
    for f in ending.follow_ups:
        people.setdefault(f.contact_id, {})[f.purpose or ""] = f
        names[f.contact_id] = f

    def cell(f: FollowUpRecord | None) -> Text:
        if f is None:
            return Text("")
        late = f.due < today
        return Text(f"#{f.id} by {f.due:%a %m-%d}", style="red" if late else "")

    for cid, duties in people.items():
        who = safe(names[cid].contact)
        if names[cid].mentor:
            who.append(" ★", style="yellow")
        table.add_row(who, cell(duties.get("rotation-ask")), cell(duties.get("rotation-thanks")))
    return table


def letters_table(
    rows: list[LetterRecord], *, today: date, title: str, style: str = "bold"
) -> Table:
    table = _table(title, style)
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    table.add_column("Writer", style="bold")
    table.add_column("For")
    table.add_column("Kind", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    for x in rows:
        days = (x.due - today).days
        due_style = "red" if x.open and days < 0 else "yellow" if x.open and days <= 7 else ""
        due = Text(f"{x.due.isoformat()} ({relative(x.due, today)})", style=due_style)
        status = Text(x.status, style="green" if x.status in ("submitted", "thanked") else "")
        kind = x.kind + ("" if x.waived else ", not waived")
        table.add_row(str(x.id), safe(x.contact), safe(x.target), kind, status, due)
    return table


def agenda_view(agenda: Agenda) -> RenderableType:
    """The morning view: mentors first, then what is late, due, coming, owed and drifting.

    A mentor's items are shown once, in the Mentors section at the top.
    """
    today = agenda.today
    horizon = (
        "today only"
        if agenda.days == 0
        else f"next {agenda.days} day{'s' if agenda.days != 1 else ''}"
    )
    parts: list[RenderableType] = [
        Text.assemble(("Due ", "bold"), (f"{day_label(today)}", "bold"), (f"  ({horizon})", "dim"))
    ]

    # Shown once: a mentor's items belong to the Mentors section (which says when it was cut),
    # never to the others, whose counts say how many went there.
    def add(table: Table, shown: int, total: int, hint: str) -> None:
        parts.append(table)
        if more := _more(shown, total, hint):
            parts.append(more)

    mentor_follow_ups = [m for m in agenda.mentors if isinstance(m, FollowUpRecord)]
    mentor_reconnects = [m for m in agenda.mentors if isinstance(m, Reconnect)]
    if mentor_follow_ups:
        parts.append(
            follow_ups_table(mentor_follow_ups, today=today, title="Mentors ★", style="bold yellow")
        )
    if mentor_reconnects:
        parts.append(
            _reconnect_table(mentor_reconnects, "Mentors to reconnect with ★", "bold yellow", today)
        )
    if more := _more(
        len(agenda.mentors),
        agenda.counts.get("mentors", 0),
        "medcrm follow-ups and medcrm contacts --mentors list them all",
    ):
        parts.append(more)

    def section(rows: list[FollowUpRecord], key: str, title: str, style: str, empty: str) -> None:
        total = agenda.counts.get(key, len(rows))
        others = [f for f in rows if not f.mentor]
        above = agenda.counts.get(f"mentors_{key}", len(rows) - len(others))
        count = f"{total - above:,}" + (f"; {above} more under Mentors" if above else "")
        if others:
            add(
                follow_ups_table(others, today=today, title=f"{title} ({count})", style=style),
                len(others),
                total - above,
                "medcrm follow-ups lists them all",
            )
        elif not rows:
            parts.append(Text(f"{title}: {empty}", style="dim"))

    section(agenda.overdue, "overdue", "Overdue", "bold red", "nothing overdue.")
    section(agenda.due_today, "today", "Today", "bold yellow", "nothing due today.")
    ahead = (
        "--days 0 looks no further than today."
        if agenda.days == 0
        else f"nothing else in the {horizon}."
    )
    section(agenda.upcoming, "upcoming", "Upcoming", "bold", ahead)
    for ending in agenda.before_you_go:
        parts.append(before_you_go_table(ending, today=today))
    if agenda.letters:
        add(
            letters_table(
                agenda.letters,
                today=today,
                title=f"Letter deadlines, next 30 days ({agenda.counts.get('letters', 0):,})",
                style="bold blue",
            ),
            len(agenda.letters),
            agenda.counts.get("letters", len(agenda.letters)),
            "medcrm letters lists them all",
        )
    for rows, key, title, style, hint in (
        (agenda.reconnect, "reconnect", "Reconnect", "bold cyan", "medcrm contacts --lapsed"),
        (agenda.reconnect_soon, "reconnect_soon", "Reconnect soon", "bold yellow",
         "medcrm contacts lists everyone"),
    ):  # fmt: skip
        others = [r for r in rows if not r.contact.mentor]
        if not others:
            continue
        total = agenda.counts.get(key, len(rows))
        above = agenda.counts.get(f"mentors_{key}", len(rows) - len(others))
        count = f"{total - above:,}" + (f"; {above} more under Mentors" if above else "")
        table = _reconnect_table(others, f"{title} ({count})", style, today)
        add(table, len(others), total - above, hint)
    if not (agenda.reconnect or agenda.reconnect_soon):
        parts.append(
            Text("Reconnect: everyone is within their keep-in-touch cadence.", style="dim")
        )
    return Group(*parts)


def rotations_table(rows: list[RotationRecord], *, today: date) -> RenderableType:
    if not rows:
        return Text(
            'No rotations yet. Add one: medcrm rotations add "IM clerkship" --start 2026-11-02 '
            "--end 2026-12-11",
            style="dim",
        )
    table = _table(f"Rotations ({len(rows)})")
    table.add_column("", no_wrap=True)
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    table.add_column("Rotation", style="bold", min_width=min(24, max(len(r.name) for r in rows)))
    table.add_column("Dates", no_wrap=True)
    table.add_column("Where", ratio=1)
    table.add_column("Logged", justify="right", no_wrap=True)
    table.add_column("People", justify="right", no_wrap=True)
    for r in rows:
        current = r.covers(today)
        table.add_row(
            Text("▶", style="green") if current else "",
            str(r.id),
            safe(r.name, style="green" if current else ""),
            f"{r.starts_on.isoformat()} – {r.ends_on:%m-%d}",
            safe(" · ".join(p for p in (r.service, r.site) if p)),
            str(r.interactions),
            str(r.people),
        )
    return (
        Group(table, Text("▶ current rotation", style="dim"))
        if any(r.covers(today) for r in rows)
        else table
    )


def rotation_view(detail: RotationDetail, *, today: date) -> RenderableType:
    r = detail.rotation
    where = " · ".join(p for p in (r.service, r.site) if p)
    state = "current" if r.covers(today) else "upcoming" if r.starts_on > today else "finished"
    parts: list[RenderableType] = [
        Text.assemble(
            safe(r.name, style="bold"),
            (f"  #{r.id} · {r.starts_on.isoformat()} – {r.ends_on.isoformat()} · {state}", "dim"),
        )
    ]
    if where:
        parts.append(safe(where))
    if detail.people:
        table = _table(f"People met ({len(detail.people)})")
        table.add_column("ID", justify="right", style="dim", no_wrap=True)
        table.add_column("Who", style="bold")
        table.add_column("Role", no_wrap=True)
        table.add_column("Logged", justify="right", no_wrap=True)
        table.add_column("First", no_wrap=True)
        table.add_column("Last", no_wrap=True)
        for p in detail.people:
            table.add_row(
                str(p.contact.id), safe(p.contact.name), p.role, str(p.interactions),
                p.first.isoformat(), p.last.isoformat(),
            )  # fmt: skip
        parts.append(table)
    else:
        parts.append(Text("Nobody logged on this rotation yet.", style="dim"))
    if detail.follow_ups:
        parts.append(follow_ups_table(detail.follow_ups, today=today, title="Follow-ups"))
    parts.append(
        history_table(
            detail.interactions, today=today, title=f"Logged ({len(detail.interactions)})"
        )
    )
    return Group(*parts)


def letters_view(rows: list[LetterRecord], *, today: date) -> RenderableType:
    if not rows:
        return Text(
            "No letters yet. Ask: medcrm letters ask ruiz "
            '--for "Internal Medicine ERAS" --due "Sep 1"',
            style="dim",
        )
    return letters_table(rows, today=today, title=f"Letters of recommendation ({len(rows)})")


def suggestions_view(rows: list[Suggestion], *, specialty: str | None) -> RenderableType:
    if not rows:
        return Text(
            "Nobody to suggest yet: log time with faculty, attendings, residents and fellows.",
            style="dim",
        )
    title = "Who knows you best" + (
        f" for {specialty.strip()}" if specialty and specialty.strip() else ""
    )
    table = _table(title)
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


def day_by_day_view(agenda: DayByDay) -> RenderableType:
    today = agenda.today
    parts: list[RenderableType] = [
        Text.assemble(
            ("Agenda ", "bold"), (day_label(today), "bold"), (f"  (next {agenda.days} days)", "dim")
        )
    ]
    if agenda.overdue:
        parts.append(
            follow_ups_table(
                agenda.overdue,
                today=today,
                title=f"Overdue ({agenda.overdue_total:,})",
                style="bold red",
            )
        )
        hint = "medcrm follow-ups lists them all"
        if more := _more(len(agenda.overdue), agenda.overdue_total, hint):
            parts.append(more)
    if agenda.missed_letters:
        parts.append(
            letters_table(
                agenda.missed_letters,
                today=today,
                title=f"Letter deadlines passed ({len(agenda.missed_letters)})",
                style="bold red",
            )
        )
    table = _table(None)
    table.add_column("Day", no_wrap=True, style="bold")
    table.add_column("What", ratio=1)
    for day in agenda.schedule:
        if day.empty:
            continue
        lines: list[Text] = []
        for r in day.starts:
            lines.append(Text.assemble(("▶ starts: ", "green"), safe(r.name)))
        for r in day.ends:
            lines.append(Text.assemble(("■ ends: ", "magenta"), safe(r.name)))
        for x in day.letters:
            lines.append(
                Text.assemble(("✉ letter due: ", "blue"), safe(x.contact), " for ", safe(x.target),
                              (f" ({x.status})", "dim"))
            )  # fmt: skip
        for f in day.follow_ups:
            lines.append(
                Text.assemble(
                    (f"#{f.id} ", "dim"), safe(f.contact, style="bold"), ": ", safe(f.title)
                )
            )
        label = (
            "Today"
            if day.day == today
            else "Tomorrow"
            if (day.day - today).days == 1
            else day_label(day.day)
        )
        table.add_row(label, Text("\n").join(lines))
    if table.row_count:
        parts.append(table)
    else:
        parts.append(Text(f"Nothing planned in the next {agenda.days} days.", style="dim"))
    return Group(*parts)


def _bar(n: int, most: int, width: int = 30) -> str:
    if most <= 0 or n <= 0:
        return ""
    full = n * width / most
    return "█" * int(full) + ("▌" if full - int(full) >= 0.5 else "") or "▏"


def stats_view(s: Stats) -> RenderableType:
    parts: list[RenderableType] = [
        Text.assemble(
            ("Your network ", "bold"),
            (
                f"{s.contacts:,} contacts · {s.interactions:,} interactions · "
                f"{s.open_follow_ups:,} open follow-ups · {s.mentors} "
                f"mentor{'s' if s.mentors != 1 else ''}",
                "dim",
            ),
        )
    ]
    roles = _table("By role")
    roles.add_column("Role", no_wrap=True)
    roles.add_column("", justify="right", no_wrap=True)
    roles.add_column("", style="cyan", no_wrap=True)
    most_role = max((n for _, n in s.by_role), default=0)
    for role, n in s.by_role:
        roles.add_row(role, str(n), _bar(n, most_role, 20))
    specialties = _table("By specialty")
    specialties.add_column("Specialty")
    specialties.add_column("", justify="right", no_wrap=True)
    for name, n in s.by_specialty:
        specialties.add_row(safe(name), str(n))
    parts.append(Columns([roles, specialties], padding=(0, 4)))
    months = _table("Interactions per month")
    months.add_column("Month", no_wrap=True)
    months.add_column("", justify="right", no_wrap=True)
    months.add_column("", style="green", no_wrap=True)
    most_month = max((n for _, n in s.per_month), default=0)
    for month, n in s.per_month:
        months.add_row(month, str(n), _bar(n, most_month))
    parts.append(months)
    if s.most_contacted:
        most = _table("Most contacted (last 12 months)")
        most.add_column("Who", style="bold")
        most.add_column("Interactions", justify="right", no_wrap=True)
        most.add_column("Last", no_wrap=True)
        for ref, n, last in s.most_contacted:
            most.add_row(safe(ref.name), str(n), f"{last.isoformat()} ({relative(last, s.today)})")
        parts.append(most)
    if s.drifting:
        parts.append(
            _reconnect_table(s.drifting, "Drifting (cadence lapsed)", "bold cyan", s.today)
        )
    if s.letters:
        parts.append(Text("Letters: " + ", ".join(f"{n} {status}" for status, n in s.letters)))
    return Group(*parts)


def settings_view(rows: list[Setting]) -> RenderableType:
    table = _table("Settings")
    table.add_column("Key", style="bold", no_wrap=True)
    table.add_column("Value", no_wrap=True)
    table.add_column("Meaning", ratio=1)
    for s in rows:
        value = Text(s.value) if s.is_default else Text(s.value, style="yellow")
        if not s.is_default:
            value.append(f" (default {s.default})", style="dim")
        table.add_row(s.key, value, s.help)
    return table


def _verdict(healthy: bool, problems: list[str]) -> Text:
    if healthy:
        return Text("All good.", style="bold green")
    return Text("\n").join(Text(f"! {p}", style="yellow") for p in problems)


def _report(rows: list[tuple[str, str | None]], healthy: bool, problems: list[str]) -> Group:
    """A doctor report: the facts that are known, label by label, then the verdict."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", justify="right")
    grid.add_column()
    for label, value in rows:
        if value is not None:
            grid.add_row(label, safe(value))
    return Group(grid, Text(""), _verdict(healthy, problems))


def server_doctor_view(report: ServerReport) -> RenderableType:
    rows: list[tuple[str, str | None]] = [
        ("Database", f"{report.url} (from {report.source})"),
        ("Server", None if report.server_version is None
         else f"PostgreSQL {report.server_version}"),
        ("Contacts", None if report.contacts is None else f"{report.contacts:,}"),
        ("Schema", report.revision),
        ("Backups", "medcrm backup writes a JSON export (or the server's own pg_dump)"),
    ]  # fmt: skip
    return _report(rows, report.healthy, report.problems)


def phi_scan_view(scan: Scan) -> RenderableType:
    """``doctor --phi``: ids per kind of row, never the text."""

    def ids(found: list[int]) -> str:
        shown = ", ".join(f"#{i}" for i in found[:20])
        return (shown + (f" … and {len(found) - 20} more" if len(found) > 20 else "")) or "-"

    table = Table(title=f"Patient information in {scan.scanned:,} stored rows", box=box.SIMPLE)
    table.add_column("In")
    table.add_column("Looks like patient information")
    table.add_column("Saved with --allow-phi")
    for kind in scan.flagged:
        table.add_row(kind, ids(scan.flagged[kind]), ids(scan.allowed[kind]))
    problems = []
    if not scan.clean:
        flagged = sum(len(v) for v in scan.flagged.values())
        problems.append(
            f"{flagged} stored {'text looks' if flagged == 1 else 'texts look'} like patient "
            "information: rephrase them (contacts: medcrm edit ID --note ...; interactions: "
            "medcrm unlog ID; follow-ups: medcrm cancel ID), or keep them knowingly."
        )
    return Group(table, _verdict(scan.clean, problems))


def doctor_view(report: Report) -> RenderableType:
    rows: list[tuple[str, str | None]] = [
        ("Database", f"{report.path} (from {report.source})"),
        ("Size", None if report.size is None else f"{report.size:,} bytes"),
        ("Contacts", None if report.contacts is None else f"{report.contacts:,}"),
        ("Schema", None if report.revision is None else report.revision),
        ("SQLite", f"{report.sqlite_version} (journal: {report.journal_mode or '-'}, "
                   f"medcrm uses {report.wanted_journal} here)"),
        ("Integrity", report.integrity),
        ("Foreign keys", report.foreign_keys),
        ("Permissions", None if report.file_mode is None
         else f"file {report.file_mode}, folder {report.folder_mode}"),
        ("Backups", f"{report.backups} beside it"
         + ("" if report.newest_backup is None
            else f"; newest {report.newest_backup.name} ({report.backup_age_days} days old)")),
        ("Synced folder", report.sync or "no"),
        ("Not medcrm's", ", ".join(report.foreign) or None),
        ("Missing", ", ".join(report.missing) or None),
    ]  # fmt: skip
    return _report(rows, report.healthy, report.problems)
