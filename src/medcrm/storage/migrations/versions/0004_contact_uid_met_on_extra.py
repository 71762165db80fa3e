"""Contacts get a uid (vCard UID), met_on and extra; follow-ups a scheduled date and cancelled.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

from uuid import uuid4

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uid", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("met_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("extra", sa.Text(), nullable=True))
    conn = op.get_bind()
    for (cid,) in conn.execute(sa.text("SELECT id FROM contact")).all():
        conn.execute(
            sa.text("UPDATE contact SET uid = :uid WHERE id = :id"),
            {"uid": str(uuid4()), "id": cid},
        )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.alter_column("uid", existing_type=sa.String(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_contact_uid"), ["uid"])
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scheduled", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("cancelled", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_column("cancelled")
        batch_op.drop_column("scheduled")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_contact_uid"), type_="unique")
        batch_op.drop_column("extra")
        batch_op.drop_column("met_on")
        batch_op.drop_column("uid")
