"""Rotations, letters of recommendation, settings, levels, mentors, recurring follow-ups.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from medcrm.storage.migrations.columns import SORT_KEY, ids, primary_key, refers

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rotation",
        *ids("id"),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", SORT_KEY, nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("service", sa.String(), nullable=True),
        sa.Column("site", sa.String(), nullable=True),
        primary_key("rotation"),
        sa.UniqueConstraint("name_key", name=op.f("uq_rotation_name_key")),
    )
    with op.batch_alter_table("rotation", schema=None) as batch_op:
        batch_op.create_index("ix_rotation_ends_on", ["ends_on"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", SORT_KEY, nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        primary_key("setting", "key"),
    )
    op.create_table(
        "letter",
        *ids("id", "contact_id"),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("waived", sa.Boolean(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("materials_sent_on", sa.Date(), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("thanked_on", sa.Date(), nullable=True),
        sa.Column("declined_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        refers("letter", "contact_id", "contact"),
        primary_key("letter"),
    )
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.create_index("ix_letter_contact_id", ["contact_id"], unique=False)
        batch_op.create_index("ix_letter_due", ["due"], unique=False)

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("level", sa.String(), nullable=True))
        batch_op.add_column(
            sa.Column("mentor", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("reconnect_soon_on", sa.Date(), nullable=True))
        batch_op.create_index("ix_contact_reconnect_soon_on", ["reconnect_soon_on"], unique=False)

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.add_column(sa.Column("every", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("purpose", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("rotation_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("letter_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_follow_up_letter_id", ["letter_id"], unique=False)
        batch_op.create_index("ix_follow_up_rotation_id", ["rotation_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_follow_up_letter_id_letter"),
            "letter",
            ["letter_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_follow_up_rotation_id_rotation"),
            "rotation",
            ["rotation_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rotation_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_interaction_rotation_id", ["rotation_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_interaction_rotation_id_rotation"),
            "rotation",
            ["rotation_id"],
            ["id"],
            ondelete="SET NULL",
        )

    # Until now every cadence was a single duration: "reconnect soon" and "reconnect" coincide.
    op.execute("UPDATE contact SET reconnect_soon_on = reconnect_on")


def downgrade() -> None:
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_interaction_rotation_id_rotation"), type_="foreignkey"
        )
        batch_op.drop_index("ix_interaction_rotation_id")
        batch_op.drop_column("rotation_id")

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_follow_up_rotation_id_rotation"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("fk_follow_up_letter_id_letter"), type_="foreignkey")
        batch_op.drop_index("ix_follow_up_rotation_id")
        batch_op.drop_index("ix_follow_up_letter_id")
        batch_op.drop_column("letter_id")
        batch_op.drop_column("rotation_id")
        batch_op.drop_column("purpose")
        batch_op.drop_column("every")

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_reconnect_soon_on")
        batch_op.drop_column("reconnect_soon_on")
        batch_op.drop_column("mentor")
        batch_op.drop_column("level")

    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.drop_index("ix_letter_due")
        batch_op.drop_index("ix_letter_contact_id")

    op.drop_table("letter")
    op.drop_table("setting")
    with op.batch_alter_table("rotation", schema=None) as batch_op:
        batch_op.drop_index("ix_rotation_ends_on")

    op.drop_table("rotation")
