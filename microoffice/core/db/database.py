"""Opening a database: create and stamp a new one, refuse a too-new one, migrate an old one.

Migration runs on a copy made with SQLite's online backup API; only a copy that upgraded and passed
integrity_check replaces the original, so a failed migration leaves the file byte-identical.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from microoffice.core import paths
from microoffice.core.db import audit_hook, invoice_triggers, ownership, triggers
from microoffice.core.db.base import Base
from microoffice.core.db.engine import READING, make_engine
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
from microoffice.core.errors import (
    ConflictError,
    MicroofficeError,
    OfficeInUseError,
    StorageError,
)
from microoffice.core.people.signed import ACTOR, SIGNED, Signed

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
    """An open database: its engine and a factory for sessions that audit every write.

    A file is either owned (`claim` is exclusive: this program may write) or viewed read-only
    (`readonly`: every connection is query_only; see core/db/ownership.py). `notices` are warnings
    for the person (an office on a network drive), shown once by the window or the command.
    """

    target: str
    engine: Engine
    key: str | None = field(default=None, repr=False)  # the password, in memory only
    file: Path | None = None
    readonly: bool = False
    claim: ownership.Claim | None = field(default=None, repr=False)
    notices: list[str] = field(default_factory=list)
    # who this program acts for (core/people/signin.py); None: nobody signed in yet
    signed: Signed | None = None
    sessions: sessionmaker[AppSession] = field(init=False)
    _pin: Any = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, class_=AppSession, expire_on_commit=False)

    @property
    def path(self) -> Path | None:
        return self.file

    @property
    def place(self) -> str:
        """Where the office is, as a person may see it: the file, or the server's address
        without the password it may carry (`target` keeps it, to open the office again)."""
        from microoffice.core.db.engine import describe_target

        return str(self.file) if self.file is not None else describe_target(self.target)

    def hold_open(self) -> None:
        """Keep one connection open for the Database's life.

        An owner's write-ahead log and shared-memory index then stay in place however the pool
        comes and goes, so a read-only viewer always finds them (it opens the index read-only).
        """
        if self._pin is None and self.engine.dialect.name == "sqlite":
            pin = self.engine.raw_connection()
            cursor = pin.cursor()
            cursor.execute("SELECT count(*) FROM sqlite_master").fetchone()
            cursor.close()
            self._pin = pin

    @contextmanager
    def session(self, actor: str | None = None, *, reading: bool = False) -> Iterator[AppSession]:
        """A session in one transaction: committed if the block succeeds, rolled back if not.

        It acts for whoever signed in (`signed`; core/people/guard.py checks their rights and
        signs the audit trail with their name). `actor` names a writer that is not a person
        ("setup", "demo"). `reading` keeps SQLite's deferred BEGIN, for work that only queries
        (engine.READING).
        """
        try:
            with self.sessions() as session, session.begin():
                session.info[SIGNED] = self.signed
                if actor:
                    session.info[ACTOR] = actor
                session.info["readonly"] = self.readonly
                if reading:
                    session.connection(execution_options={READING: True})
                yield session
        except StaleDataError as exc:
            raise ConflictError.changed_elsewhere() from exc

    def close(self) -> None:
        """Let go of the file: connections first, then (if this was the last use) the claim."""
        if self._pin is not None:
            pin, self._pin = self._pin, None
            pin.close()
        self.engine.dispose()
        if self.claim is not None:
            claim, self.claim = self.claim, None
            claim.release()


def stored_revision(engine: Engine) -> str | None:
    with engine.connect().execution_options(**{READING: True}) as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def create_schema(engine: Engine) -> None:
    """A brand-new database: every table at head, stamped, in one transaction."""
    _ensure_models()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            from microoffice.core.db.server_roles import act_as_office_owner

            act_as_office_owner(conn)  # the tables belong to the office, not to one login
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
        session.info[ACTOR] = "setup"
        seed_reference_values(session)


def _is_empty(engine: Engine) -> bool:
    with engine.connect().execution_options(**{READING: True}) as conn:
        return not inspect(conn).get_table_names()


def open_database(
    target: str | None = None,
    *,
    create: bool = True,
    seed: bool = True,
    password: str | None = None,
    readonly: bool = False,
    holder: str = "another microoffice program",
) -> Database:
    """Open (creating or upgrading as needed) the database the user asked for.

    A file is claimed first (core/db/ownership.py): while another program owns it this raises
    OfficeInUseError, and `readonly=True` opens it as a viewer instead, which never writes. An
    existing file is inspected read-only before anything else: nothing touches it (not even the
    switch to WAL) until it is known to be at the code's schema, so a refused or failed upgrade
    leaves it as it was, without even a -wal or -shm beside it. `holder` names this program in
    the lock file, for the message a second program shows. On a server office (a postgresql://
    address naming the person's own login) `password` is that login's, unless the address
    carries one; a wrong one raises ServerSignInError.
    """
    resolved = paths.database_target(target)
    if paths.is_url(resolved):
        from microoffice.core.db.engine import has_password, with_password

        if password and not has_password(resolved):  # the person's own server login's
            resolved = with_password(resolved, password)
        return _open_server(resolved, seed=seed)
    db_path = Path(resolved).expanduser()
    if readonly:
        return _open_viewer(db_path, resolved, password, holder)
    if not db_path.exists() and not create:
        raise StorageError(f"There is no database at {db_path}.")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StorageError(f"Cannot create the database {db_path}: {exc.strerror or exc}") from exc
    claim = ownership.claim(db_path, holder=holder)
    try:
        return _open_owned(db_path, resolved, password, claim, seed=seed)
    except BaseException:
        claim.release()
        raise


def _open_owned(
    db_path: Path,
    resolved: str,
    password: str | None,
    claim: ownership.Claim,
    *,
    seed: bool = True,
    readonly: bool = False,
) -> Database:
    alone = ownership.users_here(db_path) == 1  # no other Database of this program has it open
    absent = [c for c in ownership.companions(db_path) if not c.exists()]
    if alone:
        ownership.clean_leftovers(db_path)
        from microoffice.core.services import anchors

        anchors.settle_restores(db_path)
    try:
        if not db_path.exists():
            # created owner-only before SQLite touches it; its -wal/-shm files inherit this mode
            os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise StorageError(f"Cannot create the database {db_path}: {exc.strerror or exc}") from exc
    database: Database | None = None
    try:
        key = password or None
        upgraded = False
        if db_path.stat().st_size > 0:
            _check_access(db_path, write=not readonly)
            key = _key_for(db_path, key)
            has_tables, revision = _peek(db_path, key)
            if has_tables and revision is None:
                raise StorageError(
                    f"{db_path} is an SQLite file but not a microoffice database. "
                    "Choose another file."
                )
            if has_tables and revision != HEAD_REVISION:
                if readonly:
                    raise StorageError(_OTHER_VERSION.format(name=db_path.name))
                from microoffice.core.db import migrate

                migrate.upgrade_file(db_path, revision, key)
                upgraded = True
        engine = make_engine(resolved, key=key, readonly=readonly)
        database = Database(resolved, engine, key=key, file=db_path.resolve(), readonly=readonly)
        database.hold_open()
        if not readonly and _is_empty(engine):
            create_schema(engine)
            if seed:
                _seed(engine)
        elif upgraded and seed:
            _seed(engine)  # a new version may ship new dated figures; edited ones are kept
    except BaseException as exc:
        if database is not None:
            database.close()
        if alone:
            for companion in absent:  # made by this attempt's look at the file: not left behind
                companion.unlink(missing_ok=True)
        if isinstance(exc, OperationalError):
            raise StorageError(f"Cannot open the database {resolved}: {exc.orig}") from exc
        raise
    database.claim = claim
    database.notices = _notices(db_path)
    return database


_OTHER_VERSION = (
    "{name} was saved by a different version of microoffice, and it is open in another program, "
    "so it cannot be upgraded now. Close that program, then open the office again."
)


def _open_viewer(db_path: Path, resolved: str, password: str | None, holder: str) -> Database:
    """A read-only view that cannot disturb the program that owns the file.

    If nobody owns it any more, the viewer owns it itself (still read-only), so the write-ahead
    log is tidied when it closes; otherwise it is a guest (engine `guest`).
    """
    if not db_path.is_file():
        raise StorageError(f"There is no database at {db_path}.")
    try:
        claim = ownership.claim(db_path, holder=f"{holder} (read-only)", wait=0)
    except OfficeInUseError:
        pass
    else:
        try:
            return _open_owned(db_path, resolved, password, claim, readonly=True)
        except BaseException:
            claim.release()
            raise
    visit = ownership.attend(db_path)
    try:
        _check_access(db_path, write=False)
        key = _key_for(db_path, password or None)
        if not _wait_for(Path(str(db_path) + "-shm")):
            raise OfficeInUseError(
                f"{db_path.name} is being opened by another program; try again in a moment."
            )
        has_tables, revision = _peek(db_path, key)
        if not has_tables or revision != HEAD_REVISION:
            raise StorageError(_OTHER_VERSION.format(name=db_path.name))
        engine = make_engine(resolved, key=key, guest=True)
        database = Database(resolved, engine, key=key, file=db_path.resolve(), readonly=True)
    except BaseException:
        visit.release()
        raise
    database.claim = visit
    database.notices = _notices(db_path)
    return database


def _wait_for(path: Path, seconds: float = ownership.CLAIM_WAIT_S) -> bool:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def _key_for(db_path: Path, key: str | None) -> str | None:
    """The key that opens the file: none for a plain file, else the password (or ask for it)."""
    if is_plain_sqlite(db_path):
        return None  # a password given for a plain file is simply not needed
    if not looks_encrypted(db_path):
        raise StorageError(
            f"{db_path} is not a microoffice database (it is not an SQLite file). "
            "Choose another file or restore a backup."
        )
    if key is None:
        raise PasswordRequired(
            f"{db_path.name} is protected by a password. Enter the password to open it."
        )
    return key


def _notices(db_path: Path) -> list[str]:
    warning = ownership.network_warning(db_path)
    if warning is not None:
        log.warning("The office is on a network file system")
    return [warning] if warning else []


def _open_server(url: str, *, seed: bool = True) -> Database:
    """A server office: created (schema only when `seed` is off, for an import) if the database
    is empty, upgraded in place if older; per-person rights are reapplied after either."""
    from microoffice.core.db import server_roles

    engine = make_engine(url)
    try:
        if _is_empty(engine):
            create_schema(engine)
            if seed:
                _seed(engine)
            _secure_if_set_up(engine)
        else:
            revision = stored_revision(engine)
            if revision != HEAD_REVISION:
                with engine.connect() as conn:
                    allowed = server_roles.may_change_schema(conn)
                if not allowed:
                    raise StorageError(
                        "This server office needs upgrading to this version of microoffice, and "
                        "only its owner can do that: ask the owner to open it first."
                    )
                engine.dispose()
                from microoffice.core.db import migrate

                migrate.upgrade_in_place(url, revision)
                engine = make_engine(url)
                if seed:
                    _seed(engine)
                _secure_if_set_up(engine)
    except OperationalError as exc:
        engine.dispose()
        raise _server_open_error(url, exc) from None
    except BaseException:
        engine.dispose()
        raise
    return Database(url, engine)


def _secure_if_set_up(engine: Engine) -> None:
    """An office made by `server setup` has per-person logins: after the schema changed, each
    table's grants and policies are made again (server_roles.apply_server_security)."""
    from microoffice.core.db import server_roles

    with engine.connect() as conn:
        secured = server_roles.is_secured(conn)
    if secured:
        server_roles.apply_server_security(engine)


def _server_open_error(url: str, exc: OperationalError) -> MicroofficeError:
    """What a person can do about a server that would not open, without its password or the
    driver's wording."""
    from microoffice.core.db.engine import describe_target, server_login
    from microoffice.core.errors import ServerSignInError

    reason = str(exc.orig)
    where = describe_target(url)
    if "no password supplied" in reason:
        return ServerSignInError(
            f"The server office asks for the password of the login {server_login(url)!r} ({where})."
        )
    if "password authentication failed" in reason:
        return ServerSignInError(
            f"The server did not accept the login {server_login(url)!r} with that password "
            f"({where}). Check the login and password, or ask the office's owner."
        )
    if "does not exist" in reason and "database" in reason:
        return StorageError(
            f"There is no such database on the server ({where}). Make one with "
            "'microoffice server setup'."
        )
    if "permission denied" in reason:
        return StorageError(
            f"The login {server_login(url)!r} may not open this server office ({where})."
        )
    log.warning("A server database could not be opened")
    return StorageError(
        f"Cannot reach the server office {where}: check that PostgreSQL is running there and "
        "that the address is right."
    )


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


def _check_access(db_path: Path, write: bool = True) -> None:
    if not os.access(db_path, os.R_OK | (os.W_OK if write else 0)):
        raise StorageError(f"The database {db_path} cannot be read or written: check permissions.")
