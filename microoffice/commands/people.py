"""people add|list|remove|role|reset|password|recover: who uses the office (docs/people.md)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from microoffice.cli import Handler, command, office_options
from microoffice.commands.common import open_db

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from microoffice.core.db.database import Database

ROLES = ["owner", "manager", "carer", "bookkeeper"]


def new_secret(whose: str) -> str:
    """MICROOFFICE_NEW_USER_PASSWORD for scripts; otherwise asked twice at the terminal."""
    from microoffice.core.errors import UserError
    from microoffice.core.people.secrets import check_new_secret

    scripted = os.environ.get("MICROOFFICE_NEW_USER_PASSWORD")
    if scripted:
        check_new_secret(scripted)
        return scripted
    if not sys.stdin.isatty():
        raise UserError(
            f"No PIN or password given for {whose}: type it when asked, or set "
            "MICROOFFICE_NEW_USER_PASSWORD."
        )
    first = getpass.getpass(f"New PIN or password for {whose}: ")
    check_new_secret(first, getpass.getpass("Type it again: "))
    return first


def _show_code(code: str | None, name: str) -> None:
    if code:
        print(
            f"Recovery code for {name}: {code}\n"
            "Write it down and keep it somewhere safe, away from this computer. It is shown only "
            "now. With it (or the office password) a forgotten owner's PIN can be replaced: "
            "microoffice people recover NAME."
        )


@command("people", "the people who use the office: add, list, change, reset or remove them")
def _people(parser: argparse.ArgumentParser) -> Handler:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    options = office_options()
    add = actions.add_parser("add", parents=[options], help="add someone who signs in")
    add.add_argument("--name", required=True, help="their name, as it signs their records")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--staff", metavar="NAME", help="their staff record (a carer needs one)")
    add.add_argument(
        "--login", metavar="SERVER_LOGIN", help="their own database-server login (server offices)"
    )
    actions.add_parser("list", parents=[options], help="who signs in, with their role")
    remove = actions.add_parser(
        "remove", parents=[options], help="stop someone signing in (their records stay)"
    )
    remove.add_argument("name")
    role = actions.add_parser(
        "role", parents=[options], help="give someone another role (or staff record)"
    )
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    role.add_argument("--staff", metavar="NAME", help="their staff record")
    reset = actions.add_parser(
        "reset", parents=[options], help="set a new PIN or password for someone who forgot"
    )
    reset.add_argument("name")
    actions.add_parser("password", parents=[options], help="change your own PIN or password")
    recover = actions.add_parser(
        "recover",
        parents=[options],
        help="an owner who forgot their PIN: use the recovery code or office password",
    )
    recover.add_argument("name")

    def run(args: argparse.Namespace) -> int:
        if args.action == "recover":
            return _recover(args)
        database = open_db(args, reading=args.action == "list")
        try:
            return ACTIONS[args.action](args, database)
        finally:
            database.close()

    return run


def _staff_id(session: Session, name: str | None) -> int | None:
    from microoffice.core.services.staff import find_staff

    return find_staff(session, name).id if name else None


def _add(args: argparse.Namespace, database: Database) -> int:
    from microoffice.core.people import services as people

    secret = new_secret(args.name)
    with database.session() as s:
        data = people.PersonData(args.name, args.role, secret, _staff_id(s, args.staff), args.login)
        added = people.add_person(s, data)
    print(f"{added.name} now signs in as {args.role}.")
    _show_code(added.recovery_code, added.name)
    return 0


def _list(args: argparse.Namespace, database: Database) -> int:
    from microoffice.core.people import services as people

    with database.session(reading=True) as s:
        rows = people.list_people(s)
    if not rows:
        print("Nobody signs in to this office yet: the owner acts alone, without signing in.")
    for row in rows:
        extra = [f"staff record: {row.staff_name}"] if row.staff_name else []
        extra += [f"server login: {row.login}"] if row.login else []
        extra += ["waiting after wrong tries"] if row.locked else []
        print(
            f"{row.name}  {row.role_label.lower()}" + (f"  ({'; '.join(extra)})" if extra else "")
        )
    return 0


def _remove(args: argparse.Namespace, database: Database) -> int:
    from microoffice.core.people import services as people

    with database.session() as s:
        person = people.remove_person(s, people.person_by_name(s, args.name).id)
        name = person.name
    print(f"{name} no longer signs in. What they wrote stays signed with their name.")
    return 0


def _role(args: argparse.Namespace, database: Database) -> int:
    from microoffice.core.people import services as people

    with database.session() as s:
        person = people.person_by_name(s, args.name)
        staff_id = _staff_id(s, args.staff) if args.staff else person.staff_id
        changed = people.change_person(s, person.id, args.role, staff_id)
    print(f"{changed.name} is now {args.role}.")
    _show_code(changed.recovery_code, changed.name)
    return 0


def _reset(args: argparse.Namespace, database: Database) -> int:
    from microoffice.core.people import services as people

    secret = new_secret(args.name)
    with database.session() as s:
        reset = people.reset_secret(s, people.person_by_name(s, args.name).id, secret)
    print(f"{reset.name} has a new PIN or password; the count of wrong tries is cleared.")
    _show_code(reset.recovery_code, reset.name)
    return 0


def _password(args: argparse.Namespace, database: Database) -> int:
    from microoffice.core.people import services as people

    current = os.environ.get("MICROOFFICE_USER_PASSWORD") or (
        getpass.getpass("Your current PIN or password: ") if sys.stdin.isatty() else ""
    )
    secret = new_secret("you")
    with database.session() as s:
        people.change_own_secret(s, current, secret)
    print("Your PIN or password is changed.")
    return 0


def _recover(args: argparse.Namespace) -> int:
    """No sign-in first: this is how an owner who cannot sign in gets back in."""
    from microoffice.core.errors import UserError
    from microoffice.core.people import signin

    proof = os.environ.get("MICROOFFICE_RECOVERY_CODE") or (
        getpass.getpass("Recovery code (or the office password): ") if sys.stdin.isatty() else ""
    )
    if not proof:
        raise UserError(
            "Give the recovery code (or the office password) when asked, or set "
            "MICROOFFICE_RECOVERY_CODE."
        )
    secret = new_secret(args.name)
    database = open_db(args, signing_in=False)
    try:
        signed, code = signin.recover_owner(database, args.name, proof, secret)
    finally:
        database.close()
    print(f"{signed.name} has a new PIN or password.")
    _show_code(code, signed.name)
    return 0


ACTIONS = {
    "add": _add,
    "list": _list,
    "remove": _remove,
    "role": _role,
    "reset": _reset,
    "password": _password,
}
