"""init, doctor."""

from __future__ import annotations

from datetime import datetime

from medcrm.cli.app import app, state
from medcrm.cli.common import Json, open_db
from medcrm.cli.output import emit_json, say, show


@app.command("init")
def init() -> None:
    """Start a new, empty database at --db (or $MEDCRM_DB).

    Your first 'add-contact' or 'import' starts one by itself; once you have a database,
    medcrm starts another only when asked, so a mistyped --db never makes an empty one.

    \b
    Example: medcrm --db ~/medcrm-research-year.db init
    """
    from medcrm.errors import InvalidInput
    from medcrm.store import locate

    location = locate(state().db)
    if location.path.exists():
        raise InvalidInput(f"{location.path} already exists; medcrm init only starts new ones.")
    db = open_db(create=True, explicit=True)
    say("Started a new medcrm database at ", (str(db.path), "bold"), ".")


@app.command("doctor")
def doctor(json_: Json = False) -> None:
    """Everything about your database when in doubt; changes nothing.

    Where it is and why, its size, schema, SQLite version and journal mode, an integrity check,
    its permissions, the newest backup, and whether it sits in a synced folder.

    \b
    Example: medcrm doctor
    """
    from medcrm.doctor import examine
    from medcrm.store import locate

    report = examine(locate(state().db), now=datetime.now())
    if json_:
        emit_json(
            {
                "path": str(report.path),
                "from": report.source,
                "exists": report.exists,
                "size": report.size,
                "schema": report.revision,
                "contacts": report.contacts,
                "sqlite": report.sqlite_version,
                "journal_mode": report.journal_mode,
                "integrity": report.integrity,
                "foreign_keys": report.foreign_keys,
                "file_mode": report.file_mode,
                "folder_mode": report.folder_mode,
                "backups": report.backups,
                "newest_backup": None
                if report.newest_backup is None
                else str(report.newest_backup),
                "newest_backup_age_days": report.backup_age_days,
                "synced_folder": report.sync,
                "problems": report.problems,
            }
        )
        return
    from medcrm.render.tables import doctor_view

    show(doctor_view(report))
