"""Every command has help with an example, and the README shows each command with that example."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from medcrm.cli import app

from .conftest import Run

# About the SQLite file itself (or the CLI without a database): runs once, on SQLite.
pytestmark = pytest.mark.sqlite_only

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
ROOT = get_command(app)


def _walk(group: Any, prefix: str = "") -> dict[str, Any]:
    """Every command by its full name ('due', 'rotations', 'rotations add', ...); not the
    hidden ones ('import auto' is what 'import FILE' runs, documented with 'import')."""
    found: dict[str, Any] = {}
    for name, command in getattr(group, "commands", {}).items():
        if getattr(command, "hidden", False):
            continue
        full = f"{prefix}{name}"
        found[full] = command
        found.update(_walk(command, full + " "))
    return found


ALL = _walk(ROOT)
COMMANDS = sorted(ALL)


def example(name: str) -> str:
    command = ALL[name]
    help_text = command.help or ""
    if not help_text and getattr(command, "callback", None) is not None:
        help_text = command.callback.__doc__ or ""
    found = re.search(r"^\s*Example: (medcrm .+)$", help_text, re.MULTILINE)
    assert found, f"'{name}' has no 'Example: medcrm ...' line in its help"
    return found.group(1).strip()


def test_there_are_commands() -> None:
    assert {"add-contact", "contacts", "show", "edit", "remove", "log", "follow-up", "follow-ups",
            "done", "snooze", "due", "demo", "agenda", "stats", "config", "config set",
            "rotations", "rotations add", "rotations show", "letters", "letters ask",
            "letters set", "letters suggest"} <= set(COMMANDS)  # fmt: skip


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(run: Run, name: str) -> None:
    result = run(*name.split(), "--help")
    assert result.exit_code == 0
    assert "Example: medcrm" in result.stdout
    # global options (--db PATH) may come before the command
    assert re.match(rf"medcrm (--db \S+ )?{name.split()[0]}\b", example(name)), example(name)


@pytest.mark.parametrize("name", COMMANDS)
def test_the_readme_shows_every_command_with_its_example(name: str) -> None:
    assert f"| `{name}` |" in README
    assert f"`{example(name)}`" in README


def test_the_readme_quick_start_is_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick.strip().splitlines()]
    assert commands == ["uv run medcrm demo", "uv run pytest"]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "\nuv run pytest\n" in ci


def test_every_test_the_readme_cites_exists() -> None:
    """The promises table names the tests that hold each promise: they must exist."""
    tests_dir = Path(__file__).parent
    cited = []
    current = None
    for file, name in re.findall(r"`(?:(test_\w+\.py))?::(test_\w+)`", README):
        current = file or current
        cited.append((current, name))
    assert len(cited) >= 20
    for file, name in cited:
        assert file is not None
        source = (tests_dir / file).read_text(encoding="utf-8")
        assert re.search(rf"^def {name}\(", source, re.MULTILINE), f"{file}::{name}"
