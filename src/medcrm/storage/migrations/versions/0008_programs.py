"""Residency programs for the application season: the programs, their moves through the
pipeline, and the contacts who are part of them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SORT_KEY = sa.String().with_variant(sa.String(collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "program",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", SORT_KEY, nullable=False),
        sa.Column("specialty", sa.String(), nullable=True),
        sa.Column("institution", sa.String(), nullable=True),
        sa.Column("city", sa.String(), nullable=True),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("letters_required", sa.Integer(), nullable=True),
        sa.Column("post_interview_contact", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("interview_on", sa.Date(), nullable=True),
        sa.Column("interview_virtual", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("social_on", sa.Date(), nullable=True),
        sa.Column("respond_by", sa.String(), nullable=True),
        sa.Column("signal", sa.String(), nullable=True),
        sa.Column("rate_fit", sa.Integer(), nullable=True),
        sa.Column("rate_location", sa.Integer(), nullable=True),
        sa.Column("rate_training", sa.Integer(), nullable=True),
        sa.Column("rate_people", sa.Integer(), nullable=True),
        sa.Column("rank_position", sa.Integer(), nullable=True),
        sa.Column("added", sa.Date(), nullable=False),
        sa.Column("phi_allowed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program")),
    )
    op.create_index(op.f("ix_program_name_key"), "program", ["name_key"])
    op.create_index(op.f("ix_program_stage"), "program", ["stage"])
    op.create_table(
        "program_stage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("moved_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            ondelete="CASCADE",
            name=op.f("fk_program_stage_program_id_program"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_stage")),
    )
    op.create_index(op.f("ix_program_stage_program_id"), "program_stage", ["program_id"])
    op.create_table(
        "program_contact",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            ondelete="CASCADE",
            name=op.f("fk_program_contact_program_id_program"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            ondelete="CASCADE",
            name=op.f("fk_program_contact_contact_id_contact"),
        ),
        sa.PrimaryKeyConstraint("program_id", "contact_id", name=op.f("pk_program_contact")),
    )
    op.create_index(op.f("ix_program_contact_contact_id"), "program_contact", ["contact_id"])

    op.create_table(
        "program_letter",
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            ondelete="CASCADE",
            name=op.f("fk_program_letter_program_id_program"),
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letter.id"],
            ondelete="CASCADE",
            name=op.f("fk_program_letter_letter_id_letter"),
        ),
        sa.PrimaryKeyConstraint("program_id", "letter_id", name=op.f("pk_program_letter")),
    )
    op.create_index(op.f("ix_program_letter_letter_id"), "program_letter", ["letter_id"])


def downgrade() -> None:
    op.drop_table("program_letter")
    op.drop_table("program_contact")
    op.drop_table("program_stage")
    op.drop_table("program")
