"""The patient-information guard: what it stops, what it lets through, and where it applies.

The examples here are the categories of issue 13, each as made-up text of the shape students
type (all people fictional). How well the guard does on whole corpora written blind is measured
by benchmarks/phi/evaluate.py; ``test_the_guard_holds_its_figures_on_the_corpora`` keeps it
above the promised floor.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from medcrm.pure.phi import describe, drop_colleagues, find_phi

from .conftest import Backend, Run, snapshot

BENCHMARK = Path(__file__).parents[1] / "benchmarks" / "phi"
SAMPLES = Path(__file__).parent / "data" / "import"

# The user's own contacts in these examples: colleagues, whatever surrounds their names.
CONTACTS = ["Dr. Marcus Hart", "Jill Martinez", "Grace Kim", "Daniel Fox", "Diane Walsh"]

STOPPED = {
    "name_titled": [
        "Mr. Okafor's wound vac needs changing, Dr. Hart showed me how",
        "mrs obi family meeting went long, learned a lot about goals of care",
        "Ms. Thompson in clinic quit smoking!! so proud",
        "the patient, Mr. William Harris, asked if I could scrub in for his lap chole",
        "little emma johnson (4yo) with RSV on the peds floor",
        "baby girl Mensa in the NICU is finally off CPAP",
        "Mrs. Petrakis (recurrent pancreatitis) asked for me by name today",
        "ms. quayle pulled out her cannula twice overnight, night team is tired",
    ],
    "name_patient": [
        "census: Gutierrez, Maria, 67F, POD1 lap chole",
        "census: Núñez, Rosa - POD1 lap chole",
        "GUTIERREZ, MARIA | POD1 lap chole",
        "Coffee w/ Dr. Ade tmrw. Sign-out: 1) Lindqvist, Maria - septic / 2) Baptiste, Jean - DKA",
        "census paste: Okonjo, Grace — POD2 lap chole — dispo home",
        "sign-out: 1) Lindqvist, Maria - septic, on pressors / 2) Baptiste, Jean - DKA",
        "BRANDT, K | fem-pop POD3 | d/c tmrw",
        "tomas's fistula has a good thrill now, nephro happy",
        "pt's name is Sarah Goldberg, new T1DM",
        "pt Jose Ramirez in the ED w/ chest pain, got to present",
        "my pt tyrone jackson's CHF keeps bouncing back",
        "saw devon miller in clinic for his 2nd chemo cycle",
        "did the intake on Liam O'Shea, 19, first-break psychosis",
        "presented Gulnara Akhmetova's case to Dr. Hart, maybe a poster",
        "f/u labs for marisol fuentes, her K was 6.1 and the nurse paged me",
        "consent josephine abernathy for her cath today, she was so nervous",
        "knee exam on hugo ferreira today, big effusion",
        "a kid named oscar lindgren with croup, so cute",
        "rounded on Paula van der Meer, her drain output is down",
        "who clerked Femi Adebayo in A&E? he has been waiting since noon",
        "talked to the family of Radu Ionescu about hospice options",
        "Lucia, the 4 year old with croup, finally slept",
        "Kwame came back to the ER with the same belly pain",
        "Min-jun Cho is asking for pain meds again, paged the senior",
    ],
    "initials": [
        "J.D. in bed 4 finally extubated",
        "rounded on MW with the team, her sodium is 118",
        "pt KL w/ new afib, read the ECG first",
        "AR's family asked for a meeting with the dean",
        "our mutual pt jw is still waiting on her liver biopsy",
        "covered pts AK and BL on nights, both DKA",
        "psych w/ Dr. Hart: my pt (FG) is finally improving on lithium",
        "new admit OD'L, 67M, copd exacerbation",
        "pt tw's potassium is 6.2 again",
        "peds: RB, 5mo old, RSV on high flow",
        "surg sign-out: KM - POD2 lap appy, ok for dc",
        "presented pt. R.S. (71M) at morning report",
        "the pt with initials HLT needs a sitter",
    ],
    "identifier": [
        "MRN: A1234567 on the consent form",
        "medical record #00482913, pull the old notes",
        "CSN 88213409 for the billing question",
        "pt's SSN 412 55 9087 was entered wrong",
        "member id XQJ882019334 for the prior auth",
        "- pull old labs for mrn5590123; - finish the H&P",
        "hospital no. KH-4402981 goes on the transfer letter",
        "her aadhaar 5521 0093 7741 is on the form",
    ],
    "dob": [
        "d.o.b. 3/4/51, check the wristband",
        "birthdate on the chart is 11/09/1962",
        "born 3/4/1950 per the H&P",
        "DOB19500304 scribbled on my signout",
        "DOB: 4-Mar-1950 on the wristband",
        "d/o/b 07/14/1948 on the outside records",
        "date-of-birth 03.04.1950 on the transfer sheet",
        "dob zero three slash zero four slash nineteen fifty per the chart",
    ],
    "date": [
        "mr lee was admitted 11/14 and d/c'd 11/19",
        "the pt we had s/p whipple on 10/3 died on 10/12",
        "admit date 9/30 for the 70yo w/ hip fx",
        "pt w/ the LVAD finally dischaged 10/4/2024",
        "her c-section was on 9/30/2024, baby still in the NICU",
        "emergency caesarean on 14/10/2024 for the primip, baby to NICU",
    ],
    "age": [
        "triage: señora de 94 años con caída, la familia está aquí",
        "a ninety-three year old teaching us about the war",
        "a 94 y/o with a hip fracture, ortho consulted",
        "97F w/ CHF exacerbation",
        "pt is 91 and sharper than me",
        "the pt on 4N is 101 and still sharp as a tack",
        "our eldest patient on the ward: ninety-four years, a retired tailor",
    ],
    "contact": [
        "her cell is 617-555-0134, call back re labs",
        "pts daughter phone 415-555-0163 for the hospice convo",
        "the patient lives at 42 elm st apt 3",
        "pt email: jkowalski.1958@yahoo.com wants the rehab info",
        "call the patient back at four one five five five five zero one six three",
        "pt's wife mobile +44 7700 900123, she wants a call after the scan",
        "son's number for the consent: 0412 555 019, he lives interstate",
        "home address of the pt: 12 Larch Crescent, ambulance to pick up",
        "pt gave his address as flat no. 7, Rose Colony",
    ],
    "location": [
        "Bought a daybed two weeks ago. Bed two in the ICU is the DKA.",
        "bed fourteen on the renal ward is the new HD start",
        "nsicu bed six is the EVD, check it q2h",
        "bed 12B on 7 West, the gentleman with the PE",
        "bay 3 in the ED, the guy with the dog bite",
        "the lady in 5112 keeps calling for me",
        "MICU 12 is the pt whose family i updated",
        "rm 318 on the onc floor, neutropenic fever overnight",
        "room 512, SICU - extubated this morning",
        "NICU warmer 3 baby is under phototherapy",
    ],
}

# Shapes the blind corpora of 2026-12-03 taught (holdout9-11), said in other words.
STOPPED["date"] += [
    "the gsw guy went to the OR on 4/2 for his ex-lap",
    "pt's hip replacement is scheduled for 6/30, wants to walk at her daughter's wedding",
    "DOS 10/14/2025, the lap chole we presented",
    "my clinic pt's trabeculectomy was 3/9, pressures look better",
]
STOPPED["dob"] += [
    "fecha de nacimiento 02/11/1961, la paciente de la clínica",
    "dob 040361 per the intake sheet",
    "pt's d-o-b 1961.04.03 on the consent",
]
STOPPED["location"] += [
    "la paciente en la cama 7 tiene fiebre",
    "bed 2 ambulated twice, pt doing great",
]
STOPPED["initials"] += [
    "TK's BP 190/110 after the missed dose",
    "- RS: POD1 lap appy, advance diet",
    "WD in the dialysis unit had a fistula bleed",
]
STOPPED["name_titled"] += ["note to my resident: Mr Ivanov in bed 3 spiked again"]
STOPPED["contact"] += ["trial subject phone 617-555-0142, call for the week 2 visit"]
# Kinds from train14a's errors (2026-12-03 evening): made-up notes of the same shapes.
STOPPED["age"] += ["93yo s/p CABG already asking for coffee", "a 97 y/o s/p fall, sharp as ever"]
STOPPED["location"] += [
    "isolation room 512 (MRSA), gown up",
    "ED hallway 9, the gentleman on a CIWA",
]
STOPPED["identifier"] += ["M.R.N. 4-411-2290 on the sticker", "fax the referral for chart 0038812"]
STOPPED["dob"] += [
    "screening log: DOB 11/1958, eligible for the trial",
    "the pt's birthday is friday, Jun 4, the nurses got a cake",
    "twins born 3/17 at 0212, both on CPAP",
]
STOPPED["location"] += ["the gentleman in 9 pulled his foley again", "pt in 3 spiked to 39"]
STOPPED["dob"] += [
    "the vet was born on christmas day 1944, told the whole team",
    'la paciente dijo "nací el 3 de abril de 1951"',
]
STOPPED["age"] += [
    "his 96th birthday is sunday and he wants to go home for it",
    "pt is in his nineties (97, he says) and walks a mile a day",
    "a centenarian (age 101) on the ortho service after a fall",
]
STOPPED["name_titled"] += ["mrs abbott lost her dentures again, check the lunch tray"]
STOPPED["date"] += [
    "the 71yo w/ pancreatic ca passed on 2/3 at 0510, first death i saw",
    "our G3P2 delivered 5/9, shoulder dystocia, i held the leg",
    "his last hospitalization was 4/2-4/6 for a COPD flare",
]

PASSED = {
    "population": [
        "pacientes de 90 años y más tienen más riesgo de caídas",
        "outcomes in patients aged 90 and older are worse, per the grand rounds talk",
        "cohort of 1,200 patients in Dr. Haddad's registry",
        "in pts over 95 the mortality doubles",
        "Dr. Zhang's AF registry has ~3,000 pts. I'm analyzing the subgroup over 75.",
    ],
    "rooms_offices": [
        "Savannah, Georgia — trauma surgery away rotation",
        "got to the patient's room five minutes late, attending annoyed",
        "bay one of the ED had a trauma drill, I ran the sim",
        "study room four is free after the pharm lecture",
        "office hours in Room 3204 with Dr. Hart",
        "lecture on the 5th floor, conf rm B",
        "hotel room 1412 at the ACP conference",
        "sim center bay 2 for the code blue drill",
        "bed 3 in the sim lab has the new mannequin",
    ],
    "programs": [
        "admitted to AOA!! told Dr. Hart",
        "Patient First initiative kickoff, volunteered",
        "PT Jill Martinez walked me through gait training",
        "standardized patient actors were great in the OSCE",
        "shadowed the patient navigator in the cancer center",
    ],
    "numbers": [
        "peds clinic front desk 555-0144, Ms. Varga's extension 212",
        "temp in the skills lab was like 95F lol",
        "conference registration confirmation #123-45-6789, keep for reimbursement",
        "IT ticket # 554-21-9087, my login broke again",
        "dr cho's pager 4471",
        "dr haddad's office phone 617-555-0102, call to set up mtg",
    ],
    "colleagues": [
        "Mr. Haldane = the respiratory therapist who taught me the vent settings in the ICU",
        "Ms. Ibsen, the hospital's caseworker, sorts out transport for clinic days",
        "Ms. Corrigan's office (clerkship coordinator) moved to the 7th floor of the surgery wing",
        "athletic trainer Mr. Dube runs the sports physicals with us after the knee exams",
        "Panel: Lee, Anna / Cho, David — stroke management in the elderly",
        "Grand rounds speakers: Smith, John / Garcia, Maria — sepsis update",
        "Preceptors: Singh, Ravi / Brown, Emily - peds",
        "Maya's concussion study got into the sports med conference",
        "my son Leo's asthma flared, missed the mixer",
        "Authors: Patel, Priya; Nguyen, Thomas — abstract on sepsis outcomes",
        "interview day panel: Lee, Anna / Cho, David — cardiology faculty",
        "met Dr. Sokolov at SAEM, he runs Denver's ultrasound fellowship",
        "Dr. Hart showed me the biopsy technique",
        "Nurse Kim taught me to place an IV on the wards",
        "Mr. Fox (the clerkship coordinator) moved my shift",
        "mrs walsh sent the schedule for the surgery block",
        "priya's birthday is 3/4, bring cake",
        "saw a 45yo w/ DKA, learned the anion gap from Dr. Cho",
        "78yo s/p hip fx, PT eval POD1, jill showed me WBAT",
        "carlos explained the induction for opioid withdrawal in the ED",
        "dr anna berg cards fellow walked me through the echo",
        "our SP for the OSCE plays 'Mrs. Lowry' with abdominal pain",
        "one or two of us will cover the clinic, twenty two residents in the program",
        "patients born before 1930 were excluded from the cohort",
        "zoom ID for the ethics didactics: 845 2291 0073, passcode 7711",
        "the 'Mr. Bones' skeleton in the anatomy lab got a new hat",
        "Sister Agnes Byrne, the ward sister, signed my logbook",
        "read about the Expert Patient Programme for my QI project",
        "Ana, the 3 year old daughter of my PI, came to the lab picnic",
        "Diego came back to the ED with coffee for the whole team",
        "the residents' house no. 4 party is on friday",
        "hospital has trained residents for ninety years, said the dean",
        "Rent for flat no. 4 is due Friday, pay the landlord.",
        "Went to the theatre with Sarah Jones on Friday, great show.",
        "Check in at room 101, neuro conference room, for grand rounds.",
        "Steve came back with the answer on admission criteria for the chest pain pathway.",
        "Mark Twain came back to the ED topic in lecture.",
        "Oliver, the 4 year old golden retriever of my preceptor, is adorable.",
        "Noah, 3 years old, my nephew, had his tonsils out.",
    ],
    "shapes_of_2026_12_03": [  # shapes the blind corpora of 2026-12-03 taught
        "pharmacist Dr. Osei on vanc AUC dosing, great teaching",
        "look at the UOP and the lactate, not just the MAP - Dr. Hart",
        "Dr. Hart's DOB is 7/4 apparently, cake in the workroom",
        "the MS registry had 800 patients, median age 44",
        "path museum is on the 3rd floor, rm 311",
        "CRNA Tomas Ibarra let me bag, such a patient teacher",
        "job title: Patient Experience Coordinator, cards dept",
        "I went to the OR on 9/3 for my first case with Dr. Hart",
        "got discharged from surgery call early on 5/9",
        "Ms. Anneke van der Berg, the palliative SW, ran the family meeting",
        "teaching list from the reg:\n- HRS: albumin and octreotide\n- SBP: ceftriaxone",
        "theatre list with Mr Kowalski on thursdays, he lets students close",
        "SHO Priya said she'd sign my DOPS for the cannula",
        "Mrs Ellery is the ward clerk on 7, ask her for the discharge forms",
        "the consultants' office on level 2 is where Mr Bose signs logbooks",
        "charge nurse Ade on AMU showed me the bed board",
        "senior resident Marco gave a chalk talk on shock",
    ],
}
PASSED["networking"] = [
    "grandma turns 92 in june, whole family flying in",
    "grandpa's 95th bday lunch sunday, bring the cake",
    "Dr. Ruiz is writing my IM letter, send her the CV and PS by friday",
    "best lecture on shock I've ever heard, thank Dr. Hart",
    "the medical school's 100th birthday gala is in may",
    "my grandmother's 97th birthday, flying home",
    "Priya's birthday is 3/4, get a card",
    "my niece was born 11/02!! first baby in the family",
]
PASSED["networking"] += [
    "Dr. Lee's dad passed 3/2, send a card to her office",
    "my mom's surgery is 3/4, ask to swap the clinic day",
    "I passed step 1 on 6/3!! tell Dr. Hart",
]
PASSED["networking"] += [
    "Dr. Ana Ruiz (PD) gave me her cell for questions about the interview: 555-310-2288",
    "student affairs case no. 998-12-4410 for my leave request, financial aid office",
    "fun fact: I was born on christmas day 1999",
]
# From a cold review of the round of 2026-12-03 (evening): what the new rules must still stop...
STOPPED["age"] += ["a 96-y-o w syncope, holding the metoprolol"]
STOPPED["age"] += ["93 yo sp CABG, on 5W.", "He's 94 and played in the symphony, admitted for CHF."]
STOPPED["name_patient"] += ["Patient Mr. Fontaine played cards with me all afternoon."]
STOPPED["name_titled"] += [  # "sp" (status post) and "played" once read as role play here too
    "Mr. Okafor sp CABG, drain out today",
    "Mrs. Lund played bingo all morning, wound vac changed at noon",
]
STOPPED["date"] += ["Pt admitted 3/4, my mom called during rounds.", "Pt passed 1/19, like my dad."]
# ...and what they must let pass.
PASSED["networking"] += [
    "Dr. Kim's baby born 3/14, send a gift!",
    "My sister's baby born 3/14, flying home.",
    "Dr. Shah was born on Christmas Day 1975, surprise party planned.",
    "Mrs. Lopez (my old piano teacher) celebrated her 95th birthday!",
    "Dr. Okafor's mom turned 90 so we signed a card for her 90th birthday.",
    "My grandma is in her nineties, 95 to be exact, we visit Sunday.",
    "Grandpa passed 3/2, missed the Friday rounds.",
    "She passed 3/2, the whole team went to the funeral. She was our program coordinator.",
    "Hospital Nacional de Niños, started there 3/2/2024, rotating with Dr. Vega.",
    "NACI guidelines updated 12/5/2023, read before journal club.",
    "Library fine, overdue book: acct 7720193.",
    "The depts birthday party is 3/8.",
    "The woman in 2 seats over had a fever so I moved.",
]
PASSED["numbers"] += [
    "one in 3 patients has a fever after this surgery, per the lecture",
    "the kid in 5 days went from crawling to walking, my nephew is wild",
]
PASSED["programs"] += [
    'signed up for the "Patient Voices Project" storytelling night',
    "new role: 'Patient Outreach Coordinator' for the free clinic",
]
PASSED["networking"] += [
    "visit my grandpa saturday, he's 94 and wants to hear about surgery rotation",
    "mom's hip replacement is 6/12, ask to swap my clinic day",
]
PASSED["programs"] += [
    "OSCE station: the actor was playing a 93-yr-old with falls",
    "standardized patient Ms. Irene Castillo was so convincing in the OSCE",
]
PASSED["population"] += [
    "in nonagenarians, 92% of hip fractures come from falls at home",
    "patients in their 90s — 93 of them — had the surgery in the registry",
]
PASSED["deidentified_clinical"] = [
    "pt in 50s w cirrhosis, learned the MELD score today",
    "a woman in her 60s w new afib, we talked anticoagulation",
]

# Sign-out lists (pure/phi/signout.py): two or more items headed by names or initials, each
# about care; a study group's or a thank-you list's names pass.
STOPPED["initials"] += ["handoff: HN (chest tube, on suction), KW (SAH, q1 neuro checks)"]
STOPPED["name_patient"] += [
    "to do: 'novak -> AM lytes, brennan -> hold lasix, ostrowski -> pain'",
    "night list: Tobias (DKA, gap closed), Marisol (PNA, wean O2)",
    "rounds list: Emeka, cellulitis, on cefazolin; Ingrid, new afib, on dilt",
]
PASSED["networking"] += [
    "study group split: Priya (renal), Sam (cardio), Lena (pulm)",
    "thank-you cards: dr. osei, dr. park, priya, kev, the 5E nurses",
]
# A short phone number owned by a patient's family, unit and bed codes, a room's event.
STOPPED["contact"] += [
    "fam contact: daughter 555-0119, son 555-0178, call after rounds",
    "call 555-0136 (pt's sister) re the consent form",
]
STOPPED["location"] += ["the woman in 6C-11 asked about her scan again", "room 9 extubated today"]
STOPPED["location"] += ["list: 10E-03 cholangitis, 10E-07 pyelo"]
PASSED["numbers"] += ["registry of 2,100 trauma pts from 2014-2019, ask the coordinator"]
# Ages told of one person in more ways; numbers said to be the end of a record or SSN.
STOPPED["age"] += [
    "she said 'i'm ninety-six, honey, i'll have the cake' after the swallow eval",
    "the man on my geri elective is 95 and still drives himself to dialysis",
    "a hundred-and-four-year-old on the palliative service taught me about gin",
    "he's really ninety-two and walks a mile a day",
    "at the nursing home one resident is 104 and beat me at checkers",
]
STOPPED["identifier"] += [
    "handoff: mrn ending 6620, new afib, on a dilt drip",
    "copied the last four of her social (xxx-xx-3108) onto my list by mistake",
    "the cigna id K55120938 goes on the prior auth",
]
PASSED["numbers"] += ["my order number ending 4471 never arrived, email the bookstore"]
# A relative's phone in brackets or after a slash, a client's; ages said loosely; a quoted
# line of a list; initials doing post-op; a birth date on a chart or a wristband.
STOPPED["contact"] += [
    "her son gave me his cell (555-0144) for the discharge call",
    "daughter/HCP 555-0162 re the goals of care meeting",
    "client's cell 555-0109, text him the clinic hours",
]
STOPPED["age"] += [
    "the lady in 4 is like 93 and sharper than me",
    "a man of ninety-one on dialysis",
]
STOPPED["name_patient"] += ["sign-out: 'Dario Mendes 61M cellulitis, on cefazolin'"]
STOPPED["initials"] += ["the attending asked how KB is doing post-op"]
STOPPED["dob"] += ["bday on chart: 2 mar 1948, confirm before the transfusion",
                   "armband says 4/12/1951, two identifiers checked"]  # fmt: skip
# From a cold review: lists of colleagues, classmates and study topics, a poster's number,
# colleagues' and the student's own family's phones, a conference wristband, a book's title.
PASSED["networking"] += [
    "Journal club assignments: Priya - sepsis trial, Marcus - AKI meta-analysis",
    "Who to thank: Elena (showed me how to place an IV), Tomas (walked me through the ABG)",
    "Residents this block: Aisha (PGY2, loves echo), Kevin (PGY3, ICU fellowship)",
    "Anki plan: Priya -> renal, Marcus -> cardio",
    "Research team: Carlos (stats, sepsis database), Hannah (IRB, AKI cohort)",
    "My poster is 2B-14, sepsis bundle outcomes",
    "Dr. Osei office/home 617-555-0134",
    "Call my wife 555-0134 if the dinner runs late",
    "Dr. Lee's son 555-0121 wants shadowing advice",
    "Got the conference wristband, registration closes 10/12/2025",
    "'Atul Gawande - Being Mortal', great for palliative care",
    "UW K 12 questions on hyperkalemia",
    "TJ is doing better post-op after his ACL repair, grab coffee",
]
STOPPED["name_patient"] += ["night list: Łukasz (AKI, trend Cr), Šárka (CHF, diuresing)"]
STOPPED["age"] += ["the woman on the geriatric psych unit is 93 and plays chess with me"]
PASSED["colleagues"] += [
    "Mr. Adair (perfusionist) explained the pump between cases",
    "Ms. Okoro in financial counseling handles charity care questions",
    "my concert wristband from 10/10/2019 is still on my desk",
]

# Stop 30: initials heading a note, a line or a clause; a child's first name with an age in
# brackets or after a comma, in any case; a patient presented at a conference of cases, followed
# through care, or owning a test; temperatures said of rooms and weather; staff named after
# their role or in a department.
STOPPED["initials"] += [
    "night list — QT, s/p whipple, drain output up; FR, new afib",
    "overnight: 'ZK - insulin drip, recheck K at 4'",
]
STOPPED["name_patient"] += [
    "oliver (4yo) with croup did great on dex, mom relieved",
    "sofia, 10mo, RSV, on high flow in the PICU",
    "resident said I can present dmitri volkov at M&M next month",
    "getting to follow hannah brooks through her whole chemo course",
    "Tariq Haddad's echo showed a new effusion",
]
PASSED["numbers"] += [
    "thermostat in the call room reads 92F, reported it to facilities",
    "the library was 96F bc the AC died, studied at the cafe",
]
STOPPED["age"] += ["98F — not the temp, her age. she was amazing"]
PASSED["colleagues"] += [
    "Mr. Pellegrino in sterile processing showed me how the trays are wrapped",
    "Ms. Abara, the ortho clinic MA, taught me how to room patients fast",
    "met the clerkship coordinator for surgery, ms. dana whitlock, super helpful",
    "the SLP on the stroke unit, ms. ines carvalho, walked me through a swallow eval",
    "mr. and mrs. delacroix (the couple who run the sim center) ran our mock code",
]


def stops(text: str) -> bool:
    return bool(drop_colleagues(find_phi(text), CONTACTS))


def test_a_lay_title_is_not_a_doctor_among_the_contacts() -> None:
    """ "Mrs. Hart's A1c" is a patient's, whatever Dr. Marcus Hart's name; "Mr. Fox" is
    still Daniel Fox, a contact without a doctor's title."""
    assert stops("fam med win: Mrs. Hart's A1c is finally under 8")
    assert not stops("Mr. Fox moved my shift, the biopsy clinic is full")


