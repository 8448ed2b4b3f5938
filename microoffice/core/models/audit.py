"""The audit log: every write made through a service, as a hash chain.

Each row's hash covers its content and the previous row's hash, so a row edited or removed behind
the app's back breaks the chain and `microoffice check` can say where.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from microoffice.core.db.base import Base


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(100), default="")
    # insert | update | delete | event, and entries holding many rows: import | bulk_insert |
    # bulk_update | baseline (see core/db/replay.py)
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(60), index=True)
    entity_id: Mapped[str] = mapped_column(String(60), default="")
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")
