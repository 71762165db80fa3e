"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from medcrm.storage.migrations.columns import SORT_KEY, ids, link_table, primary_key, refers

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact",
        *ids("id"),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", SORT_KEY, nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("institution", sa.String(), nullable=True),
        sa.Column("specialty", sa.String(), nullable=True),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("phone", sa.String(), nullable=True),
        sa.Column("met", sa.String(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("every", sa.String(), nullable=True),
        sa.Column("added", sa.Date(), nullable=False),
        sa.Column("last_contact", sa.Date(), nullable=True),
        sa.Column("reconnect_on", sa.Date(), nullable=True),
        primary_key("contact"),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index("ix_contact_email", ["email"], unique=False)
        batch_op.create_index("ix_contact_name_key", ["name_key"], unique=False)
        batch_op.create_index("ix_contact_reconnect_on", ["reconnect_on"], unique=False)
        batch_op.create_index("ix_contact_role", ["role"], unique=False)

    op.create_table(
        "interaction",
        *ids("id"),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        primary_key("interaction"),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index("ix_interaction_date", ["date"], unique=False)

    op.create_table(
        "tag",
        *ids("id"),
        sa.Column("name", SORT_KEY, nullable=False),
        primary_key("tag"),
        sa.UniqueConstraint("name", name=op.f("uq_tag_name")),
    )
    op.create_table(
        "contact_tag", *link_table("contact_tag", ("contact_id", "contact"), ("tag_id", "tag"))
    )
    with op.batch_alter_table("contact_tag", schema=None) as batch_op:
        batch_op.create_index("ix_contact_tag_tag_id", ["tag_id"], unique=False)

    op.create_table(
        "follow_up",
        *ids("id", "contact_id"),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created", sa.Date(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        refers("follow_up", "contact_id", "contact"),
        refers("follow_up", "interaction_id", "interaction", ondelete="SET NULL"),
        primary_key("follow_up"),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index("ix_follow_up_contact_id", ["contact_id"], unique=False)
        batch_op.create_index(
            "ix_follow_up_open_due",
            ["due"],
            unique=False,
            sqlite_where=sa.text("done_on IS NULL"),
            postgresql_where=sa.text("done_on IS NULL"),
        )

    op.create_table(
        "interaction_contact",
        *ids("interaction_id", "contact_id"),
        refers("interaction_contact", "contact_id", "contact"),
        refers("interaction_contact", "interaction_id", "interaction"),
        primary_key("interaction_contact", "interaction_id", "contact_id"),
    )
    with op.batch_alter_table("interaction_contact", schema=None) as batch_op:
        batch_op.create_index("ix_interaction_contact_contact_id", ["contact_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("interaction_contact", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_contact_contact_id")

    op.drop_table("interaction_contact")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_follow_up_open_due",
            sqlite_where=sa.text("done_on IS NULL"),
            postgresql_where=sa.text("done_on IS NULL"),
        )
        batch_op.drop_index("ix_follow_up_contact_id")

    op.drop_table("follow_up")
    with op.batch_alter_table("contact_tag", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_tag_tag_id")

    op.drop_table("contact_tag")
    op.drop_table("tag")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_date")

    op.drop_table("interaction")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_role")
        batch_op.drop_index("ix_contact_reconnect_on")
        batch_op.drop_index("ix_contact_name_key")
        batch_op.drop_index("ix_contact_email")

    op.drop_table("contact")
