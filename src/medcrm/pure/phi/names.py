"""Names and initials of patients, told from the colleagues a student writes about.

* A name with a title (``Mrs. Obi``) counts near words of a patient's care; never with a
  colleague's role beside it (``Mr. Fox (the clerkship coordinator)``).
* After "pt"/"patient", a capitalised name counts (``pt Jose Ramirez``), and a lower-case one
  when it starts with a known first name (``my pt tyrone jackson``); job titles and programmes
  (``Patient Safety Week``, ``patient navigator``) are not names, nor ``PT`` (a physical
  therapist, as in ``PT Jill Martinez``).
* A bare first and last name counts only right beside care happening to that person (``saw
  devon miller in clinic``, ``little emma johnson (4yo)``): see :mod:`medcrm.pure.phi.bare`.
* Initials count with dots near care (``T.O. the 3yo``), or in a patient's place: after "pt",
  with an age and sex (``MW, 67F``), a possessive (``KL's sodium``), a bed (``JD in bed 4``).

``Dr.``, ``Nurse`` and other colleague titles never start a patient's name. Each name found
carries :attr:`Finding.name`, so the caller can drop the user's own contacts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from medcrm.pure.phi.patterns import Lazy, Words
from medcrm.pure.phi.text import (
    CLINICAL,
    COLLEAGUE,
    NETWORKING,
    NOT_NAMES,
    OWN,
    PERSON_NOUNS,
    STOPWORDS,
    WORD,
    Doc,
    Finding,
    first_names,
    norm,
)

NAME_W = r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*"  # a word of a name
_TITLES = {"mr", "mrs", "ms", "miss", "mx"}
_TITLED = Words(
    ("mr", "mrs", "ms", "miss", "mx", "mister", "master", "mstr", "sr", "sra", "srta",
     "senor", "señor", "senora", "señora", "senorita", "señorita", "baby boy", "baby girl"),
    rf"\b\.?\s+(?P<name>{NAME_W}(?:\s+{NAME_W})?)",
)  # fmt: skip
_PATIENT_WORD = Words(
    ("pt", "pts", "patient", "patients"),
    r"(?:'s|’s)?(?![\w/])\.?"
    r"(?P<sep>(?:\s*[:,(-]|(?:\s+names?\s+(?:is|was|=)|\s+named|\s+called|\s+is|\s+was|"
    r"\s+today\s+was)\b)?\s*)"
    rf"(?P<name>(?:(?:mr|mrs|ms|miss|mx)\.?\s+)?{NAME_W}(?:\s+{NAME_W}){{0,2}})",
)
_PHYSICAL_THERAPIST = Lazy(r"PT['’]?s?\b")
COLLEAGUE_TITLE = Lazy(
    r"\b(?:(?i:dr|doctor|nurse|rn|np|pa|crna|prof|professor|dean|chaplain|coach|captain|"
    r"attending|resident|intern|fellow|pgy-?\d|ms[1-4]|m[1-4]|tech|coordinator|sho|reg|spr|"
    r"fy[12]|[cs]t\d|consultant)\.?|PT|OT|"
    r"Sister|Matron)\s*$"
)
_APPOSITION = Lazy(
    r"\s*(?:\(|,|=|-{1,2}|–|—)\s*|\s+(?:(?:is|was)\s+)?(?:the|our|my|a|an)\s+", re.IGNORECASE
)
_STAFF_THINGS = Lazy(r"\s+(?:office|extension|ext|desk|voicemail|inbox|email|pager)\b")
_FROM_PLACE = Lazy(r"\s+(?:from|at|of|in|with)\s+(?:the\s+)?", re.IGNORECASE)
# After the name: a programme, not a person ("Patient Ambassador program").
_QUOTES = ('"', "“", "'", "‘")
_PROGRAMME_AFTER = Lazy(
    r"\s+(?:program|programme|initiative|office|council|committee|week|day|month|project|"
    r"team|services?|center|centre|group|fund|award|network|portal|partners?|podcast|episode|"
    r"ep|show|book|movie|film|series)\b",
    re.IGNORECASE,
)
_SEGMENT_END = Lazy(r"[),;:.!?]|\s[-–—]\s")
_NAMED = Lazy(r"names?\s+(?:is|was|=)|named|called")
_POSSESSIVE = Lazy(r"['’]s?$")
_WORD_BEFORE = Lazy(r"(?<![\w'’.-])[^\W\d_]+$")
_NOT_A_ROLE = frozenset({"pt", "student", "dr", "doctor", "md", "do"})
PATIENT_WORDS = frozenset({"patient", "patients", "pt", "pts"})
# "miss caldwell finally agreed": a lower-case "miss" is a title when a verb follows the name.
_SUBJECT_VERB = Lazy(
    r"\s+(?:(?:finally|still|just|never|now)\s+)?(?:agreed|refused|consented|declined|signed|"
    r"said|says|asked|wants|is|was|has|had|got|went|needs|coded|died|left)\b"
)
_SENIOR = Lazy(r"[A-Z][a-z]+\s+$")
# Particles of a family name after a given name: "Hanneke de Vries", "Ana van der Berg".
_PARTICLE_TAIL = Lazy(
    r"(?:\s+(?:de|del|della|la|van|der|den|von|da|di|dos|das|du|le|bin|ibn|al|el|ter|ten))+"
    r"\s+[^\W\d_][\w'’-]*"
)
# Working beside a titled colleague (British surgeons are Mr, Miss and Ms).
_WORKING_WITH = Lazy(
    r"\b(?:shadow(?:ing|ed)?(?:\s+with)?|(?:list|firm|theatre|theater|teaching|round|rounds|"
    r"rounding|clinic|session|tutorial|scrubbed|scrubbing|scrub|assisting|assisted)\s+with)\s+$"
)
# A role named just before ", Ms. Soto": "the OT on the geri unit", "our new program coordinator
# for the EM residency" (its determiner first, the role within two words of it).
_APPOSED_ROLE = Lazy(
    r"(?:(?:met|meet|thanks?|thanked)\s+)?(?:the|our|my|a|an)\s+"
    r"(?P<role>(?:[\w/-]+\s+){0,2}[\w/-]+)[^,;:.]*"
)
_TITLE_JUST_BEFORE = Lazy(r"\b(?:mr|mrs|ms|miss|mx)\.?\s+$")
_DETERMINERS = frozenset({"the", "our", "my", "a", "an", "from", "who", "is", "works", "at"})


def capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def colleague_follows(doc: Doc, end: int) -> str | None:
    """A colleague's role right after a name: "(the clerkship coordinator)", ", our SW",
    "from the dean's office"."""
    text = doc.text
    lead = _APPOSITION.match(text, end) or _FROM_PLACE.match(text, end)
    if lead is None:
        return None
    stop = _SEGMENT_END.search(text, lead.end(), lead.end() + 50)
    segment = text[lead.end() : stop.start() if stop else lead.end() + 50]
    found = [norm(m.group()) for m in WORD.finditer(segment)]
    if found and found[0] in _DETERMINERS:
        found = found[1:]
    # A bracket holds the whole aside: "(the married couple who run the sim center)".
    reach = 8 if lead.group().strip() == "(" else 4
    role = next((w for w in found[:reach] if w in COLLEAGUE and w not in _NOT_A_ROLE), None)
    care = [w for w in found[: found.index(role)] if w not in PATIENT_WORDS] if role else []
    if lead.re is _FROM_PLACE.rx and CLINICAL.first_in(care):
        return None  # "Ms. Delacroix in the infusion center": a place of care, not of work
    return role


def colleague_before(doc: Doc, start: int) -> bool:
    """A colleague's title or role just before a name: "Dr.", "patient navigator Ms. Torres",
    "our social worker Mr. Lee"."""
    text = doc.text
    if COLLEAGUE_TITLE.search(text, max(0, start - 20), start):
        return True
    low = doc.low
    clause = max(low.rfind(stop, max(0, start - 40), start) for stop in ":;!?\n")
    lead = WORD.findall(low, max(0, start - 40, clause + 1), start)[-2:]
    titled = _TITLE_JUST_BEFORE.search(low, max(0, start - 6), start)
    comma = titled.start() if titled else start  # "..., ms. ines soto": from before the title
    if low[max(0, comma - 2) : comma] == ", ":  # "the OT on the geri unit, ms. soto": apposed
        since = max(low.rfind(stop, max(0, comma - 60), comma - 2) for stop in ",;:.(\n")
        apposed = _APPOSED_ROLE.fullmatch(low[since + 1 : comma - 2].strip())
        lead += apposed.group("role").split() if apposed else []
    return any(w in COLLEAGUE and w not in _NOT_A_ROLE and w not in PATIENT_WORDS for w in lead)


def _name_parts(raw: str, *, strict: bool) -> str:
    """The name within ``raw`` (the words after a title or a patient word): up to a
    possessive, a common word, or (``strict``) a word neither capitalised nor a first name."""
    kept: list[str] = []
    for part in raw.split():
        bare = _POSSESSIVE.sub("", part)
        low = bare.lower()
        if not bare or low in STOPWORDS or low in NOT_NAMES or low in CLINICAL.exact:
            break
        if (
            kept
            and strict
            and not (
                capitalised(bare) or (not capitalised(kept[0]) and kept[0].lower() in first_names())
            )
        ):
            break
        kept.append(bare)
        if bare != part:  # "Okafor's": the name ends here
            break
    return " ".join(kept)


def titled_names(doc: Doc) -> Iterator[Finding]:
    """Mr./Mrs./Ms. and a name, near words of a patient's care."""
    text = doc.text
    for at, m in _TITLED.finditer(doc.low, doc):
        name = _name_parts(text[m.start("name") : m.end("name")], strict=True)
        if not name:
            continue
        title = text[at : m.start()]
        if title.isupper() and len(title) > 1 and name[:1].islower():
            continue  # "the MS registry", "MR imaging": an abbreviation, not Ms./Mr.
        if title.lower() in ("miss", "master") and not (
            (capitalised(title) and capitalised(name))
            or (len(name.split()) == 2 and name.split()[0].lower() in first_names())
            or _SUBJECT_VERB.match(doc.low, m.start("name") + len(name))
        ):
            continue  # "tell mr fox i'll miss afternoon clinic"
        if title.lower() in ("sr", "sra", "srta") and _SENIOR.search(text, 0, at):
            continue  # "John Smith Sr.": senior
        end = m.start("name") + len(name)
        tail = _PARTICLE_TAIL.match(text, end)
        if tail and capitalised(tail.group().split()[-1]):  # "Ms. Hanneke de Vries"
            name, end = " ".join((name + tail.group()).split()), tail.end()
        owns = text[end : end + 2] in ("'s", "’s")
        if colleague_follows(doc, end + (2 if owns else 0)):
            continue
        if owns and _STAFF_THINGS.match(doc.low, end + 2):
            continue  # "Ms. Whitaker's office", "Ms. Delgado's extension 204": staff
        if colleague_before(doc, at) or _PROGRAMME_AFTER.match(text, end):
            continue
        if _WORKING_WITH.search(doc.low, max(0, at - 40), at):
            continue  # "theatre list with Mr Hughes", "shadowing Miss Patel": a consultant
        if doc.acted(at, end, before=10, after=6):
            continue  # "our SP for the OSCE plays 'Mr. Johnson'"
        cue = doc.cue(CLINICAL, at, end, before=12, after=12) or doc.cue(
            CLINICAL, at, end, before=30, after=30, wide=True
        )
        if cue is None and doc.cue(NETWORKING, at, end, before=30, after=30):
            continue  # "met Ms. Patel at the career fair": a colleague
        why = f"a patient's name near '{cue}'" if cue else "a name with a title, not a contact's"
        yield Finding("name", text[at:end], why, at, name)


