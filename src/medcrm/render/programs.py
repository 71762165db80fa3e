"""Programs: the pipeline grouped by stage, and one program's page."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from medcrm.pure import vocabulary
from medcrm.pure.records import ProgramDetail, ProgramRecord
from medcrm.pure.sanitize import neutralise
from medcrm.render.agenda import follow_ups_table
from medcrm.render.common import add_text_column, day_cell, safe, titled_table
from medcrm.render.contacts import history_table
from medcrm.render.invitations import deadlines_table
from medcrm.render.letters import letters_table

if TYPE_CHECKING:
    from medcrm.pure.results import RankRow

STAGE_ORDER = vocabulary.PROGRAM_STAGES + vocabulary.PROGRAM_OFF_STAGES
RATINGS = vocabulary.PROGRAM_RATINGS


def programs_view(rows: list[ProgramRecord], *, today: date) -> RenderableType:
    """One table per stage, in the pipeline's order, then those off it."""
    if not rows:
        return Text(
            'No programs yet. Add one: medcrm programs add "Riverside IM" '
            '--specialty "Internal Medicine"',
            style="dim",
        )
    parts: list[RenderableType] = []
    for stage in STAGE_ORDER:
        here = [p for p in rows if p.stage == stage]
        if not here:
            continue
        table = titled_table(f"{stage.capitalize()} ({len(here)})")
        table.add_column("ID", justify="right", style="dim", no_wrap=True)
        add_text_column(table, "Program", style="bold", ratio=3)
        add_text_column(table, "Specialty", ratio=2)
        add_text_column(table, "City", ratio=1)
        table.add_column("People", justify="right", no_wrap=True)
        table.add_column("Since", no_wrap=True)
        table.add_column("Next", no_wrap=True)
        for p in here:
            table.add_row(str(p.id), safe(p.name), safe(p.specialty), safe(p.city),
                          str(p.people), day_cell(p.moved_on or p.added, today),
                          _next_date(p, today))  # fmt: skip
        parts.append(table)
    return Group(*parts)


def _next_date(p: ProgramRecord, today: date) -> Text:
    """The next day that matters for a program: its pre-interview social, its interview."""
    if p.stage != "scheduled":  # interviewed, withdrawn...: its days no longer matter
        return Text("")
    for label, day in (("social", p.social_on), ("interview", p.interview_on)):
        if day is not None and day >= today:
            return Text.assemble(f"{label} ", day_cell(day, today, style="bold"))
    return Text("")


def program_view(detail: ProgramDetail, *, today: date) -> RenderableType:
    p = detail.program
    title = Text.assemble(safe(p.name, style="bold"), (f"  #{p.id} · {p.stage}", "dim"))
    profile = Table.grid(padding=(0, 2))
    profile.add_column(style="dim", justify="right")
    profile.add_column()
    for label, value in (
        ("Specialty", p.specialty), ("Institution", p.institution), ("City", p.city),
        ("Web", p.url),
        ("Letters", None if p.letters_required is None else f"{p.letters_required} required"),
        ("After the interview", None if p.post_interview_contact else "no contact, please"),
        ("Notes", p.note),
    ):  # fmt: skip
        if value:
            profile.add_row(label, safe(value, one_line=label != "Notes"))
    moves = Text(" → ").join(
        Text.assemble((stage, "bold"), (f" {day_cell(on, today).plain}", "dim"))
        for stage, on in detail.stages
    )
    parts: list[RenderableType] = [title, profile, Text.assemble(("Stages: ", "dim"), moves)]
    if detail.people:
        people = titled_table(f"People ({len(detail.people)})")
        people.add_column("ID", justify="right", style="dim", no_wrap=True)
        add_text_column(people, "Name", style="bold", ratio=2)
        people.add_column("Role", no_wrap=True)
        for person in detail.people:
            role = vocabulary.PROGRAM_ROLE_NAMES.get(person.role, person.role)
            people.add_row(str(person.contact.id), safe(person.contact.name), role)
        parts.append(people)
    else:
        parts.append(
            Text(f"No people linked yet: medcrm programs link {p.id} WHO --as pd", style="dim")
        )
    required = p.letters_required or 0
    if detail.letters or required:
        short = required - len(detail.letters)
        need = f"; needs {short} more" if short > 0 else ""
        parts.append(
            letters_table(detail.letters, today=today,
                          title=f"Letters ({len(detail.letters)} of {required or '?'}{need})")
            if detail.letters
            else Text(f"Letters: none assigned{need} (medcrm letters assign LETTER {p.id})",
                      style="yellow")
        )  # fmt: skip
    if detail.deadlines:
        parts.append(deadlines_table(detail.deadlines, today=today))
    if detail.follow_ups:
        parts.append(
            follow_ups_table(detail.follow_ups, today=today,
                             title=f"Open follow-ups with its people ({len(detail.follow_ups)})")
        )  # fmt: skip
    if detail.interactions:
        parts.append(
            history_table(detail.interactions, today=today,
                          title=f"With its people ({len(detail.interactions)}, newest first)")
        )  # fmt: skip
    return Group(*parts)


