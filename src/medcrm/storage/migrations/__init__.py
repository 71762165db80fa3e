"""Alembic migrations for the medcrm schema (see :mod:`medcrm.storage.migrate`)."""
