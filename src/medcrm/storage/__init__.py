"""The data layer: the only place that knows SQL, files and the database's shape.

Connections and transactions (`connection`, `db`, `server`), opening a database (`store`),
the schema (`models`, `revisions`, `migrations/`), the read queries (`queries`), backups and
restores (`backup`), the checks of what is in a file (`audit`, `safety`) and writing files
safely (`files`).
"""
