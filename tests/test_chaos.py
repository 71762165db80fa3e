"""Chaos (issue 14): writers, backups, restores and imports run at once for a while, and some of
them are killed (SIGKILL) or interrupted (SIGINT) at random moments. After every round:

* the database passes ``integrity_check`` and ``foreign_key_check``;
* every write that reported success is there, unless a restore may have replaced it: one that
  ended (or was killed, perhaps after its copy) after the write began;
* every backup that ``existing_backups`` lists opens and passes ``integrity_check``.

It runs for ``MEDCRM_CHAOS_SECONDS`` (60 by default; CI runs it as part of the suite). Marked
``slow``: ``uv run pytest -m "not slow"`` leaves it out of a quick run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from medcrm.storage import backup as backups

from .conftest import Backend

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
SECONDS = float(os.environ.get("MEDCRM_CHAOS_SECONDS", "60"))


@dataclass
class Job:
    kind: str  # write, backup, restore, import
    proc: subprocess.Popen[str]
    tag: str = ""
    started: float = field(default_factory=time.monotonic)
    ended: float = 0.0
    killed: bool = False


def environment(backend: Backend, home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    if backend.is_server:
        env["MEDCRM_DATABASE_URL"] = backend.server_url
        env.pop("MEDCRM_DB", None)
    else:
        assert backend.path is not None
        env["MEDCRM_DB"] = str(backend.path)
        env.pop("MEDCRM_DATABASE_URL", None)
    return env


def medcrm(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(BIN / "medcrm"), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def notes(backend: Backend) -> set[str]:
    return {str(r[0]) for r in backend.query("SELECT note FROM interaction") if r[0]}


def contact_names(backend: Backend) -> set[str]:
    return {str(r[0]) for r in backend.query("SELECT name FROM contact")}


def check_database(backend: Backend) -> None:
    if backend.is_server:
        return  # the server keeps its own files whole; what it holds is checked by the caller
    assert backend.path is not None
    conn = sqlite3.connect(backend.path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def saved_backups(backend: Backend, home: Path) -> list[Path]:
    if backend.is_server:
        folder = home / ".config" / "medcrm"
        return sorted(folder.glob("*-backup-*.json"))
    assert backend.path is not None
    return backups.existing_backups(backend.path)


def check_backups(backend: Backend, home: Path) -> None:
    for saved in saved_backups(backend, home):
        if backend.is_server:
            assert json.loads(saved.read_text(encoding="utf-8"))["medcrm"] == "export", saved
        else:
            conn = sqlite3.connect(f"file:{saved}?mode=ro", uri=True)
            try:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", saved
            finally:
                conn.close()


def run_chaos(backend: Backend, tmp_path: Path, seconds: float) -> dict[str, int]:
    home = tmp_path / "home"
    env = environment(backend, home)
    rng = random.Random(int(os.environ.get("MEDCRM_CHAOS_SEED", "1")))
    setup = subprocess.run(
        [str(BIN / "medcrm"), "add-contact", "Chaos Writer", "--role", "peer"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    first = subprocess.run(
        [str(BIN / "medcrm"), "backup"], env=env, capture_output=True, text=True, timeout=60
    )
    assert first.returncode == 0, first.stderr
    acked: list[tuple[float, str, str]] = []  # (when it started, kind, what): it succeeded
    replaced_at: list[float] = []  # when a restore finished (or was killed, maybe finished)
    tally = {"rounds": 0, "writes": 0, "kills": 0, "restores": 0, "imports": 0, "backups": 0}
    counter = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        tally["rounds"] += 1
        jobs: list[Job] = []
        for _ in range(rng.randint(3, 6)):
            counter += 1
            tag = f"chaos-{counter:05d}"
            kind = rng.choices(["write", "backup", "restore", "import"], [6, 2, 2, 1])[0]
            if tally["rounds"] % 4 == 1 and not jobs:
                kind = "restore"  # every fourth round starts with one, whatever the dice say
            if kind == "write":
                jobs.append(Job(kind, medcrm(env, "log", "chaos writer", "--note", tag), tag))
            elif kind == "backup":
                jobs.append(Job(kind, medcrm(env, "backup")))
            elif kind == "restore":
                listed = saved_backups(backend, home)
                if listed:
                    jobs.append(Job(kind, medcrm(env, "restore", str(rng.choice(listed)), "--yes")))
            else:
                source = tmp_path / f"{tag}.csv"
                source.write_text(f"name,role,email\nImported {tag},peer,\n", encoding="utf-8")
                jobs.append(Job(kind, medcrm(env, "import", "csv", str(source)), f"Imported {tag}"))
            time.sleep(rng.uniform(0, 0.15))
        for job in rng.sample(jobs, k=rng.randint(0, min(2, len(jobs)))):
            time.sleep(rng.uniform(0.05, 0.6))
            if job.proc.poll() is None:
                job.proc.send_signal(rng.choice([signal.SIGKILL, signal.SIGINT]))
                job.killed = True
                tally["kills"] += 1
        give_up = time.monotonic() + 120
        while any(job.ended == 0 for job in jobs):  # when each one ends, to the 10 ms
            for job in jobs:
                if job.ended == 0 and job.proc.poll() is not None:
                    job.ended = time.monotonic()
            assert time.monotonic() < give_up, "a command hung"
            time.sleep(0.01)
        for job in jobs:
            _, stderr = job.proc.communicate(timeout=10)
            code = job.proc.returncode
            assert "Traceback" not in (stderr or ""), (job.kind, stderr)
            if job.kind == "restore" and (code == 0 or job.killed):
                replaced_at.append(job.ended)
                tally["restores"] += code == 0
            # A write counts from when it started: a restore that ends after that may have
            # copied the backup over it (it committed first), as a restore is meant to.
            if code == 0 and job.kind == "write":
                acked.append((job.started, "write", job.tag))
                tally["writes"] += 1
            elif code == 0 and job.kind == "import":
                acked.append((job.started, "import", job.tag))
                tally["imports"] += 1
            elif code == 0 and job.kind == "backup":
                tally["backups"] += 1
        check_database(backend)
        check_backups(backend, home)
        have_notes, have_names = notes(backend), contact_names(backend)
        for when, kind, what in acked:
            if any(r > when for r in replaced_at):
                continue  # a later restore may have replaced it, as restores do
            present = what in have_notes if kind == "write" else what in have_names
            assert present, f"{kind} {what!r} started at {when:.2f}, succeeded, and is gone"
    return tally


@pytest.mark.sqlite_only
def test_chaos_on_a_database_file(backend: Backend, tmp_path: Path) -> None:
    tally = run_chaos(backend, tmp_path, SECONDS)
    assert tally["writes"] > 0 and tally["kills"] > 0 and tally["restores"] > 0, tally


@pytest.mark.postgresql_only
def test_chaos_on_a_server(backend: Backend, tmp_path: Path) -> None:
    tally = run_chaos(backend, tmp_path, max(20.0, SECONDS / 2))
    assert tally["writes"] > 0 and tally["restores"] > 0, tally
