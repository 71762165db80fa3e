"""Residency programs for the application season: the programs, their moves through the
pipeline, and the contacts who are part of them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

from medcrm.storage.migrations.columns import SORT_KEY, ids, link_table, primary_key, refers

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "program",
        *ids("id"),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", SORT_KEY, nullable=False),
        *_optional(sa.String, "specialty", "institution", "city", "url"),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("letters_required", sa.Integer(), nullable=True),
        sa.Column("post_interview_contact", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("interview_on", sa.Date(), nullable=True),
        sa.Column("interview_virtual", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("social_on", sa.Date(), nullable=True),
        *_optional(sa.String, "respond_by", "signal"),
        # The ratings (1 to 5) and the place on the rank list.
        *_optional(sa.Integer, "rate_fit", "rate_location", "rate_training", "rate_people"),
        sa.Column("rank_position", sa.Integer(), nullable=True),
        sa.Column("added", sa.Date(), nullable=False),
        sa.Column("phi_allowed", sa.Boolean(), server_default=sa.false(), nullable=False),
        primary_key("program"),
    )
    op.create_index(op.f("ix_program_name_key"), "program", ["name_key"])
    op.create_index(op.f("ix_program_stage"), "program", ["stage"])
    op.create_table(
        "program_stage",
        *ids("id", "program_id"),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("moved_on", sa.Date(), nullable=False),
        refers("program_stage", "program_id", "program"),
        primary_key("program_stage"),
    )
    op.create_index(op.f("ix_program_stage_program_id"), "program_stage", ["program_id"])
    op.create_table(
        "program_contact",
        *link_table(
            "program_contact",
            ("program_id", "program"),
            ("contact_id", "contact"),
            sa.Column("role", sa.String(), nullable=False),
        ),
    )
    op.create_index(op.f("ix_program_contact_contact_id"), "program_contact", ["contact_id"])

    op.create_table(
        "program_letter",
        *link_table("program_letter", ("program_id", "program"), ("letter_id", "letter")),
    )
    op.create_index(op.f("ix_program_letter_letter_id"), "program_letter", ["letter_id"])


def downgrade() -> None:
    op.drop_table("program_letter")
    op.drop_table("program_contact")
    op.drop_table("program_stage")
    op.drop_table("program")


def _optional(kind: Callable[[], sa.types.TypeEngine[Any]], *names: str) -> list[sa.Column[Any]]:
    """Columns of one type that may be empty, in the order named."""
    return [sa.Column(name, kind(), nullable=True) for name in names]
