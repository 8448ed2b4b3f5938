"""Month end from the command line (issue 16): confirm the day with quick notes, record the
exceptions (missed, cancelled by the client with when they told you, cut short with a reason), the
as-planned setting; then the invoice run has nothing about missing notes. Exit status and the
exact words printed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.cli import main
from microoffice.core import clock
from microoffice.core.db.database import open_database
from microoffice.core.models.records import DailyNote
from microoffice.core.models.visits import Visit
from microoffice.core.scheduling import plans
from microoffice.core.services import clients
from microoffice.core.services.integrity import check_database
from tests.core.billing import helpers as h


@pytest.fixture
def office(tmp_path: Path) -> str:
    """Monday 7 December, 13:00. Ann 08:00 and 12:30, Bo 09:00, Cy 10:00 (45 minutes each);
    all self-funded at £25.50 an hour with 24 hours' notice for cancellations."""
    path = tmp_path / "office.sqlite"
    database = open_database(str(path))
    with database.session() as s:
        h.set_up_business(s)
        cancel = {"full_charge_within_hours": 24}
        for first, last, times in (
            ("Ann", "Able", (time(8), time(12, 30))),
            ("Bo", "Best", (time(9),)),
            ("Cy", "Cole", (time(10),)),
        ):
            person = h.add_client(s, first, last)
            h.self_funded(s, person)
            h.add_card(s, person, cancellation=cancel)
            for at in times:
                plans.create_plan(
                    s,
                    plans.PlanData(
                        client_id=person.id,
                        start_date=date(2026, 12, 7),
                        start_time=at,
                        end_time=(datetime.combine(date.min, at) + timedelta(minutes=45)).time(),
                        weekdays=(0,),
                    ),
                )
    database.close()
    clock.freeze(datetime(2026, 12, 7, 13, 0))
    return str(path)


