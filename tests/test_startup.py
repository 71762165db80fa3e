"""Start-up cost is a feature: help, version, completion and the daily reads stay off SQLAlchemy.

Each check runs in a fresh interpreter, since this test process has imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from medcrm.services.contacts import ContactFields, add_contact
from medcrm.services.log import log_interaction
from medcrm.services.rotations import add_rotation
from medcrm.storage.location import Location
from medcrm.storage.store import Database

from .conftest import TODAY

# About the SQLite fast path: runs once, on SQLite.
pytestmark = pytest.mark.sqlite_only

HEAVY = ["sqlalchemy", "sqlmodel", "alembic", "pydantic", "dateutil"]
PROBE = """
import json, sys
from medcrm.cli import app

try:
    app(sys.argv[1:], prog_name="medcrm")
except SystemExit as exc:
    code = exc.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY_NAMES))
sys.stderr.write("\\nHEAVY=" + json.dumps(heavy) + " CODE=" + str(code) + "\\n")
""".replace("HEAVY_NAMES", json.dumps(HEAVY))


@pytest.fixture
def filled(isolated: Path) -> Path:
    db = Database.open(Location(isolated, "test"))
    with db.writer() as s:
        add_contact(s, name="Ana Ruiz", today=TODAY, fields=ContactFields(every="1m"))
        log_interaction(s, who=["ana"], today=TODAY, follow_up="Thank", follow_up_due=TODAY)
        add_rotation(s, name="IM clerkship", starts_on=TODAY - timedelta(days=20),
                     ends_on=TODAY + timedelta(days=5), today=TODAY)  # fmt: skip
    return isolated


def probe(args: list[str], env: dict[str, str] | None = None) -> tuple[list[str], str, str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )
    assert "HEAVY=" in done.stderr, done.stderr
    print(done.stderr)  # shown when a test fails: the error line, if any
    marker = done.stderr.rsplit("HEAVY=", 1)[1]
    heavy, code = marker.split(" CODE=")
    return json.loads(heavy), code.strip(), done.stdout


def test_importing_the_cli_loads_nothing_heavy() -> None:
    code = (
        "import sys, medcrm.cli; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["due"], ["due", "--json"], ["contacts"], ["show", "ana"],
     ["follow-ups"], ["history"], ["log", "--help"], ["agenda"], ["stats"], ["rotations"],
     ["rotations", "show", "IM"], ["letters"], ["letters", "suggest"], ["config"]],
)  # fmt: skip
def test_daily_reads_load_nothing_heavy(filled: Path, args: list[str]) -> None:
    heavy, code, stdout = probe(args)
    assert code in ("0", "None")
    assert heavy == []
    assert stdout


def test_name_completion_loads_nothing_heavy(filled: Path) -> None:
    heavy, _, stdout = probe(
        [], {"_MEDCRM_COMPLETE": "complete_bash", "COMP_WORDS": "medcrm show an", "COMP_CWORD": "2"}
    )
    assert heavy == []
    assert stdout.strip() == "ana\\ Ruiz"


SAM = ["add-contact", "Sam Okafor"]
COFFEE = ["follow-up", "ana", "Coffee", "--due", "fri"]  # follow-up #2
SURGERY = ["rotations", "add", "Surgery", "--start", "2026-12-01", "--end", "2026-12-28"]


@pytest.mark.parametrize(
    "steps",
    [[["add-contact", "Sam Okafor", "--role", "resident", "--tag", "im", "--every", "1m"]],
     [SAM, ["log", "ana", "sam", "-k", "office-hours", "-n", "Talked", "-d", "yesterday"]],
     [["log", "ana", "-k", "rotation", "-f", "Send thank-you", "--due", "tomorrow"]],
     [["follow-up", "ana", "Send the article", "--due", "fri"]], [["done", "1"]],
     [COFFEE, ["snooze", "2", "--by", "3d"]], [COFFEE, ["cancel", "2"]],
     [COFFEE, ["done", "2"], ["reopen", "2"]],
     [["edit", "ana", "--email", "ana@example.org", "--tag", "mentor"]], [["unlog", "1"]],
     [["letters", "ask", "ana", "--for", "IM", "--due", "2027-01-15"]],
     [["config", "set", "follow-up.seminar", "3d"]], [SURGERY],
     [SURGERY, ["rotations", "remove", "Surgery"]], [SAM, ["remove", "sam", "--yes"]]],
)  # fmt: skip
def test_daily_writes_load_nothing_heavy(filled: Path, steps: list[list[str]]) -> None:
    """Writes run SQL text through stdlib sqlite3 too: no SQLAlchemy, no pydantic."""
    for step in steps:
        heavy, code, _ = probe(step)
        assert code in ("0", "None")
        assert set(heavy) <= {"dateutil"}  # durations and dates: relativedelta, on every path


def test_bulk_writes_use_the_orm(filled: Path, tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text("name,role,email\nLee Park,peer,lee@example.org\n", encoding="utf-8")
    heavy, code, _ = probe(["import", "csv", str(source)])
    assert code in ("0", "None") and "sqlalchemy" in heavy


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "medcrm", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.startswith("medcrm ")


def test_each_command_is_registered_where_the_table_says() -> None:
    """The program imports only the modules REGISTERED_IN names for the command it runs: every
    command and group the CLI has must be there, with the modules that register it."""
    from medcrm.cli import REGISTERED_IN, _name, app

    found: dict[str, set[str]] = {}
    for info in app.registered_commands:
        name = _name(info)
        assert name is not None and info.callback is not None
        found.setdefault(name, set()).add(info.callback.__module__.rsplit(".", 1)[1])
    for group in app.registered_groups:
        assert group.name is not None and group.typer_instance is not None
        callbacks = [c.callback for c in group.typer_instance.registered_commands if c.callback]
        found[group.name] = {callback.__module__.rsplit(".", 1)[1] for callback in callbacks}
    from medcrm.argv import VERSION

    assert REGISTERED_IN[VERSION] == ()  # --version loads no command
    table = {name: set(modules) for name, modules in REGISTERED_IN.items() if name != VERSION}
    assert table == found


def test_a_daily_command_loads_its_own_commands_only(filled: Path) -> None:
    probe_launch = (
        "import sys\nfrom medcrm.launch import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nLOADED=' + ' '.join(sorted(m for m in sys.modules "
        "if m.startswith('medcrm.cli.'))) + '\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe_launch, "due"],
        capture_output=True,
        text=True,
        env={**os.environ, "MEDCRM_DB": str(filled)},
        timeout=60,
    )
    assert "Thank" in done.stdout, done.stderr
    loaded = done.stderr.rsplit("LOADED=", 1)[1].split()
    assert "medcrm.cli.followups" in loaded
    assert not {"medcrm.cli.letters", "medcrm.cli.programs", "medcrm.cli.imports"} & set(loaded)


@pytest.mark.parametrize("args", [["--help"], ["-h"], []])
def test_the_list_of_commands_is_the_whole_apps(args: list[str]) -> None:
    """`medcrm --help` lists the commands without building their parameters: same text, and
    every command is itself again afterwards."""
    from typer.testing import CliRunner

    from medcrm.cli import app, listing

    runner = CliRunner()
    whole = runner.invoke(app, args, prog_name="medcrm")
    callbacks = [info.callback for info in app.registered_commands]
    with listing():
        listed_callbacks = {info.callback for info in app.registered_commands}
        assert listed_callbacks.isdisjoint(callbacks) and len(listed_callbacks) == 1
        listed = runner.invoke(app, args, prog_name="medcrm")
    assert listed.output == whole.output
    assert "add-contact" in listed.output and "programs" in listed.output
    assert [info.callback for info in app.registered_commands] == callbacks
    assert runner.invoke(app, ["due", "--help"], prog_name="medcrm").output.count("--limit") >= 1
