"""medcrm's own CSV (from ``export csv``, perhaps edited in a spreadsheet)."""

from __future__ import annotations

from medcrm.pure.errors import InvalidInput
from medcrm.services.exporting import FORMULA_STARTS
from medcrm.services.importing.common import Candidate, Rejection, _date_or_none, read_csv


def unneutralise(value: str) -> str:
    """Undo the export's protection against spreadsheet formulas (``'+1 555`` is ``+1 555``)."""
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_STARTS else value


def parse_csv(data: bytes) -> tuple[list[Candidate], list[Rejection]]:
    """medcrm's own CSV export (``medcrm export csv``)."""
    return read_csv(data, (("name", "role", "email"),), "a medcrm CSV export", _candidate)


def _candidate(where: str, raw: dict[str, str]) -> Candidate | Rejection:
    record = {k: unneutralise(v) for k, v in raw.items()}
    try:
        return Candidate(
            where=where,
            name=record.get("name") or None,
            role=record.get("role") or None,
            institution=record.get("institution") or None,
            specialty=record.get("specialty") or None,
            email=record.get("email") or None,
            phone=record.get("phone") or None,
            met=record.get("met") or None,
            met_on=_date_or_none(record.get("met_on"), where, "met_on"),
            notes=record.get("notes") or None,
            every=record.get("every") or None,
            level=record.get("level") or None,
            mentor=(record.get("mentor") or "").lower() in ("yes", "true", "1"),
            added=_date_or_none(record.get("added"), where, "added"),
            uid=record.get("uid") or None,
            tags=[t.strip() for t in (record.get("tags") or "").split(",") if t.strip()],
        )
    except InvalidInput as exc:
        return Rejection.from_error(where, exc)
