"""The daily reads on a PostgreSQL server against the same reads on SQLite, as whole processes.

    uv run python benchmarks/server.py --url postgresql://USER@HOST/postgres
    uv run python benchmarks/server.py --url URL --sizes 1000 10000 --runs 7

For each size, a network is generated on SQLite (``generate.py``, kept in ``--data``), copied
into a new database on the server with ``medcrm migrate-to`` (``--url`` names a database on
that server whose role may CREATE DATABASE; the copies are called ``medcrm_bench_<size>`` and
are dropped and made again on each run), and every daily read runs on the server, then on the
SQLite file, in turn: the ratio is the server's median over the file's from the same loop, so
a change of load on a shared machine affects both alike. The target (issue 20): each daily
read on PostgreSQL within 1.5x its time on SQLite. Growth on the server, largest size over
smallest, is measured the same way, in pairs. Prints a Markdown table; the exit code is 0
when every target is met.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

MEDCRM = str(Path(sys.executable).parent / "medcrm")
GENERATE = Path(__file__).with_name("generate.py")
READS = {
    "due": ["due"],
    "agenda": ["agenda"],
    "contacts": ["contacts"],
    "show": ["show", "7"],
    "search": ["contacts", "--search", "okafor"],
    "follow-ups": ["follow-ups"],
    "history": ["history"],
}
TODAY = "2026-12-02"


def run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[1:])} failed: {done.stderr.strip()[:300]}")
    return time.perf_counter() - start


def server_copy(url: str, size: int, sqlite: Path) -> str:
    """A fresh database on the server holding the network of ``sqlite``; its URL."""
    import psycopg

    name = f"medcrm_bench_{size}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")  # a name made here, not a user's
        conn.execute(f"CREATE DATABASE {name}")
    target = url.rsplit("/", 1)[0] + "/" + name
    env = {**os.environ, "MEDCRM_DB": str(sqlite)}
    seconds = run([MEDCRM, "migrate-to", target], env)
    print(f"migrate-to {size:,} contacts: {seconds:.1f} s", file=sys.stderr)
    return target


def pairs(
    a: list[str], a_env: dict[str, str], b_env: dict[str, str], runs: int
) -> tuple[float, float]:
    """Medians of ``a`` under each environment, run in turn (one warm-up each)."""
    run(a, a_env), run(a, b_env)
    first, second = [], []
    for _ in range(runs):
        first.append(run(a, a_env))
        second.append(run(a, b_env))
    return statistics.median(first), statistics.median(second)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="a database on the server (to connect to)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, default=Path("/tmp/medcrm-bench"))
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith("MEDCRM_")}
    base.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode compiled once
    base["MEDCRM_TODAY"] = TODAY
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(MEDCRM).parents[1])], check=False
    )
    envs: dict[int, tuple[dict[str, str], dict[str, str]]] = {}
    for size in args.sizes:
        sqlite = args.data / f"bench-{size}.db"
        if not sqlite.exists():
            make = [sys.executable, str(GENERATE), "--contacts", str(size), "--db", str(sqlite)]
            subprocess.run(make, check=True, capture_output=True)
        run([MEDCRM, "doctor"], {**base, "MEDCRM_DB": str(sqlite)})  # upgraded first, untimed
        server = {**base, "MEDCRM_DATABASE_URL": server_copy(args.url, size, sqlite)}
        envs[size] = (server, {**base, "MEDCRM_DB": str(sqlite)})
    ok = True
    print("| command | contacts | PostgreSQL s | SQLite s | ratio | target ≤ 1.5 |")
    print("|---|---:|---:|---:|---:|---|")
    for size, (server, file) in envs.items():
        for name, argv in READS.items():
            pg, lite = pairs([MEDCRM, *argv], server, file, args.runs)
            met = pg / lite <= 1.5
            ok &= met
            verdict = "yes" if met else "no"
            print(f"| `{name}` | {size:,} | {pg:.3f} | {lite:.3f} | {pg / lite:.2f} | {verdict} |")
    if len(envs) > 1:
        small, large = min(envs), max(envs)
        print(f"\n| command | PostgreSQL, {large:,} ÷ {small:,} contacts (in turn) |")
        print("|---|---:|")
        for name, argv in READS.items():
            big, little = pairs([MEDCRM, *argv], envs[large][0], envs[small][0], args.runs)
            print(f"| `{name}` | {big / little:.2f} |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
