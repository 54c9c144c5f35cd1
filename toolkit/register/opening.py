"""Opening a register: find it, key it, refuse what is not ours, migrate it forward.

A new SQLite register is encrypted unless ``plain`` is asked for at creation; its key is
given or generated into a new 0600 file away from the register. A database written by a newer
toolkit (a revision these migrations do not know) is refused before anything is written.
"""

from __future__ import annotations

import importlib.resources
import io
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DatabaseError, OperationalError

from toolkit.errors import UsageError
from toolkit.register.database import (
    KEY_ENV,
    Location,
    default_key_file,
    file_state,
    generate_key,
    locate,
    server_engine,
    sqlite_engine,
    use_wal,
)
from toolkit.register.errors import RegisterError, WrongKeyError


@dataclass
class Opened:
    """An open, migrated register; ``key_file`` is set when a key was generated into it."""

    engine: Engine
    location: Location
    key_file: Path | None = None


def open_database(
    db: str | None = None,
    *,
    key: str | None = None,
    key_file: str | Path | None = None,
    key_out: str | Path | None = None,
    plain: bool = False,
) -> Opened:
    """Open (creating and migrating as needed) the register named by ``db``.

    The key is ``key``, else the first line of ``key_file``, else $TOOLKIT_REGISTER_KEY, else
    the key file the toolkit generated for this register. Raises RegisterError (WrongKeyError
    for a key that does not open it) with one line naming the register, never the key.
    """
    location = locate(db)
    if location.path is None:
        if plain or key_file or key_out:
            raise UsageError(
                "a plain register and a register key are for a SQLite register; a PostgreSQL "
                "register relies on the server's access control"
            )
        opened = Opened(server_engine(location.url), location)
        _probe_server(opened)
    else:
        opened = _open_file(location, location.path, _given_key(key, key_file), key_out, plain)
    try:
        migrate(opened.engine, location)
        if location.path is not None:
            use_wal(opened.engine)
    except BaseException:
        opened.engine.dispose()
        raise
    return opened


def _given_key(key: str | None, key_file: str | Path | None) -> str | None:
    if key is not None:
        return key
    if key_file is not None:
        from toolkit.passwords import read_password_file

        return read_password_file(key_file)
    return os.environ.get(KEY_ENV) or None


def _open_file(
    location: Location, path: Path, key: str | None, key_out: str | Path | None, plain: bool
) -> Opened:
    state = file_state(path)
    if state == "foreign":
        raise RegisterError(f"{path}: not a register (neither an SQLite nor an SQLCipher database)")
    if state != "new" and plain:
        raise UsageError(f"{path}: --plain is for creating a register, and this one exists")
    if key_out is not None and state != "new":
        raise UsageError(f"{path}: --key-out is for the key of a new register, and this one exists")
    if state == "plain":
        return _probed(Opened(sqlite_engine(path, None), location), encrypted=False)
    if state == "encrypted":
        if key is None:
            kept = default_key_file(path)
            if not kept.exists():
                raise RegisterError(
                    f"{path}: the register is encrypted; give --key-file or set ${KEY_ENV}"
                )
            key = _read_key(kept)
        return _probed(Opened(sqlite_engine(path, key), location), encrypted=True)
    return _create(location, path, key, key_out, plain)


def _read_key(path: Path) -> str:
    from toolkit.passwords import read_password_file

    return read_password_file(path)


def _create(
    location: Location, path: Path, key: str | None, key_out: str | Path | None, plain: bool
) -> Opened:
    """A new register file: plain when asked, else keyed with the given or a generated key."""
    if not path.parent.is_dir():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise RegisterError(
                f"{path.parent}: cannot create the folder ({error.strerror})"
            ) from None
    if plain and key_out is not None:
        raise UsageError("a plain register has no key, so there is no new key to write out")
    existed = path.exists()  # an empty file, perhaps made by a previous run that failed
    try:
        # owner-only from the first byte; SQLite gives its -wal and -shm files the same mode
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        os.chmod(path, 0o600)
    except OSError as error:
        raise RegisterError(f"{path}: cannot create the register ({error.strerror})") from None
    try:
        return _create_keyed(location, path, None if plain else key, key_out, plain)
    except BaseException:
        if not existed:
            path.unlink(missing_ok=True)
        raise


def _create_keyed(
    location: Location, path: Path, key: str | None, key_out: str | Path | None, plain: bool
) -> Opened:
    if plain:
        return _probed(Opened(sqlite_engine(path, None), location), encrypted=False)
    generated: Path | None = None
    if key is None:
        from toolkit.passwords import write_password_file

        generated = Path(key_out) if key_out is not None else default_key_file(path)
        if generated.resolve() == path.resolve():
            raise UsageError(f"{generated}: the key file cannot be the register itself")
        generated.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = generate_key()
        write_password_file(generated, key)
    elif key_out is not None:
        raise UsageError("a file for a generated key was named, but a key was given")
    else:
        from toolkit.passwords import check_password

        if len(key) != 64:  # a passphrase someone chose, not a generated raw key
            check_password(key)
    try:
        return _probed(Opened(sqlite_engine(path, key), location, generated), encrypted=True)
    except BaseException:
        if generated is not None:
            generated.unlink(missing_ok=True)
        raise


def _probed(opened: Opened, *, encrypted: bool) -> Opened:
    """``opened`` once a first read succeeded (SQLCipher tells a wrong key only then)."""
    path = opened.location.path
    try:
        with opened.engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except DatabaseError as error:
        opened.engine.dispose()
        if encrypted:
            raise WrongKeyError(
                f"{path}: the key does not open this register (a wrong key, or a damaged file)"
            ) from None
        raise RegisterError(
            f"{path}: damaged, not a usable register ({_first_line(error)})"
        ) from None
    return opened


def _probe_server(opened: Opened) -> None:
    try:
        with opened.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        opened.engine.dispose()
        raise RegisterError(
            f"{opened.location.shown}: cannot reach the register ({_first_line(error)})"
        ) from None


def _first_line(error: DatabaseError) -> str:
    return str(error.orig).strip().splitlines()[0] if error.orig else str(error).splitlines()[0]


def alembic_config() -> object:
    """Alembic's configuration, its scripts read from inside the installed package."""
    from alembic.config import Config

    config = Config(stdout=io.StringIO())  # the library never prints
    location = importlib.resources.files("toolkit.register") / "migrations"
    config.set_main_option("script_location", str(location))
    return config


def migrate(engine: Engine, location: Location) -> None:
    """Bring the register's tables to this toolkit's newest revision, in one transaction.

    Refused, touching nothing: a revision this toolkit does not know (a newer toolkit wrote
    it), and a database with tables but no register revision (something else's database).
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    config = alembic_config()
    scripts = ScriptDirectory.from_config(config)  # type: ignore[arg-type]
    head = scripts.get_current_head()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # two first uses at once must not both create the tables
            connection.execute(text("SELECT pg_advisory_xact_lock(74657)"))
        current = MigrationContext.configure(connection).get_current_revision()
        if current == head:
            return
        if current is not None:
            try:
                known = scripts.get_revision(current) is not None
            except CommandError:
                known = False
            if not known:
                raise RegisterError(
                    f"{location.shown}: written by a newer toolkit (register revision "
                    f"{current}); upgrade the toolkit to use it, nothing was changed"
                )
        elif inspect(connection).get_table_names():
            raise RegisterError(
                f"{location.shown}: a database of something else, not a register "
                "(it has tables but no register revision); nothing was changed"
            )
        config.attributes["connection"] = connection  # type: ignore[attr-defined]
        command.upgrade(config, "head")  # type: ignore[arg-type]
