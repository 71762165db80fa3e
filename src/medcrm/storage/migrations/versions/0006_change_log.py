"""The change log behind `medcrm undo` and `redo`: change and change_row (the triggers that
fill them are installed by medcrm.storage.changes after every upgrade).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from medcrm.storage.migrations.columns import ids, primary_key, refers

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change",
        *ids("id"),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("command", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("undone_order", sa.Integer(), nullable=True),
        primary_key("change"),
    )
    op.create_table(
        "change_row",
        *ids("id", "change_id"),
        sa.Column("table_name", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("pk", sa.String(), nullable=False),
        sa.Column("old_row", sa.Text(), nullable=True),
        sa.Column("new_row", sa.Text(), nullable=True),
        refers("change_row", "change_id", "change"),
        primary_key("change_row"),
    )
    with op.batch_alter_table("change_row", schema=None) as batch_op:
        batch_op.create_index("ix_change_row_change_id", ["change_id"], unique=False)
        batch_op.create_index("ix_change_row_table_name_pk", ["table_name", "pk"], unique=False)


def downgrade() -> None:
    op.drop_table("change_row")
    op.drop_table("change")
