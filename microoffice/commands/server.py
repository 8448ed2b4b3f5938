"""`microoffice server setup`: a team's office on a PostgreSQL server, in one command."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from microoffice.cli import Handler, command

ADMIN_PASSWORD = "MICROOFFICE_SERVER_ADMIN_PASSWORD"
NEW_USER_PASSWORD = "MICROOFFICE_NEW_USER_PASSWORD"


def _owner_password(office: str) -> str:
    """The owner's new password: in the address, MICROOFFICE_NEW_USER_PASSWORD, or typed twice."""
    from sqlalchemy import make_url

    from microoffice.core.db.engine import url_for
    from microoffice.core.errors import UserError

    given = make_url(url_for(office)).password
    if given:
        return str(given)
    scripted = os.environ.get(NEW_USER_PASSWORD)
    if scripted:
        return scripted
    if not sys.stdin.isatty():
        raise UserError(f"The owner's new password is needed: type it, or set {NEW_USER_PASSWORD}.")
    first = getpass.getpass("The owner's new password: ")
    if first != getpass.getpass("Type it again: "):
        raise UserError("The two passwords are different; nothing was changed.")
    return first


def _admin_address(args: argparse.Namespace, office: str) -> str:
    """The server's administrator: --admin, else postgres on the office's server; its password
    from the address, MICROOFFICE_SERVER_ADMIN_PASSWORD, PostgreSQL's own PGPASSWORD or password
    file, or typed at the terminal."""
    from microoffice.core.db.engine import has_password, with_password
    from microoffice.core.services.server_office import default_admin_url

    admin = args.admin or default_admin_url(office)
    if has_password(admin):
        return str(admin)
    scripted = os.environ.get(ADMIN_PASSWORD)
    if scripted:
        return with_password(admin, scripted)
    if not os.environ.get("PGPASSWORD") and sys.stdin.isatty():
        typed = getpass.getpass("Password of the server's administrator (postgres): ")
        if typed:
            return with_password(admin, typed)
    return str(admin)


def _setup(args: argparse.Namespace) -> int:
    from microoffice.core import paths
    from microoffice.core.db.engine import describe_target
    from microoffice.core.errors import UserError
    from microoffice.core.services.server_office import setup_server_office

    office = getattr(args, "db", None) or os.environ.get("MICROOFFICE_DB", "")
    if not paths.is_url(office):
        raise UserError(
            "Give the new office's server address with --db, for example "
            "--db postgresql://anna@localhost/office (anna: the owner's login)."
        )
    password = _owner_password(office)
    result = setup_server_office(office, password, _admin_address(args, office), source=args.json)
    address = describe_target(office)
    if result.imported_rows is not None:
        print(f"Moved {result.imported_rows} rows from {args.json.name} into {address}.")
    state = "is ready" if result.created else "was already there and is up to date"
    print(f"The server office {address} {state}; its owner signs in as {result.owner_login}.")
    print(f"Open it with: microoffice --db {address}")
    return 0


@command("server", "set up a team's office on a PostgreSQL server (one command)")
def _server(parser: argparse.ArgumentParser) -> Handler:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    setup = sub.add_parser(
        "setup",
        help="make the office's database, the owner's login and every role's rights",
        description="Make (or bring up to date) an office on a PostgreSQL server: the database, "
        "the owner's own login (the one in --db) and the rights of each role. With --json, "
        "a file office's export is moved in unchanged.",
    )
    setup.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="postgresql://OWNER_LOGIN@HOST/OFFICE: the office to make and its owner's login",
    )
    setup.add_argument(
        "--admin",
        metavar="URL",
        help="the server's administrator (default: postgresql://postgres@HOST/postgres)",
    )
    setup.add_argument(
        "--json", metavar="EXPORT", type=Path, help="move a file office's JSON export in"
    )
    setup.set_defaults(action_fn=_setup)

    def handle(args: argparse.Namespace) -> int:
        return int(args.action_fn(args))

    return handle
