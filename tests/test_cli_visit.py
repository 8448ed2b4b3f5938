"""`microoffice visit ...` as a person types it: one visit moved, skipped, put back, cancelled,
given other carers, a note, a client away, and the history; exit codes and plain messages, and
nothing changed when a command is refused."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from microoffice.cli import main
from microoffice.core import clock
from microoffice.core.db.database import open_database
from microoffice.core.models import AuditLog
from microoffice.core.models.visits import VisitChange
from microoffice.core.scheduling import plans
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.services import clients, staff
from tests.test_cli import mo


def _end(start: time, minutes: int) -> time:
    return (datetime.combine(date(2026, 1, 1), start) + timedelta(minutes=minutes)).time()


def _office(path: Path) -> None:
    """Peggy: Mondays and Thursdays 08:30 for 45 minutes with Anna; Alf: Tuesdays 11:00 with
    Anna; Ben free."""
    database = open_database(str(path))
    with database.session() as s:
        anna = staff.create_staff(s, staff.StaffData(first_name="Anna", last_name="Ames")).id
        staff.create_staff(s, staff.StaffData(first_name="Ben", last_name="Bell"))
        peggy = clients.create_client(
            s, clients.ClientData(first_name="Peggy", last_name="Henshaw")
        ).id
        alf = clients.create_client(s, clients.ClientData(first_name="Alf", last_name="Green")).id
        for who, days, at in ((peggy, (0, 3), time(8, 30)), (alf, (1,), time(11))):
            plans.create_plan(
                s,
                plans.PlanData(
                    client_id=who,
                    start_date=date(2026, 11, 30),
                    start_time=at,
                    end_time=_end(at, 45 if who == peggy else 60),
                    weekdays=days,
                    staff_ids=[anna],
                ),
            )
    database.close()


def peggys_week(path: Path, start: date, end: date) -> list[str]:
    database = open_database(str(path))
    try:
        with database.session() as s:
            cid = clients.find_client(s, "Peggy Henshaw").id
            return [
                f"{o.day:%a %d} {clock.to_local(o.planned_start):%H:%M}-"
                f"{clock.to_local(o.planned_end):%H:%M} {o.status}"
                for o in occurrences(s, start, end, client_id=cid, skipped=True)
            ]
    finally:
        database.close()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def test_move_one_visit_then_the_following(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "office.sqlite")
    _office(Path(db))
    code, out, _ = run(
        capsys, "visit", "move", "--db", db, "--client", "Peggy Henshaw", "--date", "14/12/2026",
        "--to", "15/12/2026 14:00", "--reason", "GP appointment",
    )  # fmt: skip
    assert code == 0
    assert out == (
        "Moved Peggy Henshaw's visit of Mon 14 Dec 08:30-09:15 to Tue 15 Dec 14:00-14:45. "
        "The rest of the plan is unchanged."
    )
    code, out, _ = run(
        capsys, "visit", "move", "--db", db, "--client", "Peggy Henshaw", "--date", "17/12/2026",
        "--to", "17/12/2026 09:00", "--length", "60", "--following",
    )  # fmt: skip
    assert code == 0
    assert out.startswith(
        "Moved Peggy Henshaw's visit of Thu 17 Dec 08:30-09:15 to Thu 17 Dec 09:00-10:00, and "
        "every later visit of its plan (Every week on Monday and Thursday at 08:30 for 45 min "
        "became Every week on Monday and Thursday at 09:00 for 60 min from 17/12/2026)."
    )
    assert peggys_week(Path(db), date(2026, 12, 14), date(2026, 12, 21)) == [
        "Tue 15 14:00-14:45 planned",
        "Thu 17 09:00-10:00 planned",
        "Mon 21 09:00-10:00 planned",
    ]
    code, out, _ = run(capsys, "visit", "history", "--db", db, "--client", "Peggy Henshaw")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Changes to Peggy Henshaw's visits, December 2026: 2"
    assert lines[1] == (
        "  Moved from Mon 14 Dec 08:30-09:15 to Tue 15 Dec 14:00-14:45, by the owner on "
        "07/12/2026 09:30. Why: GP appointment"
    )


def test_a_move_onto_a_carers_other_visit_is_refused_unless_anyway(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "office.sqlite")
    _office(Path(db))
    move = (
        "visit", "move", "--db", db, "--client", "Peggy Henshaw", "--date", "14/12/2026",
        "--to", "15/12/2026 11:15",
    )  # fmt: skip
    before = peggys_week(Path(db), date(2026, 12, 14), date(2026, 12, 20))
    code, out, err = run(capsys, *move)
    assert (code, out) == (2, "")
    assert err == (
        "microoffice visit: Not moved: Anna Ames is already with Alf Green from 11:00 to 12:00. "
        "Add --anyway to move it all the same, or choose another time."
    )
    assert peggys_week(Path(db), date(2026, 12, 14), date(2026, 12, 20)) == before
    code, out, _ = run(capsys, *move, "--anyway")
    assert code == 0 and out.startswith("Moved Peggy Henshaw's visit")


def test_skip_restore_cancel_carers_note_and_away(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "office.sqlite")
    _office(Path(db))
    peggy = ("--db", db, "--client", "Peggy Henshaw")
    code, out, _ = run(
        capsys, "visit", "skip", *peggy, "--date", "14/12/2026", "--reason", "Family visiting"
    )
    assert code == 0
    assert out == (
        "Skipped Peggy Henshaw's visit of Mon 14 Dec 08:30-09:15. It stays on the calendar as "
        "skipped; 'visit restore' puts it back."
    )
    assert peggys_week(Path(db), date(2026, 12, 14), date(2026, 12, 14)) == [
        "Mon 14 08:30-09:15 skipped"
    ]
    code, out, _ = run(capsys, "visit", "restore", *peggy, "--date", "14/12/2026")
    assert (code, out) == (
        0,
        "Put Peggy Henshaw's visit back to the plan's time: Mon 14 Dec 08:30-09:15.",
    )
    code, out, _ = run(
        capsys, "visit", "cancel", *peggy, "--date", "10/12/2026", "--by", "client",
        "--notice", "07/12/2026 08:00", "--reason", "Hospital appointment",
    )  # fmt: skip
    assert (code, out) == (
        0,
        "Cancelled by the client (told us 07/12/2026 08:00): Peggy Henshaw's visit of "
        "Thu 10 Dec 08:30-09:15.",
    )
    code, out, _ = run(
        capsys, "visit", "carers", *peggy, "--date", "17/12/2026", "--staff", "Ben Bell"
    )
    assert (code, out) == (
        0,
        "Peggy Henshaw's visit of Thu 17 Dec 08:30-09:15: Anna Ames to Ben Bell.",
    )
    code, out, _ = run(
        capsys,
        "visit",
        "carer-note",
        *peggy,
        "--date",
        "17/12/2026",
        "--text",
        "Key safe code changed",
    )
    assert (code, out) == (0, "Noted on Peggy Henshaw's visit of Thu 17 Dec 08:30-09:15.")
    code, out, _ = run(
        capsys, "visit", "away", *peggy, "--from", "21/12/2026", "--to", "27/12/2026",
        "--reason", "hospital",
    )  # fmt: skip
    assert code == 0
    assert out == (
        "Peggy Henshaw is away (in hospital) from 21/12/2026 to 27/12/2026: their plans' visits "
        "in that time will not happen."
    )
    assert peggys_week(Path(db), date(2026, 12, 10), date(2026, 12, 27)) == [
        "Thu 10 08:30-09:15 cancelled_client",
        "Mon 14 08:30-09:15 planned",
        "Thu 17 08:30-09:15 planned",
    ]
    code, out, _ = run(capsys, "check", "--db", db)
    assert code == 0 and out.startswith("OK: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("move", "--date", "14/12/2026", "--to", "tomorrow"),
            "'tomorrow' is not a day and a time; write it like \"15/12/2026 10:00\".",
        ),
        (
            ("move", "--date", "14/12/2026", "--to", "15/12/2026 25:00"),
            "'25:00' is not a time; type it like 08:30.",
        ),
        (
            ("move", "--date", "15/12/2026", "--to", "16/12/2026 10:00"),
            "There is no visit on 15/12/2026 for this client.",
        ),
        (
            ("move", "--date", "14/12/2026", "--time", "10:00", "--to", "16/12/2026 10:00"),
            "There is no visit on 14/12/2026 at 10:00 for this client.",
        ),
        (
            ("move", "--date", "14/12/2026", "--to", "14/12/2026 08:30"),
            "Start time: The visit is already at that time",
        ),
        (
            ("move", "--date", "14/12/2026", "--length", "2000"),
            "Duration minutes: A visit lasts between 5 minutes and 24 hours",
        ),
        (
            ("cancel", "--date", "14/12/2026", "--by", "us"),
            "Reason: The reason we cancelled is required",
        ),
        (("skip", "--date", "31/02/2026"), "'31/02/2026' is not a date; type it like 31/12/1950."),
    ],
)
def test_refusals_say_why_and_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    db = str(tmp_path / "office.sqlite")
    _office(Path(db))

    def audit() -> tuple[int, int]:
        database = open_database(db)
        try:
            with database.session() as s:
                return (
                    s.scalar(select(func.count(AuditLog.id))) or 0,
                    s.scalar(select(func.count(VisitChange.id))) or 0,
                )
        finally:
            database.close()

    before = audit()
    code, out, err = run(
        capsys, "visit", *args[:1], "--db", db, "--client", "Peggy Henshaw", *args[1:]
    )
    assert (code, out) == (2, "")
    # the command line's own readers refuse before the office is opened (argparse's words)
    assert err.endswith(message.rstrip(".")) or err == f"microoffice visit: {message}"
    assert audit() == before


def test_the_command_runs_as_a_program(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    _office(db)
    done = mo(
        "visit", "move", "--client", "Peggy Henshaw", "--date", "14/12/2026",
        "--to", "14/12/2026 10:00", "--db", str(db), home=tmp_path / "home",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Moved Peggy Henshaw's visit of Mon 14 Dec 08:30-09:15 to")
