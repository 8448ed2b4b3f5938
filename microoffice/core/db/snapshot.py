"""Consistent copies of a live SQLite file via the online backup API (safe while it is open)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def copy_database(source: Path, dest: Path) -> None:
    """Copy source to dest page by page under SQLite's own locking; dest is replaced."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    if tmp.exists():
        tmp.unlink()
    src_conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst_conn = sqlite3.connect(tmp)
    try:
        src_conn.backup(dst_conn)
        dst_conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst_conn.close()
        src_conn.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, dest)
