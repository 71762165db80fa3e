"""Schema facts the fast path needs without importing Alembic.

``REVISIONS`` lists every Alembic revision in order; a test keeps it equal to the migration
scripts, so a database at ``HEAD`` can be opened with one query and no migration machinery.
"""

REVISIONS: tuple[str, ...] = ("0001", "0002")
HEAD = REVISIONS[-1]

ROLES = ("peer", "faculty", "resident", "fellow", "attending", "nurse", "staff", "other")
KINDS = (
    "meeting",
    "office-hours",
    "rotation",
    "shadowing",
    "research",
    "seminar",
    "conference",
    "study-group",
    "email",
    "call",
    "message",
    "social",
    "other",
)
DEFAULT_ROLE = "peer"
DEFAULT_KIND = "meeting"

# Longest note or title medcrm stores; a paste of a whole document is refused, not truncated.
MAX_NOTE_CHARS = 100_000
MAX_FIELD_CHARS = 500
