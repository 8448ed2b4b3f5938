"""Crash safety: run real write workloads in a child process and SIGKILL it at random moments.

After each kill the file must pass integrity_check, every operation the child reported committed
must be there, whole, and no operation may be half there. Run: python -m bench.crash_harness --runs 200
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

WORKER = Path(__file__).with_name("crash_worker.py")


@dataclass
class CrashReport:
    runs: int = 0
    kills: int = 0
    committed: int = 0
    corrupt_files: int = 0
    committed_lost: int = 0
    half_written: int = 0
    audit_problems: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.corrupt_files or self.committed_lost or self.half_written or self.audit_problems
        )


def _verify(db_path: Path, committed: set[int], report: CrashReport) -> int:
    """Check the file after a kill; returns the next operation number to use."""
    conn = sqlite3.connect(db_path)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            report.corrupt_files += 1
            report.problems.append("integrity_check failed")
        ops: dict[int, int] = {}
        # one grouped pass per table (linear), not a correlated count per client
        per_client = {
            table: dict(conn.execute(f"SELECT client_id, COUNT(*) FROM {table} GROUP BY client_id"))
            for table in ("contact", "funding_arrangement", "daily_note")
        }
        audited = dict(
            conn.execute(
                "SELECT CAST(entity_id AS INTEGER), COUNT(*) FROM audit_log"
                " WHERE entity = 'client' AND action = 'insert' GROUP BY entity_id"
            )
        )
        rows = conn.execute("SELECT id, last_name FROM client WHERE first_name = 'Crash'")
        for client_id, last_name in rows:
            op = int(last_name[2:])
            ops[op] = 1
            counts = tuple(per_client[t].get(client_id, 0) for t in per_client)
            if counts != (1, 1, 1) or audited.get(client_id, 0) != 1:
                report.half_written += 1
                report.problems.append(f"operation {op} is half there")
        lost = committed - set(ops)
        if lost:
            report.committed_lost += len(lost)
            report.problems.append(f"committed operations missing: {sorted(lost)[:5]}")
        return max(ops, default=-1) + 1
    finally:
        conn.close()


def run(runs: int, db_path: Path, seed: int = 2026, max_delay: float = 0.4) -> CrashReport:
    from microoffice.core.db.database import open_database
    from microoffice.core.services.integrity import check_database

    rng = random.Random(seed)
    report = CrashReport()
    committed: set[int] = set()
    next_op = 0
    env = dict(os.environ)
    for _ in range(runs):
        child = subprocess.Popen(
            [sys.executable, str(WORKER), str(db_path), str(next_op)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        if child.stdout.readline().strip() != "ready":
            raise RuntimeError(
                f"worker did not start: {child.stderr.read() if child.stderr else ''}"
            )
        time.sleep(rng.uniform(0, max_delay))
        child.send_signal(signal.SIGKILL)
        out, _err = child.communicate()
        report.runs += 1
        report.kills += child.returncode == -signal.SIGKILL
        for line in out.splitlines():
            if line.startswith("committed "):
                committed.add(int(line.split()[1]))
        next_op = max(_verify(db_path, committed, report), max(committed, default=-1) + 1)
    report.committed = len(committed)
    database = open_database(str(db_path))
    try:
        findings = check_database(database)
    finally:
        database.close()
    report.audit_problems = len(findings)
    report.problems += [f.message for f in findings[:5]]
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--db", type=Path, default=Path("bench/out/crash.sqlite"))
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(args.db) + suffix).unlink(missing_ok=True)
    report = run(args.runs, args.db)
    print(json.dumps(asdict(report) | {"ok": report.ok}, indent=1))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
