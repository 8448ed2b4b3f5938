"""The one runner that owns the transaction (Anki's CollectionOp; SQLAlchemy's own advice).

`run(fn, changes)` opens a session, calls `fn(session)`, commits, then announces what changed on
the bus; pages never open sessions themselves. A ValidationError goes back to the form that asked
(shown at the field); any other known error is shown once in the error dialog. Bugs propagate to
the excepthook, after the transaction has been rolled back, so nothing is ever half-saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from microoffice.core.db.database import Database
from microoffice.core.errors import (
    ConflictError,
    MicroofficeError,
    StorageError,
    ValidationError,
)
from microoffice.ui.app.bus import Bus, Changes
from microoffice.ui.app.errors import describe_known, show_error

log = logging.getLogger("microoffice.ui.app.runner")
T = TypeVar("T")


class FieldErrors(Protocol):
    """Anything that can show messages at named fields (a Form)."""

    def show_errors(self, errors: dict[str, str]) -> None: ...

    def clear_errors(self) -> None: ...


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What happened: `ok` and the value, or the error that was shown to the person."""

    ok: bool
    value: T | None = None
    error: Exception | None = None


class Ops:
    """Runs core calls for the window; created by app.py and passed to every page."""

    def __init__(
        self,
        database: Database,
        bus: Bus,
        *,
        actor: str = "app",
        log_path: Path | None = None,
    ) -> None:
        self.database = database
        self.bus = bus
        self.actor = actor
        self.log_path = log_path

    def swap_database(self, database: Database) -> None:
        """After a password change the same file is reopened under its new key."""
        self.database = database

    def run(
        self,
        fn: Callable[[Session], T],
        changes: Changes = Changes(),  # noqa: B008 (frozen, so one shared default is safe)
        *,
        form: FieldErrors | None = None,
        parent: QWidget | None = None,
    ) -> Outcome[T]:
        """Run one write in one transaction; on success announce `changes` once."""
        if form is not None:
            form.clear_errors()
        try:
            with self.database.session(actor=self.actor) as session:
                value = fn(session)
        except ValidationError as exc:
            log.info("Input refused at fields: %s", ", ".join(sorted(exc.errors)) or "(form)")
            if form is not None:
                form.show_errors(exc.errors)
            else:
                show_error(exc.summary(), parent=parent)
            return Outcome(False, error=exc)
        except Exception as exc:
            known = self._known(exc)
            if known is None:
                raise
            show_error(describe_known(known), parent=parent)
            return Outcome(False, error=known)
        self.bus.announce(changes)
        return Outcome(True, value)

    def read(self, fn: Callable[[Session], T], default: T, *, parent: QWidget | None = None) -> T:
        """Run a query; on a known failure show it and return `default`."""
        try:
            with self.database.session(actor=self.actor) as session:
                return fn(session)
        except Exception as exc:
            known = self._known(exc)
            if known is None:
                raise
            show_error(describe_known(known), parent=parent)
            return default

    def _known(self, exc: Exception) -> MicroofficeError | None:
        """Translate expected failures into the typed errors people see; None for bugs."""
        if isinstance(exc, MicroofficeError):
            log.info("Refused: %s", type(exc).__name__)
            return exc
        if isinstance(exc, StaleDataError):
            log.info("Stale write refused (optimistic lock)")
            return ConflictError(
                "This record was changed elsewhere since you opened it. "
                "Close it and open it again to see the latest, then make your change."
            )
        if isinstance(exc, OperationalError):
            log.warning("Database operation failed: %s", exc.orig)
            return StorageError(
                f"The database could not be used ({exc.orig}). Check that the disk has space "
                "and that no other program has the file open, then try again."
            )
        return None
