"""The read use cases: contact lists, a contact's page, follow-up lists and the morning view.

Each query is written once as SQL text with ``:name`` parameters and runs on any
:class:`~medcrm.storage.connection.Reader`: stdlib ``sqlite3`` on a file, SQLAlchemy on a server (or
inside an import's session). Only fixed SQL fragments are ever joined; user text is always a
parameter. This module imports neither SQLAlchemy nor Rich.

The ``# noqa: S608`` marks are the places where SQL text is assembled: always from the
constants and fixed clauses in this module, never from user input."""

from __future__ import annotations

from medcrm.storage.queries.agenda import (
    _reconnect as _reconnect,
)
from medcrm.storage.queries.agenda import (
    due_agenda as due_agenda,
)
from medcrm.storage.queries.common import (
    BEFORE_YOU_GO_AFTER as BEFORE_YOU_GO_AFTER,
)
from medcrm.storage.queries.common import (
    BEFORE_YOU_GO_BEFORE as BEFORE_YOU_GO_BEFORE,
)
from medcrm.storage.queries.common import (
    LETTER_HORIZON as LETTER_HORIZON,
)
from medcrm.storage.queries.common import (
    ROTATION_PURPOSES as ROTATION_PURPOSES,
)
from medcrm.storage.queries.common import (
    _check_limit as _check_limit,
)
from medcrm.storage.queries.common import (
    opt_date as opt_date,
)
from medcrm.storage.queries.common import (
    to_date as to_date,
)
from medcrm.storage.queries.contacts import (
    CONTACT_COLUMNS as CONTACT_COLUMNS,
)
from medcrm.storage.queries.contacts import (
    OPEN_SUMMARY as OPEN_SUMMARY,
)
from medcrm.storage.queries.contacts import (
    _contact as _contact,
)
from medcrm.storage.queries.contacts import (
    _contacts as _contacts,
)
from medcrm.storage.queries.contacts import (
    belongings as belongings,
)
from medcrm.storage.queries.contacts import (
    contact_detail as contact_detail,
)
from medcrm.storage.queries.contacts import (
    every_contact as every_contact,
)
from medcrm.storage.queries.contacts import (
    extra_dict as extra_dict,
)
from medcrm.storage.queries.contacts import (
    get_contact as get_contact,
)
from medcrm.storage.queries.contacts import (
    identities as identities,
)
from medcrm.storage.queries.contacts import (
    identities_like as identities_like,
)
from medcrm.storage.queries.contacts import (
    list_contacts as list_contacts,
)
from medcrm.storage.queries.contacts import (
    removal_preview as removal_preview,
)
from medcrm.storage.queries.contacts import (
    tags_by_contact as tags_by_contact,
)
from medcrm.storage.queries.deadlines import (
    get_deadline as get_deadline,
)
from medcrm.storage.queries.deadlines import (
    list_deadlines as list_deadlines,
)
from medcrm.storage.queries.followups import (
    FOLLOW_UP_COLUMNS as FOLLOW_UP_COLUMNS,
)
from medcrm.storage.queries.followups import (
    _follow_ups as _follow_ups,
)
from medcrm.storage.queries.followups import (
    count_by_day as count_by_day,
)
from medcrm.storage.queries.followups import (
    count_due as count_due,
)
from medcrm.storage.queries.followups import (
    count_follow_ups as count_follow_ups,
)
from medcrm.storage.queries.followups import (
    get_follow_up as get_follow_up,
)
from medcrm.storage.queries.followups import (
    list_follow_ups as list_follow_ups,
)
from medcrm.storage.queries.interactions import (
    INTERACTION_COLUMNS as INTERACTION_COLUMNS,
)
from medcrm.storage.queries.interactions import (
    _interactions as _interactions,
)
from medcrm.storage.queries.interactions import (
    get_interaction as get_interaction,
)
from medcrm.storage.queries.interactions import (
    history as history,
)
from medcrm.storage.queries.letters import (
    LETTER_COLUMNS as LETTER_COLUMNS,
)
from medcrm.storage.queries.letters import (
    _letters as _letters,
)
from medcrm.storage.queries.letters import (
    get_letter as get_letter,
)
from medcrm.storage.queries.letters import (
    list_letters as list_letters,
)
from medcrm.storage.queries.rotations import (
    ROTATION_COLUMNS as ROTATION_COLUMNS,
)
from medcrm.storage.queries.rotations import (
    ROTATION_COUNTS as ROTATION_COUNTS,
)
from medcrm.storage.queries.rotations import (
    _rotation as _rotation,
)
from medcrm.storage.queries.rotations import (
    ending_rotations as ending_rotations,
)
from medcrm.storage.queries.rotations import (
    get_rotation as get_rotation,
)
from medcrm.storage.queries.rotations import (
    list_rotations as list_rotations,
)
from medcrm.storage.queries.rotations import (
    resolve_rotation as resolve_rotation,
)
from medcrm.storage.queries.rotations import (
    rotation_detail as rotation_detail,
)
from medcrm.storage.queries.rotations import (
    rotations_on as rotations_on,
)
