"""Backups of a server office: the whole office as its JSON export, checked and anchored.

A server office is backed up by the same export `microoffice import --json` and `microoffice
server setup --json` read back, so a backup is restored into a new office byte for byte (and a
backup needs no PostgreSQL tools on the computer that takes it). The export is read from one
snapshot while others keep working; the file is written owner-only under a temporary name,
read back and checked against the export format (docs/export-format.schema.json) before it
counts, and an `.anchor` beside it records the audit chain head it holds, which `microoffice
check --anchors FOLDER` compares with the live chain. The newest ones are kept.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from microoffice.core import clock, paths
from microoffice.core.db.database import Database
from microoffice.core.errors import StorageError, UserError
from microoffice.core.people.guard import needs_office
from microoffice.core.people.rights import Right
from microoffice.core.services import anchors

DEFAULT_KEEP = 14
_NAME = re.compile(r"^.+-\d{8}T\d{6}Z\d*-[a-z]+\.json$")


@needs_office(Right.OFFICE_FILE)
def backup_folder(database: Database) -> Path:
    """Where a server office's backups go by default: the data folder, one folder per office."""
    url = database.engine.url
    place = f"{url.host or 'local'}-{url.port or 5432}-{url.database}"
    return paths.data_dir() / "server-backups" / place


@needs_office(Right.OFFICE_FILE)
def create_server_backup(
    database: Database, to: Path | None = None, tag: str = "manual", keep: int = DEFAULT_KEEP
) -> Path:
    """Write, check, anchor and rotate; returns the new backup's path."""
    from microoffice.core.services.transfer import (
        ImportFileError,
        check_export,
        export_with_head,
        read_export,
    )

    if database.path is not None:
        raise UserError("This is a database file; 'microoffice backup' copies it as it is.")
    data, head = export_with_head(database)
    folder = to or backup_folder(database)
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    name = database.engine.url.database or "office"
    dest = folder / f"{name}-{stamp}-{tag}.json"
    counter = 1
    while dest.exists():
        dest = folder / f"{name}-{stamp}{counter}-{tag}.json"
        counter += 1
    partial = dest.with_name(dest.name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=False)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"Could not write a backup to {folder}: {exc.strerror or exc}") from exc
    try:
        written = check_export(read_export(partial))
    except ImportFileError as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            f"The backup did not read back as written, so it was not kept: {exc}"
        ) from None
    audit = written["tables"].get("audit_log", {"columns": ["id"], "rows": []})
    entries = [row[audit["columns"].index("id")] for row in audit["rows"]]
    if head is not None and (not entries or entries[-1] != head.entry):
        partial.unlink(missing_ok=True)
        raise StorageError("The backup does not end where the audit trail did; it was not kept.")
    partial.replace(dest)
    if head is not None:
        anchors.write_for_export(dest, head)
    rotate(folder, keep)
    return dest


def list_server_backups(folder: Path) -> list[Path]:
    """Backups in a folder, newest first (their names sort by time)."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if _NAME.match(p.name)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def rotate(folder: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups; their `.anchor` files stay (no personal data)."""
    removed = list_server_backups(folder)[keep:]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed
