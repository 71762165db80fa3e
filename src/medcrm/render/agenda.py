"""What is due: follow-ups, the morning view (``due``) and the day-by-day ``agenda``."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from medcrm.pure.records import (
    Agenda,
    BeforeYouGo,
    ContactRecord,
    FollowUpRecord,
    Reconnect,
)
from medcrm.render.common import (
    add_text_column,
    day_cell,
    last_contact,
    more_rows,
    safe,
    titled_table,
    wide,
)
from medcrm.render.invitations import deadline_words, deadlines_table, invitations_table
from medcrm.render.letters import letters_table
from medcrm.render.words import counted, day_label, relative, short_day

if TYPE_CHECKING:
    from medcrm.pure.results import DayByDay


def follow_ups_table(
    rows: list[FollowUpRecord],
    *,
    today: date,
    title: str,
    style: str = "bold",
    one: str | None = None,
) -> Table:
    """Follow-ups; in the view of ``one`` person, whose every row is, without a Who column
    and without their name in titles medcrm wrote ("Polite reminder to Dr. Ruiz: ...")."""
    who = one is None
    table = titled_table(title, style)
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    if who:
        add_text_column(table, "Who", style="bold", ratio=2)
    add_text_column(table, "Follow-up", ratio=3)
    for f in rows:
        if f.done_on is not None:
            verb = "cancelled" if f.cancelled else "done"
            when = Text(f"{verb} ", style="dim" if f.cancelled else "green")
            when.append_text(day_cell(f.done_on, today))
        else:
            when = day_cell(f.due, today, style="red" if f.due < today else "")
        what = safe(f.title if one is None else _without(f.title, one))
        if f.every:
            what.append(f"  ↻ every {f.every}", style="dim")
        if f.purpose == "suggested":
            what.append("  (suggested)", style="dim")
        name = safe(f.contact)
        if f.mentor:
            name.append(" ★", style="yellow")
        table.add_row(str(f.id), when, *([name] if who else []), what)
    return table


def _without(title: str, name: str) -> str:
    for joint in (" to ", " with ", " for "):
        title = title.replace(f"{joint}{name}", "")
    return title.replace(f" {name} ", " them ")


def follow_ups_view(
    rows: list[FollowUpRecord],
    *,
    today: date,
    all_: bool,
    whose: tuple[int, str] | None = None,
    total: int | None = None,
) -> RenderableType:
    """The follow-ups list; ``whose`` (the contact's id and how it was named) for --contact;
    ``total``: how many there are when ``rows`` is the first of them."""
    if not rows and whose is not None:
        cid, named = whose
        return safe(
            f"No {'' if all_ else 'open '}follow-ups for {named}. Plan one: "
            f'medcrm follow-up {cid} "Send thank-you" --due fri',
            style="dim",
        )
    if not rows:
        return Text(
            "No follow-ups yet."
            if all_
            else "No open follow-ups. Add one with: "
            'medcrm follow-up "Name" "Send thank-you" --due fri',
            style="dim",
        )
    label = "Follow-ups" if all_ else "Open follow-ups"
    if whose is not None:
        label += f" for {whose[1]}"
    count = len(rows) if total is None else total
    table = follow_ups_table(
        rows, today=today, title=f"{label} ({count:,})", one=whose and whose[1]
    )
    hint = "--limit 0 shows all" + ("" if whose else "; --contact narrows")
    more = more_rows(len(rows), count, hint)
    return Group(table, more) if more else table


def reconnect_table(rows: list[Reconnect], title: str, style: str, today: date) -> Table:
    table = titled_table(title, style)
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    add_text_column(table, "Who", style="bold")
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
            last_contact(r.contact, today, short=True),
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
    table = titled_table(
        f"Before you go: {r.name} ({when}, {short_day(r.ends_on, today)})", "bold magenta"
    )
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
        shown = day_label(f.due) if wide() else short_day(f.due, today)
        return Text(f"#{f.id} by {shown}", style="red" if late else "")

    for cid, duties in people.items():
        who = safe(names[cid].contact)
        if names[cid].mentor:
            who.append(" ★", style="yellow")
        table.add_row(who, cell(duties.get("rotation-ask")), cell(duties.get("rotation-thanks")))
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
    person = agenda.person
    if person is not None:
        horizon = "everything open" if agenda.days >= 3660 else horizon
    parts: list[RenderableType] = [
        Text.assemble(
            ("Due ", "bold"),
            _for(person),
            (f"{day_label(today)}", "bold"),
            (f"  ({horizon})", "dim"),
        )
    ]

    if agenda.invitations:
        parts.append(invitations_table(agenda.invitations, now=agenda.now or datetime.now()))
    if agenda.deadlines:
        parts.append(deadlines_table(agenda.deadlines, today=agenda.today))

    # Shown once: a mentor's items belong to the Mentors section (which says when it was cut),
    # never to the others, whose counts say how many went there.
    def add(table: Table, shown: int, total: int, hint: str) -> None:
        parts.append(table)
        if more := more_rows(shown, total, hint):
            parts.append(more)

    mentor_follow_ups = [m for m in agenda.mentors if isinstance(m, FollowUpRecord)]
    mentor_reconnects = [m for m in agenda.mentors if isinstance(m, Reconnect)]
    if mentor_follow_ups:
        parts.append(
            follow_ups_table(mentor_follow_ups, today=today, title="Mentors ★", style="bold yellow")
        )
    if mentor_reconnects:
        parts.append(
            reconnect_table(mentor_reconnects, "Mentors to reconnect with ★", "bold yellow", today)
        )
    if more := more_rows(
        len(agenda.mentors),
        agenda.counts.get("mentors", 0),
        "medcrm follow-ups and medcrm contacts --mentors list them all",
    ):
        parts.append(more)

    def section(rows: list[FollowUpRecord], key: str, title: str, style: str, empty: str) -> None:
        total = agenda.counts.get(key, len(rows))
        others = [f for f in rows if person is not None or not f.mentor]
        above = agenda.counts.get(f"mentors_{key}", len(rows) - len(others))
        count = f"{total - above:,}" + (f"; {above} more under Mentors" if above else "")
        if others:
            add(
                follow_ups_table(
                    others,
                    today=today,
                    title=f"{title} ({count})",
                    style=style,
                    one=None if person is None else person.name,
                ),
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
        else "nothing else open."
        if horizon == "everything open"
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
                title=(
                    f"Letter deadlines, next 30 days ({agenda.counts.get('letters', 0):,})"
                    if person is None
                    else f"Open letters ({agenda.counts.get('letters', 0):,})"
                ),
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
        others = [r for r in rows if person is not None or not r.contact.mentor]
        if not others:
            continue
        total = agenda.counts.get(key, len(rows))
        above = agenda.counts.get(f"mentors_{key}", len(rows) - len(others))
        count = f"{total - above:,}" + (f"; {above} more under Mentors" if above else "")
        table = reconnect_table(others, f"{title} ({count})", style, today)
        add(table, len(others), total - above, hint)
    if person is not None:
        parts.append(keep_in_touch(person, today))
    elif not (agenda.reconnect or agenda.reconnect_soon):
        parts.append(
            Text("Reconnect: everyone is within their keep-in-touch cadence.", style="dim")
        )
    return Group(*parts)


def _for(person: ContactRecord | None) -> Text:
    """ "for Dr. Ana Ruiz " in a person's view's heading."""
    if person is None:
        return Text()
    return Text.assemble(("for ", "bold"), safe(person.name, style="bold"), " ")


def keep_in_touch(person: ContactRecord, today: date) -> Text:
    """One person's next step in keeping in touch, in one line."""
    seen = (
        f"last contact {short_day(person.last_contact, today)}"
        if person.last_contact
        else "never logged"
    )
    if person.reconnect_on is None:
        return Text(
            f"Keep in touch: {seen}; no cadence (medcrm edit {person.id} --every 1m sets one).",
            style="dim",
        )
    late = person.reconnect_on < today
    return Text.assemble(
        ("Keep in touch: ", "bold"),
        f"{seen}; every {person.every}, next by ",
        (short_day(person.reconnect_on, today), "bold red" if late else "bold"),
        f" ({relative(person.reconnect_on, today)})",
    )


def day_by_day_view(agenda: DayByDay) -> RenderableType:
    today = agenda.today
    person = agenda.person
    parts: list[RenderableType] = [
        Text.assemble(
            ("Agenda ", "bold"),
            _for(person),
            (day_label(today), "bold"),
            (f"  (next {agenda.days} days)", "dim"),
        )
    ]
    if agenda.overdue:
        parts.append(
            follow_ups_table(
                agenda.overdue,
                today=today,
                title=f"Overdue ({agenda.overdue_total:,})",
                style="bold red",
                one=None if person is None else person.name,
            )
        )
        hint = "medcrm follow-ups lists them all"
        if more := more_rows(len(agenda.overdue), agenda.overdue_total, hint):
            parts.append(more)
    if agenda.missed_letters:
        title = counted("Letter deadlines passed", agenda.missed_letters)
        parts.append(
            letters_table(agenda.missed_letters, today=today, title=title, style="bold red")
        )
    if agenda.missed_deadlines:
        parts.append(deadlines_table(agenda.missed_deadlines, today=today))
    table = titled_table(None)
    table.add_column("Day", no_wrap=True, style="bold")
    add_text_column(table, "What", ratio=1)
    for day in agenda.schedule:
        if day.empty:
            continue
        lines: list[Text] = []
        for r in day.starts:
            lines.append(Text.assemble(("▶ starts: ", "green"), safe(r.name)))
        for r in day.ends:
            lines.append(Text.assemble(("■ ends: ", "magenta"), safe(r.name)))
        for p in day.interviews:
            how = " (virtual)" if p.interview_virtual else ""
            lines.append(Text.assemble(("◆ interview: ", "bold cyan"), safe(p.name), how))
        for p in day.socials:
            lines.append(Text.assemble(("◇ pre-interview social: ", "cyan"), safe(p.name)))
        for d in day.deadlines:
            lines.append(Text.assemble(("⚑ deadline: ", "bold red"), *deadline_words(d)))
        for x in day.letters:
            lines.append(
                Text.assemble(("✉ letter due: ", "blue"), safe(x.contact), " for ", safe(x.target),
                              (f" ({x.status})", "dim"))
            )  # fmt: skip
        for f in day.follow_ups:
            whose = Text() if person else Text.assemble(safe(f.contact, style="bold"), ": ")
            title = f.title if person is None else _without(f.title, person.name)
            lines.append(Text.assemble((f"#{f.id} ", "dim"), whose, safe(title)))
        if day.more:  # a day cut to --limit
            lines.append(Text(f"… and {day.more:,} more (--limit 0 lists them)", style="dim"))
        table.add_row(_day_label(day.day, today), Text("\n").join(lines))
    if table.row_count:
        parts.append(table)
    else:
        parts.append(Text(f"Nothing planned in the next {agenda.days} days.", style="dim"))
    if person is not None:
        parts.append(keep_in_touch(person, today))
    return Group(*parts)


def _day_label(day: date, today: date) -> str:
    if day == today:
        return "Today"
    if (day - today).days == 1:
        return "Tomorrow"
    return day_label(day) if wide() else f"{day:%a} {day.day} {day:%b}"
