"""One owner per office file: the claim that keeps a second program from writing to it.

SQLite's own locks are POSIX advisory locks. They belong to the process, and the kernel drops all
of them the moment *any* descriptor of the file is closed anywhere in that process: a file dialog
sniffing the folder for icons, a header check, a library peeking at the file. A second program then
takes the office for unused: it rebuilds the shared-memory index the first is still using, or
checkpoints and deletes the write-ahead log under it, and saves vanish (issue 12).

So ownership is a lock of its own: `flock()` on a sidecar file beside the office
(`<office>.lock`, owner-only). It belongs to the one open file description that took it, so no
other code in the process can drop it by closing another descriptor; it ends when the owner lets
go of the office or dies (the kernel releases it, so a crash never leaves the office locked). The
Databases of one process share one claim. Windows has no flock: `msvcrt.locking` on the same file
stands in (not tested here; see docs/architecture.md).

This module also keeps, for each office the process has open, the descriptors through which its
header was read: they are closed only once the process has let go of the office, because closing
one earlier would drop SQLite's locks like anything else would.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from microoffice.core.errors import OfficeInUseError

CLAIM_WAIT_S = 2.0  # a command that owns the office for a moment is waited for, not refused
LOCK_SUFFIX = ".lock"
STAGING_SUFFIXES = (".restoring", ".rekeying", ".upgrading")
COMPANIONS = ("-wal", "-shm", "-journal")
_PARTIAL = re.compile(r"^(?P<base>.+)\.(?P<pid>\d+)\.partial(?:-wal|-shm|-journal)?$")
_LEGACY_PARTIAL = re.compile(r"^.+\.partial(?:-wal|-shm|-journal)?$")


@dataclass
class _Office:
    """What this process holds of one office file."""

    path: Path
    users: int = 0
    lock_fd: int | None = None
    header_fds: list[int] = field(default_factory=list)


_offices: dict[Path, _Office] = {}
_mutex = threading.RLock()


class Claim:
    """One use of an office by this process; `release()` (or `with`) ends it, once."""

    def __init__(self, office: _Office) -> None:
        self._office: _Office | None = office
        self.path = office.path

    @property
    def exclusive(self) -> bool:
        return self._office is not None and self._office.lock_fd is not None

    def release(self) -> None:
        office, self._office = self._office, None
        if office is not None:
            _leave(office)

    def __enter__(self) -> Claim:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def _key(path: Path) -> Path:
    return Path(path).expanduser().resolve()


def lock_path(path: Path) -> Path:
    path = _key(path)
    return path.with_name(path.name + LOCK_SUFFIX)


def claim(
    path: Path, *, holder: str = "another microoffice program", wait: float = CLAIM_WAIT_S
) -> Claim:
    """Own the office for writing; refused plainly (OfficeInUseError) while another program does.

    Waits up to `wait` seconds first, so a short command that holds the office is waited for.
    """
    key = _key(path)
    deadline = time.monotonic() + wait
    while True:
        with _mutex:
            office = _offices.get(key)
            if office is not None and office.lock_fd is not None:
                office.users += 1
                return Claim(office)
            fd = _try_lock(lock_path(key))
            if fd is not None:
                _write_holder(fd, holder)
                office = _offices.setdefault(key, _Office(key))
                office.lock_fd = fd
                office.users += 1
                return Claim(office)
        if time.monotonic() >= deadline:
            raise OfficeInUseError(in_use_message(key))
        time.sleep(0.05)


def attend(path: Path) -> Claim:
    """Register a use that does not own the office (a read-only view), for header reads."""
    key = _key(path)
    with _mutex:
        office = _offices.setdefault(key, _Office(key))
        office.users += 1
        return Claim(office)


def owned_here(path: Path) -> bool:
    with _mutex:
        office = _offices.get(_key(path))
        return office is not None and office.lock_fd is not None


def users_here(path: Path) -> int:
    """How many uses (Databases, swaps) this process has open on the office."""
    with _mutex:
        office = _offices.get(_key(path))
        return office.users if office is not None else 0


def is_office_file(path: Path) -> bool:
    """True for an open office of this process or one of its companions (-wal, -shm, lock...).

    Reading or overwriting one of these from the window would drop SQLite's locks (or worse).
    """
    candidate = _key(path)
    with _mutex:
        for office in _offices.values():
            name = office.path.name
            if candidate.parent == office.path.parent and (
                candidate.name == name
                or candidate.name.startswith(name + "-")
                or candidate.name.startswith(name + ".")
            ):
                return True
    return False


def in_use_message(path: Path) -> str:
    who = holder_of(path) or "another microoffice program"
    return (
        f"This office ({path.name}) is in use by {who} on this computer. Only one program at a "
        "time may make changes to an office, so nothing was changed. Close it there (or wait "
        "for it to finish), then try again."
    )


def holder_of(path: Path) -> str:
    """Who owns the office, as its owner wrote it into the lock file ("" if unknown)."""
    try:
        text = lock_path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    lines = text.splitlines()
    return lines[1].strip()[:80] if len(lines) > 1 else ""


def read_header(path: Path, size: int) -> bytes:
    """The first bytes of a file, without ever closing a descriptor of an office still open here.

    Raises OSError like open() would.
    """
    key = _key(path)
    with _mutex:
        office = _offices.get(key)
        if office is None:
            with open(key, "rb") as fh:
                return fh.read(size)
        current = os.stat(key)
        for fd in office.header_fds:
            known = os.fstat(fd)
            if (known.st_dev, known.st_ino) == (current.st_dev, current.st_ino):
                return os.pread(fd, size, 0)
        fd = os.open(key, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        office.header_fds.append(fd)  # kept until the office is let go (see the module doc)
        return os.pread(fd, size, 0) if hasattr(os, "pread") else _read_at_start(fd, size)


def _read_at_start(fd: int, size: int) -> bytes:  # pragma: no cover - Windows has no pread
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, size)


def companions(path: Path) -> list[Path]:
    return [Path(str(path) + suffix) for suffix in COMPANIONS]


def clean_leftovers(path: Path) -> list[Path]:
    """Remove what a dead process left while swapping or copying this office; needs ownership.

    Staging files beside the office are only ever written by an owner, so owning the office now
    means their writer is gone. Partial copies carry their writer's process id (a backup may be
    written by a program that does not own the office) and are removed once that process is gone.
    """
    key = _key(path)
    if not owned_here(key):
        raise RuntimeError("clean_leftovers needs ownership of the office")
    settle_rekeying(key)
    removed: list[Path] = []
    for suffix in STAGING_SUFFIXES:
        staged = key.with_name(key.name + suffix)
        for candidate in (staged, *companions(staged)):
            if _remove(candidate):
                removed.append(candidate)
    from microoffice.core import paths

    for folder, prefix in ((key.parent, key.name + "."), (paths.backup_dir(key), "")):
        try:
            names = [child.name for child in folder.iterdir()]
        except OSError:
            continue
        for name in names:
            if not name.startswith(prefix):
                continue
            match = _PARTIAL.match(name)
            if match is not None:
                stale = not _alive(int(match["pid"]))
            else:  # written by an older version, which had no owner: gone with it
                stale = _LEGACY_PARTIAL.match(name) is not None
            if stale and _remove(folder / name):
                removed.append(folder / name)
    return removed


REKEYING = ".rekeying"


def staged_name(path: Path) -> Path:
    """Where a password change writes a file's re-keyed copy before it takes the file's place."""
    return path.with_name(path.name + REKEYING)


def settle_rekeying(path: Path) -> None:
    """Finish or undo an interrupted password change (core/services/encryption.py); needs
    ownership, and no password: it only renames or deletes whole staged copies.

    The office's own staged copy is the commit mark. While it is there the office still has the
    old password, so every staged backup is deleted (then the office's copy, last, so a kill in
    between decides the same way). Once it is gone the office has the new password, so every
    staged backup (complete and checked before the office was swapped) takes its file's place.
    """
    from microoffice.core import paths

    key = _key(path)
    staged_office = staged_name(key)
    folder = paths.backup_dir(key)
    try:
        staged = sorted(folder.glob(f"*{REKEYING}")) if folder.is_dir() else []
    except OSError:
        staged = []
    undo = staged_office.exists()
    for copy in staged:
        if undo:
            _remove(copy)
        else:
            os.replace(copy, copy.with_name(copy.name[: -len(REKEYING)]))
    if staged:
        _sync_folder(folder)
    if undo:
        for candidate in (staged_office, *companions(staged_office)):
            _remove(candidate)


def _sync_folder(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - folders cannot be opened for fsync there
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def clean_partials_of(dest: Path) -> None:
    """Remove partial copies of `dest` whose writers are gone (for files outside the office's
    folders, which clean_leftovers does not visit)."""
    try:
        names = [child.name for child in dest.parent.iterdir()]
    except OSError:
        return
    for name in names:
        match = _PARTIAL.match(name)
        if match is not None and match["base"] == dest.name and not _alive(int(match["pid"])):
            _remove(dest.parent / name)


def partial_name(dest: Path) -> Path:
    """Where a copy is written before it is complete: same folder, tagged with this process."""
    return dest.with_name(f"{dest.name}.{os.getpid()}.partial")


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - os.kill(pid, 0) would interrupt it there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# -- the lock itself ---------------------------------------------------------------------------


def _try_lock(lock_file: Path) -> int | None:
    """The locked descriptor of the lock file, or None while another program holds it."""
    while True:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        try:
            if not _lock_fd(fd):
                os.close(fd)
                return None
            if sys.platform == "win32":  # pragma: no cover - the file is never unlinked there
                return fd
            os.fchmod(fd, 0o600)
            try:
                now = os.stat(lock_file)
            except FileNotFoundError:
                now = None
            mine = os.fstat(fd)
            if now is not None and (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the owner before us unlinked this file as it left: lock the new one


def _lock_fd(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - cannot be tested on this machine
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _write_holder(fd: int, holder: str) -> None:
    if sys.platform == "win32":  # pragma: no cover - the locked byte cannot be read there
        return
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n{holder}\n".encode(), 0)


def _leave(office: _Office) -> None:
    with _mutex:
        office.users -= 1
        if office.users > 0:
            return
        _offices.pop(office.path, None)
        for fd in office.header_fds:
            os.close(fd)
        office.header_fds.clear()
        if office.lock_fd is not None:
            fd, office.lock_fd = office.lock_fd, None
            if sys.platform != "win32":
                # unlinked while still locked, so a newcomer either sees no file or a new one
                _remove(lock_path(office.path))
            os.close(fd)


# -- where the office lives --------------------------------------------------------------------

MOUNTS = Path("/proc/mounts")
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "davfs",
        "coda",
        "sshfs",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.davfs2",
        "fuse.s3fs",
        "fuse.gcsfuse",
        "fuse.smbnetfs",
        "fuse.gvfsd-fuse",
        "fuse.glusterfs",
        "fuse.cephfs",
    }
)


def network_filesystem(path: Path, mounts: Path | None = None) -> str | None:
    """The network file system the office sits on (nfs, cifs, sshfs...), or None.

    Linux reads /proc/mounts; Windows knows a UNC path (\\\\server\\share). Elsewhere nothing is
    detected (the warning is a courtesy, not a guard).
    """
    target = _key(path)
    if sys.platform == "win32":  # pragma: no cover
        return "a network share" if str(target).startswith("\\\\") else None
    try:
        text = (mounts or MOUNTS).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    best, kind = "", ""
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape(fields[1])
        inside = point == "/" or target == Path(point) or Path(point) in target.parents
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    if kind in NETWORK_FILESYSTEMS or kind.startswith("nfs"):
        return kind
    return None


def network_warning(path: Path) -> str | None:
    kind = network_filesystem(path)
    if kind is None:
        return None
    return (
        f"This office is on a network drive ({kind}). An office file belongs on this computer's "
        "own disk: on a network drive the lock that keeps a second program out may not hold, and "
        "two computers using one file can damage it. A team that shares its data uses a database "
        "server (PostgreSQL), not one file on a shared drive."
    )


def _unescape(field_text: str) -> str:
    """/proc/mounts writes spaces and tabs in paths as octal escapes (\\040)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), field_text)
