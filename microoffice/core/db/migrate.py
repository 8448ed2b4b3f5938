"""Alembic upgrades, imported only when the stored revision is not the code's head."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from microoffice.core import clock, paths
from microoffice.core.crash_report import scrubbed_trace
from microoffice.core.db.engine import make_engine
from microoffice.core.db.schema import HEAD_REVISION
from microoffice.core.db.snapshot import copy_database, swap_in
from microoffice.core.errors import MigrationError, SchemaTooNewError, StorageError

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def script_head() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _refuse_unknown(revision: str | None) -> None:
    if revision is not None and revision not in known_revisions():
        raise SchemaTooNewError(
            f"This database was saved by a newer version of microoffice (schema {revision}). "
            "Install the newer version to open it; this one will not touch it."
        )


def run_upgrade(conn: Connection, target: str = "head") -> None:
    """Upgrade on an open connection inside its transaction (so all-or-nothing)."""
    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    cfg.attributes["now"] = clock.now()  # what a migration that writes records them at
    command.upgrade(cfg, target)


def upgrade_file(db_path: Path, revision: str | None, key: str | None = None) -> None:
    """Upgrade a file by migrating a copy and swapping it in only when the copy is sound.

    The caller owns the office (open_database). The working copy is kept in rollback-journal
    mode, so it never has a -wal or -shm of its own to leave behind.
    """
    _refuse_unknown(revision)
    backups = paths.backup_dir(db_path)
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    pre = backups / f"{db_path.stem}-pre-upgrade-{revision or 'none'}-{stamp}.sqlite"
    copy_database(db_path, pre, key)
    work = db_path.with_name(db_path.name + ".upgrading")
    copy_database(pre, work, key)
    engine = make_engine(str(work), key=key, wal=False)
    try:
        with engine.begin() as conn:
            run_upgrade(conn)
    except Exception as exc:
        engine.dispose()
        _discard(work)
        log.error("migration failed\n%s", scrubbed_trace(exc))  # no values from the rows
        raise MigrationError(
            f"Upgrading the database failed ({exc}). Your file was not changed; a copy is at {pre}."
        ) from exc
    engine.dispose()
    try:
        swap_in(work, db_path, key, key)
    except (StorageError, OSError) as exc:
        _discard(work)
        raise MigrationError(
            f"The upgraded copy could not replace your file ({exc}); your file was kept."
        ) from exc
    log.info("database upgraded from %s to %s", revision, HEAD_REVISION)


def _discard(work: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(work) + suffix).unlink(missing_ok=True)


def upgrade_in_place(url: str, revision: str | None) -> None:
    """Server databases have transactional DDL: upgrade in one transaction."""
    _refuse_unknown(revision)
    from microoffice.core.db.server_roles import act_as_office_owner

    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            act_as_office_owner(conn)  # new tables belong to the office, not to one login
            run_upgrade(conn)
    except Exception as exc:
        raise MigrationError(f"Upgrading the database failed and was rolled back: {exc}") from exc
    finally:
        engine.dispose()
