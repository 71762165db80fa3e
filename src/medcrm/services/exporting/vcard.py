"""Contacts as vCard 3.0; medcrm's own fields in X-MEDCRM-* properties."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from medcrm.pure.records import ContactRecord
from medcrm.pure.sanitize import strip_controls_in_file
from medcrm.storage import queries as views
from medcrm.storage.connection import Reader


def vcards(reader: Reader) -> Iterator[tuple[str, str]]:
    """Every contact as a vCard 3.0: (uid, text)."""
    return ((c.uid, card_text(c)) for c in views.every_contact(reader))


def card_text(c: ContactRecord, *, rev: str | None = None) -> str:
    """One contact as a vCard 3.0. medcrm's own fields are X-MEDCRM-*; what an imported card
    had that medcrm has no field for is given back as it came; ``rev``: a REV timestamp."""
    import vobject

    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("uid").value = c.uid
    card.add("fn").value = c.name
    words = c.name.split()
    prefix = words.pop(0) if len(words) > 1 and words[0].lower() in _PREFIXES else ""
    card.add("n").value = vobject.vcard.Name(
        family=words[-1] if len(words) > 1 else " ".join(words),
        given=" ".join(words[:-1]) if len(words) > 1 else "",
        prefix=prefix,
    )
    _channels(card, "email", c.email, c.extra.get("emails"))
    _channels(card, "tel", c.phone, c.extra.get("phones"))
    if c.institution:
        card.add("org").value = [c.institution]
    title = c.extra.get("title")
    if isinstance(title, str) and title:
        card.add("title").value = title
    for key in ("linkedin", "url"):
        link = c.extra.get(key)
        if isinstance(link, str) and link:
            card.add("url").value = link
    if c.notes:
        card.add("note").value = c.notes
    if c.tags:
        card.add("categories").value = list(c.tags)
    mine = {
        "X-MEDCRM-ROLE": c.role,
        "X-MEDCRM-SPECIALTY": c.specialty,
        "X-MEDCRM-MET": c.met,
        "X-MEDCRM-MET-ON": c.met_on.isoformat() if c.met_on else None,
        "X-MEDCRM-EVERY": c.every,
        "X-MEDCRM-LEVEL": c.level,
        "X-MEDCRM-MENTOR": "yes" if c.mentor else None,
        "X-MEDCRM-ADDED": c.added.isoformat(),
    }
    for prop, value in mine.items():
        if value:
            card.add(prop.lower()).value = value
    kept = c.extra.get("vcard")
    for line in kept if isinstance(kept, list) else []:
        try:
            card.add(vobject.base.textLineToContentLine(str(line)))
        except Exception:  # a kept line vobject cannot read any more: leave it out
            continue
    if rev:
        card.add("rev").value = rev
    return strip_controls_in_file(card.serialize())


_LABEL = re.compile(r"[^\w \-]+")


def _channels(card: Any, prop: str, primary: str | None, every: object) -> None:
    """EMAIL or TEL lines: every one an import kept (with its label as TYPE), the primary one
    marked ``pref``; just the primary when there is no list."""
    listed = [e for e in every if isinstance(e, dict)] if isinstance(every, list) else []
    values = [str(e.get("value") or "") for e in listed]
    if primary and primary not in values:
        listed.insert(0, {"value": primary})
    for entry in listed:
        value = str(entry.get("value") or "").strip()
        if not value:
            continue
        line = card.add(prop)
        line.value = value
        types = [t for t in _LABEL.sub("", str(entry.get("label") or "")).split(", ") if t]
        if value == primary and len(listed) > 1:
            types.append("pref")
        if types:
            line.type_param = types if len(types) > 1 else types[0]


_PREFIXES = ("dr", "dr.", "prof", "prof.", "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "mx", "mx.")
