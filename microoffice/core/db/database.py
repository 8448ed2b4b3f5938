"""Opening a database: create and stamp a new one, refuse a too-new one, migrate an old one.

Migration runs on a copy made with SQLite's online backup API; only a copy that upgraded and passed
integrity_check replaces the original, so a failed migration leaves the file byte-identical.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from microoffice.core import paths
from microoffice.core.db import audit_hook, invoice_triggers, triggers
from microoffice.core.db.base import Base
from microoffice.core.db.engine import make_engine, sqlite_path
from microoffice.core.db.schema import HEAD_REVISION
from microoffice.core.db.sqlite_files import (
    PasswordRequired,
    connect_file,
    is_plain_sqlite,
    looks_encrypted,
)
from microoffice.core.db.sqlite_files import (
    integrity_problems as integrity_problems,
)
from microoffice.core.errors import ConflictError, StorageError

log = logging.getLogger(__name__)


class AppSession(Session):
    """Session class carrying the audit hook; services receive one of these."""


audit_hook.install(AppSession)
_triggers_attached = False


def _ensure_models() -> None:
    global _triggers_attached
    from microoffice.core.models import load_all

    load_all()

    if not _triggers_attached:
        triggers.attach(Base.metadata.tables)
        invoice_triggers.attach(Base.metadata.tables)
        _triggers_attached = True


@dataclass
class Database:
    """An open database: its engine and a factory for sessions that audit every write."""

    target: str
    engine: Engine
    key: str | None = field(default=None, repr=False)  # the password, in memory only
    sessions: sessionmaker[AppSession] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, class_=AppSession, expire_on_commit=False)

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.engine)

    @contextmanager
    def session(self, actor: str = "app") -> Iterator[AppSession]:
        """A session in one transaction: committed if the block succeeds, rolled back if not."""
        try:
            with self.sessions() as session, session.begin():
                session.info["actor"] = actor
                yield session
        except StaleDataError as exc:
            raise ConflictError.changed_elsewhere() from exc

    def close(self) -> None:
        self.engine.dispose()


def stored_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def create_schema(engine: Engine) -> None:
    """A brand-new database: every table at head, stamped, in one transaction."""
    _ensure_models()
    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        conn.execute(
            text(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
        )
        conn.execute(
            text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": HEAD_REVISION}
        )


def _seed(engine: Engine) -> None:
    from microoffice.core.services.reference import seed_reference_values

    with sessionmaker(engine, class_=AppSession)() as session, session.begin():
        session.info["actor"] = "setup"
        seed_reference_values(session)


def _is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return not inspect(conn).get_table_names()


def open_database(
    target: str | None = None,
    *,
    create: bool = True,
    seed: bool = True,
    password: str | None = None,
) -> Database:
    """Open (creating or upgrading as needed) the database the user asked for.

    An existing file is inspected read-only first: nothing touches it (not even the switch to WAL)
    until it is known to be at the code's schema, so a refused or failed upgrade leaves it as it was.
    """
    resolved = paths.database_target(target)
    if paths.is_url(resolved):
        return _open_server(resolved)
    db_path = Path(resolved).expanduser()
    if not db_path.exists() and not create:
        raise StorageError(f"There is no database at {db_path}.")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not db_path.exists():
            # created owner-only before SQLite touches it; its -wal/-shm files inherit this mode
            os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise StorageError(f"Cannot create the database {db_path}: {exc.strerror or exc}") from exc
    key = password or None
    upgraded = False
    if db_path.exists() and db_path.stat().st_size > 0:
        _check_access(db_path)
        if is_plain_sqlite(db_path):
            key = None  # a password given for a plain file is simply not needed
        elif not looks_encrypted(db_path):
            raise StorageError(
                f"{db_path} is not a microoffice database (it is not an SQLite file). "
                "Choose another file or restore a backup."
            )
        elif key is None:
            raise PasswordRequired(
                f"{db_path.name} is protected by a password. Enter the password to open it."
            )
        has_tables, revision = _peek(db_path, key)
        if has_tables and revision is None:
            raise StorageError(
                f"{db_path} is an SQLite file but not a microoffice database. Choose another file."
            )
        if has_tables and revision != HEAD_REVISION:
            from microoffice.core.db import migrate

            migrate.upgrade_file(db_path, revision, key)
            upgraded = True
    engine = make_engine(resolved, key=key)
    try:
        if _is_empty(engine):
            create_schema(engine)
            if seed:
                _seed(engine)
        elif upgraded and seed:
            _seed(engine)  # a new version may ship new dated figures; edited ones are kept
    except OperationalError as exc:
        engine.dispose()
        raise StorageError(f"Cannot open the database {resolved}: {exc.orig}") from exc
    return Database(resolved, engine, key=key)


def _open_server(url: str) -> Database:
    engine = make_engine(url)
    try:
        if _is_empty(engine):
            create_schema(engine)
            _seed(engine)
        else:
            revision = stored_revision(engine)
            if revision != HEAD_REVISION:
                engine.dispose()
                from microoffice.core.db import migrate

                migrate.upgrade_in_place(url, revision)
                engine = make_engine(url)
    except OperationalError as exc:
        engine.dispose()
        raise StorageError(f"Cannot open the database {url}: {exc.orig}") from exc
    return Database(url, engine)


def _peek(db_path: Path, key: str | None = None) -> tuple[bool, str | None]:
    """(has any table, stored revision) without writing a byte to the file."""
    try:
        conn = connect_file(db_path, key, readonly=True)
    except sqlite3.Error as exc:
        raise StorageError(f"Cannot open the database {db_path}: {exc}") from exc
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in names:
            return bool(names), None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return True, row[0] if row else None
    except Exception as exc:  # sqlite3 or sqlcipher3 DatabaseError
        raise StorageError(
            f"{db_path} cannot be read as a database ({exc}). Restore a backup or choose another file."
        ) from exc
    finally:
        conn.close()


def _check_access(db_path: Path) -> None:
    if not os.access(db_path, os.R_OK | os.W_OK):
        raise StorageError(f"The database {db_path} cannot be read or written: check permissions.")