@pytest.mark.parametrize(
    ("kind", "text"), [(k, t) for k, texts in STOPPED.items() for t in texts]
)  # fmt: skip
def test_patient_information_is_stopped(kind: str, text: str) -> None:
    found = drop_colleagues(find_phi(text), CONTACTS)
    assert found, text
    assert kind.removeprefix("name_").replace("titled", "name").replace("patient", "name") in {
        f.kind for f in found
    }, (text, found)


@pytest.mark.parametrize(
    ("kind", "text"), [(k, t) for k, texts in PASSED.items() for t in texts]
)  # fmt: skip
def test_harmless_notes_pass(kind: str, text: str) -> None:
    assert not stops(text), (text, find_phi(text))


def test_the_user_s_contacts_are_colleagues_not_patients() -> None:
    text = "mr fox's wound care lecture moved to tuesday"
    assert find_phi(text) and not drop_colleagues(find_phi(text), ["Daniel Fox"])
    assert drop_colleagues(find_phi("Mr. Okafor's wound vac"), ["Daniel Fox"])


def test_the_reason_names_the_words_and_how_to_rephrase() -> None:
    said = describe(find_phi("Mrs. Patterson coded on 7W last night"))
    assert "'Mrs. Patterson'" in said and "a patient's name" in said
    assert "write 'a patient' instead of the name" in said


