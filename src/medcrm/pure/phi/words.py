"""The word lists the patient-information guard reads context from (see :mod:`.phi`).

Each list answers one question about the words around a candidate (a name, initials, a number):
is this about a patient's care, is it about a colleague, is it about a group of people? Words are
lower case; an entry ending in ``*`` matches any word it starts (``discharg*``).
"""

from __future__ import annotations

# Words that put a sentence in a patient's care: events, findings, treatments, places of care.
# A name with a title ("Mrs. Obi") or initials ("MW") next to these is taken for a patient.
CLINICAL = """
admit* readmit* discharg* d/c d/c'd dc'd dc'ed d/ced transferr* transfer coded code intubat*
extubat* expired died dying death passed deceased hospice palliative comfort dnr dni polst
goals-of-care gooc family-meeting family-mtg wound* vac drain* dressing* stoma ostomy foley picc cvc
line* tube* trach* vent ventilator biops* path pathology scan* ct cta mri mra xray x-ray cxr kub
echo tte tee ekg ecg cath* stent* pci cabg chemo* radiation rads immunotherapy dialysis hd
transfus* insulin meds med medication* abx antibiotic* pain fracture* fx hip pneumonia pna uti
chf hf copd dka hhs pyelo* nephro* ckd* effusion* afib a-fib mi stemi nstemi stroke cva tia
sepsis septic shock cancer tumor* go-home going-home went-home blood abg arterial pushed
troponin* wheez* spiked sats
pushing contractions dilated crowning involuntary clozapine anc ruq rlq llq luq
*pril *olol *sartan *statin *cillin *mycin *floxacin *azole *zepam *azepam *pine *parin *tidine
film films imaging
mass lesion* malignan* metasta* mets diagnos* dx hx ddx prognos* smoking smoker etoh alcohol
withdrawal overdose od pregnan* labor l&d c-section csection delivered delivery postpartum
newborn neonat* interpreter interpreted interpreting rsv bronchiolitis asthma seizure* sz
fever* febrile afebrile cough* sob
dyspnea chest rash* cellulitis abscess* bleed* gib hemorrhage anemia* hgb hb inr ptt sodium
potassium k+ na+ creatinine cr bun gfr aki ckd esrd a1c glucose bg troponin trop bnp lactate
wbc platelets lft* lfts labs lab-work bloodwork culture* cultures cx ua results vitals
hypotensive hypertensive tachy* brady* hypox* desat* satting o2 sat sats bp hr rr npo
post-op postop pre-op preop pod s/p surgery surgical op procedure* operat* resect* repair*
amputat* lap appy chole whipple cabg turp tka tha orif ercp egd colonoscopy scope scoped
bronch* thoracentesis paracentesis lp tap consent* consented rounded rounding bedside
*itis *ectomy *ostomy *otomy *oscopy *plasty *osis ablation fusion
chart charting census admission* admissions-note h&p hpi ros soap progress-note note* room
rm bed bay floor unit ward icu micu sicu ccu cvicu nicu picu ed er pacu triage clinic
appointment appt visit follow-up f/u pcp ob gyn peds hospitalist consult consults consulted
consulting consultation consultations icu-transfer
code-blue rapid-response rrt rr-called bipap cpap nc o2 oxygen nebs neb* steroid* pred
prednisone warfarin heparin lovenox eliquis metformin lasix diuresis diuresed fluids ivf
iv po prn pca opioid* morphine dilaudid narcan ssri lithium psych* suicidal si hi
delirium* dementia confused agitated restrained sitter ams altered ams baseline gcs
wheelchair walker fall falls fell quit sober rehab snf ltach nursing-home home-health
family daughter son wife husband mom dad mother father grandma grandpa granddaughter
grandson caregiver hcp poa guardian parents sibling sister brother spouse
sick ill illness crying cried upset scared prayed pray hug hugged thanked
wards autopsy case gait ambulat* mobility ruq luq fast-exam knee knees shoulder back neck
arm arms leg legs foot feet hand hands wrist ankle elbow eye eyes ear ears skin lesion liver
spine jaw face belly abdomen pelvis ventilate ventilated ventilation mask lp t&a sve
croup mania manic bipolar schizo* psychosis psychotic intubation induction bag
bagged tremor dose dosing lupus flare sickle crisis port preeclampsia eclampsia detox heroin
narcan* splint* laceration lac sutur* stitches orif tavr tah lvad transplant* ama hepatitis
hiv cirrho* cirrhotic jaundice ulcer* gangrene amputee ascites edema stent dementia alzheimer*
parkinson* ms-flare copd-exacerbation exacerbation* sepsis cardiac arrest arrested cpr
compressions resus trauma gsw mvc fall overdosed od'd narcanned withdrawal ciwa cows
chemotherapy oncology onc heme tumor infusion infusions transfusion nicu preemie premie
weeks wks gestation g1p0 g2p1 g3p2 postpartum pp vag svd primip multip breastfeeding
peds kiddo toddler teen infant neonate baby twins triplets fetal ultrasound
patient pt pts exam examined exams physical presented presenting chief complaint cc
hpi diagnosed diagnoses symptom* sx tx treatment treated therapy meds dosage
allergy allergies allergic anaphylaxis epi epipen rash hives itch* nausea vomiting n/v
diarrhea constipation abdominal abd belly headache ha migraine syncope dizzy vertigo
numbness weakness paralysis aphasia neuro nihss tpa thrombectomy bleed clot dvt pe
embolism anticoag* coumadin xarelto plavix aspirin statin bp-meds hypertension htn
diabetes diabetic dm t1dm t2dm insulin-pump a1c hypoglycemia hyperglycemia dka
kidney renal liver hepatic cardiac heart lung pulmonary respiratory airway
bloodwork blood urine stool sputum swab covid flu influenza rsv strep pneumonia
icu-admission floor-bed sign-out signout handoff h/o pmh psh
refuses refused refusing declined consent consented capacity poa-paperwork hold
involuntary 5150 psych-hold seclusion restraints
hip-fracture broken arm leg wrist ankle cast crutches
wound-care dressing-change vac pressure-ulcer bedsore decub*
cath-lab cath lab-results results pending labs-pending path-results biopsy-results
cannula cannulated cannulation resite resited clerked clerking opd ipd hdu obs
bloods drip nbm oedema* haemo* haemorrhag* anaemi* paediatric* paeds caesarean lscs
phototherapy incubator jaundiced nephrotic *penia *aemia *kalemia *natremia *calcemia
bacteremia leukemia against-medical medical-advice
dentures hearing-aids call-light bedpan commode tray
""".split()

