"""medcrm's vocabulary: roles, kinds of interaction, training levels, letter kinds and
statuses, the follow-ups medcrm suggests, and the size limits of what it stores."""

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
    "interview",
    "other",
)
DEFAULT_ROLE = "peer"
DEFAULT_KIND = "meeting"

# Longest note or title medcrm stores; a paste of a whole document is refused, not truncated.
MAX_NOTE_CHARS = 100_000
MAX_FIELD_CHARS = 500

LEVELS = (
    "MS1", "MS2", "MS3", "MS4",
    "PGY1", "PGY2", "PGY3", "PGY4", "PGY5", "PGY6", "PGY7",
    "fellow", "attending",
)  # fmt: skip
SUPERVISOR_ROLES = ("attending", "resident", "fellow")  # who "Before you go" is about
CLINICAL_KIND = "rotation"  # the kind of log that puts someone on a rotation's team
LETTER_WRITER_ROLES = ("faculty", "attending", "resident", "fellow")


def role_for_level(level: str | None) -> str | None:
    """The role a training level implies: PGYn is a resident, MS1-MS4 a peer."""
    if level is None:
        return None
    if level.startswith("PGY"):
        return "resident"
    if level in ("fellow", "attending"):
        return level
    return DEFAULT_ROLE


# A training level says the same whatever the role says (a "peer" with level PGY2 is a resident).
SUPERVISOR_LEVELS = tuple(lvl for lvl in LEVELS if role_for_level(lvl) in SUPERVISOR_ROLES)


# ERAS letter types: standard, a department chair's, a standardized letter (SLOE in emergency
# medicine, SLOR elsewhere), a narrative letter.
LETTER_KINDS = ("narrative", "standard", "chair", "slor", "sloe")
# The application season's pipeline, in order, and the stages off it.
PROGRAM_STAGES = ("interested", "applied", "signaled", "invited", "scheduled", "interviewed",
                  "ranked", "matched")  # fmt: skip
PROGRAM_OFF_STAGES = ("rejected", "withdrawn", "waitlisted")
# A contact's part in a program.
PROGRAM_ROLES = ("pd", "apd", "coordinator", "chief", "resident", "faculty", "interviewer", "alum")
PROGRAM_RATINGS = ("fit", "location", "training", "people")  # programs rate, 1 to 5
PROGRAM_ROLE_NAMES = {"pd": "program director", "apd": "associate program director"}
LETTER_STATUSES = ("asked", "agreed", "materials-sent", "submitted", "thanked")
LETTER_FINAL = ("thanked", "declined")

# Logging these kinds without --follow-up suggests a follow-up with each contact, due within
# this window (configurable: medcrm config set follow-up.KIND 3d, or "off").
SUGGESTIONS = {
    "office-hours": ("1d", "Send {name} a thank-you for office hours"),
    "shadowing": ("1d", "Send {name} a thank-you for the shadowing"),
    "seminar": ("2d", "Email {name} a thank-you for the seminar"),
    "conference": ("2d", "Connect with {name} after the conference (email or LinkedIn)"),
    "research": ("3d", "Send {name} a research update and next steps"),
}


def implied_role(role: str | None, level: str | None) -> str | None:
    """The role a contact should get from its level, when its role says no more than the
    default (a "peer" with level PGY2 is a resident); None to keep the role it has."""
    implied = role_for_level(level)
    return implied if implied and role in (None, DEFAULT_ROLE) else None
