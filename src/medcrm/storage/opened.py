"""What a command gets when it opens a database, a file or a server: the :class:`Opened`
protocol, and :class:`OpenedState`, what opening found and did."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlmodel import Session

    from medcrm.storage.connection import Reader, Writer


class OpenedState:
    """What opening a database found and did, and what its writes are recorded as."""

    def __init__(self, label: str) -> None:
        self.label = label  # the file's path, or the server's URL without its password
        self.created = False
        self.upgraded_from: str | None = None
        self.backup: Path | None = None  # the copy taken before an upgrade
        self.tightened: list[Path] = []  # files made private on the way
        self.change_label: str | None = None  # what the change log calls this command's writes


class Opened(Protocol):
    """What a command gets: a medcrm database (a file or a server) at the current schema."""

    label: str  # the file's path, or the server's URL without its password
    created: bool
    upgraded_from: str | None
    backup: Path | None
    tightened: list[Path]

    def read(self) -> AbstractContextManager[Reader]: ...

    change_label: str | None

    def writer(self, *, record: bool = True) -> AbstractContextManager[Writer]: ...

    def write(self, *, record: bool = True) -> AbstractContextManager[Session]: ...

    def close(self) -> None: ...
