"""What the crash harness checks on the files a kill left, as a later start would find them."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from contextlib import closing
from pathlib import Path

from microoffice.core.db.database import Database, open_database
from microoffice.core.services import clients

MARKER = "Marker"  # first name of the clients the harness saves itself between runs
SIDECARS = ("-wal", "-shm")


def office_findings(path: Path, key: str | None = None) -> list[str]:
    """`microoffice check` as a later start runs it: integrity, schema, the audit chain and the
    append-only records. An office that will not open is a finding too."""
    from microoffice.core.services.integrity import check_database

    try:
        database = open_database(str(path), create=False, password=key)
    except Exception as exc:  # the harness reports whatever stops a later start
        return [f"does not open: {type(exc).__name__}: {exc}"]
    try:
        return [f"{f.area}: {f.message}" for f in check_database(database)]
    finally:
        database.close()


def copy_findings(path: Path, key: str | None = None) -> list[str]:
    """The same checks on a copy elsewhere, so checking a backup never writes beside it."""
    with tempfile.TemporaryDirectory(prefix="crash-check-") as scratch:
        copy = Path(scratch) / "copy.sqlite"
        try:
            shutil.copyfile(path, copy)
        except OSError as exc:
            return [f"cannot be read: {exc}"]
        return office_findings(copy, key)


def save_marker(path: Path, number: int, key: str | None = None) -> None:
    """An acknowledged save through the app's own services (the session commits or raises)."""
    database = open_database(str(path), create=False, password=key)
    try:
        with database.session(actor="crash-harness") as s:
            clients.create_client(
                s, clients.ClientData(first_name=MARKER, last_name=f"M{number:05d}")
            )
    finally:
        database.close()


def _names(database: Database) -> set[str]:
    with database.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT last_name FROM client WHERE first_name = ?", (MARKER,)
        ).all()
    return {row[0] for row in rows}


def markers(path: Path, key: str | None = None) -> set[str] | None:
    """The markers a file holds (read through a copy); None if it cannot be read."""
    with tempfile.TemporaryDirectory(prefix="crash-read-") as scratch:
        copy = Path(scratch) / "copy.sqlite"
        try:
            shutil.copyfile(path, copy)
            for suffix in SIDECARS:
                if Path(f"{path}{suffix}").exists():
                    shutil.copyfile(f"{path}{suffix}", f"{copy}{suffix}")
            database = open_database(str(copy), create=False, password=key)
        except Exception:
            return None
        try:
            return _names(database)
        except Exception:
            return None
        finally:
            database.close()


def marker_name(number: int) -> str:
    return f"M{number:05d}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plain_rows(path: Path, sql: str, params: Iterable[object] = ()) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.execute(sql, tuple(params)))


class Leftovers:
    """Temporaries a kill left: each must be gone once a later run of the same kind finishes in
    the same folders, or it is an orphan."""

    def __init__(self, folders: Iterable[Path], belongs: Callable[[Path], bool]) -> None:
        self.folders = tuple(folders)
        self.belongs = belongs  # True for a file that is meant to be there
        self.seen: set[Path] = set()

    def scan(self) -> set[Path]:
        found: set[Path] = set()
        for folder in self.folders:
            if folder.is_dir():
                found.update(p for p in folder.iterdir() if p.is_file() and not self.belongs(p))
        return found

    def note(self) -> None:
        self.seen |= self.scan()

    def still_there(self) -> set[Path]:
        """Called after a run that finished: what it should have cleaned and did not."""
        left = {p for p in self.seen if p.exists()}
        self.seen = set()
        return left
