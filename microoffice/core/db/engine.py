"""The one place that opens the database, so every connection gets the same safety settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from microoffice.core import paths

BUSY_TIMEOUT_MS = 5000


def url_for(target: str) -> str:
    """A database URL; plain postgresql:// means the psycopg 3 driver (the one we install)."""
    if paths.is_url(target):
        if target.startswith(("postgresql://", "postgres://")):
            return "postgresql+psycopg://" + target.split("://", 1)[1]
        return target
    return f"sqlite+pysqlite:///{Path(target).expanduser().resolve()}"


def make_engine(target: str, key: str | None = None, **kwargs: Any) -> Engine:
    """An engine with WAL, foreign keys, full sync and a busy timeout on every connection.

    pysqlite's own transaction handling is switched off so that SQLAlchemy's BEGIN covers DDL too:
    that is what makes a migration all-or-nothing. With a key the same dialect runs on SQLCipher's
    DB-API module, and the key is the first thing every connection hears.
    """
    url = url_for(target)
    if not url.startswith("sqlite"):
        return create_engine(url, **kwargs)
    if key is not None:
        from microoffice.core.db.sqlite_files import cipher_module

        kwargs["module"] = cipher_module()
    engine = create_engine(
        url,
        connect_args={"isolation_level": None, "timeout": BUSY_TIMEOUT_MS / 1000},
        **kwargs,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        if key is not None:
            from microoffice.core.db.sqlite_files import apply_key

            apply_key(dbapi_conn, key)
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def sqlite_path(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    return Path(engine.url.database)
