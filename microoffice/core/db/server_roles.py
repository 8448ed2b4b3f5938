"""Each person's own PostgreSQL login on a server office, holding only their role's rights.

The layout (made by services/server_office.setup_server_office, kept by apply_server_security):
- the office's database and every table in it belong to a group role `<database>_owner`
  (NOLOGIN, CREATEROLE). Owner logins are its members, so they may do anything, bypass row-level
  security, run migrations and add or remove logins; work that creates objects runs as the group
  (act_as_office_owner), so a table never belongs to one person's login;
- `<database>_manager`, `<database>_bookkeeper` and `<database>_carer` are group roles holding the
  grants and row-level security policies of server_rights.RIGHTS; each other login is a member of
  exactly one of them;
- `microoffice_my_staff()`, `microoffice_my_visits()` and `microoffice_my_clients()` (SECURITY
  DEFINER, owned by the owner group) find the connected login's `person` row (`login =
  session_user`) and what it reaches; the policies use them.

A login can do nothing but what its group may: a carer's `select * from invoice` in psql is
"permission denied for table invoice", and its `select * from client` returns only the clients it
visits. Everything is done in one transaction, so a half-applied set of rights is never seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Connection, Engine, text

from microoffice.core.db.server_rights import access
from microoffice.core.errors import UserError, ValidationError

ROLES = ("owner", "manager", "carer", "bookkeeper")
GROUPS = ("manager", "bookkeeper", "carer")  # the owner's group is the database's owner
COMMANDS = ("SELECT", "INSERT", "UPDATE", "DELETE")
POLICY_PREFIX = "microoffice_"
LOGIN_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MIN_PASSWORD = 8

_FUNCTIONS = {
    "microoffice_my_staff": (
        "integer",
        "SELECT staff_id FROM person WHERE login = session_user LIMIT 1",
    ),
    "microoffice_my_visits": (
        "SETOF integer",
        "SELECT visit_id FROM visit_staff WHERE staff_id = microoffice_my_staff()",
    ),
    "microoffice_my_clients": (
        "SETOF integer",
        "SELECT v.client_id FROM visit v JOIN visit_staff s ON s.visit_id = v.id "
        "WHERE s.staff_id = microoffice_my_staff() "
        "UNION SELECT p.client_id FROM visit_plan p JOIN visit_plan_staff s ON s.plan_id = p.id "
        "WHERE s.staff_id = microoffice_my_staff()",
    ),
}


class NotSetUpError(UserError):
    """The server database was not made by `microoffice server setup`, so it has no groups."""


@contextmanager
def _transaction(bind: Engine | Connection) -> Iterator[Connection]:
    """A transaction of its own for an Engine; for a Connection, the caller's, handed back as
    the signed-in login (RESET ROLE) however this ends."""
    if isinstance(bind, Engine):
        with bind.begin() as conn:
            yield conn
        return
    try:
        yield bind
    finally:
        if bind.in_transaction() and not bind.invalidated:
            # a failed transaction refuses this too; rolling it back resets the role anyway
            with suppress(Exception):
                _ddl(bind, "RESET ROLE")


def _ddl(conn: Connection, statement: str) -> None:
    """A statement with no parameters, sent as written (a verifier or policy may hold ':')."""
    conn.exec_driver_sql(statement)


def quote(conn: Connection, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote_identifier(name))


def group_name(database: str, role: str) -> str:
    return f"{database}_{role}"


def _office(conn: Connection) -> tuple[str, str, bool, bool, bool]:
    """(database, its owning role, that role can log in, is superuser, may create roles)."""
    row = conn.execute(
        text(
            "SELECT current_database(), r.rolname, r.rolcanlogin, r.rolsuper, r.rolcreaterole "
            "FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba "
            "WHERE d.datname = current_database()"
        )
    ).one()
    return str(row[0]), str(row[1]), bool(row[2]), bool(row[3]), bool(row[4])


def act_as_office_owner(conn: Connection) -> bool:
    """Inside the current transaction, act as the role that owns the database (if the connected
    login is a member of it), so tables, sequences and functions made now belong to the office,
    not to whoever happened to run the upgrade. False when this login does not own the office."""
    _, owner, _, _, _ = _office(conn)
    me, member = conn.execute(
        text("SELECT current_user, pg_has_role(current_user, :owner, 'MEMBER')"), {"owner": owner}
    ).one()
    if me == owner:
        return True
    if not member:
        return False
    _ddl(conn, f"SET LOCAL ROLE {quote(conn, owner)}")
    return True


def may_change_schema(conn: Connection) -> bool:
    """Whether the connected login may create or upgrade the office's tables (owns it)."""
    _, owner, _, _, _ = _office(conn)
    return bool(conn.scalar(text("SELECT pg_has_role(current_user, :o, 'USAGE')"), {"o": owner}))