def test_the_guard_holds_its_figures_on_the_corpora() -> None:
    """The floor promised in issue 13: recall 0.90, false alarms 2%, on every note of the
    corpora in benchmarks/phi (all written blind; see docs/phi.md)."""
    sys.path.insert(0, str(BENCHMARK))
    try:
        import evaluate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCHMARK))
    rows = [row for corpus in evaluate.CORPORA for row in evaluate.load(corpus)]
    assert len(rows) >= 500
    scores = evaluate.score(rows, out=io.StringIO())
    assert scores.recall >= 0.90, scores
    assert scores.false_positive_rate <= 0.02, scores


# --- where the guard applies ---------------------------------------------------------------


def ok(result: Result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def refused(result: Result) -> str:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    [line] = result.stderr.strip().splitlines()
    assert "patient information" in line and "--allow-phi" in line, line
    return line


@pytest.fixture
def team(run: Run) -> Run:
    ok(run("add-contact", "Dr. Marcus Hart", "--role", "attending"))
    ok(run("add-contact", "Daniel Fox", "--role", "staff"))
    return run


def exported(run: Run, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "export.json"
    ok(run("export", "json", "--output", str(out), "--force"))
    return dict(json.loads(out.read_text()))


def test_every_entry_point_names_the_words_and_saves_nothing(team: Run, backend: Backend) -> None:
    before = snapshot(backend)
    note = "Mrs. Patterson coded on 7W last night"
    for args in (
        ["log", "hart", "--note", note],
        ["log", "hart", "--follow-up", "Ask about Mrs. Patterson's wound vac", "--due", "tomorrow"],
        ["follow-up", "hart", "Check on Mrs. Patterson's wound vac", "--due", "tomorrow"],
        ["add-contact", "Dr. New", "--note", note],
        ["add-contact", "Dr. New", "--met", "at the bedside of Mrs. Patterson's family meeting"],
        ["edit", "hart", "--note", note],
        ["letters", "ask", "hart", "--for", "IM", "--due", "in 30 days", "--note", note],
    ):
        line = refused(team(*args))
        assert "'Mrs. Patterson'" in line and "instead of the name" in line
    assert snapshot(backend) == before


def test_a_contact_s_own_name_is_no_patient(team: Run) -> None:
    ok(team("log", "fox", "--note", "mr fox said the wound care lecture moved"))
    ok(team("add-contact", "Mr. Luis Ortega", "--note", "Mr. Ortega from transport, knows the ICU"))


def test_allowed_notes_are_marked_and_doctor_lists_their_ids_never_their_text(
    team: Run, tmp_path: Path
) -> None:
    ok(team("log", "hart", "--note", "Met in bed 4 of the sleep lab", "--allow-phi"))
    ok(team("log", "hart", "--note", "Coffee, talked about research"))
    data = exported(team, tmp_path)
    assert [i["phi_allowed"] for i in data["interactions"]] == [True, False]
    out = ok(team("doctor", "--phi"))
    assert "#1" in out and "bed 4" not in out and "All good" in out
    scan = json.loads(ok(team("doctor", "--phi", "--json")))
    assert scan["allowed"]["interactions"] == [1] and scan["clean"] is True


def test_doctor_finds_what_older_versions_let_through(team: Run, backend: Backend) -> None:
    ok(team("log", "hart", "--note", "Coffee, talked about research"))
    # As an older medcrm, with a weaker guard, stored it:
    backend.query(
        "UPDATE interaction SET note = 'Mr. Okafor''s wound vac, DOB 3/4/1950' WHERE id = 1"
    )
    ok(team("log", "hart", "--note", "Grand rounds in Room 101"))
    scan = json.loads(ok(team("doctor", "--phi", "--json")))
    assert scan["flagged"]["interactions"] == [1] and scan["clean"] is False
    out = ok(team("doctor", "--phi"))
    assert "#1" in out and "Okafor" not in out and "1 stored text looks like" in out


def test_an_edit_keeps_the_mark_only_while_the_text_needs_it(team: Run, tmp_path: Path) -> None:
    refused(team("edit", "hart", "--note", "his pt J.D. in bed 4"))
    ok(team("edit", "hart", "--note", "his pt J.D. in bed 4", "--allow-phi"))
    assert exported(team, tmp_path)["contacts"][0]["phi_allowed"] is True
    ok(team("edit", "hart", "--institution", "Riverside"))  # other fields: the mark stays
    assert exported(team, tmp_path)["contacts"][0]["phi_allowed"] is True
    ok(team("edit", "hart", "--note", "Great teacher"))
    assert exported(team, tmp_path)["contacts"][0]["phi_allowed"] is False


def test_importers_list_and_leave_out_patient_information(run: Run, tmp_path: Path) -> None:
    result = json.loads(ok(run("import", "google", str(SAMPLES / "google_contacts.csv"), "--json")))
    [reason] = [r["reason"] for r in result["rejected"] if r["where"] == "line 7"]
    assert "'pt John Smith'" in reason and "--allow-phi" in reason
    ok(run("import", "google", str(SAMPLES / "google_contacts.csv"), "--allow-phi"))
    data = exported(run, tmp_path)
    marked = [c["name"] for c in data["contacts"] if c["phi_allowed"]]
    assert marked == ["Dr. Kwame Asante"]


def export_document(interactions: list[dict[str, Any]]) -> dict[str, Any]:
    """A medcrm JSON export with one contact and these interactions."""
    return {
        "medcrm": "export",
        "version": 1,
        "contacts": [{"id": 1, "name": "Dr. Marcus Hart", "role": "attending"}],
        "interactions": [
            {"id": n, "date": "2026-11-20", "kind": "meeting", "contacts": [1], **i}
            for n, i in enumerate(interactions, start=1)
        ],
    }


def test_json_imports_keep_marked_rows_and_leave_out_unmarked_ones(
    run: Run, tmp_path: Path
) -> None:
    source = tmp_path / "in.json"
    source.write_text(
        json.dumps(
            export_document(
                [
                    {"note": "J.D. in bed 4", "phi_allowed": True},
                    {"note": "Research meeting"},
                    {"note": "Mr. Okafor's wound vac", "phi_allowed": False},
                ]
            )
        )
    )
    result = json.loads(ok(run("import", "json", str(source), "--json")))
    assert [r["where"] for r in result["rejected"]] == ["interactions[2]"]
    assert "'Mr. Okafor'" in result["rejected"][0]["reason"]
    assert result["other"]["interactions"] == 2  # the marked one came in, still marked
    marks = [i["phi_allowed"] for i in exported(run, tmp_path)["interactions"]]
    assert marks == [True, False]


def test_json_import_with_allow_phi_keeps_and_marks(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(export_document([{"note": "Mr. Okafor's wound vac"}])))
    ok(run("import", "json", str(source), "--allow-phi"))
    [interaction] = exported(run, tmp_path)["interactions"]
    assert interaction["note"] == "Mr. Okafor's wound vac" and interaction["phi_allowed"]
