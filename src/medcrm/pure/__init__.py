"""Pure helpers: no I/O, no database, nothing of medcrm outside this package.

Rules that the services apply to what the user types (the patient-information guard, dates,
text folding and checks, sanitising) live here, so they can be tested and benchmarked alone.
"""
