"""The headless commands as a person runs them: real processes, real files, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from microoffice.core.db.database import open_database
from microoffice.core.services import clients


def mo(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MICROOFFICE_HOME=str(home), MICROOFFICE_NOW="2026-12-07T09:30")
    env.pop("MICROOFFICE_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "microoffice", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _make_db(path: Path) -> None:
    database = open_database(str(path))
    with database.session() as s:
        clients.create_client(s, clients.ClientData(first_name="Ann", last_name="Smith"))
    database.close()


def test_check_backup_export_import_round_trip(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = tmp_path / "a.sqlite"
    _make_db(db)
    assert mo("check", "--db", str(db), home=home).returncode == 0
    assert mo("--db", str(db), "check", home=home).returncode == 0  # --db before the command
    backup = mo("backup", "--db", str(db), "--to", str(tmp_path / "bk"), home=home)
    assert backup.returncode == 0, backup.stderr
    assert len(list((tmp_path / "bk").glob("a-*-manual.sqlite"))) == 1
    a_json, b_json = tmp_path / "a.json", tmp_path / "b.json"
    assert mo("export", "--db", str(db), "--json", str(a_json), home=home).returncode == 0
    imported = mo("import", "--json", str(a_json), "--db", str(tmp_path / "b.sqlite"), home=home)
    assert imported.returncode == 0, imported.stderr
    assert (
        mo(
            "export", "--db", str(tmp_path / "b.sqlite"), "--json", str(b_json), home=home
        ).returncode
        == 0
    )
    assert a_json.read_bytes() == b_json.read_bytes()


def test_failures_exit_non_zero_with_a_message(tmp_path: Path) -> None:
    home = tmp_path / "home"
    """Exit 2 and exactly the one line a person reads (a crash would exit 1 or 70, with a
    trace or the log's path), and nothing made or changed."""
    home = tmp_path / "home"
    missing = mo("check", "--db", str(tmp_path / "nope.sqlite"), home=home)
    assert (missing.returncode, missing.stderr) == (
        2,
        f"microoffice check: There is no database at {tmp_path / 'nope.sqlite'}.\n",
    )
    assert not (tmp_path / "nope.sqlite").exists()
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    result = mo("import", "--json", str(bad), "--db", str(tmp_path / "c.sqlite"), home=home)
    assert (result.returncode, result.stderr) == (
        2,
        "microoffice import: bad.json is not valid JSON (line 1, column 6: Expecting ',' "
        "delimiter). Choose a file made by 'microoffice export --json'.\n",
    )
    assert not (tmp_path / "c.sqlite").exists()
    restore = mo(
        "restore", str(tmp_path / "no-backup.sqlite"), "--db", str(tmp_path / "d.sqlite"), home=home
    )
    assert (restore.returncode, restore.stderr) == (
        2,
        f"microoffice restore: There is no backup file at {tmp_path / 'no-backup.sqlite'}.\n",
    )
    assert not (tmp_path / "d.sqlite").exists()


def test_check_fails_on_tampering(tmp_path: Path) -> None:
    import sqlite3

    home = tmp_path / "home"
    db = tmp_path / "a.sqlite"
    _make_db(db)
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER trg_audit_log_no_update")
    conn.execute("UPDATE audit_log SET entity_id = '42' WHERE id = 1")
    conn.commit()
    conn.close()
    result = mo("check", "--db", str(db), home=home)
    assert result.returncode == 1
    assert "audit log row 1 was changed" in result.stdout


def test_password_set_then_commands_need_it(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    db = tmp_path / "a.sqlite"
    _make_db(db)
    monkeypatch.setenv("MICROOFFICE_NEW_PASSWORD", "short")
    refused = mo("password", "set", "--db", str(db), home=home)
    assert refused.returncode != 0 and "at least 10" in refused.stderr
    monkeypatch.setenv("MICROOFFICE_NEW_PASSWORD", "long enough phrase")
    assert mo("password", "set", "--db", str(db), home=home).returncode == 0
    assert b"Smith" not in db.read_bytes()
    locked = mo("check", "--db", str(db), home=home)
    assert locked.returncode != 0 and "protected by a password" in locked.stderr
    monkeypatch.setenv("MICROOFFICE_PASSWORD", "wrong phrase")
    wrong = mo("check", "--db", str(db), home=home)
    assert wrong.returncode != 0 and "does not open" in wrong.stderr
    monkeypatch.setenv("MICROOFFICE_PASSWORD", "long enough phrase")
    assert mo("check", "--db", str(db), home=home).returncode == 0
    assert mo("password", "remove", "--db", str(db), home=home).returncode == 0
    monkeypatch.delenv("MICROOFFICE_PASSWORD")
    assert mo("check", "--db", str(db), home=home).returncode == 0
