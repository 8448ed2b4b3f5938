"""`microoffice server setup`: a team's office on a PostgreSQL server, in one step.

With the server's administrator login (once, never stored) it makes the office's group role
`<office>_owner`, the owner's own login (a member of that group), and the office's database
owned by the group; then, signed in as the owner, it makes the tables (and seeds the reference
figures, or imports a file office's JSON export instead) and applies every role's rights
(core/db/server_roles.py). A database this run made is dropped again if any step fails, so a
failed setup leaves nothing half-made; run again, it changes nothing that is already right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, make_url, text
from sqlalchemy.exc import OperationalError

from microoffice.core.db.engine import describe_target, make_engine, url_for, with_password
from microoffice.core.db.server_roles import (
    apply_server_security,
    check_login_name,
    check_password,
    group_name,
    password_verifier,
    quote,
)
from microoffice.core.errors import StorageError, UserError, ValidationError

OFFICE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class ServerOffice:
    where: str  # the office's address, without a password
    owner_login: str
    created: bool  # the database was made now (not there from an earlier setup)
    imported_rows: int | None  # rows moved in from a JSON export, if one was given


def default_admin_url(office_url: str) -> str:
    """The server's administrator on the office's own server: postgres, database postgres."""
    office = make_url(url_for(office_url))
    admin = URL.create(
        office.drivername, "postgres", None, office.host, office.port, "postgres", office.query
    )
    return admin.render_as_string(hide_password=False)


def setup_server_office(
    office_url: str, owner_password: str, admin_url: str, *, source: Path | None = None
) -> ServerOffice:
    """Make (or bring up to date) a server office whose owner signs in as the URL's login."""
    from microoffice.core.services.transfer import check_export, read_export

    office = make_url(url_for(office_url))
    login, database = office.username or "", office.database or ""
    check_login_name(login)
    if not OFFICE_NAME.match(database):
        raise ValidationError(
            {
                "database": "The office's database name is 1 to 40 small letters, digits or "
                "underscores, starting with a letter (for example office)."
            }
        )
    check_password(owner_password)
    data = check_export(read_export(source)) if source is not None else None  # before any change
    owner_url = with_password(office_url, owner_password)
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        made = _prepare(admin, database, login, owner_password)
        created = made is not None
        try:
            rows = _fill(owner_url, data)
        except BaseException:
            if made is not None:
                _undo(admin, database, made)
            raise
    finally:
        admin.dispose()
    return ServerOffice(describe_target(office_url), login, created, rows)


def _prepare(admin: Engine, database: str, login: str, password: str) -> list[str] | None:
    """As the administrator: the owner group, the owner's login and the database. When the
    database was made now, the roles made with it (None when it was there already)."""
    owner = group_name(database, "owner")
    made: list[str] = []
    try:
        conn = admin.connect()
    except OperationalError as exc:
        raise _admin_error(exc) from None
    with conn:
        _refuse_foreign(conn, database, login, owner)
        if not _exists(conn, "pg_roles", "rolname", owner):
            conn.exec_driver_sql(f"CREATE ROLE {quote(conn, owner)} NOLOGIN CREATEROLE")
            made.append(owner)
        verifier = password_verifier(conn, login, password)
        if _exists(conn, "pg_roles", "rolname", login):
            conn.exec_driver_sql(f"ALTER ROLE {quote(conn, login)} LOGIN PASSWORD '{verifier}'")
        else:
            conn.exec_driver_sql(
                f"CREATE ROLE {quote(conn, login)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                f"INHERIT PASSWORD '{verifier}'"
            )
            made.insert(0, login)
        conn.exec_driver_sql(
            f"GRANT {quote(conn, owner)} TO {quote(conn, login)} WITH ADMIN OPTION"
        )
        if _exists(conn, "pg_database", "datname", database):
            return None
        conn.exec_driver_sql(
            f"CREATE DATABASE {quote(conn, database)} OWNER {quote(conn, owner)} "
            "ENCODING 'UTF8' TEMPLATE template0"
        )
    inside = make_engine(_same_server(admin, database), isolation_level="AUTOCOMMIT")
    try:
        with inside.connect() as conn:
            # nobody else may connect, create objects or make temporary tables in the office
            conn.exec_driver_sql(f"REVOKE ALL ON DATABASE {quote(conn, database)} FROM PUBLIC")
            conn.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    finally:
        inside.dispose()
    return made


def _refuse_foreign(conn: Connection, database: str, login: str, owner: str) -> None:
    """Never take over what setup did not make: a database or login of the same name that
    belongs to something else is refused before anything changes."""
    superuser = conn.scalar(
        text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
    )
    if not superuser:
        raise UserError(
            "The administrator login given cannot make logins and databases on this server; "
            "use the 'postgres' login (or another superuser) with --admin."
        )
    holder = conn.scalar(
        text("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = :name"),
        {"name": database},
    )
    if holder is not None and holder != owner:
        raise UserError(
            f"The server already has a database named {database} that was not made by "
            "'microoffice server setup'; choose another name. Nothing was changed."
        )
    if _exists(conn, "pg_roles", "rolname", login):
        member = conn.scalar(
            text("SELECT pg_has_role(:login, :owner, 'MEMBER')")
            if _exists(conn, "pg_roles", "rolname", owner)
            else text("SELECT false"),
            {"login": login, "owner": owner},
        )
        if not member:
            raise UserError(
                f"The server already has a login named {login} that is not this office's "
                "owner; choose another login name. Nothing was changed."
            )


def _exists(conn: Connection, catalog: str, column: str, name: str) -> bool:
    found = conn.scalar(text(f"SELECT count(*) FROM {catalog} WHERE {column} = :n"), {"n": name})
    return bool(found)


def _same_server(admin: Engine, database: str) -> str:
    return admin.url.set(database=database).render_as_string(hide_password=False)


def _fill(owner_url: str, data: dict[str, Any] | None) -> int | None:
    """As the owner: the tables and reference figures, or the imported office; then rights."""
    from microoffice.core.db.database import open_database
    from microoffice.core.services.transfer import import_data

    database = open_database(owner_url, seed=data is None)
    try:
        rows = None
        if data is not None:
            rows = sum(import_data(database, data, checked=True).values())
        apply_server_security(database.engine)
    finally:
        database.close()
    return rows


def _undo(admin: Engine, database: str, made: list[str]) -> None:
    """Drop what a failed first setup made (the database, its groups, the roles made for
    it), so running it again starts clean."""
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {quote(conn, database)} WITH (FORCE)")
        groups = [group_name(database, role) for role in ("manager", "bookkeeper", "carer")]
        for role in groups + made:
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {quote(conn, role)}")


def _admin_error(exc: OperationalError) -> StorageError:
    reason = str(exc.orig)
    if "password" in reason:
        return StorageError(
            "The server did not accept the administrator's login and password. Give the "
            "password of the 'postgres' login chosen when PostgreSQL was installed "
            "(MICROOFFICE_SERVER_ADMIN_PASSWORD, or --admin postgresql://postgres:PASSWORD@HOST)."
        )
    return StorageError(
        "Cannot reach the PostgreSQL server: check that it is installed and running, and the "
        "address in --db."
    )
