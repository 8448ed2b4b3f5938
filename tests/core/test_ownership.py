"""Issue 12: the ownership model of an office file, through the core API (no Qt).

docs/architecture.md ("One owner per office file") says what holds; each test here makes one of
those sentences fail if it stopped being true.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from microoffice.core import errors
from microoffice.core.db import engine as engine_module
from microoffice.core.db import snapshot
from microoffice.core.db.database import Database, open_database
from microoffice.core.errors import SchemaTooNewError, StorageError
from microoffice.core.models import Client
from microoffice.core.services import backups, clients
from microoffice.core.services.encryption import change_password
from tests.office_program import (
    HOLDER,
    ROOT,
    SHARED_RANGE,
    Program,
    environment,
    held_by,
    save_once,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Names of things this issue added are looked up inside the tests, so that against the code from
# before it each test fails at the behaviour it checks, not at import.


def _lock(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def _companions(db: Path) -> tuple[Path, Path]:
    return Path(f"{db}-wal"), Path(f"{db}-shm")


def _add(database: Database, last_name: str) -> None:
    with database.session() as s:
        clients.create_client(s, clients.ClientData(first_name="Ann", last_name=last_name))


def _names(database: Database) -> list[str]:
    with database.session() as s:
        return list(s.scalars(select(Client.last_name).order_by(Client.id)))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_claim_survives_other_code_closing_the_office_files(fresh_db_file: Path) -> None:
    """SQLite's own locks vanish when any descriptor of the file is closed in the process; the
    claim does not, so a second program is still refused."""
    database = open_database(str(fresh_db_file))
    try:
        _add(database, "Before")
        for path in (fresh_db_file, *_companions(fresh_db_file), _lock(fresh_db_file)):
            if path.exists():
                with open(path, "rb") as fh:  # what a file dialog sniffing the folder did
                    fh.read(16)
        assert held_by(fresh_db_file, *SHARED_RANGE) == "none"  # SQLite's locks are gone...
        other = save_once(fresh_db_file.parent / "home", fresh_db_file, "Other")
        assert other.returncode == 3, other.stdout + other.stderr  # ...the claim is not
        assert "OfficeInUseError" in other.stdout
        _add(database, "After")
        assert _names(database) == ["Before", "After"]
    finally:
        database.close()
    assert not _lock(fresh_db_file).exists()  # let go of with the office


def test_a_read_only_view_never_writes_and_the_owners_saves_survive(fresh_db_file: Path) -> None:
    db = fresh_db_file
    holder = Program(db.parent / "home", "hold", str(db))
    try:
        assert holder.ask("save First") == "saved First"
        assert holder.ask("save Second") == "saved Second"
        wal, shm = (p.read_bytes() for p in _companions(db))
        assert wal, "the owner's saves are still in its write-ahead log"
        with pytest.raises(errors.MicroofficeError, match=HOLDER) as refused:
            open_database(str(db))
        assert type(refused.value).__name__ == "OfficeInUseError"
        viewer = open_database(str(db), readonly=True)
        try:
            assert viewer.readonly
            assert _names(viewer) == ["First", "Second"]  # it sees what the owner saved
            with pytest.raises(errors.ReadOnlyOfficeError, match="can only be read"):
                _add(viewer, "Viewer")
            with pytest.raises(errors.OfficeInUseError):
                change_password(viewer, "a long enough phrase")
            with pytest.raises(errors.OfficeInUseError):
                backups.restore_backup(db, db, replacing=viewer)  # type: ignore[call-arg]
        finally:
            viewer.close()
        assert _companions(db)[0].read_bytes() == wal  # never checkpointed or deleted
        assert _companions(db)[1].read_bytes() == shm  # its index never rebuilt
        assert HOLDER in _lock(db).read_text()
        assert holder.ask("save Third") == "saved Third"
        assert holder.ask("quit") == "closed"
    finally:
        holder.kill()
    database = open_database(str(db))
    try:
        assert _names(database) == ["First", "Second", "Third"]
    finally:
        database.close()


def test_a_busy_office_raises_the_plain_typed_error(
    file_db: Database, fresh_db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    database = open_database(str(fresh_db_file))  # connections made with the short timeout
    other = sqlite3.connect(fresh_db_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is in the middle of a save
    try:
        with pytest.raises(errors.MicroofficeError) as busy:
            _add(database, "Waiting")
        assert type(busy.value).__name__ == "OfficeBusyError"
        assert str(busy.value) == "Another program is saving to this office; try again in a moment."
        with database.session(reading=True) as s:  # reading does not wait for the write lock
            assert s.scalar(select(func.count()).select_from(Client)) == 0
    finally:
        other.execute("ROLLBACK")
        other.close()
    _add(database, "Later")
    assert _names(database) == ["Later"]
    database.close()


def test_a_read_then_write_waits_for_another_save_instead_of_failing(
    fresh_db_file: Path,
) -> None:
    """Issue 12 found 6 of 6 invoice runs failing this way: read, another save lands, write."""
    first, second = open_database(str(fresh_db_file)), open_database(str(fresh_db_file))
    has_read, errors = threading.Event(), []

    def read_then_write() -> None:
        try:
            with first.session() as s:
                count = s.scalar(select(func.count()).select_from(Client))
                has_read.set()
                time.sleep(0.3)  # the other save arrives here
                clients.create_client(s, clients.ClientData(first_name="A", last_name=f"R{count}"))
        except Exception as exc:
            has_read.set()
            errors.append(exc)

    worker = threading.Thread(target=read_then_write)
    worker.start()
    assert has_read.wait(10)
    _add(second, "Between")
    worker.join(30)
    try:
        assert errors == []
        assert sorted(_names(first)) == ["Between", "R0"]
    finally:
        first.close()
        second.close()


def test_a_too_new_office_is_refused_and_left_exactly_as_it_was(fresh_db_file: Path) -> None:
    conn = sqlite3.connect(fresh_db_file)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    folder = fresh_db_file.parent
    before, listing = _sha(fresh_db_file), _listing(folder)
    assert not any(p.exists() for p in _companions(fresh_db_file))
    with pytest.raises(SchemaTooNewError, match="newer version"):
        open_database(str(fresh_db_file))
    assert _sha(fresh_db_file) == before
    assert _listing(folder) == listing  # no -wal, -shm or lock file left beside it


def test_an_upgrade_leaves_no_working_files(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    old.write_bytes((FIXTURES / "db-0001_initial.sqlite").read_bytes())
    open_database(str(old)).close()
    assert _listing(tmp_path) == ["old-backups", "old.sqlite"]
    assert all(".partial" not in name for name in _listing(tmp_path / "old-backups"))


def _dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    return int(child.stdout)


def test_what_a_dead_program_left_is_removed_when_the_office_is_next_opened(
    fresh_db_file: Path,
) -> None:
    db, dead = fresh_db_file, _dead_pid()
    folder = backups.paths.backup_dir(db)
    folder.mkdir()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        left = [
            db.with_name(db.name + ".restoring"),
            db.with_name(db.name + ".restoring-wal"),
            db.with_name(db.name + ".upgrading-shm"),
            db.with_name(f"{db.name}.rekeying.{dead}.partial"),
            folder / f"test-20261207T093000Z-daily.sqlite.{dead}.partial",
            folder / f"test-20261207T093000Z-daily.sqlite.{dead}.partial-journal",
        ]
        busy = folder / f"test-20261207T093001Z-manual.sqlite.{alive.pid}.partial"
        for path in [*left, busy]:
            path.write_bytes(b"half a copy")
        database = open_database(str(db))
        database.close()
        assert [p.name for p in left if p.exists()] == []
        assert busy.exists()  # its writer is still running
    finally:
        alive.kill()
        alive.wait()


KILL_MID_COPY = """
import os, signal, sys
from microoffice.core.db import snapshot
from microoffice.core.db.database import open_database
from microoffice.core.services import backups
real = snapshot.connect_file

