"""Anchors: the audit chain's head as something outside the office file saw it.

The chain proves that nobody changed the history without recomputing it, but the algorithm is
public, so someone with the file can recompute it. What they cannot change is a copy they do not
hold: every backup records the head it saw (entry number, hash, time) in a small `.anchor` file
beside it, and the backup itself holds the whole chain up to there. `check` compares the live
chain with every anchor it finds; a history rewritten before an anchor disagrees with it.

Anchors hold no personal data (a number, a hash and two times), so they are kept when old
backups are rotated away and can be copied anywhere (a USB stick, an email to yourself).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from microoffice.core import clock, paths
from microoffice.core.db.chain import ChainHead
from microoffice.core.db.snapshot import fsync_folder
from microoffice.core.db.sqlite_files import connect_file, is_plain_sqlite
from microoffice.core.errors import UserError
from microoffice.core.vocabulary import format_date

SUFFIX = ".anchor"
FORMAT = "microoffice-anchor"


@dataclass(frozen=True)
class Anchor:
    """A chain head seen from outside: by a backup, an anchor file, or a restore."""

    head: ChainHead
    taken_at: datetime
    source: str  # the file it came from, as the person knows it
    restored_to: int | None = None  # a restore marker: entries after this were set aside
    printed: bool = False  # copied by a person from a printed evidence pack


@dataclass
class AnchorReport:
    problems: list[str]
    notes: list[str]
    anchored: Anchor | None


def _instant(raw: Any) -> datetime | None:
    if raw is None or raw == "":
        return None
    value = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def head_of_file(path: Path, key: str | None) -> ChainHead | None:
    """The last audit entry of a database file (a backup), read-only."""
    conn = connect_file(path, key if not is_plain_sqlite(path) else None, readonly=True)
    try:
        row = conn.execute("SELECT id, hash, at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    return None if row is None else ChainHead(int(row[0]), str(row[1]), _instant(row[2]))


def _payload(head: ChainHead, source: str, **extra: Any) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": 1,
        "entry": head.entry,
        "hash": head.hash,
        "entry_at": head.at.isoformat() if head.at else None,
        "taken_at": clock.now().astimezone(UTC).isoformat(),
        "source": source,
        **extra,
    }


def write_for_backup(backup: Path, key: str | None) -> Path | None:
    """Record the chain head a backup holds in `<backup>.anchor`; None for an empty log."""
    head = head_of_file(backup, key)
    if head is None:
        return None
    target = backup.with_name(backup.name + SUFFIX)
    _write(target, _payload(head, backup.name))
    return target


def write_for_export(export: Path, head: ChainHead) -> Path:
    """Record the chain head a JSON backup (a server office's) holds in `<backup>.anchor`."""
    target = export.with_name(export.name + SUFFIX)
    _write(target, _payload(head, export.name))
    return target


def head_if_readable(path: Path, key: str | None) -> ChainHead | None:
    """The chain head of a file about to be replaced, if it can be read at all."""
    if not path.exists():
        return None
    try:
        return head_of_file(path, key if not is_plain_sqlite(path) else None)
    except Exception:  # a damaged or foreign file has no head to record
        return None


PENDING = ".pending"


def note_restore(
    backup: Path, backup_key: str | None, target: Path, replaced: ChainHead | None, staged: Path
) -> Path | None:
    """A restore goes back to the backup's chain head and sets aside what the replaced file had
    after it. A marker in the backups folder says so, so anchors taken before the restore are
    not read as a rewrite (`check` lists what was set aside).

    Written before the swap as `<marker>.pending`, naming the staged copy's file identity (the
    swap renames that very file into the office's place): `settle_restores` makes it a marker
    only once the office is that file, and deletes it otherwise. So a kill between the swap and
    the marker loses no marker, and a killed restore that never swapped leaves no excuse for
    missing entries. Returns the pending marker (None for an empty log)."""
    restored = head_of_file(backup, backup_key)
    if restored is None:
        return None
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    marker = paths.backup_dir(target) / f"{target.stem}-{stamp}-restore{SUFFIX}{PENDING}"
    extra: dict[str, Any] = {"restored_to": restored.entry, "file_id": _file_id(staged)}
    if replaced is not None:
        extra["replaced_entry"], extra["replaced_hash"] = replaced.entry, replaced.hash
    _write(marker, _payload(restored, backup.name, **extra))
    return marker


def _file_id(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_dev}:{stat.st_ino}"


def settle_restores(target: Path) -> list[Path]:
    """Turn each pending restore marker into a marker if the office is the file its restore put
    in place, else delete it; returns the markers kept. Needs no password (file identity only);
    run by the office's owner before anything else swaps the file (open_database, restore)."""
    folder = paths.backup_dir(target)
    kept: list[Path] = []
    try:
        pending = sorted(folder.glob(f"*{SUFFIX}{PENDING}"))
        current = _file_id(target) if target.exists() else None
    except OSError:
        return kept
    for path in pending:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            swapped = isinstance(data, dict) and data.get("file_id") == current
        except (OSError, ValueError):
            swapped = False
        if swapped:
            final = path.with_name(path.name[: -len(PENDING)])
            path.replace(final)
            kept.append(final)
        else:
            path.unlink(missing_ok=True)
    if pending:
        fsync_folder(folder)
    return kept


def _write(target: Path, payload: dict[str, Any]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with partial.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(payload, indent=1) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    partial.replace(target)


def _read_anchor_file(path: Path) -> Anchor:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a microoffice anchor")
    head = ChainHead(int(data["entry"]), str(data["hash"]), _instant(data.get("entry_at")))
    taken = _instant(data["taken_at"])
    if taken is None:
        raise ValueError("no time")
    restored = data.get("restored_to")
    return Anchor(head, taken, path.name, int(restored) if restored is not None else None)


def _taken_at(path: Path) -> datetime:
    """A backup's time: the stamp in its name, else when the file was last written."""
    for part in path.stem.split("-"):
        try:
            return datetime.strptime(part[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except ValueError:
            continue
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def find_anchors(folders: Iterable[Path], key: str | None) -> tuple[list[Anchor], list[str]]:
    """Every anchor file and backup in the folders; notes for files that could not be read."""
    anchors: list[Anchor] = []
    notes: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not path.is_file():
                continue
            try:
                if path.name.endswith(SUFFIX):
                    anchors.append(_read_anchor_file(path))
                elif path.suffix == ".sqlite":
                    head = head_of_file(path, key)
                    if head is not None:
                        anchors.append(Anchor(head, _taken_at(path), path.name))
            except Exception as exc:  # sqlite3's, sqlcipher3's or json's error: a note either way
                notes.append(f"{path.name} could not be read as an anchor ({_reason(exc)})")
    backups = {(a.source, a.head) for a in anchors}
    kept = [
        a
        for a in anchors
        if not (a.source.endswith(SUFFIX) and (a.source[: -len(SUFFIX)], a.head) in backups)
    ]  # a backup and its own .anchor say the same thing: name the backup once
    return kept, notes


def _reason(exc: Exception) -> str:
    if isinstance(exc, UserError):
        return "it needs a different password"
    if isinstance(exc, ValueError | KeyError | TypeError):
        return "it is not an anchor file microoffice wrote"
    return "it is not a database this version can open"


def compare(anchors: list[Anchor], hashes: list[str]) -> AnchorReport:
    """`hashes[n - 1]` is the live chain's entry n (the chain itself is checked elsewhere)."""
    report = AnchorReport([], [], None)
    count = len(hashes)
    restores = sorted((a for a in anchors if a.restored_to is not None), key=lambda a: a.taken_at)
    for anchor in sorted(anchors, key=lambda a: (a.head.entry, a.taken_at)):
        head = anchor.head
        set_aside = next(
            (
                r
                for r in restores
                if r is not anchor
                and anchor.taken_at <= r.taken_at
                and head.entry > (r.restored_to or 0)
            ),
            None,
        )
        if set_aside is not None:
            report.notes.append(
                f"{anchor.source} saw entry {head.entry}; a restore on "
                f"{_day(set_aside.taken_at)} went back to entry {set_aside.restored_to}, so the "
                "entries after that were set aside on purpose"
            )
            continue
        if head.entry > count:
            report.problems.append(
                f"the audit log ends at entry {count}, but {_seen_by(anchor)} saw entry "
                f"{head.entry}: entries {count + 1}-{head.entry} were removed"
            )
        elif not hashes[head.entry - 1].startswith(head.hash):
            report.problems.append(
                f"the audit log does not match {_seen_by(anchor)}: entry {head.entry} had the "
                f"fingerprint {head.hash[:16]} and now has {hashes[head.entry - 1][:16]}, so "
                "the history up to there was rewritten"
            )
        elif report.anchored is None or head.entry > report.anchored.head.entry:
            report.anchored = anchor
    return report


def printed(text: str) -> Anchor:
    """`ENTRY:FINGERPRINT` copied from a printed evidence pack (at least 16 characters of the
    fingerprint: fewer could be matched by trying rewrites until one fits)."""
    entry, _, fingerprint = text.partition(":")
    fingerprint = "".join(fingerprint.split()).lower()
    if (
        not entry.strip().isdigit()
        or len(fingerprint) < 16
        or any(c not in "0123456789abcdef" for c in fingerprint)
    ):
        raise UserError(
            f"'{text}' is not ENTRY:FINGERPRINT as printed on the evidence pack, for example "
            "1120:38ba0ca060e0a1b2 (the entry number, a colon, at least 16 letters and digits "
            "of the fingerprint)."
        )
    head = ChainHead(int(entry), fingerprint, None)
    return Anchor(
        head, clock.now(), f"the fingerprint printed for entry {head.entry}", printed=True
    )


def _seen_by(anchor: Anchor) -> str:
    if anchor.printed:
        return anchor.source
    return f"{anchor.source} (taken {_day(anchor.taken_at)})"


def _day(instant: datetime) -> str:
    return f"{format_date(clock.to_local(instant))}"


def describe_anchored(report: AnchorReport, count: int) -> str:
    anchor = report.anchored
    if anchor is None and report.problems:
        return "History not anchored: no anchor found matches the audit log (see the problems)."
    if anchor is None:
        return (
            f"History not anchored: the audit log has {count} entries and no backup or anchor "
            "file was found to compare it with (see docs/tamper-evidence.md)."
        )
    if anchor.printed:
        return f"History anchored up to entry {anchor.head.entry} of {count} by {anchor.source}."
    return (
        f"History anchored up to entry {anchor.head.entry} of {count}, "
        f"{_day(anchor.taken_at)} by {anchor.source}."
    )