def patient_names(doc: Doc) -> Iterator[Finding]:
    """ "pt John Smith", "the patient, Mr. Harris", "pt's name is sarah goldberg", "my pt tyrone
    jackson" (a lower-case name counts when it starts with a known first name)."""
    text = doc.text
    for at, m in _PATIENT_WORD.finditer(doc.low, doc):
        if _PHYSICAL_THERAPIST.match(text, at):
            continue  # "PT Jill Martinez": a physical therapist
        if text[at : at + 1] == "P" and text[at - 1 : at] in _QUOTES:
            continue  # the "Patient Connections" course, a "Patient Recruitment Lead": a title
        raw = text[m.start("name") : m.end("name")]
        sep = m.group("sep")
        named = bool(_NAMED.search(sep))
        titled = raw.split()[0].rstrip(".").lower() in _TITLES
        if titled:
            name = _name_parts(raw.split(None, 1)[1], strict=True) if " " in raw else ""
        elif named:
            name = _name_parts(raw, strict=False)
        else:
            name = _name_parts(raw, strict=True)
            lead = name.split()[0] if name else ""
            if not lead or lead.isupper():
                continue
            if not capitalised(lead) and lead.lower() not in first_names():
                continue
            if sep.strip() in ("is", "was") and len(name.split()) < 2:
                continue  # "pt is Stable", "pt was Spanish-speaking"
        if not name:
            continue
        end = text.find(name, m.start("name")) + len(name)
        if colleague_follows(doc, end) or _PROGRAMME_AFTER.match(text, end):
            continue
        if doc.acted(at, end, before=3, after=8):
            continue  # "standardized patient Mr. Fontaine was so real in the OSCE": an actor
        yield Finding("name", text[at:end].strip(), "a patient's name", at, name)


