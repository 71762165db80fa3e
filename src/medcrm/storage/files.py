"""Writing files safely: never over an existing file unless asked, never over a database, and
never half-written (a temporary file, synced, then renamed; a full disk is one clear error and
leaves no partial file under the final name)."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from medcrm.pure.errors import InvalidInput

FILE_MODE = 0o600  # exports hold personal data
SQLITE_HEADER = b"SQLite format 3\x00"


def disk_full(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)


def reason(exc: OSError) -> str:
    """An OSError in a few words; a full disk says so."""
    if disk_full(exc):
        return "the disk is full"
    return exc.strerror or type(exc).__name__


def check_writable(path: Path, *, force: bool, protected: Iterable[Path] = ()) -> None:
    """Refuse a folder, an existing file (unless ``force``), a missing folder, and, even with
    ``force``, any of ``protected`` (the database, its journals, its backups) or any SQLite
    database: an export never lands on data."""
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give a file name.")
    resolved = path.resolve()
    for kept in protected:
        if resolved == kept.resolve() or path.absolute() == kept.absolute():
            raise InvalidInput(
                f"{path} is your medcrm database (or its journal or one of its backups); "
                "write the export to another file."
            )
    if path.exists():
        if _is_sqlite(path):
            raise InvalidInput(
                f"{path} is a SQLite database; medcrm never writes an export over one. "
                "Choose another file."
            )
        if not force:
            raise InvalidInput(f"{path} already exists; add --force to replace it.")
    if not path.parent.is_dir():
        raise InvalidInput(f"The folder {path.parent} does not exist.")


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def write_atomically(
    path: Path, data: str | Iterable[str], *, force: bool, protected: Iterable[Path] = ()
) -> None:
    """Write ``data`` (a text, or its pieces as they are made) to a temporary file beside
    ``path``, sync it, then rename it into place. Any failure (a full disk included) removes
    the temporary file and raises InvalidInput."""
    check_writable(path, force=force, protected=protected)
    pieces = [data] if isinstance(data, str) else data
    replace_atomically(path, (piece.encode("utf-8") for piece in pieces))


def replace_atomically(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or its pieces) to a temporary file beside ``path``, sync it, then
    rename it into place (what vdirsyncer expects of a vdir, too); on failure nothing is left
    and InvalidInput says why."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, FILE_MODE)
        with os.fdopen(fd, "wb") as out:
            for piece in [data] if isinstance(data, bytes) else data:
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InvalidInput(f"Could not write {path}: {reason(exc)}; nothing was written.") from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_stdout(data: str | Iterable[str]) -> None:
    """``data`` (a text, or its pieces as they are made) on standard output, flushed and
    checked: a full disk (``> file``) is an error, not a truncated file and exit code 0."""
    try:
        for piece in [data] if isinstance(data, str) else data:
            sys.stdout.write(piece)
        sys.stdout.flush()
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        _silence_stdout()
        raise InvalidInput(
            f"Could not write to standard output: {reason(exc)}; the output is incomplete."
        ) from exc


def _silence_stdout() -> None:
    """After a failed write, Python would try again at exit and print a second error."""
    with contextlib.suppress(OSError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - kept open until exit