def is_secured(conn: Connection) -> bool:
    """Whether this office has per-person logins (apply_server_security has run on it)."""
    database = _office(conn)[0]
    found = conn.scalar(
        text("SELECT count(*) FROM pg_roles WHERE rolname = :n"),
        {"n": group_name(database, "carer")},
    )
    return bool(found)


def _as_office_owner(conn: Connection) -> tuple[str, str]:
    """Act as the office's owning group, refusing plainly when this office or login cannot."""
    database, owner, can_login, superuser, createrole = _office(conn)
    if can_login or superuser or not createrole:
        raise NotSetUpError(
            f"The server database {database} was not set up for personal logins (it belongs to "
            f"{owner}). Set it up with 'microoffice server setup', which makes a new office "
            "database owned by the office, then move the data in with --json."
        )
    if not act_as_office_owner(conn):
        raise UserError(
            "Only the office's owner can change who may sign in to this server office; "
            "sign in as the owner and try again."
        )
    return database, owner


def apply_server_security(engine: Engine) -> None:
    """Make the group roles, functions, grants and policies match server_rights, in one
    transaction. Safe to run again at any time (after every upgrade it is): each table's grants
    and policies are replaced by what this version says."""
    with engine.begin() as conn:
        database, _ = _as_office_owner(conn)
        _ddl(conn, "SET LOCAL check_function_bodies = off")  # person may come later
        groups = {role: group_name(database, role) for role in GROUPS}
        for name in groups.values():
            _ensure_group(conn, name)
        quoted = ", ".join(quote(conn, g) for g in groups.values())
        _ddl(conn, f"REVOKE ALL ON DATABASE {quote(conn, database)} FROM PUBLIC")
        _ddl(conn, f"GRANT CONNECT ON DATABASE {quote(conn, database)} TO {quoted}")
        for function, (returns, body) in _FUNCTIONS.items():
            _ddl(
                conn,
                (
                    f"CREATE OR REPLACE FUNCTION {function}() RETURNS {returns} LANGUAGE sql "
                    "STABLE SECURITY DEFINER SET search_path = public, pg_temp "
                    f"AS $fn$ {body} $fn$"
                ),
            )
            _ddl(conn, f"REVOKE ALL ON FUNCTION {function}() FROM PUBLIC")
            _ddl(conn, f"GRANT EXECUTE ON FUNCTION {function}() TO {quoted}")
        for table in _tables(conn):
            _secure_table(conn, table, groups, quoted)
        _ddl(conn, f"GRANT USAGE ON SCHEMA public TO {quoted}")
        _ddl(conn, f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}")


def _ensure_group(conn: Connection, name: str) -> None:
    if not conn.scalar(text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": name}):
        _ddl(conn, f"CREATE ROLE {quote(conn, name)} NOLOGIN")


def _tables(conn: Connection) -> list[str]:
    rows = conn.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    )
    return [str(r[0]) for r in rows]


def _secure_table(conn: Connection, table: str, groups: dict[str, str], quoted: str) -> None:
    name = quote(conn, table)
    _ddl(conn, f"REVOKE ALL ON {name} FROM PUBLIC, {quoted}")
    _ddl(conn, f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
    old = conn.execute(
        text(
            "SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = :t "
            "AND policyname LIKE :p"
        ),
        {"t": table, "p": POLICY_PREFIX + "%"},
    )
    for (policy,) in old.all():
        _ddl(conn, f"DROP POLICY {quote(conn, policy)} ON {name}")
    for role, group in groups.items():
        reach = access(role, table)
        for command, rows in reach.commands().items():
            columns = ""
            if command == "SELECT" and reach.columns is not None:
                columns = " (" + ", ".join(quote(conn, c) for c in reach.columns) + ")"
            _ddl(conn, f"GRANT {command}{columns} ON {name} TO {quote(conn, group)}")
            clause = f"USING ({rows})"
            if command == "INSERT":
                clause = f"WITH CHECK ({rows})"
            elif command == "UPDATE":
                clause = f"USING ({rows}) WITH CHECK ({rows})"
            policy = quote(conn, f"{POLICY_PREFIX}{role}_{command.lower()}")
            _ddl(
                conn,
                f"CREATE POLICY {policy} ON {name} AS PERMISSIVE FOR {command} "
                f"TO {quote(conn, group)} {clause}",
            )


def check_login_name(login: str) -> None:
    if not LOGIN_PATTERN.match(login):
        raise ValidationError(
            {
                "login": "A server login is 1 to 40 small letters, digits or underscores, "
                "starting with a letter (for example anna or anna_k)."
            }
        )


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            {"password": f"A server login's password needs at least {MIN_PASSWORD} characters."}
        )


