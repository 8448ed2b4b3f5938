"""The one place that opens the database, so every connection gets the same safety settings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url

from microoffice.core import paths
from microoffice.core.errors import NotAllowedOnServerError, OfficeBusyError, ReadOnlyOfficeError

BUSY_TIMEOUT_MS = 5000
# Execution option for work that only reads: it keeps SQLite's deferred BEGIN (see make_engine).
READING = "microoffice_reading"
# A server office's writer lock (a transaction-level advisory lock, one per database): a write
# transaction takes it first, as SQLite's BEGIN IMMEDIATE does, so saves from several computers
# take turns and the audit chain stays one line.
WRITER_LOCK = 0x6D6F5752  # "moWR"
READ_ONLY_MESSAGE = (
    "This office is open for changes in another program on this computer, so here it can only "
    "be read: nothing was saved. Close the other program, then open the office again to make "
    "changes."
)


def url_for(target: str) -> str:
    """A database URL; plain postgresql:// means the psycopg 3 driver (the one we install)."""
    if paths.is_url(target):
        if target.startswith(("postgresql://", "postgres://")):
            return "postgresql+psycopg://" + target.split("://", 1)[1]
        return target
    return f"sqlite+pysqlite:///{Path(target).expanduser().resolve()}"


def describe_target(target: str) -> str:
    """A database as a person may see it: a file's path, or a server address without its
    password (a URL may carry one; it never reaches a screen, terminal or log)."""
    if not paths.is_url(target):
        return target
    try:
        url = make_url(target)
    except Exception:  # not a URL SQLAlchemy can read: say only what kind it is
        return "a server database"
    return url.set(drivername=url.drivername.split("+")[0]).render_as_string(hide_password=True)


def server_login(target: str) -> str | None:
    return make_url(url_for(target)).username


def has_password(target: str) -> bool:
    return make_url(url_for(target)).password is not None


def with_password(target: str, password: str) -> str:
    """The server address with this password in it (quoted as a URL needs)."""
    url = make_url(url_for(target)).set(password=password)
    return url.render_as_string(hide_password=False)


def make_engine(
    target: str,
    key: str | None = None,
    *,
    readonly: bool = False,
    guest: bool = False,
    wal: bool = True,
    **kwargs: Any,
) -> Engine:
    """An engine with WAL, foreign keys, full sync and a busy timeout on every connection.

    pysqlite's own transaction handling is switched off so that SQLAlchemy's BEGIN covers DDL too:
    that is what makes a migration all-or-nothing. Writes begin with BEGIN IMMEDIATE, so a
    transaction that reads and then writes waits (up to the busy timeout) for another writer at
    its start, instead of failing at once when its snapshot turns out to be stale; work marked
    READING keeps a deferred BEGIN, so reading never queues behind a long save (WAL lets readers
    run beside a writer). With a key the same dialect runs on SQLCipher's DB-API module, and the
    key is the first thing every connection hears.

    `readonly` connections are query_only; a `guest` (a program that does not own the office)
    also opens the file mode=ro with readonly_shm, so it can never write, checkpoint, rebuild the
    owner's shared-memory index or delete a file (docs/architecture.md, ownership). SQL parameters
    are never put into error messages (hide_parameters): they hold names and addresses.
    """
    url = url_for(target)
    if not url.startswith("sqlite"):
        server = create_engine(url, hide_parameters=True, **kwargs)
        event.listen(server, "handle_error", _server_error)
        if kwargs.get("isolation_level") != "AUTOCOMMIT":  # the administrator's has none
            event.listen(server, "begin", _take_writer_lock)
        return server
    if key is not None:
        from microoffice.core.db.sqlite_files import cipher_module

        kwargs["module"] = cipher_module()
    readonly = readonly or guest
    address: str | URL = url
    if guest:
        from microoffice.core.db.sqlite_files import file_uri

        address = URL.create(
            "sqlite+pysqlite",
            database=file_uri(Path(target)),
            query={"mode": "ro", "readonly_shm": "1", "uri": "true"},
        )
    engine = create_engine(
        address,
        connect_args={"isolation_level": None, "timeout": BUSY_TIMEOUT_MS / 1000},
        hide_parameters=True,
        **kwargs,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        if key is not None:
            from microoffice.core.db.sqlite_files import apply_key

            apply_key(dbapi_conn, key)
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if readonly:
            cursor.execute("PRAGMA query_only=ON")
        else:
            if wal:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        deferred = readonly or conn.get_execution_options().get(READING, False)
        conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")

    @event.listens_for(engine, "handle_error")
    def _typed(context: Any) -> None:
        _hide_literals(context)
        message = str(context.original_exception)
        if message.startswith(("database is locked", "database is busy")):
            raise OfficeBusyError() from None
        if readonly and message.startswith("attempt to write a readonly database"):
            raise ReadOnlyOfficeError(READ_ONLY_MESSAGE) from None

    return engine


def _take_writer_lock(conn: Any) -> None:
    """Work that may write waits for the office's writer lock before it reads anything, so no
    save is built on what another computer is changing at that moment (work marked READING
    never waits: PostgreSQL's readers do not block)."""
    if not conn.get_execution_options().get(READING, False):
        # as long as SQLite's busy timeout, then "another program is saving" (never a hang)
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{BUSY_TIMEOUT_MS}ms'")
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")


def _server_error(context: Any) -> None:
    """A statement the server refused for want of rights (a role's grants or row-level
    security, SQLSTATE 42501) is said as such, not as a crash."""
    _hide_literals(context)
    state = getattr(context.original_exception, "sqlstate", None)
    if state == "42501":
        raise NotAllowedOnServerError() from None
    if state == "55P03":  # lock_timeout: another computer's save held on for too long
        raise OfficeBusyError() from None


_QUOTED = re.compile(r"'(?:[^']|'')*'")


def _hide_literals(context: Any) -> None:
    """Blank the quoted values a statement was written with, as hide_parameters does for bound
    ones: a statement can carry a value in its text (an import writes a column that is the same in
    every row once, as a literal), and the error would quote it."""
    error = context.sqlalchemy_exception
    statement = getattr(error, "statement", None)
    if isinstance(statement, str):
        error.statement = _QUOTED.sub("'?'", statement)


def sqlite_path(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    return Path(engine.url.database)
