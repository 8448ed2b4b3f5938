"""Issue 12: SIGKILL real work at random moments; after every kill nothing acknowledged is lost,
nothing is corrupt, no file on disk disagrees with the database and a later run leaves nothing
behind. The fast subset of bench/crash_harness.py (which runs 200+ kills per kind for the README).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.crash_harness import ALL_KINDS, HarnessReport, run

KILLS = 3  # per kind; `python -m bench.crash_harness` runs 200


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> HarnessReport:
    return run(KILLS, tmp_path_factory.mktemp("crash"), ALL_KINDS)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_kills_lose_nothing_corrupt_nothing_and_leave_no_orphan_file(
    harness: HarnessReport, kind: str
) -> None:
    report = harness.kind(kind)
    assert report.kills == KILLS  # every one of them died by SIGKILL, mid-work
    assert report.acknowledged > 0  # and real work was acknowledged around the kills
    assert report.problems == []
    assert (report.lost, report.corrupt, report.orphans, report.failed_runs) == (0, 0, 0, 0)


def test_the_weakened_build_is_caught(tmp_path: Path) -> None:
    """synchronous=OFF and every 7th update dropped while still acknowledged: the harness must
    report the loss (the old harness, which only counted inserted clients, said ok)."""
    report = run(KILLS, tmp_path, ("workload",), weakened=True)
    workload = report.kind("workload")
    assert workload.kills == KILLS
    assert report.ok is False
    assert report.lost > 0
    assert workload.corrupt == 0  # what was dropped is reported as lost, not as damage
