"""Crash safety: SIGKILL real work at random moments and check, after every kill, that nothing the
app acknowledged is lost, nothing is corrupt, and no file on disk disagrees with the database.

Kinds of work (bench/crash_kinds.py): the plain workload (inserts, updates, deletes with their
audit rows), invoice runs writing PDFs (--out), CSV imports, backups, restores and password
changes. After each kill the verifier compares every acknowledged operation with the file, checks
the audit chain and that the audit rows match the operations, and looks for orphan files: files
on disk the database disagrees with, and temporaries a later run does not clean.

MICROOFFICE_CRASH_WEAKEN=1 (or --weakened) runs a deliberately broken workload (synchronous off,
every 7th update dropped yet acknowledged) to show the harness reports loss.

Run: python -m bench.crash_harness [--kills 200] [--kind workload ...] [--weakened]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.crash_kinds import Kind

WEAKEN = "MICROOFFICE_CRASH_WEAKEN"
QUIET = ("-wal", "-shm")
STUCK = 5  # runs in a row that fail by themselves: the kind's office is wedged, stop there
ALL_KINDS = ("workload", "invoice-run", "csv-import", "backup", "restore", "password")


@dataclass
class KindReport:
    """What one kind of work gave: kills, acknowledged operations and what went wrong (each
    problem counted once, however many later kills see it again)."""

    kind: str
    kills: int = 0
    finished: int = 0  # runs that completed before their kill came
    acknowledged: int = 0
    lost_keys: set[str] = field(default_factory=set)
    corrupt_keys: set[str] = field(default_factory=set)
    orphan_keys: set[str] = field(default_factory=set)
    failed_runs: int = 0  # runs that ended in an error of their own (not killed)
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return len(self.lost_keys)

    @property
    def corrupt(self) -> int:
        return len(self.corrupt_keys)

    @property
    def orphans(self) -> int:
        return len(self.orphan_keys)

    def _note(self, keys: set[str], key: str, message: str) -> None:
        if key not in keys:
            keys.add(key)
            if len(self.problems) < 20:
                self.problems.append(f"{self.kind}: {message}")

    def lose(self, key: str, message: str) -> None:
        self._note(self.lost_keys, key, message)

    def corrupted(self, key: str, message: str) -> None:
        self._note(self.corrupt_keys, key, message)

    def orphan(self, key: str, message: str) -> None:
        self._note(self.orphan_keys, key, message)

    def failed(self, message: str) -> None:
        self.failed_runs += 1
        if len(self.problems) < 20:
            self.problems.append(f"{self.kind}: a run failed by itself: {message}")

    @property
    def ok(self) -> bool:
        return self.kills > 0 and not (
            self.lost or self.corrupt or self.orphans or self.failed_runs
        )


@dataclass
class HarnessReport:
    kinds: list[KindReport]
    weakened: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.kinds) and all(k.ok for k in self.kinds)

    @property
    def lost(self) -> int:
        return sum(k.lost for k in self.kinds)

    def kind(self, name: str) -> KindReport:
        return next(k for k in self.kinds if k.kind == name)

    def table(self) -> str:
        lines = [
            "| operation kind | kills | runs finished | acknowledged operations | lost | corrupt "
            "| orphan files | runs that failed |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for k in self.kinds:
            lines.append(
                f"| {k.kind} | {k.kills} | {k.finished} | {k.acknowledged} | {k.lost} | "
                f"{k.corrupt} | {k.orphans} | {k.failed_runs} |"
            )
        return "\n".join(lines)


@dataclass(frozen=True)
class Launch:
    """One child run: what to start, and what to watch for a moment to kill it at."""

    argv: list[str]
    env: dict[str, str]
    watch: tuple[Path, ...] = ()  # the first new entry in these folders is a moment to kill
    ready: bool = False  # time the kill from a "ready" line (the worker has opened the file)


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def killed(self) -> bool:
        return self.returncode == -signal.SIGKILL


def _listing(folders: tuple[Path, ...]) -> set[str]:
    names: set[str] = set()
    for folder in folders:
        with contextlib.suppress(OSError):
            # SQLite's -wal/-shm appear whenever a program opens the office: not an output
            names.update(f"{folder}/{n}" for n in os.listdir(folder) if not n.endswith(QUIET))
    return names


def _wait_for_line(path: Path, line: str, child: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            return True
        if child.poll() is not None:
            return False
        time.sleep(0.005)
    return False


def run_child(launch: Launch, logs: Path, kill: str, delay: float | None) -> Outcome:
    """Start the child and SIGKILL it: at the first new file in a watched folder (kill="file"),
    after `delay` seconds (kill="time"), or never (delay None: let it finish)."""
    out, err = logs / "child.out", logs / "child.err"
    before = _listing(launch.watch)
    started = time.monotonic()
    with out.open("wb") as fout, err.open("wb") as ferr:
        child = subprocess.Popen(launch.argv, stdout=fout, stderr=ferr, env=launch.env)
    try:
        if launch.ready and not _wait_for_line(out, "ready", child):
            child.kill()
        elif delay is None:
            child.wait(timeout=600)
        elif kill == "file" and launch.watch:
            while child.poll() is None and _listing(launch.watch) <= before:
                time.sleep(0.001)
            time.sleep(delay)
        else:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=delay)
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return Outcome(
        child.returncode,
        out.read_text(encoding="utf-8", errors="replace"),
        err.read_text(encoding="utf-8", errors="replace"),
        time.monotonic() - started,
    )


def child_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROOFFICE_")}
    env["MICROOFFICE_HOME"] = str(home)
    env.update(extra)
    return env


def run_kind(kind: Kind, kills: int, rng: random.Random, logs: Path) -> KindReport:
    """Kill `kills` runs of one kind, verifying after each; then one run left to finish (a later
    start) and the orphan scan."""
    report = KindReport(kind.name)
    started = time.monotonic()
    kind.setup(report)
    estimate = kind.estimate
    attempts = failing = 0
    while report.kills < kills and attempts < kills * 4 + 20 and failing < STUCK:
        launch = kind.launch(report)
        # every other kill lands the moment a watched folder gets its first new file (the worst
        # moment for a writer that publishes too early); the rest at a random moment of the run
        by_file = bool(launch.watch) and attempts % 2 == 0
        delay = rng.uniform(0, 0.03) if by_file else rng.uniform(0, estimate * 1.25)
        outcome = run_child(launch, logs, "file" if by_file else "time", delay)
        attempts += 1
        if outcome.killed:
            report.kills += 1
            if not launch.ready:  # a run killed after t seconds takes at least t
                estimate = max(estimate, outcome.seconds)
        elif outcome.returncode == 0:
            report.finished += 1
            if not launch.ready:
                estimate = 0.7 * estimate + 0.3 * outcome.seconds
        else:
            report.failed(last_line(outcome.stderr) or f"exit {outcome.returncode}")
        failing = failing + 1 if not (outcome.killed or outcome.returncode == 0) else 0
        kind.after(outcome, report)
        kind.verify(report)
    if failing >= STUCK:
        report.problems.append(f"{kind.name}: stopped after {STUCK} runs in a row failed")
    kind.finish(report)
    report.seconds = time.monotonic() - started
    return report


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def run(
    kills: int,
    workdir: Path,
    kinds: tuple[str, ...] = ALL_KINDS,
    seed: int = 2026,
    weakened: bool = False,
) -> HarnessReport:
    from bench.crash_kinds import make_kind

    rng = random.Random(seed)
    logs = workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    reports = []
    for name in kinds:
        kind = make_kind(name, workdir / name, workdir, rng.randrange(1 << 30), weakened)
        reports.append(run_kind(kind, kills, rng, logs))
        print(HarnessReport(reports[-1:]).table().splitlines()[-1], file=sys.stderr, flush=True)
    return HarnessReport(reports, weakened)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crash_harness", description=__doc__)
    parser.add_argument("--kills", type=int, default=200, help="kills per operation kind")
    parser.add_argument("--kind", action="append", choices=ALL_KINDS, help="only these kinds")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--weakened", action="store_true", help="the deliberately broken build")
    parser.add_argument("--dir", type=Path, help="work folder (default: a new temporary one)")
    args = parser.parse_args(argv)
    weakened = args.weakened or os.environ.get(WEAKEN) == "1"
    kinds = tuple(args.kind or (["workload"] if weakened else ALL_KINDS))
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="microoffice-crash-"))
    started = time.monotonic()
    report = run(args.kills, workdir, kinds, args.seed, weakened)
    print(report.table())
    print("  seconds per kind: " + ", ".join(f"{k.kind} {k.seconds:.0f}" for k in report.kinds))
    for line in [p for k in report.kinds for p in k.problems]:
        print(f"  {line}")
    verdict = "ok" if report.ok else "PROBLEMS FOUND"
    label = "weakened build: " if weakened else ""
    print(f"\n{label}{verdict} ({time.monotonic() - started:.0f} s, work folder {workdir})")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
