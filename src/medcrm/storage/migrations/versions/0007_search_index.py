"""The search index behind `medcrm search` (its triggers and contents are made by
medcrm.storage.search after every upgrade). SQLite: FTS5 when the build has it, else a plain
table. PostgreSQL: a tsvector of the folded text with a GIN index.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

from medcrm.storage.connection import sqlite_can

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Lower case, accents removed (the marks a decomposition leaves, U+0300-U+036F): what
# PostgreSQL's index folds; the letters Unicode does not decompose (ø, ł, ß) are spelled out
# in the indexed text itself (medcrm.storage.search). Punctuation becomes a space before the
# text is split into words, as SQLite's FTS5 splits it (an email is three words to both).


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION medcrm_fold(value text) RETURNS text LANGUAGE sql "
            "IMMUTABLE AS $$ SELECT regexp_replace(normalize(lower(value), NFD), "
            "'[\\u0300-\\u036f]', '', 'g') $$"
        )
        op.execute(
            "CREATE OR REPLACE FUNCTION medcrm_json_field(value text, field text) RETURNS text "
            "LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN value::jsonb ->> field; "
            "EXCEPTION WHEN others THEN RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TABLE search_index (id bigint PRIMARY KEY, kind text NOT NULL, "
            "ref bigint NOT NULL, body text NOT NULL, tsv tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple', regexp_replace(medcrm_fold(body), '[[:punct:]]+', ' ', 'g'))) "
            "STORED)"
        )
        op.execute("CREATE INDEX ix_search_index_tsv ON search_index USING gin (tsv)")
        return
    if has_fts5():
        bind.exec_driver_sql(
            "CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, ref UNINDEXED, "
            "body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    else:  # a SQLite built without FTS5: LIKE on a plain table
        bind.exec_driver_sql(
            "CREATE TABLE search_index (kind TEXT NOT NULL, ref INTEGER NOT NULL, "
            "body TEXT NOT NULL)"
        )


def has_fts5() -> bool:
    """Whether this SQLite has FTS5."""
    return sqlite_can("CREATE VIRTUAL TABLE probe USING fts5(x)")


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION medcrm_json_field(text, text)")
        op.execute("DROP FUNCTION medcrm_fold(text)")
