"""Acceptance 2: the referral profile read back from the PDF shows the small demo's services, area,
prices and today's capacity on one page; the plain text and the application pack match the data.
The `profile`, `capacity` and `costs` commands run as a person would run them."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from microoffice.core import clock
from microoffice.core.db.database import Database, open_database
from microoffice.core.demo import build_demo
from microoffice.core.growth import profile as profile_data
from microoffice.core.growth.sample import add_growth_samples
from microoffice.core.reports import application_pack, profile
from tests.conftest import FROZEN_AT


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("growth") / "barbara.sqlite"
    with clock.frozen(FROZEN_AT):
        build_demo(str(path))
        database = open_database(str(path), create=False)
        add_growth_samples(database)
        database.close()
    yield path


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Database]:
    database = open_database(str(demo_path), create=False)
    yield database
    database.close()


def _pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def test_profile_pdf_shows_the_demo_business(demo: Database) -> None:
    with demo.session() as s:
        data = profile.collect(s)
    buf = io.BytesIO()
    profile.render(data, buf)
    pages, text = _pdf_text(buf.getvalue())
    assert pages == 1
    # services actually delivered by Barbara (personal care, domestic help, companionship)
    for service in ("Personal care", "Help at home", "Companionship"):
        assert service in text
    # area: the postcode districts of her current clients
    for district in ("B90 (Shirley)", "B91 (Solihull)", "B92 (Olton)", "B27 (Acocks Green)"):
        assert district in text
    # prices from the rate cards in force: private £28.00-£29.00, direct payments £26.50-£27.00
    assert "Paying privately: £28.00 to £29.00 an hour" in text
    assert "Direct payments: £26.50 to £27.00 an hour" in text
    assert "Saturdays +15%, Sundays +25%, bank holidays +50%" in text
    # capacity from the rota: Barbara's free times every week of the next four
    assert "We can take someone new: 5 regular times free each week" in text
    assert "Tuesday 09:45-10:30, 12:30-13:00" in text
    assert "Saturday 09:00-09:45, 11:15-13:00" in text
    assert "Registered with the Care Quality Commission (provider 1-1097342218)" in text
    assert "You treat Mum like family." in text  # a compliment shared with consent
    assert "0121 496 0123" in text


def test_capacity_on_the_profile_is_the_rota_today(demo: Database) -> None:
    with demo.session() as s:
        data = profile.collect(s)
    assert data.slot_lines == [
        "Tuesday: 09:45-10:30, 12:30-13:00",
        "Friday: 14:15-15:00",
        "Saturday: 09:00-09:45, 11:15-13:00",
    ]
    assert data.capacity_from.isoformat() == "2026-12-08"
    assert data.capacity_to.isoformat() == "2027-01-04"


def test_plain_text_and_edited_areas(demo_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(demo_path.read_bytes())
    database = open_database(str(copy), create=False)
    try:
        with database.session() as s:
            settings = profile_data.load_settings(s)
            settings.areas_extra, settings.areas_hidden = ["b94"], ["B26"]
            profile_data.save_settings(s, settings)
            text = profile.as_text(profile.collect(s))
        with database.session() as s, pytest.raises(Exception, match="postcode district"):
            profile_data.save_settings(s, profile_data.ProfileSettings(areas_extra=["Solihull"]))
    finally:
        database.close()
    assert "B94" in text and "B26" not in text
    assert text.startswith("Whitmore Home Care\nCare and support at home")
    assert "  Tuesday: 09:45-10:30, 12:30-13:00\n" in text
    assert "  - Paying privately: £28.00 to £29.00 an hour, Monday to Friday\n" in text


def test_application_pack_bundles_what_councils_ask_for(demo: Database) -> None:
    with demo.session() as s:
        data = application_pack.collect(s)
    buf = io.BytesIO()
    application_pack.render(data, buf)
    _pages, text = _pdf_text(buf.getvalue())
    for title in (
        "1. Insurance",
        "2. Staff: DBS and recruitment checks",
        "3. Training",
        "4. Policies",
        "5. Complaints and compliments",
        "6. Feedback and outcomes",
        "7. Prices and what care costs",
    ):
        assert title in text
    assert "Public liability insurance Care Insure Ltd" in text
    assert "Quality-of-life checks with 6 people in the last 12 months" in text
    # the small demo has no staff files or policies: the pack says so instead of hiding it
    assert "Barbara Whitmore: Enhanced DBS with adults' barred list (missing)" in data.gaps
    assert "No 'Safeguarding' in the policy register" in data.gaps


def _mo(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
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


def test_commands(demo_path: Path, tmp_path: Path) -> None:
    db, home = str(demo_path), tmp_path / "home"
    pdf, txt, pack = tmp_path / "p.pdf", tmp_path / "p.txt", tmp_path / "pack.pdf"
    done = _mo(
        "profile", "--db", db, "--pdf", str(pdf), "--txt", str(txt), "--pack", str(pack), home=home
    )
    assert done.returncode == 0, done.stderr
    assert f"Referral profile written to {pdf}" in done.stdout
    assert _pdf_text(pdf.read_bytes())[0] == 1
    assert "Tuesday: 09:45-10:30" in txt.read_text(encoding="utf-8")
    assert "7. Prices and what care costs" in _pdf_text(pack.read_bytes())[1]

    asked = _mo(
        "capacity",
        "--db",
        db,
        "--minutes",
        "45",
        "--days",
        "Mon-Fri",
        "--at",
        "08:00",
        "--district",
        "B90",
        home=home,
    )
    assert asked.returncode == 0, asked.stderr
    assert (
        "Not at the moment: nobody is free for 45 min at 08:00 on Mon-Fri in B90." in asked.stdout
    )
    assert "Barbara Whitmore is with Peggy Henshaw 07:30-08:15" in asked.stdout
    yes = _mo("capacity", "--db", db, "--minutes", "45", "--days", "Tue", "--at", "9:45", home=home)
    assert "Yes: Barbara Whitmore could take 45 min at 09:45 on Tue" in yes.stdout
    bad = _mo("capacity", "--db", db, "--minutes", "45", "--days", "Funday", "--at", "8", home=home)
    assert bad.returncode == 2 and "not a list of days" in bad.stderr

    money = _mo("costs", "--db", db, "--month", "2026-12", home=home)
    assert money.returncode == 0, money.stderr
    # the demo's saved figures (growth/sample.py): £16.00 target pay; 16 min travel per hour
    # -> 427; holiday 12.07% of 2027 -> 245; 2.5 miles x 45p -> 113; overheads £3,376 (with the
    # £52 ICO fee) over 37.38 h x 52 weeks -> 174: 1600 + 427 + 245 + 113 + 174 = 2559
    assert re.search(r"Cost of an hour of care +£25\.59", money.stdout)
    assert "Abdul Rashid" in money.stdout and "BELOW COST" in money.stdout
    assert "December 2026" in money.stdout
    wrong = _mo("costs", "--db", db, "--month", "December", home=home)
    assert wrong.returncode == 2 and "write it like 2026-12" in wrong.stderr