@contextmanager
def reading(path: str) -> Iterator[Session]:
    database = open_database(path)
    try:
        with database.session(reading=True) as s:
            yield s
    finally:
        database.close()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_confirm_with_notes_from_the_command_line(
    office: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # a client with two visits waiting needs the time; a note without "NAME: " is refused
    assert run(capsys, "today", "--confirm", "--note", "Ann Able: fine", "--db", office) == (
        2,
        "",
        "microoffice today: Ann Able has more than one visit waiting (08:00, 12:30): put "
        "the time after the name, as in 'Ann Able 08:00: ...'.\n",
    )
    assert run(capsys, "today", "--confirm", "--note", "just fine", "--db", office)[2] == (
        "microoffice today: 'just fine' is not a note: write it as --note \"Client name: what "
        'happened".\n'
    )
    assert run(capsys, "today", "--confirm", "--as-planned", "--db", office)[:2] == (2, "")
    with reading(office) as s:  # nothing was confirmed by the refusals
        assert s.scalars(select(Visit)).all() == []

    code, out, err = run(
        capsys, "today", "--confirm", "--note", "ann able 08:00: Cheerful, ate porridge",
        "--note", "Bo Best: Low, GP called", "--db", office,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines()[-2:] == [
        "Confirmed 4 visits as done as planned; 2 notes written. 2 visits have no daily note "
        "and will not be invoiced until they have one: 10:00-10:45 Cy Cole, 12:30-13:15 "
        "Ann Able.",
        'Add a note with --note "NAME: what happened" on the same command, or '
        "'microoffice visit note'.",
    ]
    assert run(capsys, "settings", "--db", office) == (
        0,
        "As-planned visit notes: off\nEach visit needs its own line of note before it is "
        "invoiced.\n",
        "",
    )
    assert run(capsys, "settings", "--as-planned-notes", "on", "--db", office) == (
        0,
        "As-planned visit notes: on\nVisits confirmed with --as-planned (or left with an empty "
        "line in the window) are noted: As planned, nothing to add.\n",
        "",
    )
    code, out, _ = run(capsys, "today", "--confirm", "--as-planned", "--db", office)
    assert (code, out.splitlines()[-1]) == (
        0,
        "Confirmed 0 visits as done as planned; 2 notes written.",
    )
    with reading(office) as s:
        texts = sorted(n.text for n in s.scalars(select(DailyNote)))
    assert texts == [
        "As planned, nothing to add.",
        "As planned, nothing to add.",
        "Cheerful, ate porridge",
        "Low, GP called",
    ]
    code, out, _ = run(
        capsys, "invoices", "run", "--period", "2026-12-07..2026-12-07", "--db", office
    )
    assert code == 0
    assert "Stops an invoice" not in out and "no_note" not in out
    assert "3 invoice(s), total £76.52:" in out  # four 45-minute visits, £19.13 each


def test_exceptions_from_the_command_line(office: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(
        capsys, "visit", "missed", "--client", "Bo Best", "--date", "07/12/2026", "--reason",
        "Car would not start", "--db", office,
    ) == (0, "Recorded as missed: Bo Best, Mon 07/12/2026 09:00-09:45.\n", "")  # fmt: skip
    assert run(
        capsys, "visit", "cancelled", "--client", "Cy Cole", "--date", "07/12/2026", "--told",
        "07/12/2026 08:00", "--reason", "Hospital appointment", "--db", office,
    ) == (
        0,
        "Recorded as cancelled by the client: Cy Cole, Mon 07/12/2026 10:00-10:45, 2.0 "
        "hours' notice (charged as the rate card says).\n",
        "",
    )  # fmt: skip
    assert run(
        capsys, "visit", "times", "--client", "Ann Able", "--date", "07/12/2026", "--time",
        "08:00", "--arrived", "08:05", "--left", "08:25", "--reason",
        "Asked us to leave early", "--db", office,
    ) == (
        0,
        "Recorded as done 08:05-08:25 (20 minutes): Ann Able, Mon 07/12/2026 "
        "08:00-08:45. Reason: Asked us to leave early.\n",
        "",
    )  # fmt: skip
    assert run(
        capsys, "visit", "note", "--client", "Ann Able", "--date", "07/12/2026", "--time",
        "08:00", "--text", "Tired but well", "--db", office,
    ) == (0, "Daily note written: Ann Able, Mon 07/12/2026 08:00-08:45.\n", "")  # fmt: skip
    # refused plainly: which visit, and when the client told you
    assert run(
        capsys, "visit", "note", "--client", "Ann Able", "--date", "07/12/2026", "--text", "x",
        "--db", office,
    )[::2] == (
        2,
        "microoffice visit: Ann Able has 2 visits on 07/12/2026 (08:00, 12:30): say which "
        "with --time.\n",
    )  # fmt: skip
    assert run(
        capsys, "visit", "cancelled", "--client", "Ann Able", "--date", "07/12/2026", "--time",
        "12:30", "--db", office,
    )[::2] == (
        2,
        'microoffice visit: Say when the client told you with --told "DD/MM/YYYY HH:MM" (it '
        "decides the cancellation charge), or use --by-us.\n",
    )  # fmt: skip
    with reading(office) as s:
        visits = {
            (
                clients.get_client(s, v.client_id).first_name,
                f"{clock.to_local(v.planned_start):%H:%M}",
            ): v
            for v in s.scalars(select(Visit))
        }
        assert visits[("Bo", "09:00")].status == "missed"
        cy = visits[("Cy", "10:00")]
        assert (cy.status, cy.cancellation_reason) == (
            "cancelled_client",
            "Hospital appointment",
        )
        ann = visits[("Ann", "08:00")]
        assert (ann.status, ann.notes) == ("completed", "Asked us to leave early")
    code, out, _ = run(
        capsys, "invoices", "run", "--period", "2026-12-07..2026-12-07", "--db", office
    )
    assert code == 0
    # Cy's cancellation (2 hours' notice) is charged in full; Ann's short visit at its times
    assert "Cy Cole" in out.split("invoice(s), total")[1]
    database = open_database(office)
    try:
        assert check_database(database) == []  # every write above is on the audit record
    finally:
        database.close()
