"""vCard 2.1, 3.0 and 4.0: every email and phone with its label, every NOTE encoding, unknown
properties kept for export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from medcrm.pure.errors import InvalidInput
from medcrm.pure.sanitize import strip_controls
from medcrm.services.importing.address_book import guess_role
from medcrm.services.importing.common import (
    NOT_UTF8,
    Candidate,
    Rejection,
    _bad_text,
    _date_or_none,
    decode,
)

VCARD_KNOWN = {
    "BEGIN", "END", "VERSION", "FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "NOTE", "CATEGORIES",
    "UID", "URL", "PRODID", "REV",
}  # fmt: skip


MEDCRM_PROPS = {
    "X-MEDCRM-ROLE": "role", "X-MEDCRM-SPECIALTY": "specialty", "X-MEDCRM-MET": "met",
    "X-MEDCRM-MET-ON": "met_on", "X-MEDCRM-EVERY": "every", "X-MEDCRM-LEVEL": "level",
    "X-MEDCRM-MENTOR": "mentor", "X-MEDCRM-ADDED": "added",
}  # fmt: skip


def _unfold(textdata: str) -> list[str]:
    """The logical lines: folded ones (a leading space) joined, and so are vCard 2.1's
    quoted-printable soft line breaks (a line ending in "=")."""
    lines: list[str] = []
    soft = False
    for raw in textdata.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if soft and lines:
            lines[-1] = lines[-1][:-1] + raw
        elif raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
        last = lines[-1] if lines else ""
        soft = last.endswith("=") and "QUOTED-PRINTABLE" in last.split(":", 1)[0].upper()
    return lines


@dataclass
class _Property:
    group: str  # "item2" in "item2.EMAIL"
    name: str
    params: dict[str, str]
    value: str  # decoded: quoted-printable and base64 undone, charset applied


def _property(line: str) -> _Property | None:
    """One content line, its encodings undone (QUOTED-PRINTABLE, B/BASE64, CHARSET)."""
    import base64
    import binascii
    import quopri

    head, sep, raw = line.partition(":")
    if not sep:
        return None
    parts = head.split(";")
    group, _, name = parts[0].rpartition(".")
    params: dict[str, str] = {}
    for part in parts[1:]:
        key, eq, val = part.partition("=")
        if eq:
            params[key.upper()] = (params.get(key.upper(), "") + "," + val).strip(",")
        else:  # vCard 2.1: TEL;WORK;VOICE and ENCODING by itself
            upper = key.upper()
            if upper in ("QUOTED-PRINTABLE", "BASE64", "B"):
                params["ENCODING"] = upper
            else:
                params["TYPE"] = (params.get("TYPE", "") + "," + key).strip(",")
    encoding = params.get("ENCODING", "").upper()
    charset = params.get("CHARSET", "utf-8")
    value = raw
    try:
        if encoding == "QUOTED-PRINTABLE":
            value = quopri.decodestring(raw.encode("utf-8", "surrogateescape")).decode(
                charset, "replace"
            )
        elif encoding in ("B", "BASE64"):
            value = base64.b64decode(raw.strip() + "=" * (-len(raw.strip()) % 4)).decode(
                charset, "replace"
            )
    except (binascii.Error, LookupError, ValueError):
        value = raw
    return _Property(group.upper(), name.upper(), params, value)


def _label(prop: _Property, labels: dict[str, str]) -> str | None:
    """What the user calls an email or phone: Apple's itemN.X-ABLabel, else its TYPE
    ("work", "cell"), without the technical types; None for none."""
    if prop.group and prop.group in labels:
        return labels[prop.group].strip("_$!<>") or None
    kinds = [
        t.strip().lower()
        for t in prop.params.get("TYPE", "").split(",")
        if t.strip() and t.strip().lower() not in ("internet", "pref", "voice", "x400")
    ]
    return ", ".join(kinds) or None


def _preferred(prop: _Property) -> bool:
    types = prop.params.get("TYPE", "").lower().split(",")
    return "pref" in types or prop.params.get("PREF", "") == "1"


def _channels(
    props: list[_Property], name: str, labels: dict[str, str]
) -> tuple[str | None, list[dict[str, str]]]:
    """The primary value of EMAIL or TEL (the preferred one, else the first) and all of them
    with their labels, in the card's order."""
    found = []
    primary = None
    for prop in props:
        if prop.name != name:
            continue
        value = prop.value.strip()
        if name == "TEL" and value.lower().startswith("tel:"):  # vCard 4.0 VALUE=uri
            value = value[4:]
        if name == "EMAIL" and value.lower().startswith("mailto:"):
            value = value[7:]
        if not value:
            continue
        entry = {"value": value}
        label = _label(prop, labels)
        if label:
            entry["label"] = label
        found.append(entry)
        if primary is None or _preferred(prop):
            primary = primary if primary is not None and not _preferred(prop) else value
    return primary, found


