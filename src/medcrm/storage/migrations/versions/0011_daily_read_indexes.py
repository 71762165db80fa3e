"""Indexes for the morning view at 100,000 contacts: mentors (a partial index, by when they
lapse) and the "reconnect soon" range read from the index alone.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

MENTOR = sa.text("mentor")


def upgrade() -> None:
    op.create_index(
        "ix_contact_mentor",
        "contact",
        ["reconnect_on"],
        sqlite_where=MENTOR,
        postgresql_where=MENTOR,
    )
    op.drop_index("ix_contact_reconnect_soon_on", table_name="contact")
    op.create_index(
        "ix_contact_reconnect_soon_on", "contact", ["reconnect_soon_on", "reconnect_on"]
    )


def downgrade() -> None:
    op.drop_index("ix_contact_reconnect_soon_on", table_name="contact")
    op.create_index("ix_contact_reconnect_soon_on", "contact", ["reconnect_soon_on"])
    op.drop_index("ix_contact_mentor", table_name="contact")
