"""Consistent copies of a live database file via the online backup API (safe while it is open).

An encrypted database is copied through SQLCipher with the same key, so its copies are encrypted
too; `rekey_file` writes a copy under a different key (or none) with sqlcipher_export.
`swap_in` is the one way a copy takes the office's place (restore, password change, migration).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from microoffice.core.db import ownership
from microoffice.core.db.sqlite_files import connect_file, file_uri, integrity_problems, quote_key
from microoffice.core.errors import StorageError

log = logging.getLogger(__name__)


def _fresh(dest: Path) -> Path:
    """The partial file a copy is written to: beside dest, tagged with this process's id, so a
    later owner knows when its writer is gone (ownership.clean_leftovers)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = ownership.partial_name(dest)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    # owner-only from its first byte (SQLite gives a journal the mode of its database file)
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    return tmp


def _finish(tmp: Path, dest: Path) -> None:
    """Owner-only, on disk, then in place, and the folder's entry on disk too."""
    os.chmod(tmp, 0o600)
    fsync_file(tmp)
    os.replace(tmp, dest)
    fsync_folder(dest.parent)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - folders cannot be opened for fsync there
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _partial_copy(dest: Path) -> Iterator[Path]:
    """The partial file a copy is written to; it takes dest's place only if the block succeeds,
    and is removed if it does not."""
    tmp = _fresh(dest)
    try:
        yield tmp
        _finish(tmp, dest)
    except BaseException:
        for suffix in ("", "-journal"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        raise


def copy_database(source: Path, dest: Path, key: str | None = None) -> None:
    """Copy source to dest page by page under SQLite's own locking; dest is replaced."""
    with _partial_copy(dest) as tmp:
        src_conn = connect_file(source, key, readonly=True)
        try:
            dst_conn = connect_file(tmp, key)
            try:
                src_conn.backup(dst_conn)
                dst_conn.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst_conn.close()
        finally:
            src_conn.close()


def rekey_file(source: Path, dest: Path, old_key: str | None, new_key: str | None) -> None:
    """Write dest as a copy of source encrypted with new_key (None: unencrypted)."""
    from microoffice.core.db.sqlite_files import cipher_module

    module = cipher_module()
    with _partial_copy(dest) as tmp:
        conn = module.connect(file_uri(source), uri=True)
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


def swap_in(staging: Path, target: Path, key: str | None, target_key: str | None) -> None:
    """Put a complete copy in the office's place; the old file stays whole until then.

    The caller owns the office and has closed every connection of its own to it. The copy is
    checked first; the office's write-ahead log is checkpointed into it and the log and index
    removed (nobody else may be writing; a read-only viewer keeps reading what it has open); then
    one rename swaps the files and the folder is synced. A crash at any point leaves either the old
    office or the new one, never a log from one beside the other. `key` opens the copy,
    `target_key` the office as it is now.
    """
    if not ownership.owned_here(target):
        raise StorageError("The office must be owned by this program to replace it.")
    if ownership.users_here(target) > 1:
        raise StorageError(
            "The office is still open elsewhere in this program; close it there first."
        )
    fsync_file(staging)
    problems = integrity_problems(staging, key)
    if problems:
        raise StorageError(
            "The new copy failed its integrity check, so your office was left as it was: "
            + "; ".join(problems[:3])
        )
    _checkpoint(target, target_key)
    for companion in ownership.companions(target)[:2]:
        companion.unlink(missing_ok=True)
    os.replace(staging, target)
    fsync_folder(target.parent)


def _checkpoint(target: Path, key: str | None) -> None:
    """Move the office's write-ahead log into the file, so removing the log loses nothing.

    A damaged office (restore is how one recovers from that) may refuse; its contents were already
    copied through the log by the caller, so the swap goes on.
    """
    wal = Path(str(target) + "-wal")
    if not target.exists() or not wal.exists():
        return
    try:
        conn = connect_file(target, key)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()
    except Exception as exc:  # sqlite3 or sqlcipher3 errors alike
        log.warning("Checkpoint before the swap failed: %s", type(exc).__name__)
