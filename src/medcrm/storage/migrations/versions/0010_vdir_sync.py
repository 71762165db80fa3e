"""What `medcrm sync vdir` remembers of each card of a vdir (its contact and the fingerprints
of both sides at the last sync), and the calendar events `medcrm import ics` logged.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from medcrm.storage.migrations.columns import ids, primary_key, refers

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vdir_item",
        *ids("id"),
        sa.Column("folder", sa.Text(), nullable=False),
        sa.Column("href", sa.String(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("file_hash", sa.String(), nullable=True),
        sa.Column("card_hash", sa.String(), nullable=False),
        refers("vdir_item", "contact_id", "contact", ondelete="SET NULL"),
        primary_key("vdir_item"),
    )
    op.create_index(op.f("ix_vdir_item_contact_id"), "vdir_item", ["contact_id"])
    op.create_index("ix_vdir_item_folder_href", "vdir_item", ["folder", "href"], unique=True)
    op.create_table(
        "calendar_event",
        *ids("id"),
        sa.Column("uid", sa.Text(), nullable=False),
        sa.Column("occurrence", sa.String(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        refers("calendar_event", "interaction_id", "interaction"),
        primary_key("calendar_event"),
    )
    op.create_index(op.f("ix_calendar_event_interaction_id"), "calendar_event", ["interaction_id"])
    op.create_index(
        "ix_calendar_event_uid_occurrence", "calendar_event", ["uid", "occurrence"], unique=True
    )


def downgrade() -> None:
    op.drop_table("calendar_event")
    op.drop_index("ix_vdir_item_folder_href", table_name="vdir_item")
    op.drop_index(op.f("ix_vdir_item_contact_id"), table_name="vdir_item")
    op.drop_table("vdir_item")
