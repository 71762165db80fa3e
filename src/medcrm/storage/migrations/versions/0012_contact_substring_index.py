"""The contacts' substring index behind ``contacts --search`` (medcrm.storage.substring):
SQLite, an FTS5 table with the trigram tokenizer when the build has it; PostgreSQL, the
pg_trgm extension when the role may make it (its GIN index, the table's rows and SQLite's
triggers are made after every upgrade, by ``substring.install``).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

from medcrm.storage import substring

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    substring.create(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    substring.remove(bind)
    if bind.dialect.name != "postgresql":
        op.execute(f"DROP TABLE IF EXISTS {substring.TABLE}")
