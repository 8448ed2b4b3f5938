"""`microoffice plans add` and `microoffice visits add/times`, run as a person runs them: start and
end times, an overnight plan, and actual times the clocks skipped refused with nothing saved."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date, time
from pathlib import Path

from microoffice.core.db.database import open_database
from microoffice.core.scheduling import plans
from microoffice.core.services import clients, staff


def mo(*args: str, home: Path, now: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MICROOFFICE_HOME=str(home), MICROOFFICE_NOW=now)
    env.pop("MICROOFFICE_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "microoffice", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _office(path: Path) -> None:
    database = open_database(str(path))
    with database.session() as s:
        staff.create_staff(s, staff.StaffData(first_name="Anna", last_name="Ames"))
        gil = clients.create_client(s, clients.ClientData(first_name="Gil", last_name="Gap")).id
        plans.create_plan(
            s,
            plans.PlanData(
                client_id=gil,
                start_date=date(2027, 3, 1),
                start_time=time(1),
                end_time=time(3),
                weekdays=(6,),
            ),
        )
        clients.create_client(s, clients.ClientData(first_name="Nora", last_name="Night"))
    database.close()


def _dump(path: Path) -> list[str]:
    """Every row of every table, as SQL: what 'nothing saved' is compared by."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_an_overnight_plan_made_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    _office(db)
    home = tmp_path / "home"
    made = mo(
        "plans", "add", "--client", "Nora Night", "--days", "Sat", "--start", "22:00",
        "--end", "07:00", "--from", "03/10/2026", "--carer", "Anna Ames", "--db", str(db),
        home=home, now="2026-10-01T09:00",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines() == [
        "Plan 2 saved for Nora Night: Every week on Saturday, 22:00 to 07:00 "
        "(overnight, ends next day)",
        "Note: Saturday 24 October 2026: clocks go back during this visit: it lasts 10 hours.",
        "Note: Saturday 27 March 2027: clocks go forward during this visit: it lasts 8 hours.",
    ]
    rota = mo("rota", "--week", "2026-W43", "--db", str(db), home=home, now="2026-10-01T09:00")
    assert rota.returncode == 0, rota.stderr
    assert (
        "  Sat 24/10 22:00-07:00  Nora Night, Personal care  "
        "(clocks go back during this visit: it lasts 10 hours)"
    ) in rota.stdout.splitlines()
    assert "  Visits 10 h 00 min + travel 0 min = 10 h 00 min" in rota.stdout.splitlines()
    bad = mo(
        "plans", "add", "--client", "Nora Night", "--days", "Sat", "--start", "22:00",
        "--end", "22:02", "--db", str(db), home=home, now="2026-10-01T09:00",
    )  # fmt: skip
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr == (
        "microoffice plans: --end: A visit lasts at least 5 minutes: check the end time\n"
    )


def test_actual_times_in_the_spring_gap_are_refused_with_nothing_saved(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    _office(db)
    home = tmp_path / "home"
    before = _dump(db)
    refused = mo(
        "visits", "times", "--client", "Gil Gap", "--date", "28/03/2027", "--arrived", "01:30",
        "--left", "02:30", "--db", str(db), home=home, now="2027-03-28T09:00",
    )  # fmt: skip
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == (
        "microoffice visits: --arrived: 01:30 on Sunday 28 March 2027 did not happen in the UK: "
        "the clocks went forward from 01:00 to 02:00. Check the time.\n"
    )
    assert _dump(db) == before
    same_day = mo(
        "visits", "times", "--client", "Gil Gap", "--date", "28/03/2027", "--arrived", "02:40",
        "--left", "02:10", "--db", str(db), home=home, now="2027-03-28T09:00",
    )  # fmt: skip
    assert (same_day.returncode, same_day.stdout) == (2, "")
    assert same_day.stderr == (
        "microoffice visits: --left: The visit cannot end at 02:10: that is not after it started "
        "(02:40). Check the times. If they left after midnight, type 02:10 next day.\n"
    )
    assert _dump(db) == before
    done = mo(
        "visits", "times", "--client", "Gil Gap", "--date", "28/03/2027", "--arrived", "00:50",
        "--left", "02:20", "--db", str(db), home=home, now="2027-03-28T09:00",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Recorded Gil Gap's visit on Sunday 28 March 2027: 00:50-02:20 (30 minutes)\n"
    )
    checked = mo("check", "--db", str(db), home=home, now="2027-03-28T09:05")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("OK: ")


def test_the_second_0130_when_the_clocks_go_back(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    _office(db)
    home = tmp_path / "home"
    done = mo(
        "visits", "times", "--client", "Gil Gap", "--date", "25/10/2026", "--arrived",
        "01:45", "--left", "01:15 GMT", "--db", str(db), home=home, now="2026-10-25T09:00",
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")  # Gil's plan starts in March 2027
    assert done.stderr == (
        "microoffice visits: Gil Gap has no visit on 25/10/2026; check the date, or add an "
        "extra visit with 'visits add'.\n"
    )
    made = mo(
        "visits", "add", "--client", "Nora Night", "--date", "24/10/2026", "--start", "22:00",
        "--end", "07:00", "--db", str(db), home=home, now="2026-10-25T09:00",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stdout == (
        "Extra visit saved for Nora Night on Saturday 24 October 2026, 22:00-07:00 (done)\n"
    )
    timed = mo(
        "visits", "times", "--client", "Nora Night", "--date", "24/10/2026", "--arrived",
        "22:00", "--left", "01:15 GMT", "--db", str(db), home=home, now="2026-10-25T09:00",
    )  # fmt: skip
    assert timed.returncode == 0, timed.stderr
    assert timed.stdout == (
        "Recorded Nora Night's visit on Saturday 24 October 2026: 22:00-01:15 GMT "
        "(4 hours 15 minutes)\n"
    )
    checked = mo("check", "--db", str(db), home=home, now="2026-10-25T09:05")
    assert checked.returncode == 0, checked.stdout + checked.stderr
