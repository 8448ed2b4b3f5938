"""The audit chain's head: its last entry, whose hash covers every entry before it.

Printed on the evidence pack, written beside every backup and shown by `check`, so a copy of it
outside the file (paper, a backup, a USB stick) can later show the history up to it is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from microoffice.core.models.audit import AuditLog
from microoffice.core.vocabulary import format_instant


@dataclass(frozen=True)
class ChainHead:
    entry: int
    hash: str
    at: datetime | None  # when that audit entry was written

    @property
    def short(self) -> str:
        return self.hash[:12]

    @property
    def grouped(self) -> str:
        """The whole hash in groups of eight, for a person to copy from paper."""
        return " ".join(self.hash[i : i + 8] for i in range(0, len(self.hash), 8))

    def describe(self) -> str:
        when = f", {format_instant(self.at)}" if self.at else ""
        return f"entry {self.entry}, fingerprint {self.short}{when}"


def current_head(conn: Connection) -> ChainHead | None:
    row = conn.execute(
        select(AuditLog.id, AuditLog.hash, AuditLog.at).order_by(AuditLog.id.desc()).limit(1)
    ).first()
    return None if row is None else ChainHead(int(row[0]), str(row[1]), row[2])
