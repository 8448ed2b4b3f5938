"""Issue 13: kill `microoffice password set` at random points, run it again, and look for the
records in plain text in every file of the office's folders.

An office holds a client with a name no other bytes would spell. Each round kills one run of
`password set` (a new password each round, typed with the password in force) at a random moment,
or (every other round) the moment the backups folder gets its first new file, when the office has
been re-written and its backups not yet, then runs the same command again to the end, as a person would after a crash. Then every file in
the office's folder and its backups folder (the office, its -wal, backups, anchors, partial and
staged copies, whatever is there) is read for the client's name; the office and every backup must
open with the new password. Every fifth round first removes the password (to the end), makes a
plain backup and kills a second one, so the next `set` starts from plain files and a plain partial.

Run: python -m bench.crash_password [--kills 100] [--seed 2026]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.crash_harness import Launch, Outcome, child_env, last_line, run_child
from bench.crash_kinds import microoffice
from microoffice.core import paths
from microoffice.core.db.database import open_database
from microoffice.core.services import clients

SURNAME = "Quigley-Burtonshaw"
SECRET = SURNAME.encode()


@dataclass
class LeakReport:
    kills: int = 0
    reruns: int = 0
    seconds: float = 0.0
    leaks: list[str] = field(default_factory=list)  # "round N: file" holding the name in plain
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.kills > 0 and not self.leaks and not self.problems


def _opens(path: Path, key: str) -> bool:
    from bench.crash_checks import markers

    return markers(path, key) is not None


def scan(*folders: Path) -> list[Path]:
    """Every file in the folders that holds the client's name as plain bytes."""
    found = []
    for folder in folders:
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            try:
                if path.is_file() and SECRET in path.read_bytes():
                    found.append(path)
            except OSError:  # gone between the listing and the read
                continue
    return found


def run(kills: int, workdir: Path, seed: int = 2026) -> LeakReport:
    rng = random.Random(seed)
    report = LeakReport()
    started = time.monotonic()
    root, logs = workdir / "office", workdir / "logs"
    root.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)
    office, folder = root / "office.sqlite", paths.backup_dir(root / "office.sqlite")
    env = child_env(workdir / "home")
    database = open_database(str(office))
    with database.session() as s:
        clients.create_client(s, clients.ClientData(first_name="Philomena", last_name=SURNAME))
    database.close()

    def finish(argv: list[str], key: str | None, **extra: str) -> Outcome:
        run_env = {**env, **extra, **({"MICROOFFICE_PASSWORD": key} if key else {})}
        outcome = run_child(Launch(argv, run_env), logs, "time", None)
        if outcome.returncode != 0:
            report.problems.append(f"{argv[3]} failed: {last_line(outcome.stderr)}")
        return outcome

    key: str | None = None
    estimate = 1.5
    attempt = 0
    while report.kills < kills and attempt < kills * 3 + 10 and len(report.problems) < 5:
        attempt += 1
        if attempt % 5 == 1:  # back to plain files, with a plain backup and a killed one
            if key is not None:
                finish(microoffice("password", "remove", "--db", office), key)
                key = None
            for stale in sorted(folder.glob("*.sqlite"))[:-2]:  # the bench's own tidying: a
                stale.unlink()  # long folder only makes each round slower, not harder
            finish(microoffice("backup", "--db", office), None)
            run_child(
                Launch(microoffice("backup", "--db", office), env),
                logs,
                "time",
                rng.uniform(0, 1.0),
            )
        new = f"leak-round-{attempt:04d}"
        argv = microoffice("password", "set", "--db", office)
        run_env = {**env, "MICROOFFICE_NEW_PASSWORD": new}
        if key:
            run_env["MICROOFFICE_PASSWORD"] = key
        if attempt % 2 == 0:  # the moment the backups folder gets its first new file
            launch = Launch(argv, run_env, watch=(folder,))
            outcome = run_child(launch, logs, "file", rng.uniform(0, 0.05))
        else:  # or any moment of the run
            outcome = run_child(
                Launch(argv, run_env), logs, "time", rng.uniform(0, estimate * 1.25)
            )
        if outcome.killed:
            report.kills += 1
            estimate = max(estimate, outcome.seconds)
        elif outcome.returncode == 0:
            estimate = 0.7 * estimate + 0.3 * outcome.seconds
        else:
            report.problems.append(f"round {attempt}: {last_line(outcome.stderr)}")
        # the person runs it again: with the password that opens the office now
        if _plain(office):
            current = None
        else:
            current = key if key is not None and _opens(office, key) else new
        rerun = finish(argv, current, MICROOFFICE_NEW_PASSWORD=new)
        report.reruns += 1
        if rerun.returncode != 0:
            continue
        key = new
        for path in scan(root, folder):
            report.leaks.append(f"round {attempt}: {path.name}")
        for path in [office, *sorted(folder.glob("*.sqlite"))]:
            if not _opens(path, new):
                report.problems.append(f"round {attempt}: {path.name} does not open with {new}")
    report.seconds = time.monotonic() - started
    return report


def _plain(path: Path) -> bool:
    from microoffice.core.db.sqlite_files import is_plain_sqlite

    return is_plain_sqlite(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crash_password", description=__doc__)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--dir", type=Path, help="work folder (default: a new temporary one)")
    args = parser.parse_args(argv)
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="microoffice-leaks-"))
    report = run(args.kills, workdir, args.seed)
    print(
        f"password set killed {report.kills} times, run again {report.reruns} times: "
        f"{len(report.leaks)} file(s) held the client's name in plain text "
        f"({report.seconds:.0f} s, work folder {workdir})"
    )
    for line in [*report.leaks[:20], *report.problems[:20]]:
        print(f"  {line}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
