"""Typed errors so the edge (dialog or CLI) can tell a person what to do, and log only real bugs."""

from __future__ import annotations

import logging
import sys

log = logging.getLogger("microoffice.errors")

# The one wording for a save refused because someone saved the same record first (a newer
# version in the database, or the optimistic lock caught it at the write).
CHANGED_ELSEWHERE = (
    "This record was changed elsewhere since you opened it (perhaps in another window or on "
    "another computer). Nothing was overwritten: reload it, then make your change again."
)


class MicroofficeError(Exception):
    """Base for every error the app raises on purpose; its message is shown to the user."""


class UserError(MicroofficeError):
    """Something the user asked for cannot be done as asked (e.g. file exists, not found)."""


class ValidationError(UserError):
    """Input that fails a rule; carries per-field messages so forms can show them at the field."""

    def __init__(self, errors: dict[str, str] | str) -> None:
        if isinstance(errors, str):
            errors = {"": errors}
        self.errors: dict[str, str] = dict(errors)
        super().__init__(self.summary())

    def summary(self) -> str:
        parts = []
        for field, message in self.errors.items():
            label = field.replace("_", " ").capitalize() if field else ""
            parts.append(f"{label}: {message}" if label else message)
        return "\n".join(parts)


class NotFoundError(UserError):
    """A record the user named does not exist (or is archived where that matters)."""


class ConflictError(UserError):
    """Someone else changed the record since it was loaded; the user must reload."""

    @classmethod
    def changed_elsewhere(cls) -> ConflictError:
        return cls(CHANGED_ELSEWHERE)


class StorageError(MicroofficeError):
    """The database file or a backup cannot be read or written: disk, permissions, corruption."""


class SchemaTooNewError(StorageError):
    """The database was written by a newer microoffice; opening it could damage it."""


class MigrationError(StorageError):
    """Upgrading the database failed; the original file has been left as it was."""


class OfficeInUseError(UserError):
    """Another program on this computer owns the office file (docs/architecture.md, ownership)."""


class ReadOnlyOfficeError(UserError):
    """A change was attempted through a read-only view of an office another program owns."""


class NotAllowedError(UserError):
    """The signed-in person's role does not allow this (docs/people.md); nothing was done."""


class SignInError(UserError):
    """Nobody is signed in where a sign-in is needed, or the name and PIN did not match."""


class OfficeBusyError(MicroofficeError):
    """SQLite stayed busy for the whole busy timeout: someone else is in the middle of a save."""

    MESSAGE = "Another program is saving to this office; try again in a moment."

    def __init__(self, message: str = MESSAGE) -> None:
        super().__init__(message)


def as_known(exc: BaseException) -> MicroofficeError | None:
    """The error a person is shown for `exc`, or None when it is a bug.

    Typed errors are their own answer. A database the driver cannot use (locked, disk full, a
    table missing) becomes a StorageError naming what to check; its text is the driver's own
    message, which names the problem but never the statement's parameters. The driver is only
    consulted if it was ever imported, so this costs nothing before the data layer loads.
    """
    if isinstance(exc, MicroofficeError):
        return exc
    driver = sys.modules.get("sqlalchemy.exc")
    if driver is not None and isinstance(exc, driver.OperationalError):
        log.warning("Database operation failed: %s", exc.orig)
        return StorageError(
            f"The database could not be used ({exc.orig}). Check that the disk has space "
            "and that no other program has the file open, then try again."
        )
    return None


class NotAllowedOnServerError(UserError):
    """The server office refused a statement: the signed-in login's role may not do this
    (core/db/server_rights.py)."""

    MESSAGE = (
        "Your sign-in on this server office does not allow this, so the database refused it; "
        "nothing was changed. Ask the office's owner if you need it."
    )

    def __init__(self, message: str = MESSAGE) -> None:
        super().__init__(message)


class ServerSignInError(UserError):
    """The database server did not accept the login and password it was given."""
