"""Time medcrm's commands as whole processes and check them against the speed targets.

    uv run python benchmarks/run.py                  # 100, 1,000 and 10,000 contacts
    uv run python benchmarks/run.py --sizes 100 --runs 7 --output results.md

Each command runs once to warm up, then ``--runs`` times (at least 7); the table gives the
median wall time, the ratio to its floor (run in turn with the command, so a change of load on a
shared machine affects both alike), and the peak memory (max
RSS of the process). The floors: ``python -c "import typer, rich.table"`` for reads, help and
version; ``python -c "import sqlmodel"`` for writes. Write commands run on a copy of the
database, so every size starts from the same data. This driver imports nothing of medcrm's, so
its own memory never shows up in a command's peak.

Before timing, the environment's packages and medcrm are compiled to bytecode, as ``pip
install`` and ``uv tool install`` leave them: with ``PYTHONDONTWRITEBYTECODE`` set (as on some
CI machines) every run would otherwise recompile SQLAlchemy from source and time that instead.

Growth from the smallest to the largest network is measured on its own, in pairs: each daily
read runs on the largest database and then on the smallest, in turn, and the growth is the
ratio of the two medians. Comparing the sizes' separate runs would compare minutes apart, and a
shared machine's load changes in between.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

MEDCRM = str(Path(sys.executable).parent / "medcrm")
GENERATE = Path(__file__).with_name("generate.py")
READ_FLOOR = [sys.executable, "-c", "import typer, rich.table"]
WRITE_FLOOR = [sys.executable, "-c", "import sqlmodel"]


@dataclass
class Case:
    name: str
    argv: list[str]
    kind: str  # "read", "meta" (help/version), "write", or "bulk" (a limit in seconds)
    env: dict[str, str] | None = None
    before: Callable[[Path], list[str]] | None = None  # untimed setup; returns extra argv
    seconds: float | None = None  # for "bulk": the target, at the largest size only


@dataclass
class Result:
    case: str
    size: int
    median: float
    peak_mb: float
    ratio: float
    limit: float
    floor_name: str

    @property
    def ok(self) -> bool:
        return self.ratio <= self.limit


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time of the whole process and its peak resident memory in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {proc.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def timed(
    argv: list[str],
    env: dict[str, str],
    runs: int,
    before: Callable[[], list[str]] | None = None,
    floor: list[str] | None = None,
    floor_env: dict[str, str] | None = None,
) -> tuple[float, float, float]:
    """Median time and peak MB of ``argv``, and the median of ``floor`` run in turn with it
    (in ``floor_env``, by default the same environment).

    Alternating the command with its floor makes the ratio robust to a shared machine whose
    load changes during the run.
    """
    samples, floors, peak = [], [], 0.0
    for i in range(runs + 1):  # the first round is a warm-up
        extra = before() if before else []
        elapsed, mb = measure(argv + extra, env)
        floor_time = measure(floor, floor_env or env)[0] if floor else 0.0
        if i:
            samples.append(elapsed)
            floors.append(floor_time)
            peak = max(peak, mb)
    return statistics.median(samples), peak, statistics.median(floors) if floor else 0.0


def open_follow_up(db: Path) -> list[str]:
    """A fresh open follow-up to mark done (made outside the timing)."""
    conn = sqlite3.connect(db)
    with conn:
        fid = conn.execute(
            "INSERT INTO follow_up (contact_id, title, due, created) VALUES (1, 'bench', ?, ?)",
            (date.today().isoformat(), date.today().isoformat()),
        ).lastrowid
    conn.close()
    return [str(fid)]


def compile_bytecode() -> None:
    """Compile site-packages and medcrm as an install does (once; later runs find it done)."""
    import sysconfig

    source = Path(__file__).resolve().parents[1] / "src" / "medcrm"
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0",
         sysconfig.get_paths()["purelib"], str(source)],
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def cases() -> list[Case]:
    complete = {
        "_MEDCRM_COMPLETE": "complete_bash",
        "COMP_WORDS": "medcrm show an",
        "COMP_CWORD": "2",
    }
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    return [
        Case("--help", [MEDCRM, "--help"], "meta"),
        Case("--version", [MEDCRM, "--version"], "meta"),
        Case("due", [MEDCRM, "due"], "read"),
        Case("agenda", [MEDCRM, "agenda"], "read"),
        Case("contacts", [MEDCRM, "contacts"], "read"),
        Case("show", [MEDCRM, "show", "1"], "read"),
        Case("contacts --search", [MEDCRM, "contacts", "--search", "okafor"], "read"),
        Case("search", [MEDCRM, "search", "echo", "research"], "read"),
        Case("completion", [MEDCRM], "read", env=complete),
        Case("add-contact", [MEDCRM, "add-contact", "Bench Person", "--role", "resident"], "write"),
        Case("log", [MEDCRM, "log", "1", "--kind", "call", "--note", "bench"], "write"),
        Case("follow-up", [MEDCRM, "follow-up", "1", "bench", "--due", tomorrow], "write"),
        Case("done", [MEDCRM, "done"], "write", before=open_follow_up),
        Case("export json", [MEDCRM, "export", "json"], "bulk", seconds=3.0),
        Case("import linkedin", [MEDCRM, "import", "linkedin"], "bulk", before=fresh, seconds=5.0),
    ]


def fresh(db: Path) -> list[str]:
    """A new empty database to import into (made with 'init', as a user with a database
    already would), and the LinkedIn file beside the benchmark data."""
    db.unlink(missing_ok=True)
    home = db.parent / "home"
    subprocess.run(
        [MEDCRM, "--db", str(db), "init"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")},
    )
    return [str(db.with_name("connections.csv"))]


LIMITS = {"read": 2.0, "meta": 1.5, "write": 1.2}
PEAK_MB = 80


def growth(
    sizes: list[int], runs: int, workdir: Path, base_env: dict[str, str]
) -> dict[str, float]:
    """Each daily read's time on the largest database over its time on the smallest, the two
    run in turn (the same command, the same minutes, only the data differs)."""
    small, large = workdir / f"bench-{min(sizes)}.db", workdir / f"bench-{max(sizes)}.db"
    found = {}
    for case in cases():
        if case.kind != "read":
            continue
        env_large = {**base_env, "MEDCRM_DB": str(large), **(case.env or {})}
        env_small = {**base_env, "MEDCRM_DB": str(small), **(case.env or {})}
        on_large, _, on_small = timed(case.argv, env_large, runs, None, case.argv, env_small)
        found[case.name] = on_large / on_small
    return found


Measured = tuple[list[Result], dict[str, float], dict[str, float]]  # results, floors, growth


def run(sizes: list[int], runs: int, workdir: Path) -> Measured:
    home = workdir / "home"  # never the user's own medcrm settings or list of databases
    home.mkdir(exist_ok=True)
    base_env = {
        **os.environ,
        "COLUMNS": "120",
        "NO_COLOR": "1",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
    }
    floors = {
        "typer+rich": timed(READ_FLOOR, base_env, runs)[0],
        "sqlmodel": timed(WRITE_FLOOR, base_env, runs)[0],
        "python": timed([sys.executable, "-c", "pass"], base_env, runs)[0],
    }
    floor_argv = {"typer+rich": READ_FLOOR, "sqlmodel": WRITE_FLOOR}
    results: list[Result] = []
    for size in sizes:
        source = workdir / f"bench-{size}.db"
        if not (source.exists() and (workdir / f"linkedin-{size}.csv").exists()):
            source.unlink(missing_ok=True)
            # In a child process: this driver must stay small, because Linux counts the
            # parent's memory up to exec() in a child's peak RSS.
            subprocess.run(
                [sys.executable, str(GENERATE), "--contacts", str(size), "--db", str(source),
                 "--linkedin", str(workdir / f"linkedin-{size}.csv")],
                check=True,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
        for case in cases():
            if case.kind == "bulk" and size != max(sizes):
                continue
            db = source
            if case.kind == "write":
                db = workdir / f"write-{size}-{case.name}.db"
                shutil.copy(source, db)
            if case.name == "import linkedin":
                db = workdir / "import-target.db"
                shutil.copy(workdir / f"linkedin-{size}.csv", workdir / "connections.csv")
            env = {**base_env, "MEDCRM_DB": str(db), **(case.env or {})}
            before = (lambda db=db, case=case: case.before(db)) if case.before else None  # type: ignore[misc]
            if case.kind == "bulk":
                assert case.seconds is not None
                median, peak, _ = timed(case.argv, env, runs, before)
                results.append(
                    Result(case.name, size, median, peak, median, case.seconds, "seconds")
                )
                continue
            floor_name = "sqlmodel" if case.kind == "write" else "typer+rich"
            median, peak, floor = timed(case.argv, env, runs, before, floor_argv[floor_name])
            results.append(
                Result(case.name, size, median, peak, median / floor, LIMITS[case.kind], floor_name)
            )
    grown = growth(sizes, runs, workdir, base_env) if len(sizes) > 1 else {}
    return results, floors, grown


def report(
    results: list[Result], floors: dict[str, float], grown: dict[str, float], runs: int
) -> str:
    lines = [
        f"Floors (median of {runs}): `python -c pass` {floors['python']:.3f} s; "
        f"`import typer, rich.table` {floors['typer+rich']:.3f} s; "
        f"`import sqlmodel` {floors['sqlmodel']:.3f} s.",
        "",
        "| command | contacts | median s | × floor | target | peak MB | ok |",
        "|---|---:|---:|---:|---|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| `{r.case}` | {r.size:,} | {r.median:.3f} | "
            + (
                f"— | < {r.limit:g} s"
                if r.floor_name == "seconds"
                else f"{r.ratio:.2f} | ≤ {r.limit}× {r.floor_name}"
            )
            + f" | {r.peak_mb:.0f} | {'yes' if r.ok else '**no**'} |"
        )
    sizes = sorted({r.size for r in results})
    if grown:
        small, large = sizes[0], sizes[-1]
        lines += [
            "",
            f"| command | {large:,} ÷ {small:,} contacts (run in turn) | target | ok |",
            "|---|---:|---|---|",
        ]
        for case, value in grown.items():
            lines.append(
                f"| `{case}` | {value:.2f} | ≤ 1.2 | {'yes' if value <= 1.2 else '**no**'} |"
            )
    peak = max(r.peak_mb for r in results if r.floor_name != "seconds")
    lines += [
        "",
        f"Largest peak memory of a daily command: {peak:.0f} MB (target < {PEAK_MB} MB).",
    ]
    return "\n".join(lines)


def passed(results: list[Result], grown: dict[str, float]) -> bool:
    """Every ratio, every growth from the smallest to the largest size, and the memory cap."""
    daily = [r for r in results if r.floor_name != "seconds"]
    ok = all(r.ok for r in results) and max(r.peak_mb for r in daily) < PEAK_MB
    return ok and all(v <= 1.2 for v in grown.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time medcrm commands against the speed targets.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--data", type=Path, help="keep generated databases here (reused next time)"
    )
    parser.add_argument("--output", type=Path, help="also write the markdown report here")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="run every case once and check only that it works (for CI; no timing verdict)",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.runs = 1
    elif args.runs < 7:
        parser.error("--runs must be at least 7")
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="medcrm-bench-") as tmp:
        workdir = args.data or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results, floors, grown = run(args.sizes, args.runs, workdir)
    text = report(results, floors, grown, args.runs)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    if args.smoke:
        return 0  # every command ran and exited 0 (measure() raises otherwise)
    return 0 if passed(results, grown) else 1


if __name__ == "__main__":
    sys.exit(main())
