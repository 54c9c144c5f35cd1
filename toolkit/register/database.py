"""Where the register lives and how it is opened: SQLCipher (or plain SQLite) or PostgreSQL.

The SQLCipher key is handed to the driver by a creator function, as ``PRAGMA key`` on each new
connection: it is never part of a URL, so no log line, error or ``repr`` of the engine can show it.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlcipher import SQLiteDialect_pysqlcipher
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import QueuePool

from toolkit.errors import UsageError
from toolkit.register.errors import RegisterError

#: Environment variables: the database URL, and the SQLCipher key itself (as $TOOLKIT_PASSWORD
#: holds a pack's password).
DB_ENV = "TOOLKIT_DB"
KEY_ENV = "TOOLKIT_REGISTER_KEY"
#: How long a writer waits for another process's transaction before giving up, in seconds.
BUSY_TIMEOUT = 30.0
#: The first bytes of every plain SQLite database; an SQLCipher file starts with random salt.
SQLITE_MAGIC = b"SQLite format 3\x00"
#: A generated key: 32 random bytes, written as 64 hex digits and used as SQLCipher's raw key,
#: which skips the passphrase key derivation (256,000 PBKDF2 rounds, ~0.1 s a connection).
RAW_KEY_HEX_DIGITS = 64
APP_FOLDER = "provider-concerns-toolkit"


class KeyedCipherDialect(SQLiteDialect_pysqlcipher):
    """SQLAlchemy's pysqlcipher dialect, keyed by the toolkit's creator rather than the URL.

    The stock dialect reads the key from the URL's password and issues ``PRAGMA key`` itself,
    refusing an empty one; here the creator has keyed the connection already.
    """

    supports_statement_cache = True

    def on_connect_url(self, url: URL) -> Any:
        return super(SQLiteDialect_pysqlcipher, self).on_connect_url(url)


registry.register("sqlite.toolkitcipher", __name__, "KeyedCipherDialect")


@dataclass(frozen=True)
class Location:
    """A resolved register: a SQLAlchemy URL, and the SQLite file when it is one."""

    url: URL
    path: Path | None

    @property
    def shown(self) -> str:
        """How messages name the register (a file's path; a server URL without its password)."""
        if self.path is not None:
            return str(self.path)
        return self.url.render_as_string(hide_password=True)


def data_folder() -> Path:
    """The user's data folder for the toolkit (XDG on Linux, Application Support, LocalAppData)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_FOLDER


def config_folder() -> Path:
    """The user's configuration folder, where generated register keys are kept (not the data)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Preferences"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / APP_FOLDER


def locate(db: str | None = None) -> Location:
    """The register named by ``db`` (a URL or a path), else $TOOLKIT_DB, else the default file."""
    given = db or os.environ.get(DB_ENV) or str(data_folder() / "register.db")
    if "://" not in given:
        path = Path(given).expanduser()
        return Location(URL.create("sqlite+toolkitcipher", database=str(path)), path)
    try:
        url = make_url(given)
    except ArgumentError:
        raise UsageError(f"{given!r}: not a register's database URL or file path") from None
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise UsageError("a register in memory would be lost at once; give a file")
        path = Path(url.database).expanduser()
        return Location(URL.create("sqlite+toolkitcipher", database=str(path)), path)
    if url.get_backend_name() == "postgresql":
        if url.get_driver_name() != "psycopg":
            url = url.set(drivername="postgresql+psycopg")
        return Location(url, None)
    raise UsageError(f"a register runs on SQLite or PostgreSQL, not {url.drivername}")


def default_key_file(path: Path) -> Path:
    """Where a key generated for the register file ``path`` is kept: the user's configuration
    folder, named after the register, so that the key never sits beside the data it opens."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
    return config_folder() / "register-keys" / f"{path.stem}-{digest}.key"


def generate_key() -> str:
    """A new random key: 64 hex digits (256 bits)."""
    return secrets.token_hex(RAW_KEY_HEX_DIGITS // 2)


def key_pragma(key: str) -> str:
    """The ``PRAGMA key`` statement for ``key``: a raw key for 64 hex digits, else a passphrase."""
    if len(key) == RAW_KEY_HEX_DIGITS and all(c in "0123456789abcdefABCDEF" for c in key):
        return f"PRAGMA key = \"x'{key}'\""
    return "PRAGMA key = '" + key.replace("'", "''") + "'"


def file_state(path: Path) -> str:
    """``new``, ``plain`` (SQLite), ``encrypted`` (looks like SQLCipher) or ``foreign``."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return "new"
    except IsADirectoryError:
        raise RegisterError(f"{path}: is a folder, not a register file") from None
    except OSError as error:
        raise RegisterError(f"{path}: cannot read the register ({error.strerror})") from None
    if size == 0:  # created and never written: nothing to protect or refuse yet
        return "new"
    if head == SQLITE_MAGIC:
        return "plain"
    # SQLCipher pages are 512 to 65,536 bytes: anything else was never a database
    if size < 512 or size % 512:
        return "foreign"
    return "encrypted"


def sqlite_engine(path: Path, key: str | None) -> Engine:
    """An engine on the SQLite file ``path``, keyed with SQLCipher unless ``key`` is None.

    Each connection waits BUSY_TIMEOUT for a lock (`use_wal` sets the journal mode once the
    file is known to be a register); transactions start with BEGIN IMMEDIATE, so two writers
    queue instead of failing when the second tries to upgrade a read lock.
    """
    import sqlcipher3

    pragma = None if key is None else key_pragma(key)

    def connect() -> Any:
        connection = sqlcipher3.connect(
            str(path), timeout=BUSY_TIMEOUT, check_same_thread=False, isolation_level=None
        )
        # SQLCipher logs a wrong key's failed page checks to stderr; the toolkit says one line
        connection.execute("PRAGMA cipher_log_level = NONE")
        if pragma is not None:
            connection.execute(pragma)
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    # A pool of connections handed from thread to thread: SQLAlchemy's default for a URL with
    # no file in it is SingletonThreadPool, one connection per thread, which closes another
    # thread's connection while in use once more than five threads read (the web app's pages
    # do), and SQLCipher then crashes the process.
    engine = create_engine("sqlite+toolkitcipher://", creator=connect, poolclass=QueuePool)

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def use_wal(engine: Engine) -> None:
    """Switch a register file to WAL: readers never wait for a writer, writers queue.

    Set only once the file is known to be a register: the mode is written into the file, and a
    foreign or newer database is never altered. Run outside any transaction, as SQLite demands.
    """
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA journal_mode = WAL")  # type: ignore[union-attr]
    finally:
        raw.close()


def server_engine(url: URL) -> Engine:
    """An engine on a PostgreSQL server (access control is the server's; no key here)."""
    return create_engine(url, pool_pre_ping=False)