# Words that make a number or a name about a group, not one patient ("patients aged 90 and
# older", "a cohort of 1,200 patients").
POPULATION = """
cohort* population* patients pts people adults elders elderly study studies trial* registry
data dataset outcomes mortality incidence prevalence rate rates risk odds percent % per
older over above plus and-older or-older and-up nonagenarians centenarians demographic*
median mean average aged-over review meta-analysis guideline* recommendation* screening
literature paper article journal grand-rounds lecture talk abstract poster
""".split()

# The student's own people: "Noah, 3 years old, my nephew" is no patient ("my" or "our" before).
OWN_FAMILY = """
nephew niece cousin son daughter brother sister kid kids baby mom dad mother father grandma
grandpa grandmother grandfather aunt uncle partner wife husband roommate dog cat puppy
""".split()

# Roles and places that say a titled name belongs to a colleague: "Mr. Fox (the clerkship
# coordinator)", "Mrs. Walsh from the dean's office", "Ms. Lee, our social worker".
COLLEAGUE_ROLES = """
coordinator* secretary admin administrator assistant dean deans director chaplain
social-worker sw case-manager cm librarian registrar professor prof teacher instructor
advisor adviser counselor counsellor manager chair chairman chief nurse rn np pa pa-c
therapist pt ot slp pharmacist pharmd tech technician scribe interpreter volunteer
receptionist staff speaker lecturer presenter mentor preceptor attending resident intern
clerk registrar consultant consultants matron sho reg spr fy1 fy2 f1 f2 ct1 ct2 st1 st2 st3
st4 st5 st6 st7 gp
fellow student classmate recruiter rep representative consultant educator navigator
specialist worker social-worker crna anesthetist anesthesiologist cnm crnp dnp dietitian
dietician nutritionist lactation midwife doula caseworker caseworkers trainer coach
sonographer technologist phlebotomist rt respiratory-therapist paramedic emt transport
pharmacy it security dietary nutrition radiology billing registration housekeeping
facilities chaplaincy admissions finance library records hr compliance volunteer
perfusionist perfusion counseling desk front-desk sterile spd evs
environmental-services ma mas scheduling
interpreter interpreters translator scheduler receptionist actor actors actress sp sps
doctor dr physician surgeon md do
phd mph professor emeritus faculty pgy1 pgy2 pgy3 pgy4 pgy5 pgy-1 pgy-2 pgy-3 pgy-4 ms1
ms2 ms3 ms4 m1 m2 m3 m4 office program department dept school college university committee
clerkship course lab team sim simulation center centre alum alumni alumnus colleague
friend boss supervisor organizer host panelist moderator judge editor author reviewer
""".split()