def password_verifier(conn: Connection, login: str, password: str) -> str:
    """The SCRAM verifier of a password, computed here by libpq: the password itself never
    travels to the server or into its logs."""
    raw: Any = conn.connection.dbapi_connection
    verifier = raw.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    return str(verifier.decode("ascii")).replace("'", "''")


def _office_groups(conn: Connection, database: str, owner: str) -> list[str]:
    return [owner] + [group_name(database, role) for role in GROUPS]


def _memberships(conn: Connection, login: str, groups: list[str]) -> list[str]:
    rows = conn.execute(
        text(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :login"
        ),
        {"login": login},
    )
    return [str(r[0]) for r in rows if r[0] in groups]


def create_login(
    engine: Engine | Connection, login: str, password: str, role: str, staff_id: int | None
) -> None:
    """Give a person their own server login with only their role's rights (or, for a login this
    office already has, a new password and role). A carer's login needs their staff record: it
    is how the database knows which clients are theirs (through their `person` row).

    Given a Connection (a session's, where the person row is being added) it works inside that
    transaction, so the person and their login are saved together or not at all; given an
    Engine it uses a transaction of its own (which waits for the office's writer lock: never
    call it that way while this program holds a write session open)."""
    check_login_name(login)
    check_password(password)
    if role not in ROLES:
        raise ValidationError({"role": f"The role is one of: {', '.join(ROLES)}."})
    if role == "carer" and staff_id is None:
        raise ValidationError(
            {"staff": "A carer's server login needs their staff record (--staff NAME)."}
        )
    with _transaction(engine) as conn:
        database, owner = _as_office_owner(conn)
        if not is_secured(conn):
            raise NotSetUpError(
                "This server office has no roles yet; run 'microoffice server setup' again."
            )
        groups = _office_groups(conn, database, owner)
        if login in groups or login.startswith("pg_") or login == "postgres":
            raise ValidationError({"login": f"'{login}' is a name the server keeps for itself."})
        if staff_id is not None and not conn.scalar(
            text("SELECT count(*) FROM staff WHERE id = :id"), {"id": staff_id}
        ):
            raise ValidationError({"staff": "There is no such staff record."})
        exists = conn.scalar(text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": login})
        verifier = password_verifier(conn, login, password)
        name = quote(conn, login)
        target = owner if role == "owner" else group_name(database, role)
        current: list[str] = []
        if exists:
            current = _memberships(conn, login, groups)
            if not current:
                raise ValidationError(
                    {
                        "login": f"The server already has a login named {login} that is not "
                        "one of this office's; choose another name."
                    }
                )
            _ddl(conn, f"ALTER ROLE {name} WITH LOGIN PASSWORD '{verifier}'")
            if owner in current and target != owner:
                _refuse_last_owner(conn, owner, login)
            for group in current:
                if group != target:
                    _leave(conn, group, login, owner)
        else:
            _ddl(
                conn,
                f"CREATE ROLE {name} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                f"INHERIT PASSWORD '{verifier}'",
            )
        if target in current:
            return
        if target == owner:
            # as the signed-in owner, who holds the owner group WITH ADMIN OPTION
            _ddl(conn, "RESET ROLE")
            _ddl(conn, f"GRANT {quote(conn, owner)} TO {name} WITH ADMIN OPTION")
        else:
            _ddl(conn, f"GRANT {quote(conn, target)} TO {name}")


def _leave(conn: Connection, group: str, login: str, owner: str) -> None:
    if group == owner:
        _ddl(conn, "RESET ROLE")
        _ddl(conn, f"REVOKE {quote(conn, group)} FROM {quote(conn, login)}")
        _ddl(conn, f"SET LOCAL ROLE {quote(conn, owner)}")
    else:
        _ddl(conn, f"REVOKE {quote(conn, group)} FROM {quote(conn, login)}")


def _refuse_last_owner(conn: Connection, owner: str, login: str) -> None:
    others = conn.scalar(
        text(
            "SELECT count(*) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = :owner AND u.rolname <> :login "
            "AND u.rolcanlogin"
        ),
        {"owner": owner, "login": login},
    )
    if not others:
        raise UserError(
            f"{login} is the office's only owner login; add another owner before changing it."
        )


def drop_login(engine: Engine | Connection, login: str) -> None:
    """Take a person's server login away. Its open connections keep no right: every right came
    from its group, and the group is gone with it. An Engine or a Connection, as create_login."""
    check_login_name(login)
    with _transaction(engine) as conn:
        database, owner = _as_office_owner(conn)
        groups = _office_groups(conn, database, owner)
        current = _memberships(conn, login, groups)
        if not current:
            raise UserError(f"{login} is not a login of this office, so it was left alone.")
        if login == conn.scalar(text("SELECT session_user")):
            raise UserError("You cannot take away the login you are signed in with.")
        if owner in current:
            _refuse_last_owner(conn, owner, login)
        _ddl(conn, f"DROP ROLE {quote(conn, login)}")  # its memberships go with it
