"""Issue 6: kill a writing process at random moments 200 times; nothing committed is ever lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.crash_harness import run

RUNS = 200


def test_sigkill_during_writes_never_corrupts_or_loses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = run(RUNS, tmp_path / "crash.sqlite")
    with capsys.disabled():
        print(
            f"\ncrash harness: runs={report.runs} kills={report.kills} "
            f"committed_operations={report.committed} corrupt_files={report.corrupt_files} "
            f"committed_lost={report.committed_lost} half_written={report.half_written} "
            f"audit_problems={report.audit_problems}"
        )
    assert report.runs == RUNS
    assert report.kills == RUNS  # every child really died by SIGKILL, mid-work
    assert report.committed > RUNS  # real work was committed between kills
    assert report.problems == []
    assert (report.corrupt_files, report.committed_lost, report.half_written) == (0, 0, 0)
    assert report.audit_problems == 0
