"""The schema revisions, for the fast path that must not import Alembic.

``REVISIONS`` lists every Alembic revision in order; a test keeps it equal to the migration
scripts, so a database at ``HEAD`` can be opened with one query and no migration machinery.
"""

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006")
HEAD = REVISIONS[-1]
