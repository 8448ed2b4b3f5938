"""password set|remove: protect the database file with a password (SQLCipher)."""

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
    parser.add_argument("action", choices=["set", "remove"], help="set (or change), or remove")

    def run(args: argparse.Namespace) -> int:
        from microoffice.core.errors import UserError
        from microoffice.core.services.encryption import change_password, check_new_password

        if args.action == "set":
            new, confirm = _new_password()
            if not new:
                raise UserError("No new password given: type it, or set MICROOFFICE_NEW_PASSWORD.")
            check_new_password(new, confirm)
        database = open_db(args)
        if args.action == "remove":
            change_password(database, None).close()
            print("The password was removed; the file and its backups are no longer encrypted.")
        else:
            change_password(database, new).close()
            print("The database and its backups are now protected by the password.")
        return 0

    return run
