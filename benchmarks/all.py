"""Every speed benchmark in one command, on SQLite and (with ``--url``) on PostgreSQL, into one
Markdown report: the daily commands against their floors (``run.py``), the daily reads on a
server against SQLite (``server.py``), and moving a whole network (``bulk.py``).

    uv run python benchmarks/all.py --url postgresql://USER@HOST/postgres --output results.md
    uv run python benchmarks/all.py --quick          # every case once on small data, no verdict

Each script runs as its own process, as it would alone; the report holds their tables in turn,
with the command that made each. The exit code is 0 only when every script met its targets.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
_PASSWORD = re.compile(r"://([^:/@\s]+):[^@\s]+@")  # a server's password, never in the report


def steps(args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    """(title, the script and its arguments) for each benchmark to run."""
    url = ["--url", args.url] if args.url else []
    if args.quick:  # every case once, on small data: that each still runs, no timing verdict
        run = ["run.py", "--sizes", "100", "--smoke"]
        server = ["server.py", *url, "--sizes", "1000", "--runs", "3"]
        bulk = ["bulk.py", "--contacts", str(min(args.contacts, 1_000)), *url, "--smoke"]
    else:
        run = ["run.py", "--sizes", "100", "1000", "10000", "--runs", "9"]
        server = ["server.py", *url, "--sizes", "1000", "10000", "--runs", "5"]
        bulk = ["bulk.py", "--contacts", str(args.contacts), *url]
    found = [("Daily commands against their floors (SQLite)", run)]
    if args.url:
        found.append(("Daily reads on PostgreSQL against SQLite", server))
    found.append(("Moving a whole network", bulk))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--url", help="a PostgreSQL database whose role may CREATE DATABASE")
    parser.add_argument("--contacts", type=int, default=100_000, help="for bulk.py")
    parser.add_argument("--output", type=Path, help="also write the report here")
    parser.add_argument(
        "--quick", action="store_true", help="small sizes and few runs: a check, not a verdict"
    )
    args = parser.parse_args()
    report = [f"# medcrm benchmarks, {date.today().isoformat()}"]
    met = True
    for title, argv in steps(args):
        command = " ".join(["uv run python benchmarks/" + argv[0], *argv[1:]])
        shown = _PASSWORD.sub(r"://\1:***@", command)
        print(f"== {title}: {shown}", file=sys.stderr)
        done = subprocess.run(
            [sys.executable, str(HERE / argv[0]), *argv[1:]], capture_output=True, text=True
        )
        verdict = "targets met" if done.returncode == 0 else "**a target not met, or it failed**"
        report += [f"\n## {title}\n", f"`{shown}`: {verdict}\n", done.stdout.strip()]
        if done.returncode != 0:
            met = False
            report.append(f"\n```\n{done.stderr.strip()[-1500:]}\n```")
    text = "\n".join(report) + "\n"
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return 0 if met or args.quick else 1


if __name__ == "__main__":
    raise SystemExit(main())