_NAME_IS = Words(("name",), rf"\s*(?P<verb>is|was|:|=)?\s*\(?(?P<name>{NAME_W}\s+{NAME_W})")
_NAME_KIND = Lazy(r"\b(?:real|full|legal)\s+$")


def named_people(doc: Doc) -> Iterator[Finding]:
    """ "real name Harold Pruitt", "his name is Omar Diaz": a person named outright, near care."""
    text, low = doc.text, doc.low
    for at, m in _NAME_IS.finditer(low, doc):
        if not m.group("verb") and not _NAME_KIND.search(low, max(0, at - 8), at):
            continue  # "name" alone, unless "real name Harold Pruitt"
        name = _name_parts(text[m.start("name") : m.end("name")], strict=False)
        if len(name.split()) < 2 or colleague_before(doc, at):
            continue
        end = m.start("name") + len(name)
        if colleague_follows(doc, end):
            continue
        cue = doc.cue(CLINICAL, at, end, before=20, after=20, wide=True)
        if cue:
            yield Finding("name", text[m.start("name") : end], f"a patient's name near '{cue}'",
                          m.start("name"), name)  # fmt: skip


_OWNS_CARE = Words(  # found by the possessive, then the word before it is read
    ("'s", "’s"),
    r"\s+(?:chest\s+tube|wound|drain|foley|picc|port|chemo|labs|biopsy|"
    r"diagnosis|dx|mri|ct|scan|surgery|fracture|tumor|cancer|meds|prognosis|discharge|"
    r"admission|a1c|sodium|potassium|vitals|ng\s+tube|g\s*-?tube|trach|vent|ostomy|stoma|"
    r"cast|sutures|stitches|iv|line|catheter|ekg|ecg|echo|cath|dressing|rash|seizures?|"
    r"infection|pneumonia|sepsis|delivery|c-section|induction|epidural|pain|fever|sats?|o2|"
    r"bp|troponins?|cultures?|cx|bx|results|creatinine|k|inr|glucose|sugars?|wound|meds|"
    r"insulin|warfarin|dialysis|fluids|ulcer|fistula|flap|shunt|graft|amputation|evd|cleft|"
    r"asthma|concussion|delirium|transfusion|x-?ray|bloodwork)\b",
    whole=False,
)

