"""Password protection of the whole database file (SQLCipher), set, changed or removed.

The file is re-written under the new key as a copy, checked, and only then swapped in; the old
file's backups are re-written under the new key too, so no unprotected copy of the records is left
behind when a password is set (and none becomes unreadable when it is removed).
"""

from __future__ import annotations

import os
from pathlib import Path

from microoffice.core import paths
from microoffice.core.db.database import Database, open_database
from microoffice.core.db.snapshot import rekey_file
from microoffice.core.db.sqlite_files import integrity_problems
from microoffice.core.errors import StorageError, UserError, ValidationError

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


def change_password(database: Database, new_password: str | None) -> Database:
    """Re-key the open database; returns the database reopened under the new key.

    new_password None removes the protection. The Database passed in is closed.
    """
    path = database.path
    if path is None:
        raise UserError("Password protection is for database files; a server has its own security.")
    old_key = database.key
    new_key = new_password or None
    if old_key == new_key:
        return database
    database.close()
    staging = path.with_name(path.name + ".rekeying")
    try:
        rekey_file(path, staging, old_key, new_key)
        problems = integrity_problems(staging, new_key)
        if problems:
            raise StorageError(
                "The re-written copy failed its check; your file was kept as it was."
            )
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.replace(staging, path)
    folder = paths.backup_dir(path)
    if folder.is_dir():
        for backup in sorted(folder.glob("*.sqlite")):
            rekey_file(backup, backup, old_key, new_key)
    return open_database(database.target, password=new_key)