# After "patient"/"pt": capitalised words that are programmes, services and job titles, not a
# name ("Patient Safety Week", "Patient First", "patient navigator", "PT Jill" is handled apart).
NOT_NAMES_AFTER_PATIENT = """
zero aged per dr doctor nurse officer officers executive director chief access advisory advocacy
advocate advocates care case cases centered
centred communication
council ed education engagement experience family first flow handoff handoffs information
interview interviews list navigation navigator navigators notes outcomes panel population
portal presentation presentations privacy quality registration relations representative
representatives rounds safety satisfaction services simulation transport volunteer
volunteers actor actors actress encounter encounters instructor instructors simulated
standardized centered-care voice voices partner partners partnership liaison liaisons
relations rights right room rooms census panel panels day week month ambassador ambassadors
program programs initiative office council committee project team fund award network
programme programmes charter association forum group society scheme pathway pathways
""".split()

# Common words that start a capitalised clause after "pt"/"patient" and are not names.
STOPWORDS = """
a an the and or but so if then than that this these those there here who whom whose which what
i'm i’m im i've i’ve ive i'd i’d i'll i’ll
when where why how is was were are be been being am has had have having do did does done
not no yes said says say told asked asks ask came come comes went go goes got get gets saw
see seen seems seemed felt feel feels looked looks looking presented presents presenting
was with without for from into onto to of in on at by about after before during while since as
until today tonight yesterday tomorrow now later still also just only very really quite
again back out up down over under all any some many much more most other another each every
both few several one two three four five six seven eight nine ten first second third last
next new old good great nice fine well ok okay sure thanks thank please i me my we us our
you your he him his she her they them their it its was unable able would could should will
can may might must shall doing making made make takes took take gave give gives given
needs needed need wants wanted want likes liked like loves loved love hates hated refused
denied denies reports reported endorses endorsed complains complained states stated
actually apparently basically definitely probably maybe eventually finally initially
is now currently recently already always never ever sometimes often usually mostly
education
""".split()

# Degrees, credentials and everyday abbreviations written with dots, which are not initials.
DOTTED_NOT_INITIALS = """
md do jd rn np pa dds dmd phd mph mba ms ma bs ba bsn msn dnp pharmd od us uk eu un dc la ny
am pm ad bc er or iv po im sq sc prn bid tid qid qd hs ac pc npo dnr dni aka eg ie vs etc
mr mrs ms dr st jr sr ii iii iv cc bcc re fyi asap rsvp dob
""".split()

