"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Text medcrm sorts by compares byte by byte on PostgreSQL as on SQLite, whatever the server's
# locale (SQLite's DDL is unchanged by this).
SORT_KEY = sa.String().with_variant(sa.String(collation="C"), "postgresql")

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index("ix_contact_email", ["email"], unique=False)
        batch_op.create_index("ix_contact_name_key", ["name_key"], unique=False)
        batch_op.create_index("ix_contact_reconnect_on", ["reconnect_on"], unique=False)
        batch_op.create_index("ix_contact_role", ["role"], unique=False)

    op.create_table(
        "interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction")),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index("ix_interaction_date", ["date"], unique=False)

    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", SORT_KEY, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag")),
        sa.UniqueConstraint("name", name=op.f("uq_tag_name")),
    )
    op.create_table(
        "contact_tag",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_tag_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tag.id"], name=op.f("fk_contact_tag_tag_id_tag"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("contact_id", "tag_id", name=op.f("pk_contact_tag")),
    )
    with op.batch_alter_table("contact_tag", schema=None) as batch_op:
        batch_op.create_index("ix_contact_tag_tag_id", ["tag_id"], unique=False)

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created", sa.Date(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_follow_up_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_follow_up_interaction_id_interaction"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
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
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_interaction_contact_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_interaction_contact_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "interaction_id", "contact_id", name=op.f("pk_interaction_contact")
        ),
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
