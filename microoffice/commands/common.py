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


def open_db(args: argparse.Namespace, create: bool = False) -> Database:
    """The database named by --db (before or after the command), or the default one.

    A password-protected file asks for its password (or reads MICROOFFICE_PASSWORD).
    """
    from microoffice.core.db.database import open_database
    from microoffice.core.db.sqlite_files import PasswordRequired

    target = getattr(args, "db", None)
    try:
        return open_database(target, create=create)
    except PasswordRequired:
        password = ask_password()
        if not password:
            raise
        return open_database(target, create=create, password=password)