# Two- and three-letter capitals that are abbreviations, not a patient's initials.
ABBREVIATIONS = """
AA AAA ABC ABG AC ACE ACL ACS ADA ADD ADL AED AF AFB AG AI AIDS AKA AKI ALS AMA AMS ANA AOA AOB
AP APD ARB ARDS ASA ASD ASAP AV AVM BB BC BCC BID BKA BM BMI BMP BMT BP BPH BPM BRB BS BSA
BUN CA CAD CAP CBC CBT CC CCU CDC CEO CF CHF CK CKD CLL CML CMO CMP CMV CN CNS CO COO COPD
CP CPR CPT CRP CSF CT CTA CV CVA CVC CVS CXR DC DD DDX DI DIC DJD DKA DM DME DNR DNI DO DOA
DOB DOE DPT DR DRE DSM DT DTR DVT DX EBL EBM EBV ECG ECMO ED EEG EF EGD EJ EKG EM EMR EMS
EMT ENT EOM EP ER ERAS ERCP ESR ESRD ETOH EU EUS FAQ FAST FB FDA FEV FHR FHT FM FNA FOB FT
FTT FU FYI GA GB GBS GCS GDM GERD GFR GI GSW GU GYN HA HAV HBV HCC HCT HCV HD HEENT HF HH
HHS HIV HLD HO HPI HPV HR HSV HTN HX IBD IBS ICD ICP ICU ID IDA IJ ILD IM IMG INR IO IP IR
IRB ITP IUD IUGR IV IVC IVDU IVF JVD JVP KUB LA LAD LBBB LDL LE LFT LGA LLQ LMP LOC LOR LOS
LP LUQ LV LVH MAP MCA MCAT MCV MD MDD ME MG MI MICU MOA MPH MR MRA MRI MRN MRSA MS MSK MSSA
MVA MVC NA NAD NBME NC NG NGT NH NICU NIH NKDA NP NPO NRMP NS NSAID NSR NST NSTEMI NYC OA OB
OCD OD OK OM OMM OMT ORIF OR OT OTC PA PAD PCA PCI PCN PCP PCR PD PDA PE PEA PEEP PEG PERRL
PET PFT PGY PH PHI PI PICC PICU PID PM PMH PNA PO POA POC POD PPD PPE PPI PR PRBC PRN PSA
PSH PT PTA PTSD PTT PUD PVD QA QI RA RBC RCA RCT RDS RLQ RN ROM ROS RPR RR RRT RSV RT RUQ
RV RVR SA SAH SBO SBP SCD SCI SDH SGA SI SIADH SIDS SJS SLE SLP SMA SNF SOAP SOB SP SQ SSI
SSN SSRI STD STEMI STI SVT TB TBI TEE TIA TID TKA TLC TMJ TPN TSH TTE TTP TURP TV UA UC UGI
UK URI US USA USMLE UTI UV VA VAD VAP VBG VF VQ VS VSD VT VTE WBC WC WHO WNL XR ZIP
AM PM OK CV PS FAQ TBD TBA ETA EOD EOW ASAP RSVP FYI IDK IMO TMI LOL OMG BTW OOO CS CE
MS1 MS2 MS3 MS4 PGY M1 M2 M3 M4 II III IV VI VII VIII IX XI XII
CA CO CT DC ID IN LA MA MD ME MI MS NC NY OK OR PA SC VA VT
ABX ACLS ADHD ALT AST ALP ANC APAP ARF AUC AVR BAL BBB BNP CABG CAUTI CDI CHD CIN CLABSI
CPAP CRRT CTPA DAPT DBP DOAC DPOA DWI EOL ESBL ESI FFP FOBT GOC GTT HAP HDL HGB HCTZ HLH HRT
IBW ICH LBP LDH LMWH LR MAC MDM MMR MOCA MRCP NAC NIPPV NMS NPH NNT NOAC OGT OSA OSCE PAC PCOS
PFO PMN POCUS POLST PPV PRES PSV QTC RBBB RFA RSI SAAG SAE SBT SCC SDM SIRS SNRI SOFA SPEP
TAVR TCA TFT TIBC TRALI UFH UOP UPEP VATS VRE VSS WPW XRT ALOC AMS ANP AUB CAH CVP DLCO ECT
EVD FENA FIO GCS HHNK HOCM ICS IPF LAR LLL LUL MAT MDS MVP NEC NPV PAP PVC RLL RUL SBS SSS
TOF TTE UOP FVC NIF MIP MEP PEF ABI BPD DBS EMG ENG EPS GBM ICP LGI MSA NCS NMO NPH SAH SDH
TMS VNS VEP ACT CBT AMU SAU CDU MAU EAU HDU ITU ACU AAU SDEC DGH SHO SPR MDT TTO TTA NOF
FY CT ST
DBT EMDR IOP PHP SUD AUD OUD MAT MOUD NAS PEP PrEP ART CD4 HAART DFE IOP OCT VA SLT YAG DMEK
""".split()

