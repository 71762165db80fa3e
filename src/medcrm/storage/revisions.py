"""The schema revisions, for the fast path that must not import Alembic.

``REVISIONS`` lists every Alembic revision in order, read from the names of the migration
scripts (``migrations/versions/0006_change_log.py`` is revision ``0006``): adding a migration
is all it takes. A test keeps it equal to Alembic's own history, so a database at ``HEAD`` can
be opened with one query and no migration machinery.
"""

import os

_VERSIONS = os.path.join(os.path.dirname(__file__), "migrations", "versions")

REVISIONS: tuple[str, ...] = tuple(
    sorted(
        name[:4]
        for name in os.listdir(_VERSIONS)
        if name.endswith(".py") and name[:4].isdigit() and name[4:5] == "_"
    )
)
HEAD = REVISIONS[-1]
