"""Write tests/data/medcrm-<HEAD>.db: a database at the newest schema revision, filled.

Run it once when a migration is added (``uv run python tests/data/make_fixture.py``), then
never again for that revision: the file is what that release of medcrm wrote.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from medcrm.services import importing, settings
from medcrm.services.contacts import ContactFields, add_contact
from medcrm.services.demo import example_network_path, load_network, read_network
from medcrm.services.followups import add_follow_up, cancel
from medcrm.services.log import log_interaction
from medcrm.storage.location import Location
from medcrm.storage.revisions import HEAD
from medcrm.storage.store import Database

DAY = date(2026, 11, 22)


def main() -> None:
    path = Path(__file__).with_name(f"medcrm-{HEAD}.db")
    if path.exists():
        raise SystemExit(f"{path} exists: a released revision's file never changes")
    db = Database.open(Location(path, "fixture"))
    db.change_label = "make-fixture"  # from revision 0006: the writes are in the change log
    with db.writer() as s:
        load_network(s, read_network(example_network_path()), today=DAY)
        add_contact(
            s,
            name="[bold]Zoë Ångström-Núñez[/bold]",
            today=date(2026, 11, 1),
            fields=ContactFields(
                role="other",
                notes=("Long note: " + "réunion, 会议, встреча. " * 800)[:20000],
                every="3m",
            ),
            tags=["unicode-test"],
        )
        log_interaction(
            s, who=["Ångström"], today=date(2026, 11, 2), kind="other", note="Ünïcödé ✓ " * 100
        )
        add_follow_up(
            s, who="Ångström", title="Quarterly update", due=date(2026, 12, 1), today=DAY,
            every="3m",
        )  # fmt: skip
        settings.set_value(s, "follow-up.seminar", "3d")
        # From revision 0004: imported vCards (uid, extra with kept properties), a cancelled
        # follow-up.
        found, _ = importing.parse_vcard(
            (Path(__file__).parent / "import" / "contacts.vcf").read_bytes()
        )
    with db.write() as orm:
        importing.apply(orm, found, today=DAY)
    with db.writer() as s:
        planned = add_follow_up(s, who="Ångström", title="Maybe later", due=DAY, today=DAY)
        cancel(s, planned.id, today=DAY)
        # From revision 0005: a note kept with --allow-phi (a fictional bed number).
        log_interaction(
            s, who=["Ångström"], today=DAY, note="Met in bed 4 of the sleep lab", allow_phi=True
        )
    with db.writer() as s:  # from revision 0006: a change undone (its rows put back)
        from medcrm.services.undo import undo

        settings.set_value(s, "follow-up.conference", "5d")
    with db.writer(record=False) as s:
        undo(s)
    with db.writer() as s:  # from revision 0008: a program, moved and with a person
        from medcrm.services.programs import ProgramFields, add_program, link_contact, set_stage

        added = add_program(s, ProgramFields(name="Riverside IM", city="Boston, MA"), today=DAY)
        set_stage(s, str(added.id), "applied", on=DAY)
        link_contact(s, str(added.id), "Ångström", role="pd")
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")
    conn.close()
    print(path)


if __name__ == "__main__":
    main()
