"""Rotating, verified backups and restore.

Each backup is a consistent copy made with SQLite's online backup API (safe while the app is open),
then checked with integrity_check before it counts, and leaves an `.anchor` file with the audit
chain head it holds (services/anchors.py). Old ones are pruned, newest kept.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from microoffice.core import clock, paths
from microoffice.core.db import ownership
from microoffice.core.db.database import Database, integrity_problems
from microoffice.core.db.snapshot import copy_database, rekey_file, swap_in
from microoffice.core.db.sqlite_files import (
    PasswordRequired,
    WrongPassword,
    connect_file,
    is_plain_sqlite,
    looks_encrypted,
)
from microoffice.core.errors import StorageError, UserError
from microoffice.core.people.guard import needs_office
from microoffice.core.people.rights import Right
from microoffice.core.services import anchors

DEFAULT_KEEP = 14
DAILY = timedelta(hours=24)
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}Z)(?P<tag>-[a-z]+)?\.sqlite$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    tag: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def _db_file(database: Database) -> Path:
    path = database.path
    if path is None:
        raise UserError(
            "Backups here are for a database file; back up a server database with its own tools."
        )
    return path


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in a folder, newest first."""
    found = []
    if folder.is_dir():
        for child in folder.iterdir():
            match = _NAME.match(child.name)
            if match and "pre-upgrade" not in child.name:
                taken = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(
                    tzinfo=clock.now().tzinfo
                )
                found.append(BackupInfo(child, taken, (match["tag"] or "-")[1:]))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


@needs_office(Right.OFFICE_FILE)
def create_backup(
    database: Database, to: Path | None = None, tag: str = "manual", keep: int = DEFAULT_KEEP
) -> Path:
    """Write, verify and rotate; returns the new backup's path."""
    source = _db_file(database)
    folder = to or paths.backup_dir(source)
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    dest = folder / f"{source.stem}-{stamp}-{tag}.sqlite"
    counter = 1
    while dest.exists():
        dest = folder / f"{source.stem}-{stamp}{counter}-{tag}.sqlite"
        counter += 1
    try:
        folder.mkdir(parents=True, exist_ok=True)
        copy_database(source, dest, database.key)
    except OSError as exc:
        raise StorageError(f"Could not write a backup to {folder}: {exc.strerror or exc}") from exc
    problems = integrity_problems(dest, database.key)
    if problems:
        dest.unlink(missing_ok=True)
        raise StorageError(
            "The backup copy failed its integrity check, so it was not kept: "
            + "; ".join(problems[:3])
            + ". Run 'microoffice check' on your database."
        )
    anchors.write_for_backup(dest, database.key)
    if folder.resolve() != paths.backup_dir(source).resolve():
        _remember_elsewhere(source, dest)
    rotate(folder, keep)
    return dest


ELSEWHERE = "copies-elsewhere.json"


def _elsewhere_file(office: Path) -> Path:
    return paths.backup_dir(office) / ELSEWHERE


