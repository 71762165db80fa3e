"""A card medcrm rewrites keeps what it does not manage as it was: unknown properties, Apple's
``itemN.`` groups with their ``X-ABLabel``, PHOTO, ADR... and an email or phone that is still
the contact's keeps its own line (its group and label included). Plain text, no vCard library:
lines are unfolded, compared by property name, and folded back at 75 octets."""

from __future__ import annotations

# What medcrm writes itself; every other property of the old card is kept as it was.
MANAGED = frozenset({"VERSION", "UID", "FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "NOTE",
                     "CATEGORIES", "URL", "REV"})  # fmt: skip
_CHANNELS = ("EMAIL", "TEL", "URL")


def unfold(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def _parts(line: str) -> tuple[str, str, str]:
    """(group, upper-case property name, value) of a content line."""
    head, _, value = line.partition(":")
    name = head.split(";", 1)[0]
    group, _, prop = name.rpartition(".")
    return group, prop.upper(), value


def _managed(prop: str) -> bool:
    return prop in MANAGED or prop.startswith("X-MEDCRM-")


def _fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 6350), never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return "\r\n ".join(out)


def _keep_structured(old_lines: list[str], fresh: dict[str, list[str]]) -> None:
    """The old card's N and ORG (their parts: prefix, suffix, department) when the name and
    the institution did not change: medcrm's own would flatten them."""
    old = {_parts(ln)[1]: ln for ln in old_lines}
    same_name = "FN" in old and [_parts(old["FN"])[2]] == [
        _parts(f)[2] for f in fresh.get("FN", [])
    ]
    if same_name and "N" in old:
        fresh["N"] = [old["N"]]
    if "ORG" in old and fresh.get("ORG"):
        parts = [p.replace("\\,", ",") for p in _parts(old["ORG"])[2].split(";") if p]
        ours = _parts(fresh["ORG"][0])[2].replace("\\,", ",")
        if ours in (", ".join(parts), parts[0] if parts else ""):
            fresh["ORG"] = [old["ORG"]]


def merge(old: str, new: str) -> str:
    """The card ``new`` (medcrm's) with everything of ``old`` that medcrm does not manage, and
    old EMAIL/TEL lines whose value is still the contact's, kept where and as they were."""
    # What medcrm does not manage comes from the old card, which is the folder's own.
    new_lines = [ln for ln in unfold(new) if _managed(_parts(ln)[1])]
    fresh: dict[str, list[str]] = {_parts(ln)[1]: [] for ln in new_lines}
    for ln in new_lines:
        fresh[_parts(ln)[1]].append(ln)
    still = {p: {_parts(ln)[2] for ln in fresh.get(p, [])} for p in _CHANNELS}
    _keep_structured(unfold(old), fresh)
    kept: list[str] = []
    dropped_groups: set[str] = set()
    for ln in unfold(old):
        group, prop, value = _parts(ln)
        if ln.upper() in ("BEGIN:VCARD", "END:VCARD"):
            continue
        if prop in _CHANNELS and value in still[prop]:
            kept.append(ln)  # the same email or phone: its own line, group and label kept
            fresh[prop] = [f for f in fresh[prop] if _parts(f)[2] != value]
            still[prop].discard(value)
        elif _managed(prop):
            if group:  # its label goes with it
                dropped_groups.add(group.upper())
        else:
            kept.append(ln)
    kept = [ln for ln in kept if not (_parts(ln)[0].upper() in dropped_groups
                                      and _parts(ln)[1] == "X-ABLABEL")]  # fmt: skip
    version = fresh.pop("VERSION", [])
    body = version + [ln for lines in fresh.values() for ln in lines] + kept
    grouped = {_parts(ln)[0].upper() for ln in body if _parts(ln)[1] != "X-ABLABEL"}
    body = [ln for ln in body if _parts(ln)[1] != "X-ABLABEL" or _parts(ln)[0].upper() in grouped]
    return "\r\n".join(_fold(ln) for ln in ["BEGIN:VCARD", *body, "END:VCARD"]) + "\r\n"
