"""Consistent copies of a live database file via the online backup API (safe while it is open).

An encrypted database is copied through SQLCipher with the same key, so its copies are encrypted
too; `rekey_file` writes a copy under a different key (or none) with sqlcipher_export.
"""

from __future__ import annotations

import os
from pathlib import Path

from microoffice.core.db.sqlite_files import connect_file, quote_key


def _fresh(dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    return tmp


def copy_database(source: Path, dest: Path, key: str | None = None) -> None:
    """Copy source to dest page by page under SQLite's own locking; dest is replaced."""
    tmp = _fresh(dest)
    src_conn = connect_file(source, key, readonly=True)
    dst_conn = connect_file(tmp, key)
    try:
        src_conn.backup(dst_conn)
        dst_conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst_conn.close()
        src_conn.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, dest)


def rekey_file(source: Path, dest: Path, old_key: str | None, new_key: str | None) -> None:
    """Write dest as a copy of source encrypted with new_key (None: unencrypted)."""
    from microoffice.core.db.sqlite_files import cipher_module

    tmp = _fresh(dest)
    module = cipher_module()
    conn = module.connect(str(source))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if old_key is not None:
            conn.execute(f"PRAGMA key = {quote_key(old_key)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute(
            f"ATTACH DATABASE {quote_key(str(tmp))} AS rekeyed KEY {quote_key(new_key or '')}"
        )
        conn.execute("SELECT sqlcipher_export('rekeyed')")
        conn.execute("DETACH DATABASE rekeyed")
    finally:
        conn.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, dest)
