"""Issue 12, "Nothing lost": one owner per office file, proved with real second programs.

Each test reproduces a loss found in issue 12 (a program holding the office, another one working
on the same file) and asserts what now holds: every save a program was told succeeded is in the
file, and a program that may not write is refused with a plain message.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from microoffice.core.db.database import open_database
from microoffice.core.models import Client
from microoffice.core.services import backups, clients
from tests.office_program import HOLDER, Program, environment, save_once

NAME = "Philomena Quigley-Burtonshaw"


def mo(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "microoffice", *args],
        capture_output=True,
        text=True,
        env=environment(home) | env,
        timeout=180,
        check=False,
    )


def _office(path: Path, *names: str) -> Path:
    database = open_database(str(path))
    with database.session() as s:
        for name in names:
            clients.create_client(s, clients.ClientData(first_name="Ann", last_name=name))
    database.close()
    return path


def _last_names(path: Path, password: str | None = None) -> list[str]:
    database = open_database(str(path), password=password)
    try:
        with database.session() as s:
            return list(s.scalars(select(Client.last_name).order_by(Client.id)))
    finally:
        database.close()


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def _saved(lines: list[str]) -> list[int]:
    return [int(line.split()[1]) for line in lines if line.startswith("saved ")]


def _wait_for_saves(saver: Program, count: int) -> None:
    while len(_saved(saver.lines)) < count:
        line = saver.read()
        assert line, f"the saver stopped: {saver.stderr()}"


def test_the_issues_recipe_loses_nothing(tmp_path: Path) -> None:
    """A program holds the office; its own process opens and closes the office's files once;
    `microoffice check` runs; another program tries to save; the first one saves again.
    Before issue 12 the first program's next save failed: "database disk image is malformed"."""
    home, db = tmp_path / "home", _office(tmp_path / "office.sqlite", "Existing")
    holder = Program(home, "hold", str(db))
    try:
        before = holder.ask("save Before")
        assert holder.ask("touch") == "touched"  # drops the holder's own SQLite locks
        check = mo(home, "check", "--db", str(db))
        other = save_once(home, db, "Other")
        after = holder.ask("save After")
        closed = holder.ask("quit")
    finally:
        holder.kill()
    assert (before, after, closed) == ("saved Before", "saved After", "closed"), holder.stderr()
    assert _integrity(db) == "ok"
    assert sorted(_last_names(db)) == ["After", "Before", "Existing"]
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("OK")
    assert "in use by the test's other program" in check.stderr  # it read; it did not own
    assert other.returncode == 3, other.stdout + other.stderr
    assert other.stdout.startswith("refused OfficeInUseError")
    assert HOLDER in other.stdout
    again = mo(home, "check", "--db", str(db))
    assert again.returncode == 0, again.stdout + again.stderr


@pytest.mark.parametrize("command", ["password", "restore"])
def test_swaps_are_refused_while_another_program_saves_every_50ms(
    tmp_path: Path, command: str
) -> None:
    """Issue 12 found 62 of 109 (password set) and 73 of 111 (restore) acknowledged saves gone."""
    home, db = tmp_path / "home", _office(tmp_path / "office.sqlite", "Existing")
    database = open_database(str(db))
    backup = backups.create_backup(database)
    database.close()
    saver = Program(home, "saver", str(db), "Saver")
    try:
        _wait_for_saves(saver, 10)
        if command == "password":
            result = mo(
                home, "password", "set", "--db", str(db), MICROOFFICE_NEW_PASSWORD="owls at dusk 12"
            )
        else:
            result = mo(home, "restore", str(backup), "--db", str(db))
        acknowledged_during = len(_saved(saver.lines))
        _wait_for_saves(saver, acknowledged_during + 5)
        lines = saver.finish()
    finally:
        saver.kill()
    assert result.returncode == 2, result.stdout + result.stderr
    assert "is in use by the test's other program" in result.stderr
    assert "nothing was changed" in result.stderr
    assert "Traceback" not in result.stderr
    acknowledged = _saved(lines)
    assert acknowledged == list(range(len(acknowledged)))
    assert db.read_bytes()[:16] == b"SQLite format 3\x00"  # not re-keyed
    names = _last_names(db)
    assert names.count("Existing") == 1
    assert sorted(n for n in names if n.startswith("Saver")) == [
        f"Saver{n:05d}" for n in acknowledged
    ]
    assert _integrity(db) == "ok"


def test_password_set_between_the_saves_of_short_commands_loses_none(tmp_path: Path) -> None:
    """When each save is a short program of its own, password set waits for a gap and owns the
    office for the swap: every save acknowledged before it is in the encrypted file, and the
    saves after it are refused (they do not know the password), not lost."""
    home, db = tmp_path / "home", _office(tmp_path / "office.sqlite", "Existing")
    saver = Program(home, "saver", str(db), "Saver", "--reopen")
    try:
        _wait_for_saves(saver, 5)
        result = mo(
            home, "password", "set", "--db", str(db), MICROOFFICE_NEW_PASSWORD="owls at dusk 12"
        )
        while sum(line.startswith("refused PasswordRequired") for line in saver.lines) < 3:
            assert saver.read(), saver.stderr()
        lines = saver.finish()
    finally:
        saver.kill()
    assert result.returncode == 0, result.stdout + result.stderr
    assert db.read_bytes()[:16] != b"SQLite format 3\x00"  # encrypted
    acknowledged = _saved(lines)
    names = _last_names(db, password="owls at dusk 12")
    assert sorted(n for n in names if n.startswith("Saver")) == [
        f"Saver{n:05d}" for n in acknowledged
    ]
    assert len(acknowledged) >= 5