# Spelled-out ages over 89: "ninety-three", "a hundred and one".
NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
)  # fmt: skip

# Words of networking: a titled name with none of these around and no clinical word either is
# still taken for a patient ("mr tuilagi kept calling me doctor"); with them, it needs a
# clinical word ("Ms. Patel at the career fair" is a colleague).
NETWORKING = """
met meet meeting mtg coffee lunch dinner breakfast drinks email emailed emails call called
zoom conference conf talk lecture seminar workshop advisor adviser mentor mentoring research
project paper abstract poster letter letters rec lor interview career fair office hours
class course schedule scheduling shift rotation application eras match program team dean
club society event mixer networking linkedin asked advice recommend recommended
introduced introduce intro thanks thank shadow shadowing elective electives applying
ticket epic login access badge osce feedback sim simulation actor sp grade grades forms
paperwork orientation library parking it tech schedule deadline registration pi picnic party
logbook sign-off sign-offs dops cbd mini-cex portfolio eportfolio supervisor
potluck retreat""".split()

# Words that show the talk is of one patient (near a date or a room number).
PATIENT_MARKERS = """
pt pts patient patient's pateint pateints patinet paitent his her him he she s/p mr mrs ms lady
gentleman man woman guy kid
kiddo baby child toddler teen infant newborn mom dad grandma grandpa vet veteran they them
someone admitted discharged paciente señor señora trial-subject study-subject research-subject
trial-participant study-participant research-participant enrollee
""".split()

# Words of the student's own calendar: a date beside them is a schedule, not a stay.
SCHEDULE = """
rotation* clerkship* shelf schedule* shift* lecture* conference* deadline* due meeting*
interview* exam* class* block* elective* orientation program* application* eras match
seminar* workshop* talk abstract* poster* course* vacation leave off out party dinner
wedding graduation birthday bday ceremony quiz test step webinar journal grand-rounds
m&m presentation present presenting submit submission register registration
""".split()

# Words that make "95F" a temperature, not a 95-year-old woman.
TEMPERATURE = """
temp temps temperature t tmax tm febrile afebrile fever fevers hypothermic hypotherm*
degrees deg rectal oral axillary tympanic thermometer outside weather cold warm freezing
hot room lab sim mannequin like heat humid ran run running marathon 5k 10k race
thermostat apartment ac a/c outdoors summer winter sunny sweating sweated heatwave forecast
lounge
""".split()

# Events of a patient's stay, one of which beside a date makes it a patient's date
# ("admitted 11/14", "TAH on 11/20", "left AMA on jan 9th"). A regular expression.
# Events of a patient's stay or care: one of these beside a date makes it a patient's date
# ("admitted 11/14", "TAH on 11/20", "left AMA on jan 9th"). The strong ones name something that
# only happens to a patient; the others ("visit", "surgery") also need the sentence to be about
# a patient. Phrases are hyphen-joined words.
STAY_EVENTS_STRONG = """
admit admitted admits readmit readmitted discharge discharged d/c d/c'd dc'd d/ced dced
hospitalized hospitalised died passed-away expired deceased coded intubated extubated
pronounced left-ama transplant transplanted orif cabg tah tavr appy appendectomy chole
caesarean cesarean lscs caesarean-section cesarean-section
cholecystectomy whipple c-section csection t&a tonsillectomy mohs resection amputation
mastectomy lobectomy craniotomy colectomy hysterectomy thoracotomy laparotomy ex-lap exlap
arthroplasty tka tha stent stented surgery-date admit-date discharge-date admission-date
date-of-admission date-of-discharge date-of-death date-of-surgery pod0 pod1 pod2 pod3 pod4
pod5 pod6 pod7 underwent s/p status-post dod doa mvc mva gsw overdose overdosed od'd
ingresó ingresada ingresado internada internado falleció fallecio operada operado
dos date-of-service knee-replacement hip-replacement joint-replacement valve-replacement
dischaged dicharged discharaged admited admiited dc-date d/c-date tod time-of-death placed
""".split()
STAY_EVENTS = (
    STAY_EVENTS_STRONG
    + """
admission transferred transfer-to surgery operated op-date procedure death delivered delivery
presented came-in came-back brought-in ama enrolled first-dose visit ed-visit seen biopsy
fusion pci cath post-op postop sicu micu icu step-down stepdown rehab hospice snf induction
rescheduled fall fell accident injury fracture fx stroke arrest went-home sent-home
bounced-back bounceback bounce-back returned readmission involuntary-hold hold-started
alta ingreso recon reconstruction repair implant implanted replacement went-to-or taken-to-or
back-to-or went-to-the-or taken-to-the-or
passed hospitalization hospitalisation started-hd started-dialysis started-chemo
""".split()
)

