"""How fast ``medcrm import ics`` takes in a calendar (issue 19: 200 events in under 2 s, and
nothing doubled when the same calendar comes again).

    uv run python benchmarks/calendar_import.py                 # 200 events, 5 runs
    uv run python benchmarks/calendar_import.py --events 1000 --runs 3

A calendar of ``--events`` past meetings (a third of them weekly series, most with contacts
of a 300-contact database) is imported into a fresh copy of the database each run, then once
more into the same one (all already logged). Whole processes, median of ``--runs``; the exit
code is 0 only when the first import's median is under the target.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from run import MEDCRM, compile_bytecode

TARGET_S = 2.0


def calendar(events: int, contacts: int, now: datetime) -> str:
    """An iCalendar file of ``events`` events that ended in the last 80 days."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//medcrm//benchmark//EN"]
    for n in range(events):
        start = now - timedelta(days=1 + n % 80, hours=n % 9)
        attendees = [(n * 7 + k) % (contacts + 40) for k in range(1 + n % 3)]
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{n}@example.org",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{start + timedelta(hours=1):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{('Office hours', 'Research meeting', 'Grand rounds')[n % 3]} {n}",
        ]
        if n % 3 == 1:  # a weekly series, four weeks long
            lines.append("RRULE:FREQ=WEEKLY;COUNT=4")
        lines += [f"ATTENDEE;CN=Person {a}:mailto:person{a}@example.org" for a in attendees]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def people(db: Path, contacts: int, env: dict[str, str]) -> None:
    lines = ["name,role,email"] + [f"Person {n},peer,person{n}@example.org"
                                   for n in range(contacts)]  # fmt: skip
    source = db.with_suffix(".csv")
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    subprocess.run([MEDCRM, "--db", str(db), "init"], env=env, check=True, capture_output=True)
    subprocess.run([MEDCRM, "--db", str(db), "import", "csv", str(source)], env=env, check=True,
                   capture_output=True)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--contacts", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="medcrm-calendar-") as tmp:
        home = Path(tmp)
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config")}
        base = home / "base.db"
        people(base, args.contacts, env)
        ics = home / "calendar.ics"
        ics.write_text(calendar(args.events, args.contacts, datetime.now(UTC)), encoding="utf-8")
        first, again = [], []
        for run in range(args.runs):
            db = home / f"run{run}.db"
            shutil.copy(base, db)
            argv = [MEDCRM, "--db", str(db), "import", "ics", str(ics)]
            for samples in (first, again):
                start = time.perf_counter()
                subprocess.run(argv, env=env, check=True, capture_output=True)
                samples.append(time.perf_counter() - start)
        first.sort()
        again.sort()
        median, median_again = first[len(first) // 2], again[len(again) // 2]
    print(
        f"import ics, {args.events} events, {args.contacts} contacts: first import "
        f"{median:.2f} s, the same calendar again {median_again:.2f} s (target {TARGET_S} s)"
    )
    return 0 if median < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
