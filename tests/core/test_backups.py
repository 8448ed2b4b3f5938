from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from microoffice.core import clock
from microoffice.core.db.database import Database, open_database
from microoffice.core.errors import StorageError, UserError
from microoffice.core.services import backups, clients


def _add(db: Database, last: str) -> None:
    with db.session() as s:
        clients.create_client(s, clients.ClientData(first_name="A", last_name=last))


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT last_name FROM client ORDER BY id")]
    finally:
        conn.close()


def test_backup_is_written_verified_and_restorable(file_db: Database, db_path: Path) -> None:
    _add(file_db, "Before")
    backup = backups.create_backup(file_db)
    assert backup.parent == db_path.parent / "test-backups"
    assert _names(backup) == ["Before"]
    assert sqlite3.connect(backup).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert backup.stat().st_mode & 0o077 == 0
    _add(file_db, "After")
    file_db.close()
    safety = backups.restore_backup(backup, db_path)
    assert safety is not None and _names(safety) == ["Before", "After"]
    reopened = open_database(str(db_path))
    with reopened.session() as s:
        assert [r.name for r in clients.list_clients(s)] == ["A Before"]
    reopened.close()


def test_rotation_keeps_the_newest(file_db: Database) -> None:
    made = []
    for hour in range(5):
        clock.freeze(datetime(2026, 12, 7, 9 + hour))
        made.append(backups.create_backup(file_db, keep=3))
    folder = made[0].parent
    kept = [b.path for b in backups.list_backups(folder)]
    assert kept == list(reversed(made[-3:]))
    assert not made[0].exists() and not made[1].exists()


def test_daily_backup_only_when_due(file_db: Database) -> None:
    first = backups.backup_if_due(file_db)
    assert first is not None
    clock.freeze(clock.local_now() + timedelta(hours=5))
    assert backups.backup_if_due(file_db) is None
    clock.freeze(clock.local_now() + timedelta(hours=20))
    assert backups.backup_if_due(file_db) is not None
    assert backups.backup_on_close(file_db) is not None
    assert len(backups.list_backups(first.parent)) == 3


def test_damaged_backup_is_not_restored(file_db: Database, db_path: Path, tmp_path: Path) -> None:
    _add(file_db, "Keep")
    file_db.close()
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    before = db_path.read_bytes()
    with pytest.raises((StorageError, UserError)):
        backups.restore_backup(bad, db_path)
    assert db_path.read_bytes() == before
    with pytest.raises(UserError, match="no backup file"):
        backups.restore_backup(tmp_path / "missing.sqlite", db_path)


def test_backup_to_unwritable_folder_says_so(file_db: Database, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="Could not write a backup"):
        backups.create_backup(file_db, to=blocker / "sub")
