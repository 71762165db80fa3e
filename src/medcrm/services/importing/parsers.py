"""The file formats ``medcrm import`` reads, by name."""

from __future__ import annotations

from medcrm.services.importing.google import parse_google
from medcrm.services.importing.linkedin import parse_linkedin
from medcrm.services.importing.medcrm_csv import parse_csv
from medcrm.services.importing.outlook import parse_outlook
from medcrm.services.importing.vcard import parse_vcard

PARSERS = {
    "linkedin": parse_linkedin,
    "google": parse_google,
    "vcard": parse_vcard,
    "csv": parse_csv,
    "outlook": parse_outlook,
}