class Source:
    def __init__(self, conn):
        self.conn = conn
    def backup(self, target, **_):
        def die(*_):
            os.kill(os.getpid(), signal.SIGKILL)
        self.conn.backup(target, pages=1, progress=die)
    def __getattr__(self, name):
        return getattr(self.conn, name)

def connect(path, key=None, readonly=False):
    conn = real(path, key, readonly)
    copying = sys.argv[3] if sys.argv[2] == "restore" else sys.argv[1]
    return Source(conn) if readonly and str(path) == copying else conn

snapshot.connect_file = connect
database = open_database(sys.argv[1])
if sys.argv[2] == "backup":
    backups.create_backup(database)
else:
    database.close()
    backups.restore_backup(backups.Path(sys.argv[3]), backups.Path(sys.argv[1]))
"""


@pytest.mark.parametrize("kind", ["backup", "restore"])
def test_a_killed_copy_leaves_an_owner_only_partial_that_the_next_owner_removes(
    fresh_db_file: Path, tmp_path: Path, kind: str
) -> None:
    db = fresh_db_file
    source = tmp_path / "source.sqlite"
    source.write_bytes(db.read_bytes())
    before = _sha(db)
    killed = subprocess.run(
        [sys.executable, "-c", KILL_MID_COPY, str(db), kind, str(source)],
        env=environment(tmp_path / "home"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    partials = [p for p in db.parent.rglob("*") if ".partial" in p.name]
    assert partials, "the copy was killed half way"
    if kind == "restore":  # killed while the backup was being copied beside the office
        assert any(p.name.startswith(f"{db.name}.restoring.") for p in partials)
    for partial in partials:
        assert partial.stat().st_mode & 0o077 == 0, f"{partial.name} is readable by others"
        assert partial.parent in (db.parent, backups.paths.backup_dir(db))
    assert _sha(db) == before  # the office was not touched by the half-made copy
    open_database(str(db)).close()
    assert [p for p in db.parent.rglob("*") if ".partial" in p.name] == []


def test_a_restore_keeps_the_office_whole_until_the_new_copy_is_verified(
    file_db: Database, fresh_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(file_db, "Kept")
    backup = backups.create_backup(file_db)
    _add(file_db, "Also kept")
    file_db.close()
    before = _sha(fresh_db_file)
    real = snapshot.integrity_problems

    def staging_is_damaged(path: Path, key: str | None = None) -> list[str]:
        return ["page 3 is damaged"] if ".restoring" in path.name else real(path, key)

    monkeypatch.setattr(snapshot, "integrity_problems", staging_is_damaged)
    with pytest.raises(StorageError, match="page 3 is damaged"):
        backups.restore_backup(backup, fresh_db_file)
    assert _sha(fresh_db_file) == before
    assert [p.name for p in tmp_path.iterdir() if "restoring" in p.name] == []


def test_no_error_message_carries_the_sql_parameters(
    file_db: Database, fresh_db_file: Path
) -> None:
    conn = sqlite3.connect(fresh_db_file)
    conn.execute(
        "CREATE TRIGGER test_fault BEFORE INSERT ON client BEGIN SELECT RAISE(ABORT, 'fault'); END"
    )
    conn.commit()
    conn.close()
    with pytest.raises(IntegrityError) as failed:
        _add(file_db, "Quigley-Burtonshaw")
    assert "Quigley-Burtonshaw" not in str(failed.value)
    assert "fault" in str(failed.value)
    server = engine_module.make_engine("postgresql://someone:secret@localhost/none")
    assert server.hide_parameters  # the same for a PostgreSQL office
    server.dispose()


def test_two_offices_in_one_folder_are_owned_separately(tmp_path: Path) -> None:
    from microoffice.core.db import ownership

    one = open_database(str(tmp_path / "one.sqlite"))
    two = open_database(str(tmp_path / "two.sqlite"))
    try:
        assert ownership.owned_here(tmp_path / "one.sqlite")
        assert ownership.owned_here(tmp_path / "two.sqlite")
        assert os.path.exists(_lock(tmp_path / "two.sqlite"))
    finally:
        one.close()
        two.close()
    assert not ownership.owned_here(tmp_path / "one.sqlite")
