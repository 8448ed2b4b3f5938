"""Issue 13: `password set` killed at random points and run again leaves no file in the office's
folders holding a client's name in plain text, and everything opens with the new password.

A fast subset: bench/crash_password.py runs 100 kills for the README (each round is two full
runs of the command, about 4 s, so 100 would take several minutes here).
"""

from __future__ import annotations

from pathlib import Path

from bench.crash_password import run, scan

KILLS = 5


def test_killed_password_changes_rerun_leave_nothing_plain(tmp_path: Path) -> None:
    report = run(KILLS, tmp_path)
    assert report.kills == KILLS  # each one SIGKILLed mid-run
    assert report.reruns >= KILLS
    assert report.problems == []
    assert report.leaks == []
    office = tmp_path / "office"
    assert scan(office, office / "office-backups") == []  # nothing in plain at the end either
    assert (office / "office.sqlite").read_bytes()[:16] != b"SQLite format 3\x00"
