"""The example network, the demo built from it, and the day walkthrough script."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from medcrm.pure.vocabulary import KINDS, ROLES
from medcrm.services.demo import example_network_path

from .conftest import Backend, Run

EXAMPLES = Path(__file__).parents[1] / "examples"
NETWORK = json.loads((EXAMPLES / "network.json").read_text(encoding="utf-8"))


def test_the_demo_loads_the_file_in_examples() -> None:
    assert example_network_path().resolve() == (EXAMPLES / "network.json").resolve()


def test_the_network_is_a_full_third_year() -> None:
    contacts, interactions, follow_ups = (
        NETWORK["contacts"], NETWORK["interactions"], NETWORK["follow_ups"]
    )  # fmt: skip
    assert len(contacts) >= 30 and len(interactions) >= 80 and len(follow_ups) >= 20
    assert set(Counter(c["role"] for c in contacts)) == set(ROLES)
    assert {i["kind"] for i in interactions} <= set(KINDS)
    open_ = [f for f in follow_ups if f["done"] is None]
    assert any(f["due"] < 0 for f in open_)  # overdue
    assert any(f["due"] == 0 for f in open_)  # today
    assert any(0 < f["due"] <= 7 for f in open_)  # upcoming
    assert any(len(i["with"]) > 1 for i in interactions)


def test_the_people_are_fictional() -> None:
    for c in NETWORK["contacts"]:
        assert c["email"] is None or re.search(r"@example\.(edu|org|com)$", c["email"])
        digits = re.sub(r"\D", "", c["phone"] or "")
        # 555-01XX lines and the 555 area code are reserved for fiction
        assert not digits or re.search(r"^1?55501\d\d$", digits) or digits.startswith("555")


def test_demo_shows_every_section_and_never_touches_the_real_database(
    run: Run, backend: Backend
) -> None:
    result = run("demo")
    assert result.exit_code == 0, result.stderr
    for section in ("Mentors ★", "Overdue (", "Today (", "Upcoming (", "Before you go: ",
                    "Letter deadlines", "Reconnect ("):  # fmt: skip
        assert section in result.stdout
    assert "fictional network" in result.stderr
    assert not backend.exists()
    agenda = json.loads(run("demo", "--json").stdout)
    assert all(agenda[k] for k in ("overdue", "today", "upcoming", "reconnect"))
    assert not backend.exists()


def test_demo_keep_builds_a_database_to_explore(run: Run, tmp_path: Path) -> None:
    kept = tmp_path / "demo.db"
    assert run("demo", "--keep", str(kept)).exit_code == 0
    rows = json.loads(run("--db", str(kept), "contacts", "--json").stdout)
    assert len(rows) == len(NETWORK["contacts"])
    again = run("demo", "--keep", str(kept))
    assert again.exit_code == 1 and "already exists" in again.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a bash script")
def test_the_day_script_runs(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", str(EXAMPLES / "day.sh")], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Done #1" in done.stdout and "Snoozed #2" in done.stdout
