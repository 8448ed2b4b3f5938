"""Demo databases: Barbara's one-woman business ("small") and a five-person team with five years
of history ("large", used by the benchmark).

Dates are relative to `clock.today()` so a demo always looks current, and every random choice
comes from a seeded generator, so two builds at the same (frozen) time are identical. A build goes
into a side file that replaces the target only once it is complete: nothing is ever half-made.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from microoffice.core import clock, paths
from microoffice.core.db import ownership
from microoffice.core.errors import UserError

SCALES = ("small", "large")
SEEDS = {"small": 1947, "large": 2026}
SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class DemoSummary:
    path: Path | str  # a file, or a server office's address (without its password)
    scale: str
    clients: int
    staff: int
    plans: int
    visits: int
    daily_notes: int
    seconds: float

    def describe(self) -> str:
        return (
            f"Demo database ({self.scale}) written to {self.path}: {self.clients} clients, "
            f"{self.staff} staff, {self.plans} visit plans, {self.visits} past visits, "
            f"{self.daily_notes} daily notes ({self.seconds:.1f} s)."
        )


def _remove_with_side_files(path: Path) -> None:
    for candidate in [path, *(path.with_name(path.name + s) for s in SIDE_FILES)]:
        if candidate.exists():
            candidate.unlink()


def build_demo(
    target: str, scale: str = "small", force: bool = False, *, years: int = 5
) -> DemoSummary:
    """Write a demo database at target; refuse to replace an existing file unless force is set.

    years shortens the large demo's history (tests use 1 to stay quick).
    """
    if scale not in SCALES:
        raise UserError(f"There is no '{scale}' demo; choose one of: {', '.join(SCALES)}.")
    if paths.is_url(target):
        return _build_on_server(target, scale, force, years)
    path = Path(target).expanduser()
    if path.is_dir():
        raise UserError(f"{path} is a folder; give the name of a database file to create.")
    if path.exists() and not force:
        raise UserError(
            f"{path} already exists, so the demo was not written. Choose another file, or "
            "add --force to delete it and write a fresh demo in its place."
        )
    started = time.perf_counter()
    partial = path.with_name(path.name + ".partial")
    path.parent.mkdir(parents=True, exist_ok=True)
    # the file being replaced may be an office another program has open: only its owner swaps
    with ownership.claim(path, holder="microoffice writing a demo"):
        if ownership.users_here(path) > 1:
            raise UserError(f"{path.name} is open in this window; open another office first.")
        _remove_with_side_files(partial)
        try:
            with clock.frozen(clock.now()):
                counts = _build(partial, scale, years)
            _checkpoint(partial)
            _remove_with_side_files(path)
            os.replace(partial, path)
        finally:
            _remove_with_side_files(partial)
    return DemoSummary(path=path, scale=scale, seconds=time.perf_counter() - started, **counts)


def _build_on_server(target: str, scale: str, force: bool, years: int) -> DemoSummary:
    """A demo on a server office: built as a file first (the same office, byte for byte), then
    moved in by the JSON import, which goes only into an empty database."""
    import tempfile

    from microoffice.core.db.database import open_database
    from microoffice.core.db.engine import describe_target
    from microoffice.core.services.transfer import export_data, import_data

    if force:
        raise UserError(
            "A server office is never replaced: --force works on demo files only. Give the "
            "address of an empty server database."
        )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="microoffice-demo-") as folder:
        built = build_demo(str(Path(folder) / "demo.sqlite"), scale, years=years)
        source = open_database(str(built.path), readonly=True)
        try:
            data = export_data(source)
        finally:
            source.close()
    server = open_database(target, seed=False)
    try:
        import_data(server, data, checked=True)
    finally:
        server.close()
    counts = {
        "clients": built.clients,
        "staff": built.staff,
        "plans": built.plans,
        "visits": built.visits,
        "daily_notes": built.daily_notes,
    }
    return DemoSummary(
        path=describe_target(target), scale=scale, seconds=time.perf_counter() - started, **counts
    )


def _build(path: Path, scale: str, years: int) -> dict[str, int]:
    from microoffice.core.db.database import open_database

    db = open_database(str(path), create=True)
    try:
        if scale == "small":
            from microoffice.core.demo.small import build_small

            return build_small(db, SEEDS[scale])
        from microoffice.core.demo.large import build_large

        return build_large(db, SEEDS[scale], years=years)
    finally:
        db.close()


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file so renaming the file alone moves everything."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
