"""Raw connections to database files, plain or encrypted with SQLCipher.

Every low-level look at a file (peeking at its schema, integrity checks, backups, re-keying) goes
through `connect_file`, so an encrypted file is always opened with its key and never by accident
with the plain sqlite3 module (which would only report "file is not a database").
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from microoffice.core.db import ownership
from microoffice.core.errors import StorageError, UserError

SQLITE_HEADER = b"SQLite format 3\x00"


class PasswordRequired(UserError):
    """The file is encrypted and no password was given."""


class WrongPassword(UserError):
    """The password does not open the file (the file was not touched)."""


def cipher_module() -> Any:
    try:
        import sqlcipher3
    except ImportError as exc:  # pragma: no cover - packaging problem, reported plainly
        raise StorageError(
            "Database encryption is not available in this installation (sqlcipher3 is missing)."
        ) from exc
    return sqlcipher3.dbapi2


def quote_key(key: str) -> str:
    return "'" + key.replace("'", "''") + "'"


def apply_key(dbapi_conn: Any, key: str) -> None:
    """Must be the first statement on a SQLCipher connection."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA cipher_log_level = NONE")
    cursor.execute(f"PRAGMA key = {quote_key(key)}")
    cursor.close()


def is_plain_sqlite(path: Path) -> bool:
    """True for an ordinary SQLite file (or an empty one); False for encrypted or foreign bytes.

    Read through ownership.read_header: closing a descriptor of an office this process has open
    would drop SQLite's locks on it.
    """
    header = ownership.read_header(path, 16)
    return not header or header == SQLITE_HEADER


def looks_encrypted(path: Path) -> bool:
    """An SQLCipher file is whole pages of random-looking bytes; a text file is neither."""
    size = path.stat().st_size
    header = ownership.read_header(path, 64)
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in header)
    return size % 512 == 0 and printable < len(header) * 0.8


def file_uri(path: Path) -> str:
    """An SQLite URI for a path (percent-encoded, so '?' or '#' in a folder name stay names)."""
    return Path(path).expanduser().resolve().as_uri()


def reader_uri(path: Path) -> str:
    """A read-only URI that cannot disturb a program that owns the file.

    Where this process does not own the office and its shared-memory index exists, the index is
    opened read-only too (readonly_shm): such a reader never rebuilds or truncates it, even if the
    owner's locks were lost, and never checkpoints or deletes anything when it closes.
    """
    uri = file_uri(path) + "?mode=ro"
    if not ownership.owned_here(path) and Path(str(path) + "-shm").exists():
        uri += "&readonly_shm=1"
    return uri


def connect_file(path: Path, key: str | None = None, readonly: bool = False) -> Any:
    """A DB-API connection to a file; with a key, through SQLCipher, checked to open."""
    uri = reader_uri(path) if readonly else file_uri(path)
    if key is None:
        return sqlite3.connect(uri, uri=True)
    module = cipher_module()
    conn = module.connect(uri, uri=True)
    apply_key(conn, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError:
        conn.close()
        raise WrongPassword(
            "That password does not open this database. Nothing was changed; please try again "
            "(passwords are case-sensitive)."
        ) from None
    return conn


def integrity_problems(db_path: Path, key: str | None = None) -> list[str]:
    """integrity_check plus foreign_key_check, read-only, as plain messages."""
    try:
        conn = connect_file(db_path, key, readonly=True)
    except (sqlite3.Error, UserError) as exc:
        return [str(exc)]
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [r for r in rows if r != "ok"]
        for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"{table} row {rowid} points at a missing {parent} row")
        return problems
    except Exception as exc:  # both sqlite3 and sqlcipher3 DatabaseError
        return [str(exc)]
    finally:
        conn.close()
