"""What the migrations share: the type of sorted text, and the id columns, keys and references
their tables repeat.

A released migration must keep making exactly the schema it made (the fixture databases in
tests/data were written by it), so these helpers never change what they return: a new shape
gets a new helper.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

# Text medcrm sorts by compares byte by byte on PostgreSQL as on SQLite, whatever the server's
# locale (SQLite's DDL is unchanged by this).
SORT_KEY = sa.String().with_variant(sa.String(collation="C"), "postgresql")


def ids(*names: str) -> list[sa.Column[int]]:
    """Required integer columns: a table's id, or references to other tables' ids."""
    return [sa.Column(name, sa.Integer(), nullable=False) for name in names]


def primary_key(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    """``pk_<table>`` on ``columns`` (the id when none are named)."""
    return sa.PrimaryKeyConstraint(*(columns or ("id",)), name=op.f(f"pk_{table}"))


def refers(table: str, column: str, to: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    """``fk_<table>_<column>_<to>``: ``column`` holds the id of a row of ``to``."""
    return sa.ForeignKeyConstraint(
        [column], [f"{to}.id"], name=op.f(f"fk_{table}_{column}_{to}"), ondelete=ondelete
    )


def link_table(
    table: str, first: tuple[str, str], second: tuple[str, str], *more: sa.Column[Any]
) -> list[sa.Column[Any] | sa.Constraint]:
    """What ``op.create_table`` takes for a table linking two others: ``(column, table)`` for
    each side, both required, both cascading, together the primary key; ``more`` columns
    after them."""
    (a, a_to), (b, b_to) = first, second
    return [
        *ids(a, b),
        *more,
        refers(table, a, a_to),
        refers(table, b, b_to),
        primary_key(table, a, b),
    ]
