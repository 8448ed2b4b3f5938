"""password set|remove|plain-copies: protect the database file with a password (SQLCipher), and
find the copies of it that are still unprotected."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from microoffice.cli import Handler, command
from microoffice.commands.common import open_db


def _new_password() -> tuple[str, str]:
    """MICROOFFICE_NEW_PASSWORD for scripts; otherwise asked twice at the terminal."""
    scripted = os.environ.get("MICROOFFICE_NEW_PASSWORD")
    if scripted:
        return scripted, scripted
    if not sys.stdin.isatty():
        return "", ""
    return getpass.getpass("New password: "), getpass.getpass("Type it again: ")


@command("password", "protect the database with a password, change it, or remove it")
def _password(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument(
        "action",
        choices=["set", "remove", "plain-copies"],
        help="set (or change; run it again to finish one that was interrupted), remove, or "
        "plain-copies: list the backups of this office that are still unprotected",
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--protect", action="store_true", help="plain-copies: encrypt them with the password"
    )
    what.add_argument("--delete", action="store_true", help="plain-copies: delete them")

    def run(args: argparse.Namespace) -> int:
        from microoffice.core.errors import UserError
        from microoffice.core.services.encryption import change_password, check_new_password

        if args.action != "plain-copies" and (args.protect or args.delete):
            raise UserError("--protect and --delete go with 'password plain-copies'.")
        if args.action == "plain-copies":
            return _plain_copies(args)
        if args.action == "set":
            new, confirm = _new_password()
            if not new:
                raise UserError("No new password given: type it, or set MICROOFFICE_NEW_PASSWORD.")
            check_new_password(new, confirm)
        database = open_db(args)
        if args.action == "remove":
            database = change_password(database, None)
            message = "The password was removed; the file and its backups are no longer encrypted."
        else:
            database = change_password(database, new)
            message = "The database and its backups are now protected by the password."
        try:
            for notice in database.notices:
                print(f"Warning: {notice}", file=sys.stderr)
            print(message)
            if args.action == "set":
                _mention_plain_copies(database.path)
        finally:
            database.close()
        return 0

    return run


def _mention_plain_copies(office: object) -> None:
    from pathlib import Path

    from microoffice.core.services.backups import plain_copies

    if not isinstance(office, Path):
        return
    left = plain_copies(office)
    if left:
        print(
            f"{len(left)} backup(s) made elsewhere are still unprotected. See them with "
            "'microoffice password plain-copies'; add --protect to encrypt them with the "
            "password or --delete to delete them."
        )


def _plain_copies(args: argparse.Namespace) -> int:
    from microoffice.core.errors import UserError
    from microoffice.core.services.backups import delete_copy, plain_copies, protect_copy

    database = open_db(args, reading=not (args.protect or args.delete))
    try:
        office, key = database.path, database.key
        if office is None:
            raise UserError("Backups here are for a database file; a server has its own.")
        copies = plain_copies(office)
        if not copies:
            print("No unprotected copies of this office were found.")
            return 0
        if key is None and not args.delete:
            if args.protect:
                raise UserError(
                    "This office has no password, so there is nothing to protect the copies "
                    "with. Set one first with 'microoffice password set'."
                )
            print(
                f"This office has no password, so none of its {len(copies)} copy(ies) is "
                "protected either. Set one with 'microoffice password set'."
            )
            return 0
        for copy in copies:
            if args.protect and key is not None:
                protect_copy(copy, key)
                print(f"Protected with the password: {copy}")
            elif args.delete:
                delete_copy(office, copy)
                print(f"Deleted: {copy}")
            else:
                print(f"Unprotected: {copy}")
        if not (args.protect or args.delete):
            print(
                f"{len(copies)} unprotected copy(ies): anyone who can open one can read the "
                "records. Run again with --protect to encrypt them with the office's password, "
                "or --delete to delete them."
            )
    finally:
        database.close()
    return 0
