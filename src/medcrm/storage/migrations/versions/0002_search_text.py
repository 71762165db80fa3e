"""Fold names and searchable text once, when they are written.

Adds ``contact.search_text`` (every searchable field, folded for case, accents and letters such
as ø, æ and ł) and recomputes ``contact.name_key``, which now folds those letters too.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from medcrm.pure.text import name_key, search_text

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))

    conn = op.get_bind()
    tags: dict[int, list[str]] = defaultdict(list)
    for contact_id, tag in conn.execute(
        sa.text(
            "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "ORDER BY t.name"
        )
    ):
        tags[contact_id].append(tag)
    rows = conn.execute(
        sa.text("SELECT id, name, institution, specialty, email, phone, met, notes FROM contact")
    ).all()
    for cid, name, institution, specialty, email, phone, met, notes in rows:
        key = name_key(name)
        text = search_text(
            [key, name, institution, specialty, email, phone, met, notes, *tags[cid]]
        )
        conn.execute(
            sa.text("UPDATE contact SET name_key = :key, search_text = :text WHERE id = :id"),
            {"key": key, "text": text, "id": cid},
        )


def downgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_column("search_text")
