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


def _index(table: str, *columns: str) -> None:
    """``ix_<table>_<column>`` on each of ``columns``, one column each."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(f"ix_{table}_{column}", [column], unique=False)


def _drop_indexes(table: str, *columns: str) -> None:
    """Drop what :func:`_index` made, in the order given."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.drop_index(f"ix_{table}_{column}")


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
    _index("contact", "email", "name_key", "reconnect_on", "role")

    op.create_table(
        "interaction",
        *ids("id"),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        primary_key("interaction"),
    )
    _index("interaction", "date")

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
    _index("contact_tag", "tag_id")

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
    _index("follow_up", "contact_id")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
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
    _index("interaction_contact", "contact_id")


def downgrade() -> None:
    _drop_indexes("interaction_contact", "contact_id")
    op.drop_table("interaction_contact")

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_follow_up_open_due",
            sqlite_where=sa.text("done_on IS NULL"),
            postgresql_where=sa.text("done_on IS NULL"),
        )
    _drop_indexes("follow_up", "contact_id")
    op.drop_table("follow_up")

    _drop_indexes("contact_tag", "tag_id")
    op.drop_table("contact_tag")
    op.drop_table("tag")

    _drop_indexes("interaction", "date")
    op.drop_table("interaction")

    _drop_indexes("contact", "role", "reconnect_on", "name_key", "email")
    op.drop_table("contact")
