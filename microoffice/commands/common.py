"""Helpers shared by the headless commands."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from microoffice.core.db.database import Database


T = TypeVar("T")


def ask_password(prompt: str = "Password: ") -> str | None:
    """MICROOFFICE_PASSWORD for scripts, else a hidden prompt when a person is at the terminal."""
    env = os.environ.get("MICROOFFICE_PASSWORD")
    if env:
        return env
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


def open_db(
    args: argparse.Namespace,
    create: bool = False,
    *,
    reading: bool = False,
    signing_in: bool = True,
    password: str | None = None,
) -> Database:
    """The database named by --db (before or after the command), or the default one.

    A password-protected file asks for its password (or reads MICROOFFICE_PASSWORD). The command
    owns the office while it runs; while another program owns it, a command that only reads
    (`reading`) reads a read-only view instead, and any other is refused with a plain message
    (core/db/ownership.py). Warnings about the office (a network drive) go to stderr. Then the
    command signs in (`sign_in`), unless `signing_in` is off (an owner recovering their PIN).
    `password`, when the command already asked for it, is tried first.
    """
    from microoffice.core import paths
    from microoffice.core.db import ownership
    from microoffice.core.db.database import open_database
    from microoffice.core.db.sqlite_files import PasswordRequired
    from microoffice.core.errors import OfficeInUseError

    target = getattr(args, "db", None)
    holder = f"the command 'microoffice {getattr(args, 'command', '')}'".replace(" ''", "")
    resolved = paths.database_target(target)
    if paths.is_url(resolved):
        server = on_server(resolved, lambda address: open_database(address, create=create))
        return _signed_in(args, server, signing_in)

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
        database = attempt(password)
    except PasswordRequired:
        password = ask_password()
        if not password:
            raise
        database = attempt(password)
    for notice in database.notices:
        print(f"Warning: {notice}", file=sys.stderr)
    return _signed_in(args, database, signing_in)


def _signed_in(args: argparse.Namespace, database: Database, signing_in: bool) -> Database:
    try:
        if signing_in:
            sign_in(args, database)
    except BaseException:
        database.close()
        raise
    return database


NO_SIGN_IN = (
    "This office has people who sign in, and nobody signed in, so nothing was done. Add --as "
    "NAME (you are asked for your PIN or password), or set MICROOFFICE_USER and "
    "MICROOFFICE_USER_PASSWORD."
)


def sign_in(args: argparse.Namespace, database: Database) -> None:
    """Who this command acts for (docs/people.md). With nobody added to the office, the sole
    trader; once people exist, every command (reading ones too) needs a sign-in: --as NAME, or
    MICROOFFICE_USER, with the PIN or password from MICROOFFICE_USER_PASSWORD or a prompt."""
    from microoffice.core.errors import SignInError
    from microoffice.core.people import signin

    name = (getattr(args, "as_person", None) or os.environ.get("MICROOFFICE_USER") or "").strip()
    found = signin.resolve(database)
    if found is not None and found.is_sole:
        if name:
            raise SignInError(
                "Nobody signs in to this office yet (no people have been added), so there is "
                "nobody to sign in as. Leave out --as and MICROOFFICE_USER."
            )
        database.signed = found
        return
    if not name:
        if found is None:
            raise SignInError(NO_SIGN_IN)
        database.signed = found  # the server has checked this person's own login
        return
    secret = os.environ.get("MICROOFFICE_USER_PASSWORD") or ""
    if not secret and sys.stdin.isatty():
        secret = getpass.getpass(f"PIN or password for {name}: ")
    if not secret:
        raise SignInError(
            f"No PIN or password was given for {name}, so nothing was done: type it when "
            "asked, or set MICROOFFICE_USER_PASSWORD."
        )
    signin.sign_in(database, name, secret)


def server_address(target: str) -> str:
    """A server office's address with the password the person signed in with, when the
    address carries none (MICROOFFICE_USER_PASSWORD: on a server office a person's password is
    their server login's). Without either, PostgreSQL's own PGPASSWORD or password file is used."""
    from microoffice.core.db.engine import has_password, with_password

    password = os.environ.get("MICROOFFICE_USER_PASSWORD")
    if has_password(target) or not password:
        return target
    return with_password(target, password)


def on_server(target: str, attempt: Callable[[str], T]) -> T:
    """Run `attempt` on a server office's address; when the server wants a password nobody
    gave, ask for it at the terminal (hidden) and try once more."""
    from microoffice.core.db.engine import has_password, server_login, with_password
    from microoffice.core.errors import ServerSignInError

    address = server_address(target)
    try:
        return attempt(address)
    except ServerSignInError:
        if has_password(address) or not sys.stdin.isatty():
            raise
        password = getpass.getpass(f"Password for {server_login(target)}: ")
        if not password:
            raise
        return attempt(with_password(target, password))