def test_read_commands_read_and_write_commands_are_refused_while_the_office_is_owned(
    tmp_path: Path,
) -> None:
    home, db = tmp_path / "home", _office(tmp_path / "office.sqlite", "Existing")
    sheet = tmp_path / "clients.csv"
    sheet.write_text("First name,Last name\nNew,Person\n", encoding="utf-8")
    holder = Program(home, "hold", str(db))
    try:
        assert holder.ask("save Owned") == "saved Owned"
        wal = Path(str(db) + "-wal").read_bytes()
        due = mo(home, "due", "--db", str(db))
        assert due.returncode == 0, due.stderr
        rota = mo(home, "rota", "--db", str(db))
        assert rota.returncode == 0, rota.stderr
        assert Path(str(db) + "-wal").read_bytes() == wal  # the readers wrote nothing
        refused = mo(home, "import-csv", "--clients", str(sheet), "--db", str(db))
        assert refused.returncode == 2
        assert refused.stderr.startswith("microoffice import-csv: This office (office.sqlite)")
        assert "in use by the test's other program" in refused.stderr
        assert holder.ask("save Later") == "saved Later"
        assert holder.ask("quit") == "closed"
    finally:
        holder.kill()
    assert sorted(_last_names(db)) == ["Existing", "Later", "Owned"]


def test_a_busy_office_gets_the_plain_message_and_no_names(tmp_path: Path) -> None:
    """Another program (not microoffice: say a database browser) is in the middle of a save."""
    home, db = tmp_path / "home", _office(tmp_path / "office.sqlite", "Existing")
    first, last = NAME.split(" ", 1)
    sheet = tmp_path / "clients.csv"
    sheet.write_text(f"First name,Last name,Town\n{first},{last},Walsall\n", encoding="utf-8")
    browser = sqlite3.connect(db, isolation_level=None)
    browser.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        result = mo(home, "import-csv", "--clients", str(sheet), "--db", str(db))
        waited = time.monotonic() - started
    finally:
        browser.execute("ROLLBACK")
        browser.close()
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip() == (
        "microoffice import-csv: Another program is saving to this office; try again in a moment."
    )
    assert last not in result.stderr and last not in result.stdout
    assert waited >= 4  # it waited out the busy timeout (5 s) before giving up
    assert _last_names(db) == ["Existing"]


@pytest.mark.parametrize("rows", [1, 2])
def test_a_failing_statement_never_prints_the_names_it_carried(tmp_path: Path, rows: int) -> None:
    """Two rows: the names are bound as parameters. One row: the import writes every column that
    is the same in all rows into the statement's text, so the values are literals there."""
    home, db = tmp_path / "home", _office(tmp_path / "office.sqlite", "Existing")
    first, last = NAME.split(" ", 1)
    sheet = tmp_path / "clients.csv"
    lines = [f"{first},{last},Walsall", "Oswald,Fenwick-Pryce,Dudley"][:rows]
    sheet.write_text("First name,Last name,Town\n" + "\n".join(lines) + "\n", encoding="utf-8")
    conn = sqlite3.connect(db)
    conn.execute(  # a fault inside the database: every new client is rejected
        "CREATE TRIGGER test_fault BEFORE INSERT ON client BEGIN SELECT RAISE(ABORT, 'fault'); END"
    )
    conn.commit()
    conn.close()
    result = mo(home, "import-csv", "--clients", str(sheet), "--db", str(db))
    assert result.returncode != 0
    for personal in (last, "Walsall", "Fenwick-Pryce", "Dudley"):
        assert personal not in result.stderr
    assert _last_names(db) == ["Existing"]


def test_an_office_on_a_network_drive_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from microoffice.cli import main
    from microoffice.core.db import ownership

    db = _office(tmp_path / "office.sqlite", "Existing")
    mounts = tmp_path / "mounts"
    mounts.write_text(
        f"/dev/sda1 / ext4 rw 0 0\nserver:/export {tmp_path.resolve()} nfs4 rw,relatime 0 0\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(ownership, "MOUNTS", mounts)
    assert main(["check", "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "Warning: This office is on a network drive (nfs4)." in err
    assert "database server (PostgreSQL)" in err
    monkeypatch.setattr(ownership, "MOUNTS", tmp_path / "no-such-mounts")
    assert main(["check", "--db", str(db)]) == 0
    assert "network drive" not in capsys.readouterr().err


def test_network_file_systems_are_recognised_by_their_mount(tmp_path: Path) -> None:
    from microoffice.core.db.ownership import network_filesystem

    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "//nas/office /mnt/shared\\040drive cifs rw 0 0\n"
        "/dev/sdb1 /mnt/shared\\040drive/local ext4 rw 0 0\n"
        "me@host:/data /home/me/remote fuse.sshfs rw 0 0\n",
        encoding="utf-8",
    )
    assert network_filesystem(Path("/mnt/shared drive/a.sqlite"), mounts) == "cifs"
    assert network_filesystem(Path("/mnt/shared drive/local/a.sqlite"), mounts) is None
    assert network_filesystem(Path("/home/me/remote/office.sqlite"), mounts) == "fuse.sshfs"
    assert network_filesystem(Path("/home/me/office.sqlite"), mounts) is None
