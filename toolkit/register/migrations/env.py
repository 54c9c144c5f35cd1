"""Alembic's environment for the register: runs on the connection the toolkit hands it.

The toolkit opens the database itself (it holds the SQLCipher key, which must never appear in a
URL or a log), so this environment never connects on its own and configures no logging.
"""

from __future__ import annotations

from alembic import context

from toolkit.register.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them; batch mode does that
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