def split_cards(textdata: str) -> tuple[list[tuple[int, list[str]]], list[Rejection]]:
    """The cards of a file, each as its unfolded lines, numbered from 1; broken ones rejected."""
    cards: list[tuple[int, list[str]]] = []
    rejected: list[Rejection] = []
    current: list[str] | None = None
    number = 0
    for line in _unfold(textdata):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if current is not None:
                rejected.append(
                    Rejection(f"card {number}", "truncated: no END:VCARD before the next card")
                )
            number += 1
            current = [line.strip()]
        elif upper == "END:VCARD":
            if current is None:
                rejected.append(Rejection(f"after card {number}", "END:VCARD without BEGIN:VCARD"))
                continue
            current.append(line.strip())
            cards.append((number, current))
            current = None
        elif current is not None and line.strip():
            current.append(line)
    if current is not None:
        rejected.append(Rejection(f"card {number}", "truncated: the file ends before END:VCARD"))
    if number == 0:
        raise InvalidInput("No vCard found: the file has no BEGIN:VCARD line.")
    return cards, rejected


def _unescape(value: str) -> str:
    """A vCard text value: ``\\,`` is a comma, ``\\;`` a semicolon, ``\\n`` a new line."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _prop_name(line: str) -> str:
    head = re.split(r"[;:]", line, maxsplit=1)[0]
    return head.split(".")[-1].upper()  # "item1.EMAIL" is EMAIL


def parse_vcard(data: bytes) -> tuple[list[Candidate], list[Rejection]]:
    """vCard 2.1, 3.0 and 4.0, one card or many; unknown properties are kept for export.

    Every EMAIL and TEL is kept with its label (the preferred one, else the first, fills the
    contact's email or phone; all of them go in ``extra``), NOTE in any encoding is decoded,
    and vobject's own log lines (which quote the card) never reach the terminal.
    """
    import logging

    import vobject

    logging.getLogger("vobject").disabled = True  # it logs skipped lines, note text included
    cards, rejected = split_cards(decode(data))
    found = []
    groups = [g for _, lines in cards if (g := group_card(lines)) is not None]
    for number, lines in cards:
        where = f"card {number}"
        if group_card(lines) is not None:
            continue  # a group card: its name becomes a tag of its members, below
        if _bad_text(*lines):
            rejected.append(Rejection(where, NOT_UTF8))
            continue
        props = [p for p in map(_property, lines[1:-1]) if p is not None]
        try:
            card = vobject.readOne(_readable(lines), ignoreUnreadable=True)
        except Exception as exc:  # vobject raises assorted parse errors
            rejected.append(Rejection(where, f"not a readable vCard ({type(exc).__name__}: {exc})"))
            continue
        try:
            found.append(_candidate(where, card, props, lines))
        except InvalidInput as exc:
            rejected.append(Rejection.from_error(where, exc))
    for name, members in groups:
        for c in found:
            if c.uid and c.uid.removeprefix("urn:uuid:") in members and name not in c.tags:
                c.tags.append(name)
    return found, rejected


_GROUP_KIND = re.compile(r"^(?:X-ADDRESSBOOKSERVER-KIND|KIND)(?:;[^:]*)?:\s*group\s*$", re.I)
_MEMBER = re.compile(r"^(?:X-ADDRESSBOOKSERVER-MEMBER|MEMBER)(?:;[^:]*)?:(.*)$", re.I)


def group_card(lines: list[str]) -> tuple[str, set[str]] | None:
    """A group card (Apple's X-ADDRESSBOOKSERVER-KIND:group, or vCard 4.0's KIND:group): its
    name and its members' UIDs; None for a person's card."""
    if not any(_GROUP_KIND.match(line) for line in lines):
        return None
    name = next((line.split(":", 1)[1].strip() for line in lines
                 if line.upper().startswith("FN")), "")  # fmt: skip
    members = {
        m[1].strip().removeprefix("urn:uuid:") for line in lines if (m := _MEMBER.match(line))
    }
    return (name, members) if name else None


def _readable(lines: list[str]) -> str:
    """The card for vobject, without the lines medcrm decodes itself (EMAIL, TEL, NOTE) or
    has no use for (PHOTO, X-ABLABEL)."""
    readable = [
        line for line in lines
        if _prop_name(line) not in ("EMAIL", "TEL", "NOTE", "PHOTO", "X-ABLABEL")
    ]  # fmt: skip
    return "\r\n".join(readable) + "\r\n"


def _candidate(where: str, card: Any, props: list[_Property], lines: list[str]) -> Candidate:
    """One card (as vobject read it, its properties decoded and its raw lines) as a candidate;
    InvalidInput when a date in it is not a date."""
    labels = {p.group: p.value for p in props if p.name == "X-ABLABEL" and p.group}
    name = _name(card)
    institution = _institution(card)
    title = _value(card, "title")
    email, emails = _channels(props, "EMAIL", labels)
    phone, phones = _channels(props, "TEL", labels)
    extra = _extra(card, lines, title, emails, phones)
    notes = "\n".join(p.value.strip() for p in props if p.name == "NOTE" and p.value.strip())
    mine = _medcrm_values(lines)
    tags = _tags(card)
    return Candidate(
        where=where,
        name=name or None,
        role=mine.get("role") or guess_role(title),
        institution=institution,
        specialty=mine.get("specialty"),
        email=email,
        phone=phone,
        met=mine.get("met"),
        met_on=_date_or_none(mine.get("met_on"), where, "X-MEDCRM-MET-ON"),
        notes=_unescape(notes) if notes else None,
        every=mine.get("every"),
        level=mine.get("level"),
        mentor=mine.get("mentor", "").lower() in ("yes", "true", "1"),
        added=_date_or_none(mine.get("added"), where, "X-MEDCRM-ADDED"),
        uid=_value(card, "uid"),
        tags=tags,
        extra=extra,
    )


def _value(card: Any, prop: str) -> str | None:
    """A property's text as vobject read it (a list joined with commas); None for none."""
    child = getattr(card, prop, None)
    if child is None:
        return None
    v = child.value
    if isinstance(v, list):
        v = ", ".join(str(x) for x in v if x)
    return str(v).strip() or None


def _name(card: Any) -> str | None:
    """FN, else the parts of N in the order they are said."""
    name = _value(card, "fn")
    if not name and hasattr(card, "n"):
        n = card.n.value
        name = " ".join(
            p for p in (n.prefix, n.given, n.additional, n.family, n.suffix) if p
        ).strip()
    return name


def _institution(card: Any) -> str | None:
    """ORG, its parts (organisation, unit) joined with commas."""
    org = getattr(card, "org", None)
    if org is None:
        return None
    parts = org.value if isinstance(org.value, list) else [org.value]
    return ", ".join(str(p) for p in parts if p) or None


def _extra(
    card: Any,
    lines: list[str],
    title: str | None,
    emails: list[dict[str, str]],
    phones: list[dict[str, str]],
) -> dict[str, Any]:
    """What the contact's own fields cannot hold: the title, a URL, every email and phone
    (when there are several, or labelled ones) and the properties medcrm does not know."""
    extra: dict[str, Any] = {}
    if title:
        extra["title"] = title
    if url := _value(card, "url"):
        extra["linkedin" if "linkedin.com" in url.lower() else "url"] = url
    if len(emails) > 1 or any("label" in e for e in emails):
        extra["emails"] = emails
    if len(phones) > 1 or any("label" in p for p in phones):
        extra["phones"] = phones
    unknown = [
        strip_controls(line) for line in lines[1:-1]
        if _prop_name(line) not in VCARD_KNOWN and _prop_name(line) not in MEDCRM_PROPS
        and _prop_name(line) not in ("X-ABLABEL", "PHOTO")
    ]  # fmt: skip
    if unknown:
        extra["vcard"] = unknown
    return extra


def _medcrm_values(lines: list[str]) -> dict[str, str]:
    """The X-MEDCRM-* properties medcrm's own vCard export writes, by the field each holds."""
    mine = {}
    for line in lines[1:-1]:
        prop = _prop_name(line)
        if prop in MEDCRM_PROPS:
            raw = line.split(":", 1)[1].strip() if ":" in line else ""
            mine[MEDCRM_PROPS[prop]] = _unescape(raw)
    return mine


def _tags(card: Any) -> list[str]:
    """CATEGORIES, each one a tag."""
    categories = getattr(card, "categories", None)
    values = categories.value if categories is not None else []
    # "surgery\, research" (khard escapes the comma) is two tags, not one
    return [t.strip() for v in values for t in str(v).replace("\\,", ",").split(",") if t.strip()]