# Nouns for people that are not names ("young guy", "yo woman").
PERSON_NOUNS = """
guy guys man men woman women lady ladies gentleman gent kid kiddo kids child children baby
babies boy boys girl girls teen teens infant toddler patient patients pt pts person people
folks fellow dude bro mom dad mother father son daughter wife husband family friend friends
young old yo y/o year years yr yrs male female
""".split()

# Who a phone, email or address belongs to, by the nearest owner word before it.
PATIENT_OWNERS = """
pt pts patient his him her their family daughter son wife husband mom mother dad father
caregiver hcp poa guardian parent parents sister brother spouse grandma grandpa
granddaughter grandson niece nephew lady gentleman home lives living callback call-back
teen kid kiddo flyer frequent-flyer visit eval home-visit home-eval house-call subject
participant enrollee athlete paciente su client
""".split()
COLLEAGUE_OWNERS = """
dr doctor office pager page dept department program coordinator secretary desk hotel
venue conference zoom my our admin scheduler recruiter nurse np pa resident attending
fellow mentor classmate assistant clinic-line front-desk dean email-list listserv
""".split()

# How a stopped text can be rephrased, by what was found.
ADVICE = {
    "name": "write 'a patient' instead of the name",
    "initials": "leave out the initials (write 'a patient')",
    "identifier": "leave out the number",
    "dob": "leave out the birth date",
    "date": "leave out the date or say 'last week'",
    "age": "write '90+' instead of the exact age",
    "contact": "leave out the patient's phone, email or address",
    "location": "leave out the room or bed",
    "model": "leave out what tells the patient apart (name, initials, age, dates, room)",
}

# A patient played, not lived: "our SP for the OSCE plays 'Mr. Johnson'", "the actor playing a
# 92-yr-old". Only words that say so alone: "sp" is more often "status post" and "played" an
# everyday verb (an SP in capitals is read by text.Doc.acted).
ROLE_PLAY = """
standardized osce osces actor actors actress simulation sim mannequin role-play roleplay
portrayed portrays scripted cadaver skeleton
""".split()

# Verbs a first name may be followed by ("where jill teaches"), not a family name.
VERBS_AFTER_NAMES = """
teaches says said wants likes thinks knows does gets runs works helps leads explains
explained taught told asks asked writes wrote gave gives
""".split()

# What happens at a patient's bedside: "the lady in 14 keeps pulling her IV out".
BEDSIDE = """
iv ivs ng foley tube drain lac extubated self-extubated pulled pulling mitts restraints
sitter npo o2 fever febrile spiked septic coded seizing seized vomiting desatting
withdrawing agitated delirious
""".split()

# Where a phone or an address belongs to a place, not a patient (places._personal).
VENUES = """
conference hotel restaurant dinner lunch brunch coffee cafe bar office clinic hospital campus
building hall party venue meeting church gym studio school library center centre museum park
talk event reception
""".split()

# Words just before a number that may make it a bed or a room (places._might_be_a_place).
PLACE_WORDS = """
bed cama bay stretcher crib isolette incubator warmer trolley chair resus track cubicle
curtain slot room rm triage micu sicu icu ccu cvicu nicu picu pacu ed er l&d west east north
south
""".split()
