"""The application season's deadlines ("ERAS submit", "Rank list certify"), and the ERAS fields
of letters: the ERAS Letter ID, and a waiver that may be unknown (null).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from medcrm.storage.migrations.columns import ids, primary_key, refers

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deadline",
        *ids("id"),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created", sa.Date(), nullable=False),
        sa.Column("phi_allowed", sa.Boolean(), server_default=sa.false(), nullable=False),
        refers("deadline", "program_id", "program"),
        primary_key("deadline"),
    )
    op.create_index(op.f("ix_deadline_due"), "deadline", ["due"])
    op.create_index(op.f("ix_deadline_program_id"), "deadline", ["program_id"])
    # SQLite copies the table to change a column; medcrm reinstalls its triggers (search
    # index, change log) after every upgrade.
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.add_column(sa.Column("eras_id", sa.String(), nullable=True))
        batch_op.alter_column("waived", existing_type=sa.Boolean(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.execute("UPDATE letter SET waived = true WHERE waived IS NULL")
        batch_op.alter_column("waived", existing_type=sa.Boolean(), nullable=False)
        batch_op.drop_column("eras_id")
    op.drop_index(op.f("ix_deadline_program_id"), table_name="deadline")
    op.drop_index(op.f("ix_deadline_due"), table_name="deadline")
    op.drop_table("deadline")
