"""Alembic environment: always run on a connection that medcrm.storage.migrate opened and began."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import medcrm.storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise RuntimeError("Run migrations through medcrm (they open the database themselves).")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