def brief_view(detail: ProgramDetail, *, today: date) -> RenderableType:
    """The night before the interview: where and when, your people and your last talk with
    each, your notes."""
    p = detail.program
    when = (
        "not scheduled yet"
        if p.interview_on is None
        else f"interview {day_cell(p.interview_on, today).plain}"
        + (" (virtual)" if p.interview_virtual else "")
    )
    parts: list[RenderableType] = [
        Text.assemble(safe(p.name, style="bold"), (f"  #{p.id} · {p.stage} · {when}", "dim"))
    ]
    where = " · ".join(x for x in (p.specialty, p.institution, p.city, p.url) if x)
    if where:
        parts.append(safe(where))
    table = titled_table(f"Your people there ({len(detail.people)})")
    table.add_column("Name", style="bold", no_wrap=True)
    table.add_column("Role", no_wrap=True)
    table.add_column("Last talked", no_wrap=True)
    add_text_column(table, "About", ratio=1)
    for person in detail.people:
        last = next((i for i in detail.interactions
                     if any(c.id == person.contact.id for c in i.contacts)), None)  # fmt: skip
        table.add_row(
            safe(person.contact.name),
            vocabulary.PROGRAM_ROLE_NAMES.get(person.role, person.role),
            day_cell(last.date, today) if last else Text("never", style="dim"),
            safe(last.note) if last and last.note else Text(""),
        )
    parts.append(table if detail.people else Text("No people linked yet.", style="dim"))
    if p.note:
        parts += [Text("Your notes", style="bold"), safe(p.note, one_line=False)]
    return Group(*parts)


def rank_view(rows: list[RankRow]) -> RenderableType:
    if not rows:
        return Text(
            "No programs to rank yet: the list holds those you interviewed at "
            "(medcrm programs interviewed ID --with WHO).",
            style="dim",
        )
    table = titled_table(f"Rank list ({len(rows)})")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    add_text_column(table, "Program", style="bold", ratio=3)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Fit Loc Trn Ppl", no_wrap=True)
    for n, r in enumerate(rows, 1):
        marks = " ".join(f"{r.program.ratings.get(c, '-'):>3}" for c in RATINGS)
        table.add_row(str(n), str(r.program.id), safe(r.program.name),
                      "" if r.score is None else f"{r.score:.2f}", marks)  # fmt: skip
    return table


def rank_csv(rows: list[RankRow]) -> str:
    """The rank list as CSV: rank, program, specialty, institution, city, score."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["rank", "program", "specialty", "institution", "city", "score"])
    for n, r in enumerate(rows, 1):
        p = r.program
        writer.writerow([n, *(neutralise(v or "") for v in (p.name, p.specialty, p.institution,
                                                            p.city)),
                         "" if r.score is None else f"{r.score:.2f}"])  # fmt: skip
    return out.getvalue()
