"""Moving a whole network, as whole processes, with each one's time and peak memory: export json,
import json into an empty database, and with a server, import json there, migrate-to and backup.

    uv run python benchmarks/bulk.py --contacts 100000
    uv run python benchmarks/bulk.py --contacts 100000 --url postgresql://USER@HOST/postgres

The network is generated once (``generate.py``: N contacts, 3 interactions and 1 follow-up each,
the shape of issue 20) and kept in ``--data``. Every import is checked: the export of what was
imported is the original export, byte for byte. ``--url`` names a database on a server whose
role may CREATE DATABASE; the copies (``medcrm_bulk_import``, ``medcrm_bulk_migrate``) are
dropped and made again on each run. Targets (issue 20), for 100,000 contacts: import json under
30 s on SQLite and 60 s on PostgreSQL, migrate-to under 2 minutes, peak memory of every step
under 150 MiB. Prints a Markdown table (wall and CPU seconds, peak memory); the exit code is 0
when every target is met. As ``run.py`` does, the environment's packages and medcrm are compiled
to bytecode first, as an install leaves them.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import time
from pathlib import Path

from run import compile_bytecode  # benchmarks/run.py, beside this script

MEDCRM = str(Path(sys.executable).parent / "medcrm")
GENERATE = Path(__file__).with_name("generate.py")
MIB = 1024 * 1024


def measured(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Run ``argv``; its wall time and CPU time (user + system, less moved by a busy machine)
    in seconds, and its peak resident memory in MiB."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    error = child.stderr.read().decode() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv[1:])} failed: {error.strip()[-300:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss * 1024 / MIB  # ru_maxrss is in KiB on Linux


def fresh_server_database(url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")  # a name made here, not a user's
        conn.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + "/" + name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--url", help="a PostgreSQL database whose role may CREATE DATABASE")
    parser.add_argument("--data", type=Path, default=Path("/tmp/medcrm-bulk"))
    parser.add_argument(
        "--smoke", action="store_true", help="check that every step works (for CI; no verdict)"
    )
    args = parser.parse_args()
    n = args.contacts
    compile_bytecode()
    args.data.mkdir(parents=True, exist_ok=True)
    source = args.data / f"network-{n}.db"
    if not source.exists():
        subprocess.run([sys.executable, str(GENERATE), "--contacts", str(n), "--interactions",
                        "3", "--follow-ups", "1", "--db", str(source)], check=True)  # fmt: skip
    base = {**os.environ, "MEDCRM_DB": str(source), "MEDCRM_TODAY": "2026-12-02"}
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    rows: list[tuple[str, str, tuple[float, float, float], float | None]] = []
    export = args.data / f"export-{n}.json"
    export.unlink(missing_ok=True)
    took = measured([MEDCRM, "export", "json", "-o", str(export)], base)
    rows.append(("export json", "SQLite", took, None))

    copy = args.data / f"imported-{n}.db"
    copy.unlink(missing_ok=True)
    env = {**base, "MEDCRM_DB": str(copy)}
    subprocess.run([MEDCRM, "init"], env=env, check=True, capture_output=True)
    took = measured([MEDCRM, "import", "json", str(export)], env)
    rows.append(("import json", "SQLite", took, 30.0))
    _same_export(env, export, args.data / "again.json")

    if args.url:
        target = fresh_server_database(args.url, "medcrm_bulk_import")
        env = {k: v for k, v in base.items() if k != "MEDCRM_DB"} | {"MEDCRM_DATABASE_URL": target}
        took = measured([MEDCRM, "import", "json", str(export)], env)
        rows.append(("import json", "PostgreSQL", took, 60.0))
        _same_export(env, export, args.data / "again.json")
        backup = args.data / f"server-backup-{n}.json"
        backup.unlink(missing_ok=True)
        took = measured([MEDCRM, "backup", str(backup)], env)
        rows.append(("backup", "PostgreSQL", took, None))
        target = fresh_server_database(args.url, "medcrm_bulk_migrate")
        took = measured([MEDCRM, "migrate-to", target], base)
        rows.append(("migrate-to", "SQLite → PostgreSQL", took, 120.0))

    print(f"\n{n:,} contacts, {3 * n:,} interactions, {n:,} follow-ups "
          f"(export {export.stat().st_size / MIB:.0f} MiB)\n")  # fmt: skip
    print("| step | database | seconds | CPU s | target | peak MiB (target 150) |")
    print("|---|---|---|---|---|---|")
    met = True
    for step, where, (took, cpu, peak), goal in rows:
        within = (goal is None or took < goal) and peak < 150
        met = met and within
        aim = "" if goal is None else f"< {goal:.0f} s"
        print(f"| {step} | {where} | {took:.1f} | {cpu:.1f} | {aim} | {peak:.0f} |")
    return 0 if met or args.smoke else 1


def _same_export(env: dict[str, str], original: Path, again: Path) -> None:
    again.unlink(missing_ok=True)
    subprocess.run([MEDCRM, "export", "json", "-o", str(again)], env=env, check=True,
                   capture_output=True)  # fmt: skip
    if not filecmp.cmp(original, again, shallow=False):
        raise SystemExit(f"the import's export differs from {original}")


if __name__ == "__main__":
    sys.exit(main())
