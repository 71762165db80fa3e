"""Bringing contacts in: LinkedIn, Google Contacts, vCard, medcrm's CSV and JSON.

Every format is read into :class:`Candidate` rows, each knowing where it came from ("line 7",
"card 3"). :func:`apply` then puts them into the database with one rule for all formats:

* a candidate matches an existing contact by uid, else by email, else by name key;
* a match is **merged**: empty fields are filled and tags added; nothing you have is
  overwritten; a match that adds nothing is **skipped**;
* anything else is **created**;
* a row that cannot be used is **rejected**, with its place in the file and the reason.

The caller runs it inside one transaction (all or nothing); a dry run is the same work rolled
back, so its summary is exactly what a real import would do."""

from __future__ import annotations

from medcrm.services.importing.address_book import (
    _ROLE_WORDS as _ROLE_WORDS,
)
from medcrm.services.importing.address_book import (
    cell as cell,
)
from medcrm.services.importing.address_book import (
    guess_role as guess_role,
)
from medcrm.services.importing.common import (
    MAX_FILE_BYTES as MAX_FILE_BYTES,
)
from medcrm.services.importing.common import (
    NOT_UTF8 as NOT_UTF8,
)
from medcrm.services.importing.common import (
    Candidate as Candidate,
)
from medcrm.services.importing.common import (
    ImportResult as ImportResult,
)
from medcrm.services.importing.common import (
    Rejection as Rejection,
)
from medcrm.services.importing.common import (
    _bad_text as _bad_text,
)
from medcrm.services.importing.common import (
    _csv_rows as _csv_rows,
)
from medcrm.services.importing.common import (
    _date_or_none as _date_or_none,
)
from medcrm.services.importing.common import (
    _delimiter as _delimiter,
)
from medcrm.services.importing.common import (
    _header_index as _header_index,
)
from medcrm.services.importing.common import (
    _records as _records,
)
from medcrm.services.importing.common import (
    decode as decode,
)
from medcrm.services.importing.google import (
    parse_google as parse_google,
)
from medcrm.services.importing.linkedin import (
    parse_linkedin as parse_linkedin,
)
from medcrm.services.importing.medcrm_csv import (
    parse_csv as parse_csv,
)
from medcrm.services.importing.medcrm_csv import (
    unneutralise as unneutralise,
)
from medcrm.services.importing.merge import (
    MERGED_FIELDS as MERGED_FIELDS,
)
from medcrm.services.importing.merge import (
    _clean as _clean,
)
from medcrm.services.importing.merge import (
    _Index as _Index,
)
from medcrm.services.importing.merge import (
    _merge as _merge,
)
from medcrm.services.importing.merge import (
    _patient_information as _patient_information,
)
from medcrm.services.importing.merge import (
    _Tags as _Tags,
)
from medcrm.services.importing.merge import (
    apply as apply,
)
from medcrm.services.importing.parsers import (
    PARSERS as PARSERS,
)
from medcrm.services.importing.vcard import (
    MEDCRM_PROPS as MEDCRM_PROPS,
)
from medcrm.services.importing.vcard import (
    VCARD_KNOWN as VCARD_KNOWN,
)
from medcrm.services.importing.vcard import (
    _channels as _channels,
)
from medcrm.services.importing.vcard import (
    _label as _label,
)
from medcrm.services.importing.vcard import (
    _preferred as _preferred,
)
from medcrm.services.importing.vcard import (
    _prop_name as _prop_name,
)
from medcrm.services.importing.vcard import (
    _Property as _Property,
)
from medcrm.services.importing.vcard import (
    _property as _property,
)
from medcrm.services.importing.vcard import (
    _unescape as _unescape,
)
from medcrm.services.importing.vcard import (
    _unfold as _unfold,
)
from medcrm.services.importing.vcard import (
    parse_vcard as parse_vcard,
)
from medcrm.services.importing.vcard import (
    split_cards as split_cards,
)