# Words after "Maya's concussion" that make it a piece of work, not a patient's care.
_TOPIC_OF_WORK = frozenset(
    ["study", "project", "research", "paper", "poster", "abstract", "course", "conference",
     "talk", "lecture", "qi", "trial", "grant", "review", "presentation", "workshop", "module",
     "curriculum", "class", "reading", "podcast", "award", "elective", "lab", "registry"]
)  # fmt: skip


def first_name_possessives(doc: Doc) -> Iterator[Finding]:
    """ "ava's chest tube": a first name owning something of a patient's care."""
    text, low = doc.text, doc.low
    names = first_names()
    for at, m in _OWNS_CARE.finditer(low):
        word = _WORD_BEFORE.search(low, max(0, at - 24), at)
        if word is None:
            continue
        first = word.group()
        if first not in names or first in STOPWORDS or first in PERSON_NOUNS or len(first) < 3:
            continue
        if colleague_before(doc, word.start()):
            continue
        if not _TOPIC_OF_WORK.isdisjoint(doc.words(m.end(), m.end() + 40)[:3]):
            continue  # "Maya's concussion study", "Hannah's delirium QI project": work
        if OWN.search(low, *doc.sentence(word.start())):
            continue  # "my son Leo's asthma flared": the student's own family
        shown = text[word.start() : word.end()]
        yield Finding("name", text[word.start() : m.end()], "a patient's name", word.start(), shown)


_IS_THE = Lazy(r"\s+(?:is|was)\s+(?:the|our|my|a|an)\s", re.IGNORECASE)


def names_a_colleague(doc: Doc) -> bool:
    """A name with a title said to be a colleague ("Mrs Ellery is the ward clerk"): the note
    is about that colleague."""
    for _, m in _TITLED.finditer(doc.low, doc):
        name = _name_parts(doc.text[m.start("name") : m.end("name")], strict=True)
        end = m.start("name") + len(name)
        if name and _IS_THE.match(doc.text, end) and colleague_follows(doc, end):
            return True
    return False
