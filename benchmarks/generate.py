"""Generate a benchmark database: N fictional contacts, 10 interactions and 2 follow-ups each.

    python benchmarks/generate.py --contacts 10000 --db /tmp/bench-10000.db
    python benchmarks/generate.py --contacts 100000 --interactions 3 --follow-ups 1 --db /tmp/b.db

Dates are spread around today: interactions over the past two years, follow-ups due from two
months ago to two months ahead, about 3% of them still open; a third of the contacts have a
keep-in-touch cadence. The schema comes from medcrm itself (so it is always current); the rows
go in with one executemany per table, and the derived columns are computed the way the
services compute them.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path
from uuid import uuid4

from medcrm.pure.vocabulary import KINDS, ROLES
from medcrm.services.contacts import ContactRow, derive
from medcrm.storage.connection import insert_sql, sqlite_params
from medcrm.storage.location import Location
from medcrm.storage.store import Database

FIRST = [
    "Ana",
    "Sam",
    "Priya",
    "Marcus",
    "Zoë",
    "José",
    "Aisha",
    "Kwame",
    "Helena",
    "Tomás",
    "Mei",
    "Omar",
    "Ingrid",
    "Ravi",
    "Lucia",
    "Theo",
    "Nadia",
    "Yusuf",
    "Camila",
    "Oren",
    "Thảo",
    "Gabriel",
    "Esperanza",
    "Janelle",
    "Ximena",
    "Miriam",
    "Beatriz",
    "Rosalind",
]
LAST = [
    "Ruiz",
    "Okafor",
    "Patel",
    "Oyelaran",
    "Lindqvist",
    "Núñez",
    "Rahimi",
    "Asante",
    "Okafor",
    "Arriaga",
    "Chen",
    "Haddad",
    "Sørensen",
    "Iyer",
    "Moretti",
    "Marchetti",
    "Petrova",
    "Demir",
    "Restrepo",
    "Castellanos",
    "Nguyễn",
    "Esposito",
    "Villalobos",
    "Broussard",
    "Quispe",
    "Feldstein",
    "Monteiro",
    "Achebe",
    "Kim",
    "O'Brien",
]
SPECIALTIES = (
    "Internal Medicine", "Surgery", "Pediatrics", "Cardiology", "Emergency Medicine",
    "Neurology", "Psychiatry", "Family Medicine", None,
)  # fmt: skip
CADENCES = ("2w", "1m", "2m", "3m", "6m")
# Notes made of these, so that a search has words of every frequency to find.
OPENINGS = (
    "Talked about", "Asked about", "Office hours on", "Coffee chat about", "Debrief after",
    "Journal club on", "Feedback on", "Advice on", "Shadowed during", "Follow-up on",
)  # fmt: skip
TOPICS = (
    "the echo research project", "her cardiology fellowship", "the renal block",
    "step 1 study plans", "the sepsis quality project", "residency applications",
    "the poster for the regional meeting", "away rotations", "a letter of recommendation",
    "the neurology elective", "ultrasound skills", "the case report draft", "work-life balance",
    "the surgery clerkship", "global health electives", "the abstract deadline",
    "interview season", "the pediatrics sub-internship", "mentorship", "the match",
)  # fmt: skip
CLOSINGS = (
    "", "; send the article", "; she offered to read my draft", "; meet again next month",
    "; he suggested the cardiology journal club", "; introduce me to the program director",
)  # fmt: skip
TAGS = ("research", "study-group", "letter-writer", "mentor", "im-interest", "classmate")


def generate(
    path: Path,
    contacts: int,
    *,
    today: date,
    seed: int = 7,
    interactions_each: int = 10,
    follow_ups_each: int = 2,
) -> None:
    rng = random.Random(seed)
    Database.open(Location(path, "benchmark"))  # creates the schema through the migrations
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    tag_ids = {}
    for tag in TAGS:
        tag_ids[tag] = conn.execute("INSERT INTO tag (name) VALUES (?)", (tag,)).lastrowid

    people, links, tag_links, follow_ups = [], [], [], []
    interactions = []
    interaction_id = 0
    for cid in range(1, contacts + 1):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {cid}"
        added = today - timedelta(days=rng.randint(400, 900))
        every = rng.choice(CADENCES) if rng.random() < 1 / 3 else None
        dates = sorted(
            today - timedelta(days=rng.randint(1, 730)) for _ in range(interactions_each)
        )
        for day in dates:
            interaction_id += 1
            interactions.append(
                (
                    interaction_id,
                    day.isoformat(),
                    rng.choice(KINDS),
                    f"{rng.choice(OPENINGS)} {rng.choice(TOPICS)}{rng.choice(CLOSINGS)}",
                )
            )
            links.append((interaction_id, cid))
        tags = rng.sample(TAGS, rng.randint(0, 2))
        person = ContactRow(
            name=name, name_key="", uid=str(uuid4()), role=rng.choice(ROLES),
            institution="Riverside University Hospital", specialty=rng.choice(SPECIALTIES),
            email=f"person{cid}@example.edu", met="Clerkship", every=every, added=added, id=cid,
        )  # fmt: skip
        derive(
            person, tags=sorted(tags), last_contact=dates[-1] if dates else None
        )  # as medcrm derives them
        people.append({**sqlite_params(person.values()), "id": cid})
        for tag in tags:
            tag_links.append((cid, tag_ids[tag]))
        for _ in range(follow_ups_each):
            due = today + timedelta(days=rng.randint(-60, 60))
            is_open = rng.random() < 0.03
            done = None if is_open else min(due, today).isoformat()
            follow_ups.append(
                (
                    cid,
                    f"Follow up with {name}",
                    due.isoformat(),
                    done,
                    (due - timedelta(days=7)).isoformat(),
                )
            )

    if people:
        conn.executemany(insert_sql("contact", list(people[0])), people)
    conn.executemany(
        "INSERT INTO interaction (id, date, kind, note) VALUES (?, ?, ?, ?)", interactions
    )
    conn.executemany(
        "INSERT INTO interaction_contact (interaction_id, contact_id) VALUES (?, ?)", links
    )
    conn.executemany("INSERT INTO contact_tag (contact_id, tag_id) VALUES (?, ?)", tag_links)
    conn.executemany(
        "INSERT INTO follow_up (contact_id, title, due, done_on, created) VALUES (?, ?, ?, ?, ?)",
        follow_ups,
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def linkedin_csv(path: Path, rows: int, *, seed: int = 3) -> None:
    """A LinkedIn Connections.csv as LinkedIn writes it (BOM, "Notes:" preamble), N rows."""
    rng = random.Random(seed)
    lines = [
        "\ufeffNotes:",
        '"When exporting your connection data, you may notice that some of the email '
        'addresses are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for n in range(rows):
        lines.append(
            f"{rng.choice(FIRST)},{rng.choice(LAST)} {n},https://www.linkedin.com/in/x{n},"
            f'person{n}@example.edu,"Riverside University Hospital, {rng.choice(SPECIALTIES)}",'
            f"PGY-2 Resident,{rng.randint(1, 28)} Mar 2024"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--contacts", type=int, required=True, help="how many contacts")
    parser.add_argument("--db", type=Path, required=True, help="the new database file")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--interactions", type=int, default=10, help="interactions per contact")
    parser.add_argument("--follow-ups", type=int, default=2, help="follow-ups per contact")
    parser.add_argument(
        "--linkedin", type=Path, help="also write a LinkedIn Connections.csv with as many rows"
    )
    args = parser.parse_args(argv)
    if args.db.exists():
        print(f"{args.db} exists; give a new path", file=sys.stderr)
        return 1
    generate(
        args.db,
        args.contacts,
        today=date.today(),
        seed=args.seed,
        interactions_each=args.interactions,
        follow_ups_each=args.follow_ups,
    )
    if args.linkedin:
        linkedin_csv(args.linkedin, args.contacts)
    print(f"{args.db}: {args.contacts} contacts, {args.contacts * args.interactions} "
          f"interactions, {args.contacts * args.follow_ups} follow-ups")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
