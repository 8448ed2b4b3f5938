"""Another program on the same office file, for the ownership tests (issue 12).

    python tests/office_program.py hold DB            owns the office; obeys lines on stdin
    python tests/office_program.py saver DB PREFIX    saves a client every 50 ms
    python tests/office_program.py saver DB PREFIX --reopen
    python tests/office_program.py once DB NAME       saves one client, or says why it could not
    python tests/office_program.py locks PATH START LENGTH   who holds POSIX locks on a byte range

`hold` prints "ready" once the office is open, then for each line:
    save NAME   saves a client with that last name; prints "saved NAME" after the commit
    touch       opens and closes the office's files with plain open(), as a file dialog did
    count       prints the number of clients
    quit        closes the office (prints "closed") and exits
`saver` prints "saved N" after each commit it was told succeeded and "refused <error>" when a
save was refused, until its stdin is closed. With --reopen it opens the office for every save, as
a string of short commands would.

`Program` starts and drives one of these from a test.
"""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

HOLDER = "the test's other program"


def _open(db: str, **options: object) -> object:
    """open_database naming this program; also runs against code from before issue 12 (which had
    no `holder`), so the tests can be shown to fail there for the real reason."""
    import inspect

    from microoffice.core.db.database import open_database

    if "holder" in inspect.signature(open_database).parameters:
        options["holder"] = HOLDER
    return open_database(db, **options)  # type: ignore[arg-type]


def _client(database: object, last_name: str) -> None:
    from microoffice.core.services import clients

    with database.session(actor="other-program") as s:  # type: ignore[attr-defined]
        clients.create_client(s, clients.ClientData(first_name="Saved", last_name=last_name))


def hold(db: str) -> None:
    from sqlalchemy import func, select

    from microoffice.core.models import Client

    database: object = _open(db)
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "save":
            _client(database, argument)
            print(f"saved {argument}", flush=True)
        elif command == "touch":
            for path in (Path(db), Path(db + "-wal"), Path(db + "-shm")):
                if path.exists():
                    with open(path, "rb") as fh:
                        fh.read(100)
            print("touched", flush=True)
        elif command == "count":
            with database.session() as s:  # type: ignore[attr-defined]
                print(f"count {s.scalar(select(func.count()).select_from(Client))}", flush=True)
        elif command == "quit":
            break
    database.close()  # type: ignore[attr-defined]
    print("closed", flush=True)


def saver(db: str, prefix: str, reopen: bool) -> None:
    from microoffice.core.errors import MicroofficeError

    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    database = None if reopen else _open(db)
    print("ready", flush=True)
    number = 0
    while not stop.is_set():
        try:
            if reopen:
                once = _open(db, create=False)
                try:
                    _client(once, f"{prefix}{number:05d}")
                finally:
                    once.close()  # type: ignore[attr-defined]
            else:
                _client(database, f"{prefix}{number:05d}")
        except MicroofficeError as exc:
            print(f"refused {type(exc).__name__}", flush=True)
        else:
            print(f"saved {number}", flush=True)
            number += 1
        time.sleep(0.05)
    if database is not None:
        database.close()  # type: ignore[attr-defined]
    print("closed", flush=True)


def once(db: str, name: str) -> int:
    from microoffice.core.errors import MicroofficeError

    try:
        database = _open(db)
    except MicroofficeError as exc:
        print(f"refused {type(exc).__name__}: {exc}", flush=True)
        return 3
    try:
        _client(database, name)
    finally:
        database.close()  # type: ignore[attr-defined]
    print(f"saved {name}", flush=True)
    return 0


def locks(path: str, start: int, length: int) -> None:
    """Print the pid holding a POSIX lock on the range ("none" if unlocked); Linux layout."""
    fd = os.open(path, os.O_RDONLY)
    try:
        layout = "hhqqi"
        query = struct.pack(layout, fcntl.F_WRLCK, os.SEEK_SET, start, length, 0) + b"\0" * 4
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        kind, _whence, _start, _length, pid = struct.unpack(
            layout, answer[: struct.calcsize(layout)]
        )
    finally:
        os.close(fd)
    print("none" if kind == fcntl.F_UNLCK else pid)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "hold":
        hold(sys.argv[2])
    elif mode == "saver":
        saver(sys.argv[2], sys.argv[3], "--reopen" in sys.argv[4:])
    elif mode == "once":
        raise SystemExit(once(sys.argv[2], sys.argv[3]))
    elif mode == "locks":
        locks(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        raise SystemExit(f"unknown mode {mode}")


# -- driving it from a test ---------------------------------------------------------------------

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parents[1]
# SQLite's locks, as its unix VFS lays them out: the SHARED range on the database file (every open
# WAL connection holds a read lock there) and the "DMS" byte of the -shm index.
SHARED_RANGE = (0x40000000 + 2, 510)
DMS_BYTE = (128, 1)


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ, MICROOFFICE_HOME=str(home), MICROOFFICE_NOW="2026-12-07T09:30")
    env.pop("MICROOFFICE_DB", None)
    env.pop("MICROOFFICE_PASSWORD", None)
    return env


class Program:
    """One of the programs above, running beside the test."""

    def __init__(self, home: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(SCRIPT), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(home),
            cwd=ROOT,
        )
        self.lines: list[str] = []
        self.errors = ""
        first = self.read()
        assert first == "ready", f"{args[0]} did not start: {first!r} {self.stderr()}"

    def read(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        self.lines.append(line)
        return line

    def ask(self, line: str) -> str:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:  # it has died; its stderr says why
            return ""
        return self.read()

    def finish(self, timeout: float = 60) -> list[str]:
        """Close its stdin and collect everything it said until it exits."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if not self.proc.stdin.closed:
            self.proc.stdin.close()
        rest = self.proc.stdout.read()
        self.lines += [line.strip() for line in rest.splitlines()]
        self.proc.wait(timeout=timeout)
        return self.lines

    def stderr(self) -> str:
        """What it printed to stderr (once it has exited)."""
        pipe = self.proc.stderr
        if self.proc.poll() is not None and pipe is not None and not pipe.closed:
            self.errors += pipe.read()
        return self.errors

    def kill(self) -> None:
        """Stop it if it still runs, and close the pipes (always called from `finally`)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
        self.stderr()
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe is not None and not pipe.closed:
                pipe.close()


def held_by(path: Path, start: int, length: int) -> str:
    """The pid holding a POSIX lock on the byte range, asked from another process ("none")."""
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "locks", str(path), str(start), str(length)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def save_once(home: Path, db: Path, name: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "once", str(db), name],
        capture_output=True,
        text=True,
        env=environment(home),
        cwd=ROOT,
        timeout=120,
        check=False,
    )
