"""How fast ``medcrm search`` finds things: the query over 100,000 interactions, and the whole
command against its floor.

    uv run python benchmarks/search.py                        # 10,000 contacts, 100,000 notes
    uv run python benchmarks/search.py --contacts 1000 --runs 5 --data /tmp/medcrm-bench

The database is made by ``generate.py`` (10 interactions per contact, notes from a vocabulary
of common and rare words) and kept in ``--data`` for the next run. Two measurements:

- the search itself (the SQL on the index and the rows it shows), in this process, median of
  ``--runs`` for each query; the target is under 100 ms on SQLite with 100,000 interactions;
- ``medcrm search`` as a whole process, alternated with its floor
  (``python -c "import typer, rich.table"``), as a ratio (the daily-read target is 2x).

The exit code is 0 only when every query's median is under the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from generate import generate
from run import MEDCRM, READ_FLOOR, compile_bytecode, timed

QUERIES = (
    ("a rare word", "ultrasound"),
    ("a common word", "about"),
    ("a word's beginning", "cardio"),
    ("two words, any order", "research echo"),
    ("a name", "okafor"),
    ("nothing", "zebrafish"),
)
TARGET_MS = 100.0


def query_times(db: Path, runs: int) -> list[tuple[str, str, float, int]]:
    """Each query's median milliseconds and how many rows matched."""
    from medcrm.services.search import search
    from medcrm.storage.location import Location
    from medcrm.storage.store import Database

    opened = Database.open(Location(db, "benchmark"))
    measured = []
    for label, query in QUERIES:
        samples = []
        for i in range(runs + 1):  # the first is a warm-up
            with opened.read() as reader:
                start = time.perf_counter()
                results = search(reader, query)
                elapsed = time.perf_counter() - start
            if i:
                samples.append(elapsed * 1000)
        matched = sum(group.total for group in results.groups)
        measured.append((label, query, statistics.median(samples), matched))
    return measured


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--data", type=Path, default=Path("/tmp/medcrm-bench"))
    args = parser.parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)
    db = args.data / f"search-{args.contacts}.db"
    if not db.exists():
        print(f"Generating {args.contacts:,} contacts in {db} ...", flush=True)
        generate(db, args.contacts, today=date.today())
    compile_bytecode()
    print(f"{args.contacts * 10:,} interactions; median of {args.runs} runs each\n")
    print("| query | text | matches | median ms | target |")
    print("|---|---|---:|---:|---|")
    met = True
    for label, query, ms, matched in query_times(db, args.runs):
        ok = ms < TARGET_MS
        met &= ok
        print(f"| {label} | `{query}` | {matched:,} | {ms:.1f} | < {TARGET_MS:.0f} ms "
              f"{'yes' if ok else 'NO'} |")  # fmt: skip
    env = {"MEDCRM_DB": str(db), "PATH": str(Path(sys.executable).parent), "HOME": str(args.data)}
    whole, _, floor = timed([MEDCRM, "search", "echo", "research"], env, args.runs, None,
                            READ_FLOOR)  # fmt: skip
    print(f"\n`medcrm search echo research`: {whole:.3f} s, floor {floor:.3f} s, "
          f"{whole / floor:.2f}x the floor (daily-read target 2x)")  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
