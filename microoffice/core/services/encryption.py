"""Password protection of the whole database file (SQLCipher), set, changed or removed.

The file is re-written under the new key as a copy, checked, and only then swapped in; the old
file's backups are re-written under the new key too, so no unprotected copy of the records is left
behind when a password is set (and none becomes unreadable when it is removed).
"""

from __future__ import annotations

from microoffice.core import paths
from microoffice.core.db import ownership
from microoffice.core.db.database import Database, open_database
from microoffice.core.db.snapshot import rekey_file, swap_in
from microoffice.core.errors import OfficeInUseError, UserError, ValidationError
from microoffice.core.people.guard import needs_office
from microoffice.core.people.rights import Right

MIN_LENGTH = 8


def check_new_password(password: str, confirm: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            {
                "password": f"Use at least {MIN_LENGTH} characters; a short phrase is easiest to remember"
            }
        )
    if password != confirm:
        raise ValidationError({"confirm": "The two passwords are not the same"})


@needs_office(Right.PASSWORD)
def change_password(database: Database, new_password: str | None) -> Database:
    """Re-key the open database; returns the database reopened under the new key.

    new_password None removes the protection. The Database passed in is closed. Only the office's
    owner may do this (a read-only view is refused before anything is touched); the new file is
    complete, synced and checked before it replaces the old one (snapshot.swap_in).
    """
    path = database.path
    if path is None:
        raise UserError("Password protection is for database files; a server has its own security.")
    if database.readonly:
        raise OfficeInUseError(ownership.in_use_message(path))
    old_key = database.key
    new_key = new_password or None
    if old_key == new_key:
        return database
    with ownership.claim(path, holder="a password change"):
        database.close()
        staging = path.with_name(path.name + ".rekeying")
        try:
            rekey_file(path, staging, old_key, new_key)
            swap_in(staging, path, new_key, old_key)
        except BaseException:
            staging.unlink(missing_ok=True)
            raise
        folder = paths.backup_dir(path)
        if folder.is_dir():
            for backup in sorted(folder.glob("*.sqlite")):
                rekey_file(backup, backup, old_key, new_key)
        return open_database(database.target, password=new_key)
