"""`microoffice rota / schedule / today` run as a person runs them: real processes and files."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

from icalendar import Calendar
from pypdf import PdfReader

from microoffice.core.db.database import open_database
from microoffice.core.scheduling import plans
from microoffice.core.services import clients, staff


def mo(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MICROOFFICE_HOME=str(home), MICROOFFICE_NOW="2026-12-07T09:30")
    env.pop("MICROOFFICE_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "microoffice", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _setup(path: Path) -> None:
    database = open_database(str(path))
    with database.session() as s:
        anna = staff.create_staff(s, staff.StaffData(first_name="Anna", last_name="Ames")).id
        ann = clients.create_client(
            s, clients.ClientData(first_name="Ann", last_name="Able", address_line1="1 Oak Lane")
        ).id
        for weekdays, at in (((0, 2, 4), time(8)), ((0,), time(12, 30))):
            plans.create_plan(
                s,
                plans.PlanData(
                    client_id=ann,
                    start_date=date(2026, 11, 2),
                    start_time=at,
                    end_time=(datetime.combine(date.min, at) + timedelta(minutes=45)).time(),
                    weekdays=weekdays,
                    staff_ids=[anna],
                    tasks=["wash"],
                ),
            )
    database.close()


def test_today_prints_and_confirms(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    _setup(db)
    home = tmp_path / "home"
    shown = mo("today", "--db", str(db), home=home)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[:4] == [
        "Visits on Monday 07 December 2026: 2",
        "08:00-08:45  Ann Able  [Anna Ames]",
        "             1 Oak Lane",
        "             Tasks: wash",
    ]
    done = mo("today", "--confirm", "--db", str(db), home=home)
    assert done.returncode == 0, done.stderr
    assert "08:00-08:45  Ann Able  [Anna Ames]  done" in done.stdout
    assert "12:30-13:15  Ann Able  [Anna Ames]\n" in done.stdout  # not started yet at 09:30
    assert done.stdout.endswith(
        "Confirmed 1 visit as done as planned; 0 notes written. 1 visit has no daily note and "
        "will not be invoiced until it has one: 08:00-08:45 Ann Able.\n"
        'Add a note with --note "NAME: what happened" on the same command, or '
        "'microoffice visit note'.\n"
    )
    bad = mo("today", "--date", "31/02/2026", "--db", str(db), home=home)
    assert bad.returncode == 2 and "is not a date" in bad.stderr


def test_rota_text_pdf_and_ics(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    _setup(db)
    home = tmp_path / "home"
    text = mo("rota", "--week", "2026-W50", "--db", str(db), home=home)
    assert text.returncode == 0, text.stderr
    assert "Mon 07/12 12:30-13:15  Ann Able, Personal care\n" in text.stdout  # same home
    assert "Visits 3 h 00 min + travel 0 min = 3 h 00 min" in text.stdout
    pdf, cal = tmp_path / "r.pdf", tmp_path / "anna.ics"
    out = mo(
        "rota",
        "--week",
        "2026-W50",
        "--staff",
        "Anna Ames",
        "--pdf",
        str(pdf),
        "--ics",
        str(cal),
        "--weeks",
        "2",
        "--db",
        str(db),
        home=home,
    )
    assert out.returncode == 0, out.stderr
    assert "Anna Ames: rota for week 2026-W50" in PdfReader(pdf).pages[0].extract_text()
    events = Calendar.from_ical(cal.read_bytes()).walk("VEVENT")
    assert len(events) == 8  # two weeks of Mon/Wed/Fri 08:00 and Mon 12:30
    refused = mo("rota", "--ics", str(cal), "--db", str(db), home=home)
    assert refused.returncode == 2 and "add --staff NAME" in refused.stderr
    wrong = mo("rota", "--week", "49", "--db", str(db), home=home)
    assert wrong.returncode == 2 and "write it like 2026-W49" in wrong.stderr


def test_schedule_pdf_and_log(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    _setup(db)
    home = tmp_path / "home"
    pdf, log = tmp_path / "s.pdf", tmp_path / "log.pdf"
    out = mo(
        "schedule",
        "--client",
        "Ann Able",
        "--month",
        "2026-12",
        "--pdf",
        str(pdf),
        "--log",
        str(log),
        "--db",
        str(db),
        home=home,
    )
    assert out.returncode == 0, out.stderr
    assert "Your visits in December 2026" in PdfReader(pdf).pages[0].extract_text()
    assert "Client signature" in PdfReader(log).pages[0].extract_text()
    text = mo("schedule", "--client", "able", "--month", "2026-12", "--db", str(db), home=home)
    assert "  Fri 25/12 08:00-08:45  Anna  (Christmas Day)" in text.stdout
    missing = mo("schedule", "--client", "Nobody", "--db", str(db), home=home)
    assert missing.returncode == 2 and "No client is called 'Nobody'" in missing.stderr
