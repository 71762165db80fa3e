"""The only place medcrm writes to the terminal.

Tables go through Rich (``show``). One-line messages (``say``, ``note``, ``error``) are written
directly, so that a write command never pays for importing Rich's console: every part is
cleaned of control characters and printed literally, and styled with ANSI codes only when Rich
would colour too (a terminal, no NO_COLOR, not TERM=dumb; FORCE_COLOR forces it).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

from medcrm.pure.sanitize import strip_controls

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import RenderableType

    from medcrm.pure.records import FollowUpRecord

Part = str | tuple[str, str]  # plain text, or (text, style)

_SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def _colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def _line(parts: tuple[Part, ...], colour: bool, base: str = "") -> str:
    out = []
    for part in parts:
        text, style = (part, base) if isinstance(part, str) else part
        text = strip_controls(" ".join(text.split("\n")))
        codes = ";".join(_SGR[s] for s in style.split() if s in _SGR)
        out.append(f"\x1b[{codes}m{text}\x1b[0m" if colour and codes else text)
    return "".join(out)


def _write(stream: TextIO, parts: tuple[Part, ...], base: str = "") -> None:
    stream.write(_line(parts, _colour(stream), base) + "\n")
    stream.flush()


def say(*parts: Part) -> None:
    """One line on stdout."""
    _write(sys.stdout, parts)


def say_follow_up(verb: str, f: FollowUpRecord) -> None:
    """``Done #12 for Ana Ruiz due Mon 2026-11-23: Send thank-you`` (what a write did)."""
    from medcrm.cli.clock import today
    from medcrm.render.words import day_label

    late = f.done_on is None and f.due < today()
    say(f"{verb} ", (f"#{f.id}", "bold"), " for ", (f.contact, "bold"),
        f" due {day_label(f.due)}: ", f.title,
        (" (already overdue)", "bold red") if late else "")  # fmt: skip


def note(*parts: Part) -> None:
    """A side remark on stderr (so it never mixes with --json output)."""
    _write(sys.stderr, parts, "dim")


def progress(verb: str, every: float = 2.0) -> Callable[[str, int], None]:
    """For long work (a big import, ``migrate-to``): told how many records of a kind are done,
    it says so on stderr ("Copying: 40,000 interactions so far"), at most once every few
    seconds, so a short run prints nothing."""
    import time

    last = time.monotonic()

    def tell(kind: str, done: int) -> None:
        nonlocal last
        if time.monotonic() - last >= every:
            last = time.monotonic()
            note(f"{verb}: {done:,} {kind} so far")

    return tell


def error(message: str) -> None:
    """The one line a failed command prints."""
    _write(sys.stderr, (("Error: ", "bold red"), " ".join(message.split())))


def width() -> int:
    """The terminal's width as Rich will see it ($COLUMNS first; 80 when not a terminal)."""
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def show(renderable: RenderableType) -> None:
    """A Rich table or group on stdout; through a pager when stdout is a terminal and the
    output is taller than it (see :func:`pager`)."""
    from rich.console import Console

    # Made per call so that the current sys.stdout (and a test runner's) is used.
    console = Console(highlight=False, soft_wrap=False, emoji=False)  # ":smile:" is text
    command = pager()
    if command is None:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    shown = captured.get()
    if shown.count("\n") < console.size.height:
        sys.stdout.write(shown)
        sys.stdout.flush()
        return
    _page(command, shown)


def _tty() -> bool:
    return sys.stdout.isatty()


def pager() -> str | None:
    """The pager for output taller than the terminal: $MEDCRM_PAGER if set (empty: none;
    --no-pager empties it), else $PAGER, else ``less -FRX``; never when stdout is not a
    terminal (a pipe, a file)."""
    if not _tty():
        return None
    if "MEDCRM_PAGER" in os.environ:
        return os.environ["MEDCRM_PAGER"].strip() or None
    import shutil

    chosen = os.environ.get("PAGER", "").strip()
    if chosen:
        return chosen
    return "less -FRX" if shutil.which("less") else None


def _page(command: str, text: str) -> None:
    """``text`` through the pager; printed as it is if the pager cannot be started."""
    import subprocess

    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        sys.stdout.write(text)
        return
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode("utf-8", errors="replace"))
        proc.stdin.close()
    except BrokenPipeError:  # the reader quit the pager early, or it never started
        pass
    if proc.wait() in (126, 127):  # the shell found no such pager: show it all the same
        sys.stdout.write(text)
        note(f"The pager {command!r} could not be started; MEDCRM_PAGER= turns paging off.")


def emit_json(data: object) -> None:
    from medcrm.render.jsonout import dumps

    sys.stdout.write(dumps(data) + "\n")


def present(
    json_: bool, data: Any, as_json: str, view: str, /, *, each: bool = False, **options: Any
) -> None:
    """What a read prints: with --json, ``data`` as ``medcrm.render.jsonout.<as_json>`` writes
    it (``each``: a list, item by item); else the view ``medcrm.render.<view>``
    ("module.function") of ``data`` and ``options``. The view's module, and Rich with it, is
    imported only then."""
    from importlib import import_module

    if json_:
        from medcrm.render import jsonout

        to_json = getattr(jsonout, as_json)
        emit_json([to_json(x) for x in data] if each else to_json(data))
        return
    module, name = view.rsplit(".", 1)
    show(getattr(import_module(f"medcrm.render.{module}"), name)(data, **options))
