"""Helpers shared by the headless commands."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from microoffice.core.db.database import Database


def ask_password(prompt: str = "Password: ") -> str | None:
    """MICROOFFICE_PASSWORD for scripts, else a hidden prompt when a person is at the terminal."""
    env = os.environ.get("MICROOFFICE_PASSWORD")
    if env:
        return env
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


def open_db(args: argparse.Namespace, create: bool = False, *, reading: bool = False) -> Database:
    """The database named by --db (before or after the command), or the default one.

    A password-protected file asks for its password (or reads MICROOFFICE_PASSWORD). The command
    owns the office while it runs; while another program owns it, a command that only reads
    (`reading`) reads a read-only view instead, and any other is refused with a plain message
    (core/db/ownership.py). Warnings about the office (a network drive) go to stderr.
    """
    from microoffice.core.db import ownership
    from microoffice.core.db.database import open_database
    from microoffice.core.db.sqlite_files import PasswordRequired
    from microoffice.core.errors import OfficeInUseError

    target = getattr(args, "db", None)
    holder = f"the command 'microoffice {getattr(args, 'command', '')}'".replace(" ''", "")

    def attempt(password: str | None) -> Database:
        try:
            return open_database(target, create=create, password=password, holder=holder)
        except OfficeInUseError:
            if not reading:
                raise
            database = open_database(target, password=password, readonly=True, holder=holder)
            if database.path is not None:
                who = ownership.holder_of(database.path) or "another microoffice program"
                print(
                    f"Note: {database.path.name} is in use by {who} on this computer; "
                    "reading it as last saved, without changing it.",
                    file=sys.stderr,
                )
            return database

    try:
        database = attempt(None)
    except PasswordRequired:
        password = ask_password()
        if not password:
            raise
        database = attempt(password)
    for notice in database.notices:
        print(f"Warning: {notice}", file=sys.stderr)
    return database
