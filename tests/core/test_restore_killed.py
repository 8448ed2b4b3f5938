"""Issue 12: a restore killed between the swap and its restore marker (SIGKILL-like: os._exit in a
second process) leaves the office restored and `check` clean, not a false "entries were removed";
one killed before the swap leaves the office as it was and no excuse for missing entries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from microoffice.cli import main
from microoffice.core import paths
from microoffice.core.db.database import open_database
from microoffice.core.services import backups, clients

# Runs restore_backup with swap_in wrapped so the process dies (no clean-up, like SIGKILL) right
# before or right after the swap.
CHILD = """
import os, sys
from pathlib import Path
from microoffice.core.services import backups
real = backups.swap_in
when = sys.argv[3]
def dying(*args, **kwargs):
    if when == "before":
        os._exit(9)
    real(*args, **kwargs)
    os._exit(9)
backups.swap_in = dying
backups.restore_backup(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def _office(db_path: Path) -> tuple[Path, int]:
    """An office with two backups: the first to restore, the second anchoring a later entry."""
    database = open_database(str(db_path))
    with database.session() as s:
        clients.create_client(s, clients.ClientData(first_name="Ada", last_name="First"))
    first = backups.create_backup(database, tag="first")
    with database.session() as s:
        clients.create_client(s, clients.ClientData(first_name="Bea", last_name="Second"))
    backups.create_backup(database, tag="second")
    database.close()
    return first, db_path.stat().st_ino


def _killed_restore(first: Path, db_path: Path, when: str, home: Path) -> None:
    env = {**os.environ, "MICROOFFICE_HOME": str(home), "MICROOFFICE_NOW": "2026-12-07T10:00"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(first), str(db_path), when],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 9, done.stderr


def _check(db_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["check", "--db", str(db_path)])
    return status, capsys.readouterr().out


def _names(db_path: Path) -> list[str]:
    database = open_database(str(db_path))
    try:
        with database.session(reading=True) as s:
            return [row.name for row in clients.list_clients(s)]
    finally:
        database.close()


def test_killed_after_the_swap_keeps_the_restore_marker(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, _ino = _office(db_path)
    _killed_restore(first, db_path, "after", tmp_path / "home")
    folder = paths.backup_dir(db_path)
    assert [p.name for p in folder.glob("*.anchor.pending")]  # the kill left it pending

    status, out = _check(db_path, capsys)  # the next start settles it: a marker now
    assert status == 0, out
    assert "were removed" not in out and "set aside on purpose" in out
    assert not list(folder.glob("*.anchor.pending"))
    assert len(list(folder.glob("*-restore.anchor"))) == 1
    assert _names(db_path) == ["Ada First"]


def test_killed_before_the_swap_leaves_no_excuse(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, ino = _office(db_path)
    _killed_restore(first, db_path, "before", tmp_path / "home")
    assert db_path.stat().st_ino == ino  # the office was not replaced
    status, out = _check(db_path, capsys)
    assert status == 0, out
    folder = paths.backup_dir(db_path)
    assert not list(folder.glob("*.anchor.pending")) and not list(folder.glob("*-restore.anchor"))
    assert sorted(_names(db_path)) == ["Ada First", "Bea Second"]

    # so removing the newest audit entries by hand is still caught: no restore excuses it
    import sqlite3

    from microoffice.core.db.triggers import trigger_statements

    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TRIGGER trg_audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
        for statement in trigger_statements("audit_log"):
            if "trg_audit_log_no_delete" in statement:
                conn.execute(statement)
    status, out = _check(db_path, capsys)
    assert status == 1 and "were removed" in out, out
