"""Taking everything out: JSON (lossless, versioned), CSV, vCard and iCalendar.

Exports are deterministic (rows by id, keys in a fixed order, no timestamp), so the same data
always gives the same bytes: ``export json``, ``import json`` into an empty database, and
``export json`` again gives an identical file."""

from __future__ import annotations

from medcrm.services.exporting.ics import (
    to_ics as to_ics,
)
from medcrm.services.exporting.medcrm_csv import (
    CSV_COLUMNS as CSV_COLUMNS,
)
from medcrm.services.exporting.medcrm_csv import (
    FORMULA_STARTS as FORMULA_STARTS,
)
from medcrm.services.exporting.medcrm_csv import (
    csv_chunks as csv_chunks,
)
from medcrm.services.exporting.medcrm_csv import (
    neutralise as neutralise,
)
from medcrm.services.exporting.medcrm_csv import (
    programs_csv as programs_csv,
)
from medcrm.services.exporting.medcrm_csv import (
    to_csv as to_csv,
)
from medcrm.services.exporting.medcrm_json import (
    FORMAT_VERSION as FORMAT_VERSION,
)
from medcrm.services.exporting.medcrm_json import (
    _dumps as _dumps,
)
from medcrm.services.exporting.medcrm_json import (
    _iso as _iso,
)
from medcrm.services.exporting.medcrm_json import (
    _json_value as _json_value,
)
from medcrm.services.exporting.medcrm_json import (
    everything as everything,
)
from medcrm.services.exporting.medcrm_json import (
    json_chunks as json_chunks,
)
from medcrm.services.exporting.medcrm_json import (
    to_json as to_json,
)
from medcrm.services.exporting.vcard import (
    _LABEL as _LABEL,
)
from medcrm.services.exporting.vcard import (
    _PREFIXES as _PREFIXES,
)
from medcrm.services.exporting.vcard import (
    _channels as _channels,
)
from medcrm.services.exporting.vcard import (
    vcards as vcards,
)