def copies_elsewhere(office: Path) -> list[Path]:
    """Backups of this office the program wrote outside its backups folder (`backup --to`),
    that are still there. The list (file names only, no records) lives in the backups folder."""
    try:
        raw = json.loads(_elsewhere_file(office).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    names = raw.get("copies", []) if isinstance(raw, dict) else []
    return [Path(n) for n in names if isinstance(n, str) and Path(n).is_file()]


def _remember_elsewhere(office: Path, dest: Path) -> None:
    known = [str(p) for p in copies_elsewhere(office)]
    if str(dest.resolve()) not in known:
        known.append(str(dest.resolve()))
    _write_elsewhere(office, known)


def _write_elsewhere(office: Path, known: list[str]) -> None:
    target = _elsewhere_file(office)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(json.dumps({"copies": known}, indent=1) + "\n", encoding="utf-8")
    os.chmod(partial, 0o600)
    partial.replace(target)


def plain_copies(office: Path) -> list[Path]:
    """Unprotected whole copies of the office: in its backups folder and those it wrote
    elsewhere. While the office has a password each is a leak (the records, readable)."""
    from microoffice.core.services.encryption import kept_copies

    found = [*kept_copies(office), *copies_elsewhere(office)]
    return [p for p in dict.fromkeys(found) if p.is_file() and is_plain_sqlite(p)]


def protect_copy(copy: Path, key: str) -> None:
    """Re-write one plain copy under the password, in place (a whole new file, then renamed)."""
    ownership.clean_partials_of(copy)
    rekey_file(copy, copy, None, key)


def delete_copy(office: Path, copy: Path) -> None:
    """Delete one copy (its .anchor stays: it holds no records and still anchors the history)."""
    copy.unlink(missing_ok=True)
    _write_elsewhere(office, [str(p) for p in copies_elsewhere(office)])


def rotate(folder: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups; returns what was removed. Their `.anchor`
    files stay: they hold no personal data and keep anchoring the history."""
    removed = []
    for old in list_backups(folder)[keep:]:
        old.path.unlink(missing_ok=True)
        removed.append(old.path)
    return removed


@needs_office(Right.ANYONE)
def backup_if_due(database: Database, keep: int = DEFAULT_KEEP) -> Path | None:
    """A daily backup: taken when the newest backup is a day old or there is none."""
    source = database.path
    if source is None:
        return None
    existing = list_backups(paths.backup_dir(source))
    if existing and clock.now() - existing[0].taken_at < DAILY:
        return None
    return create_backup(database, tag="daily", keep=keep)


@needs_office(Right.ANYONE)
def backup_on_close(database: Database, keep: int = DEFAULT_KEEP) -> Path | None:
    if database.path is None:
        return None
    return create_backup(database, tag="close", keep=keep)


def restore_backup(
    backup: Path, target: Path, key: str | None = None, *, replacing: Database | None = None
) -> Path | None:
    """Replace target with a verified backup; the file being replaced is itself kept first.

    Only the office's owner may do this: while another program has it open this is refused
    (OfficeInUseError) before anything is touched. `replacing` is this program's own open
    Database on the target; it is closed once the backup has been checked and ownership is
    secured, so no other program can slip in between. Returns the safety copy of what was there
    before (None if there was nothing).

    `key` is the password: it must open a protected office and a protected backup. The office
    never ends less protected than it was or than the backup was: a plain backup restored into a
    protected office is re-written under the office's password (and so is the safety copy); a
    protected backup restored into a plain office makes the office protected, and its backups
    folder with it (encryption.protect_copies).
    """
    backup_key = _checked_backup(backup, key)
    target.parent.mkdir(parents=True, exist_ok=True)
    with ownership.claim(target, holder="a restore of a backup"):
        if replacing is not None:
            replacing.close()
        ownership.clean_leftovers(target)
        anchors.settle_restores(target)
        target_key = _office_key(target, key)
        result_key = target_key or backup_key
        safety = None
        if target.exists() and target.stat().st_size > 0:
            safety = paths.backup_dir(target) / (
                f"{target.stem}-{clock.now().strftime('%Y%m%dT%H%M%SZ')}-before-restore.sqlite"
            )
            _copy(target, safety, target_key, result_key)
        replaced = anchors.head_if_readable(target, target_key)
        staging = target.with_name(target.name + ".restoring")
        try:
            _copy(backup, staging, backup_key, result_key)
            anchors.note_restore(backup, backup_key, target, replaced, staging)
            swap_in(staging, target, result_key, target_key)
        except BaseException:
            staging.unlink(missing_ok=True)
            raise
        finally:
            anchors.settle_restores(target)  # a marker only if the office is the backup now
        if result_key is not None and target_key is None:
            from microoffice.core.services.encryption import protect_copies

            protect_copies(target, result_key)
        return safety


def needs_password(backup: Path, target: Path) -> bool:
    """True when restoring this backup over this office needs the password (either is
    protected), so a command asks for it before anything is touched."""
    protected = [
        path
        for path in (backup, target)
        if path.is_file() and path.stat().st_size > 0 and not is_plain_sqlite(path)
    ]
    return bool(protected)


def _copy(source: Path, dest: Path, key: str | None, dest_key: str | None) -> None:
    if key == dest_key:
        copy_database(source, dest, key)
    else:
        rekey_file(source, dest, key, dest_key)


def _office_key(target: Path, key: str | None) -> str | None:
    """The key of the office being replaced: None if it is plain (or missing); refused plainly
    if it is protected and the password is missing or wrong (nothing was touched)."""
    if not target.exists() or target.stat().st_size == 0 or is_plain_sqlite(target):
        return None
    if not looks_encrypted(target):
        return None  # not a database at all: restore is how one recovers from that
    if key is None:
        raise PasswordRequired(
            f"{target.name} is protected by a password; give it to restore a backup over it."
        )
    connect_file(target, key, readonly=True).close()  # WrongPassword if it does not open
    return key


@needs_office(Right.OFFICE_FILE)
def restore_into(database: Database, backup: Path, key: str | None = None) -> Path | None:
    """Restore `backup` over this open office, by someone allowed to (the window's and the
    command's way in); the office is closed inside, once its replacement is secured. `key` is
    the password when the office has none and the backup has one; else the office's is used."""
    target = database.path
    if target is None:
        raise UserError("Restore works on database files; use your server's own tools.")
    return restore_backup(backup, target, database.key if key is None else key, replacing=database)


def _checked_backup(backup: Path, key: str | None) -> str | None:
    """The key that opens a sound backup; refused plainly if it is missing or damaged."""
    if not backup.is_file():
        raise UserError(f"There is no backup file at {backup}.")
    if not is_plain_sqlite(backup) and not looks_encrypted(backup):
        raise UserError(f"{backup} is not a microoffice backup (not an SQLite file).")
    if not is_plain_sqlite(backup) and key is None:
        raise PasswordRequired("This backup is protected by a password; give it to restore.")
    backup_key = key if not is_plain_sqlite(backup) else None
    if backup_key is not None:
        try:
            connect_file(backup, backup_key, readonly=True).close()
        except WrongPassword:
            raise WrongPassword(
                f"That password does not open the backup {backup.name}. Nothing was changed."
            ) from None
    problems = integrity_problems(backup, backup_key)
    if problems:
        raise StorageError(
            f"The backup {backup.name} is damaged and was not restored: {problems[0]}"
        )
    return backup_key
