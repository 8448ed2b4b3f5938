"""Publishing files derived from the database: staged beside their destination, moved into place
only after the transaction they came from has committed.

A PDF or CSV written inside a transaction that is then rolled back (or killed) would be a file the
database disagrees with: INV-000001.pdf for one client on disk while the database's INV-000001
belongs to another. So every file a command writes goes through a `Publisher`:

    with Publisher() as out, database.session(actor="cli") as s:
        ...
        out.add(folder / "INV-000001.pdf", pdf)
    # the session committed first (it is the inner block), then the files were moved into place

Each file is first written whole and synced under a temporary name in the same folder
(`.INV-000001.pdf.1f2e3d4c.partial`, owner-only, so the final move is an atomic rename on one file
system), and held under an advisory lock while its writer lives. If the block fails the temporaries
are removed; if the process is killed they stay as hidden `.partial` files that are not published
files, and the next publisher into that folder removes every one no live writer holds.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from microoffice.core.errors import UserError

# the hidden temporary a Publisher writes: "." + final name + "." + 8 hex digits + ".partial"
TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[0-9a-f]{8}\.partial$")

if os.name == "posix":
    import fcntl

    def _lock(fd: int) -> bool:
        """Take the temporary's lock without waiting; False if a live writer holds it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

else:  # Windows: a file another process holds open cannot be deleted, which is the same guard

    def _lock(fd: int) -> bool:
        return True


def temporary_name(final: Path) -> Path:
    return final.with_name(f".{final.name}.{secrets.token_hex(4)}.partial")


def is_temporary(path: Path) -> bool:
    return TEMPORARY.match(path.name) is not None


@dataclass
class _Staged:
    final: Path
    temporary: Path
    fd: int


def _cannot_write(path: Path, exc: OSError) -> UserError:
    return UserError(f"Cannot write {path}: {exc.strerror or exc}")


def _still_named(path: Path, fd: int) -> bool:
    try:
        named, held = os.lstat(path), os.fstat(fd)
    except FileNotFoundError:
        return False
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def sweep(folder: Path) -> list[Path]:
    """Remove the temporaries of publishers that died in this folder; returns what was removed.

    A temporary whose lock can be taken has no live writer (a lock dies with its process); it is
    removed only if the name still points at the file that was locked, so a file a live writer
    has just renamed into place is never touched.
    """
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not is_temporary(entry):
            continue
        try:
            fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if not _lock(fd):
                continue
            if hasattr(os, "getuid") and os.fstat(fd).st_uid != os.getuid():
                continue
            if _still_named(entry, fd):
                entry.unlink()
                removed.append(entry)
        except OSError:  # gone already, or (Windows) still open in a live writer
            continue
        finally:
            os.close(fd)
    return removed


class Publisher:
    """Files staged now and published together after the commit (or all discarded).

    Used as a context manager it publishes when its block ends normally and discards on an
    exception; put the database session inside its block so the commit comes first.
    """

    def __init__(self, *folders: Path) -> None:
        self._staged: list[_Staged] = []
        self._swept: set[Path] = set()
        for folder in folders:
            self._sweep_once(folder)

    def _sweep_once(self, folder: Path) -> None:
        key = folder.resolve()
        if key not in self._swept:
            self._swept.add(key)
            sweep(folder)

    def add(self, path: Path, data: bytes) -> None:
        """Write data whole, synced, under a hidden temporary name beside path."""
        staged = self._stage(path)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(staged.fd, view) :]
            os.fsync(staged.fd)
        except OSError as exc:
            self.discard()
            raise _cannot_write(path, exc) from exc

    def _stage(self, path: Path) -> _Staged:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._sweep_once(path.parent)
            while True:
                temporary = temporary_name(path)
                fd = os.open(temporary, flags, 0o600)
                if _lock(fd) and _still_named(temporary, fd):
                    break
                os.close(fd)  # another publisher's sweep took it between the open and the lock
        except OSError as exc:
            self.discard()
            raise _cannot_write(path, exc) from exc
        staged = _Staged(path, temporary, fd)
        self._staged.append(staged)
        return staged

    def publish(self) -> list[Path]:
        """Move every staged file into place (each an atomic rename); returns the final paths."""
        published: list[Path] = []
        folders: set[Path] = set()
        try:
            while self._staged:
                staged = self._staged[0]
                if os.name == "nt":  # Windows cannot rename a file that is still open
                    os.close(staged.fd)
                    staged.fd = -1
                os.replace(staged.temporary, staged.final)
                self._staged.pop(0)
                if staged.fd >= 0:
                    os.close(staged.fd)  # the lock is held until the rename is done
                published.append(staged.final)
                folders.add(staged.final.parent)
        except OSError as exc:
            final = self._staged[0].final
            self.discard()
            raise _cannot_write(final, exc) from exc
        for folder in folders:
            _sync_folder(folder)
        return published

    def discard(self) -> None:
        """Remove every temporary not yet published."""
        while self._staged:
            staged = self._staged.pop()
            if staged.fd >= 0:
                os.close(staged.fd)
            with contextlib.suppress(OSError):
                staged.temporary.unlink()

    def __enter__(self) -> Publisher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.publish()
        else:
            self.discard()


def publish_file(path: Path, data: bytes) -> Path:
    """One file, written whole under a temporary name and moved into place."""
    with Publisher() as out:
        out.add(path, data)
    return path


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (POSIX); a folder cannot be opened this way on Windows."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
