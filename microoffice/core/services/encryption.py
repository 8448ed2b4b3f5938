"""Password protection of the whole database file (SQLCipher), set, changed or removed.

Every copy the office keeps in its own folders ends under the office's password (or is removed):
the office and each backup are re-written under the new key as staged copies
(`<file>.rekeying`), checked, and only then put in place. The office's swap is the commit point:

- killed before it, the office still has the old password and its staged copy is still there, so
  the next start deletes every staged copy (ownership.settle_rekeying): nothing changed;
- killed after it, the office has the new password and its staged copy is gone, so the next start
  renames every staged backup into place: the change is finished.

Either way no file is left that opens with neither the office's password nor the one it replaced,
and running the change again (with the same or another password) finishes whatever was left: it
re-keys every backup not yet under the new password, including plain ones, so it is idempotent.
"""

from __future__ import annotations

import functools
from pathlib import Path

from microoffice.core import paths
from microoffice.core.db import ownership
from microoffice.core.db.database import Database, open_database
from microoffice.core.db.snapshot import rekey_file, swap_in
from microoffice.core.db.sqlite_files import (
    WrongPassword,
    connect_file,
    integrity_problems,
    is_plain_sqlite,
)
from microoffice.core.errors import OfficeInUseError, StorageError, UserError, ValidationError
from microoffice.core.people.guard import needs_office
from microoffice.core.people.rights import Right

MIN_LENGTH = 10
COMMON_LIST = "common_passwords.txt"


@functools.cache
def common_passwords() -> frozenset[str]:
    """The commonest passwords long enough to pass the length rule (resources/reference)."""
    text = (paths.resources_dir() / "reference" / COMMON_LIST).read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def check_new_password(password: str, confirm: str) -> None:
    """Refused: under 10 characters, or among the commonest passwords (tried first by anyone
    guessing; docs/encryption.md gives the cost of a guess)."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            {
                "password": f"Use at least {MIN_LENGTH} characters; a short phrase of three or four "
                "words is easiest to remember"
            }
        )
    if password.lower() in common_passwords() or len(set(password)) < 4:
        raise ValidationError(
            {
                "password": "That is one of the commonest passwords, which are tried first; "
                "choose another (a short phrase of unrelated words is best)"
            }
        )
    if password != confirm:
        raise ValidationError({"confirm": "The two passwords are not the same"})


@needs_office(Right.PASSWORD)
@needs_office(Right.PASSWORD)
def change_password(database: Database, new_password: str | None) -> Database:
    """Re-key the open database and every copy in its backups folder; returns the database
    reopened under the new key. new_password None removes the protection.

    The Database passed in is closed. Only the office's owner may do this (a read-only view is
    refused before anything is touched). Running it again with the password already in force
    re-keys whatever an interrupted run (or an older version) left under another key or plain.
    Backups that open with neither password are left as they are and named in the reopened
    database's notices.
    """
    path = database.path
    if path is None:
        raise UserError("Password protection is for database files; a server has its own security.")
    if database.readonly:
        raise OfficeInUseError(ownership.in_use_message(path))
    old_key = database.key
    new_key = new_password or None
    with ownership.claim(path, holder="a password change"):
        database.close()
        unreadable = rekey_office(path, old_key, new_key)
        reopened = open_database(database.target, password=new_key)
    if unreadable:
        reopened.notices.append(unreadable_note(unreadable))
    return reopened


def rekey_office(path: Path, old_key: str | None, new_key: str | None) -> list[Path]:
    """The office (from old_key) and its backups (from whichever of the two keys opens them, or
    plain) under new_key; the caller owns the office and has closed its own connections.
    Returns the backups that opened with neither key (left as they are)."""
    if not ownership.owned_here(path):
        raise StorageError("The office must be owned by this program to change its password.")
    ownership.settle_rekeying(path)  # what an interrupted change left, first
    staged_office = ownership.staged_name(path)
    unreadable: list[Path] = []
    try:
        if old_key != new_key:
            rekey_file(path, staged_office, old_key, new_key)
        for copy in kept_copies(path):
            opens, current = key_opening(copy, (old_key, new_key))
            if not opens:
                unreadable.append(copy)
                continue
            if current == new_key:
                continue
            staged = ownership.staged_name(copy)
            rekey_file(copy, staged, current, new_key)
            problems = integrity_problems(staged, new_key)
            if problems:
                raise StorageError(
                    f"The re-written copy of {copy.name} failed its check, so nothing was "
                    "changed: " + "; ".join(problems[:3])
                )
        if old_key != new_key:
            swap_in(staged_office, path, new_key, old_key)
    finally:
        # rolls back (the office's staged copy is still there) or finishes (it was swapped in)
        ownership.settle_rekeying(path)
    return unreadable


def protect_copies(path: Path, key: str) -> list[Path]:
    """Every backup of the office under `key` (plain ones re-keyed), the office itself as it
    is: after a protected backup was restored into an unprotected office."""
    return rekey_office(path, key, key)


def kept_copies(path: Path) -> list[Path]:
    """The whole copies the program keeps in the office's own backups folder."""
    folder = paths.backup_dir(path)
    return sorted(p for p in folder.glob("*.sqlite") if p.is_file()) if folder.is_dir() else []


def key_opening(copy: Path, keys: tuple[str | None, ...]) -> tuple[bool, str | None]:
    """(True, None) for a plain file, (True, the key of those given that opens it), or
    (False, None): none does."""
    if is_plain_sqlite(copy):
        return True, None
    for key in dict.fromkeys(k for k in keys if k):
        try:
            connect_file(copy, key, readonly=True).close()
        except WrongPassword:
            continue
        except Exception:  # sqlite3's or sqlcipher3's error: not a database this opens
            return False, None
        return True, key
    return False, None


def unreadable_note(copies: list[Path]) -> str:
    names = ", ".join(p.name for p in copies[:5]) + (" and more" if len(copies) > 5 else "")
    return (
        f"{len(copies)} backup(s) open with neither the old nor the new password and were left "
        f"as they are: {names}. Delete them if you no longer know their password."
    )
