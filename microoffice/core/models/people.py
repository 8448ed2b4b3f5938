"""The people who use the office: who signs in, with which role, and their secrets' hashes.

Distinct from Staff (the people who deliver care, their employment and files): a carer who signs
in is both, linked by `staff_id`; a bookkeeper who signs in is usually not staff at all. A person
is never deleted, only marked removed, because the audit trail and the care records they signed
name them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from microoffice.core.db.base import Base, Entity
from microoffice.core.models import staff  # noqa: F401  (the table its foreign key names)


class Person(Entity, Base):
    __tablename__ = "person"

    name: Mapped[str] = mapped_column(String(100), unique=True)  # as typed; signs the records
    role: Mapped[str] = mapped_column(String(20))  # enums.PersonRole
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    login: Mapped[str | None] = mapped_column(String(63), unique=True, nullable=True)
    # core/people/secrets.py: "scrypt$n$r$p$salt$hash", never the PIN or password itself
    secret_hash: Mapped[str] = mapped_column(String(200), default="")
    recovery_hash: Mapped[str] = mapped_column(String(200), default="")  # the owner's only
    failed_attempts: Mapped[int] = mapped_column(default=0)
    retry_after: Mapped[datetime | None] = mapped_column(nullable=True)
    removed_at: Mapped[datetime | None] = mapped_column(nullable=True)
