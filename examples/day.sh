#!/usr/bin/env bash
# A day with medcrm, on a scratch database (your own is never touched).
# Run it from a checkout with:  uv run bash examples/day.sh
set -euo pipefail

export MEDCRM_DB="$(mktemp -d)/medcrm.db"
trap 'rm -rf "$(dirname "$MEDCRM_DB")"' EXIT
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

# Monday, first day of the Internal Medicine clerkship: meet the team.
say medcrm add-contact "Dr. Ana Ruiz" --role attending --specialty "Internal Medicine" \
    --institution "Riverside University Hospital" --met "IM clerkship, 5 North" --every 1m --tag letter-writer
say medcrm add-contact "Dr. Sam Okafor" --role resident --specialty "Internal Medicine" --met "IM clerkship" --every 2m
say medcrm add-contact "Janelle Broussard" --role nurse --met "5 North charge nurse"
say medcrm add-contact "Marcus Oyelaran" --role peer --tag study-group --every 2w

# After the shift: log it with everyone who was there, and plan the thank-you.
say medcrm log ruiz okafor --kind rotation \
    --note "Presented my first new admission at rounds; Dr. Ruiz suggested reading on acid-base" \
    --follow-up "Send Dr. Ruiz a thank-you for the teaching" --due tomorrow

# Evening study group, logged for last Friday's session too.
say medcrm log marcus --kind study-group --date fri --note "Renal shelf questions"
say medcrm follow-up marcus "Send Marcus my nephro summary" --due "in 3 days"

# Next morning: what is due?
say medcrm due

# The thank-you went out; the summary can wait until the weekend.
say medcrm done 1
say medcrm snooze 2 --until sat

# Before asking for a letter: how well does Dr. Ruiz know me?
say medcrm show ruiz
say medcrm contacts
