"""Where the database is: ``--db``, ``--database-url``, the environment or the app directory,
and how a server URL is printed (never with its password)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

from medcrm.pure.datarecord import FrozenRecord, frozen_record
from medcrm.pure.errors import DatabaseError, InvalidInput

ENV_DB = "MEDCRM_DB"
ENV_URL = "MEDCRM_DATABASE_URL"
DB_FILENAME = "medcrm.db"
SERVER_SCHEMES = ("postgresql", "postgres")


def default_dir() -> Path:
    """The per-user app directory (``typer.get_app_dir('medcrm')``, without importing typer)."""
    if os.name == "nt":  # pragma: no cover
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "medcrm"
    if os.uname().sysname == "Darwin":  # pragma: no cover
        return Path.home() / "Library" / "Application Support" / "medcrm"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "medcrm"


@frozen_record
class Location(FrozenRecord):
    path: Path
    source: str  # "--db", "MEDCRM_DB" or "default"

    @property
    def label(self) -> str:
        return str(self.path)


@frozen_record
class ServerLocation(FrozenRecord):
    """A database on a server, by its SQLAlchemy URL (which may hold a password)."""

    url: str
    source: str  # "--database-url" or "MEDCRM_DATABASE_URL"

    @property
    def label(self) -> str:
        """The URL with any password replaced by ``***``: the only form ever printed."""
        return mask_url(self.url)

    @property
    def database(self) -> str:
        """The database's name on the server (what a backup file is named after)."""
        _, _, rest, _ = _split(self.url)
        return unquote(rest.split("://", 1)[-1].partition("/")[2]) or "medcrm"


def locate(cli_path: str | None, cli_url: str | None = None) -> Location | ServerLocation:
    """``--db PATH`` or ``--database-url URL``, else ``MEDCRM_DB`` or ``MEDCRM_DATABASE_URL``,
    else the per-user app directory. Given both at the same level, medcrm refuses to guess."""
    if cli_path and cli_url:
        raise InvalidInput("Give --db or --database-url, not both.")
    if cli_url:
        return from_url(cli_url, "--database-url")
    if cli_path:
        return Location(Path(cli_path).expanduser(), "--db")
    env_url, env = os.environ.get(ENV_URL), os.environ.get(ENV_DB)
    if env_url and env:
        raise DatabaseError(
            f"Both {ENV_DB} and {ENV_URL} are set, so medcrm does not know which database "
            "you mean; unset one of them (or give --db or --database-url)."
        )
    if env_url:
        return from_url(env_url, ENV_URL)
    if env:
        return Location(Path(env).expanduser(), ENV_DB)
    return Location(default_dir() / DB_FILENAME, "default")


def from_url(url: str, source: str) -> Location | ServerLocation:
    """A SQLAlchemy URL: ``sqlite:///PATH`` is a file like ``--db``; PostgreSQL is a server."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    dialect = scheme.split("+", 1)[0]
    if dialect == "sqlite":
        rest = url.split(":", 1)[1]
        if not rest.startswith("///") or rest[3:] in ("", ":memory:"):
            raise InvalidInput(
                f"{source} needs a file for SQLite: sqlite:///relative/path.db or "
                "sqlite:////absolute/path.db (an in-memory database forgets everything)."
            )
        return Location(Path(unquote(rest[3:].split("?", 1)[0])).expanduser(), source)
    if dialect in SERVER_SCHEMES:
        driver = scheme.partition("+")[2]
        if driver not in ("", "psycopg"):
            raise InvalidInput(
                f"{source}: medcrm reaches PostgreSQL through psycopg 3, not '{driver}'; "
                "write the URL as postgresql://USER@HOST/DATABASE."
            )
        return ServerLocation(url, source)
    shown = f"'{scheme}' URLs are" if scheme else "that is not a database URL and is"
    raise InvalidInput(
        f"{source}: {shown} not supported. medcrm works with a SQLite file (--db PATH) or a "
        "PostgreSQL server: postgresql://USER@HOST/DATABASE."
    )


# The user part of a URL as SQLAlchemy reads it (``sqlalchemy.engine.url._parse_url``): the
# password runs to the first "@" and may hold "/", "?" or "#" unescaped, which urlsplit would
# take for the path, query or fragment and so print.
_USERINFO = re.compile(r"^(?P<head>[\w+]+://[^:/]*)(?::(?P<password>[^@]*))?@")
# Query parameters that hold a secret: password=, sslpassword=, ...
_SECRET_PARAM = re.compile(r"(?P<head>(?:^|&)[^=&]*pass[^=&]*=)(?P<value>[^&]*)", re.IGNORECASE)


def _split(url: str) -> tuple[str, str | None, str, str | None]:
    """``url`` as (scheme and user, password, host and path, query), read like SQLAlchemy."""
    found = _USERINFO.match(url)
    head, password, rest = "", None, url
    if found:
        head, password, rest = found["head"], found["password"], url[found.end() :]
    rest, _, query = rest.partition("?")
    return head, password, rest, query if _ else None


def split_url(url: str) -> tuple[str, str | None, str, str | None]:
    """``url`` as (scheme and user, password, host and path, query), as SQLAlchemy reads it."""
    return _split(url)


def mask_url(url: str) -> str:
    """``url`` with its password (in the user part or a ``*password=`` parameter) as ``***``."""
    head, password, rest, query = _split(url)
    masked = head + (":***" if password is not None else "") + ("@" if head else "") + rest
    if query is not None:
        masked += "?" + _SECRET_PARAM.sub(lambda m: m["head"] + "***", query)
    return masked


def url_secrets(url: str) -> list[str]:
    """The passwords in ``url``, as written and decoded: text never to print."""
    _, password, _, query = _split(url)
    found = [password or ""]
    if query:
        found += [m["value"] for m in _SECRET_PARAM.finditer(query)]
    found += [unquote(s) for s in found]
    return sorted({s for s in found if s}, key=len, reverse=True)


def server_unreachable(label: str, exc: BaseException) -> DatabaseError:
    """A server that cannot be used: the driver's first line (servers say clearly what is
    wrong) and what to check; the same on the light path and the full one."""
    said = str(exc).strip().splitlines()
    reason = said[0].rstrip(".") if said else "no reason given"
    return DatabaseError(
        f"Can't use the database at {label}: {reason}. Check the URL, that the server is "
        "running and reachable, and the password (keep it out of the URL with ~/.pgpass "
        "or PGPASSWORD)."
    )
