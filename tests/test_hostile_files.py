"""Issue 13: hostile files and values, each through the real command line in its own process.

Every case must be refused: a non-zero exit, a plain message (the exact sentence, never a
trace), within 5 seconds of wall time and 300 MB of peak memory for the whole process, and the
office file unchanged byte for byte (for a JSON import, no file made at all). These are limits
on a refusal, with wide margins for a loaded two-core machine, not a benchmark.

The files come from tests/fixtures/hostile/make.py: the small ones are committed, the large ones
(a zip bomb, past the row limit) made here.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from microoffice.core.db.database import open_database
from microoffice.core.services.transfer import export_data

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
WALL_SECONDS = 5.0
PEAK_BYTES = 300 * 1024 * 1024
NOW = "2026-12-07T09:30"


def _maker() -> Any:
    spec = importlib.util.spec_from_file_location("hostile_make", HOSTILE / "make.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make = _maker()


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_bytes: int


# A small Python in between runs the command and reports its peak memory: measured from the
# test process itself, ru_maxrss would count the memory of pytest, which a child inherits
# until it execs.
LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
child.returncode = 0
with open(sys.argv[1], "w") as report:
    report.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def run_cli(*args: str, home: Path, timeout: float = 60.0) -> Run:
    """Run `python -m microoffice ARGS`; its wall time, and its own peak resident memory
    (wait4's ru_maxrss, in KB on Linux)."""
    env = dict(os.environ, MICROOFFICE_HOME=str(home), MICROOFFICE_NOW=NOW)
    env.pop("MICROOFFICE_DB", None)
    env.pop("MICROOFFICE_PASSWORD", None)
    with tempfile.TemporaryDirectory() as scratch:
        peak = Path(scratch) / "peak"
        command = [sys.executable, "-m", "microoffice", *args]
        started = time.monotonic()
        try:
            done = subprocess.run(
                [sys.executable, "-c", LAUNCHER, str(peak), *command],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                env=env,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise AssertionError(f"{args} still running after {timeout} s") from None
        seconds = time.monotonic() - started
        return Run(
            done.returncode,
            done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"),
            seconds,
            int(peak.read_text()) * 1024,
        )


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """An office with one client, Mrs Ann Smith, invoiced once (so she is a known payer)."""
    from datetime import date

    from microoffice.core.billing import issue
    from tests.core.billing import helpers as h

    path = tmp_path / "office.sqlite"
    database = open_database(str(path))
    with database.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)
        h.add_card(s, ann)
        h.add_visit(s, ann, date(2026, 11, 3), "09:00", "10:00")
        issue.issue_run(s, date(2026, 11, 1), date(2026, 11, 30), on=date(2026, 12, 1))
    database.close()
    return path


def refused(run: Run, message: str) -> None:
    """Refused plainly: exit 2 (a known problem), the exact sentence (a row's problems are
    listed on stdout, the refusal on stderr), and stderr is only the refusal."""
    assert run.code == 2, (run.code, run.err)
    assert message in run.out + run.err, run.out + run.err
    assert run.err.startswith("microoffice "), run.err
    assert run.seconds < WALL_SECONDS, f"took {run.seconds:.1f} s"
    assert run.peak_bytes < PEAK_BYTES, f"peak {run.peak_bytes / 2**20:.0f} MB"


DAMAGED = "could not be read as an Excel workbook (.xlsx): it is damaged"
ENTITIES = "holds XML entity declarations or external references"
SPREADSHEETS: list[tuple[str, str]] = [
    ("far_cell.xlsx", DAMAGED),
    ("wide_cell.xlsx", "has 16384 columns in row 2; microoffice reads at most 200"),
    ("broken_zip.xlsx", DAMAGED),
    ("broken_xml.xlsx", DAMAGED),
    ("billion_laughs.xlsx", ENTITIES),
    ("external_entity.xlsx", ENTITIES),
    ("zip_bomb.xlsx", "unpacks to more than 32 MB, far more than a list of people needs"),
    ("lying_sizes.xlsx", DAMAGED),
    ("many_rows.xlsx", "has more than 10,000 rows"),
    ("many_rows.csv", "has more than 10,000 rows"),
    ("headers_only.csv", "has column headings but no rows below them, so there is nobody"),
    ("zero_bytes.csv", "is not a text file microoffice can read"),
    (
        "control_character.csv",
        "Row 2, Last name (column 'Surname'): This has an invisible control character",
    ),
    (
        "implausible_dates.csv",
        "Row 2, Date of birth (column 'DOB'): A date of birth must be after 1900, not 01/01/1900",
    ),
    (
        "implausible_dates.csv",
        "Row 3, Start of service (column 'Start date'): 06/01/0027 is too long ago to be a date "
        "of a service or job starting or ending: dates from 01/01/1996 to 31/12/2028 are "
        "accepted",
    ),
]


def hostile_file(name: str, folder: Path) -> Path:
    return make.make(name, folder) if name in make.LARGE else HOSTILE / name


@pytest.mark.parametrize(("name", "message"), SPREADSHEETS)
def test_hostile_spreadsheet_is_refused_quickly_and_plainly(
    office: Path, tmp_path: Path, name: str, message: str
) -> None:
    path = hostile_file(name, tmp_path)
    before = office.read_bytes()
    run = run_cli("import-csv", "--clients", str(path), "--db", str(office), home=tmp_path / "h")
    refused(run, message)
    assert office.read_bytes() == before


def test_the_committed_files_are_what_the_maker_makes(tmp_path: Path) -> None:
    for name in make.SMALL:
        assert make.make(name, tmp_path).read_bytes() == (HOSTILE / name).read_bytes(), name


def test_excel_unicode_text_imports_clean_names(office: Path, tmp_path: Path) -> None:
    """UTF-16 LE with its mark, tab-separated: read as Windows-1252 before, every date was
    'not a date' and --skip-bad stored names with zero bytes in them."""
    run = run_cli(
        "import-csv",
        "--clients",
        str(HOSTILE / "unicode_text.txt"),
        "--db",
        str(office),
        home=tmp_path / "h",
    )
    assert run.code == 0, run.err
    assert "Imported 2 clients." in run.out
    with sqlite3.connect(office) as conn:
        found = set(
            conn.execute("SELECT first_name, last_name, date_of_birth FROM client WHERE id > 1")
        )
    assert found == {("Zoë", "Ferrández", "1938-04-03"), ("Łucja", "Nowak", "1945-09-17")}


def test_skip_bad_never_stores_a_control_character(office: Path, tmp_path: Path) -> None:
    source = tmp_path / "mixed.csv"
    source.write_text("First name,Surname\nBea,Jo\x07nes\nCal,Reid\n", encoding="utf-8")
    run = run_cli(
        "import-csv", "--clients", str(source), "--skip-bad", "--db", str(office), home=tmp_path
    )
    assert run.code == 0, run.err
    assert "Row 2, Last name (column 'Surname'): This has an invisible control" in run.out
    with sqlite3.connect(office) as conn:
        names = conn.execute("SELECT first_name, last_name FROM client ORDER BY id").fetchall()
    assert names == [("Ann", "Smith"), ("Cal", "Reid")]


# --- JSON import ------------------------------------------------------------------------------


def _export(office: Path) -> dict[str, Any]:
    database = open_database(str(office))
    try:
        return export_data(database)
    finally:
        database.close()


def _set(data: dict[str, Any], table: str, column: str, value: object, row: int = 0) -> None:
    section = data["tables"][table]
    section["rows"][row][section["columns"].index(column)] = value


def _double_client(data: dict[str, Any]) -> None:
    rows = data["tables"]["client"]["rows"]
    rows.append(list(rows[0]))


JSON_CASES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "atlantis",
        lambda d: _set(d, "client", "nation", "atlantis"),
        "Table client, row 1, column nation: expected one of england, wales, scotland, "
        'northern_ireland, found "atlantis"',
    ),
    (
        "duplicate-id",
        _double_client,
        "Table client: rows 1 and 2 both have id 1; each row needs its own",
    ),
    (
        "huge-id",
        lambda d: _set(d, "client", "id", 10**30),
        "Table client, row 1, column id: expected a whole number from 1 to 2147483647",
    ),
    (
        "wrong-type",
        lambda d: _set(d, "invoice", "total_pence", "lots"),
        'Table invoice, row 1, column total_pence: expected a whole number, found "lots"',
    ),
    (
        "birth-1900",
        lambda d: _set(d, "client", "date_of_birth", "1900-01-01"),
        "Table client, row 1: Date of birth: A date of birth must be after 1900",
    ),
    (
        "zero-byte",
        lambda d: _set(d, "client", "last_name", "Sm\x00ith"),
        "Table client, row 1, column last_name: expected text without control characters",
    ),
]


@pytest.mark.parametrize(("case", "mutate", "message"), JSON_CASES, ids=[c[0] for c in JSON_CASES])
def test_hostile_json_import_is_refused_and_writes_nothing(
    office: Path, tmp_path: Path, case: str, mutate: Callable[[dict[str, Any]], None], message: str
) -> None:
    data = _export(office)
    mutate(data)
    source = tmp_path / f"{case}.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "new.sqlite"
    run = run_cli("import", "--json", str(source), "--db", str(target), home=tmp_path / "h")
    refused(run, message)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("new")) == []


def test_json_nested_thousands_deep_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "deep.json"
    source.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    target = tmp_path / "new.sqlite"
    run = run_cli("import", "--json", str(source), "--db", str(target), home=tmp_path / "h")
    refused(run, "deep.json nests lists inside lists thousands deep")
    assert not target.exists()


# --- values typed on the command line ---------------------------------------------------------


def test_a_mistyped_payer_is_refused_with_the_nearest_name(office: Path, tmp_path: Path) -> None:
    before = office.read_bytes()
    run = run_cli(
        "payments",
        "add",
        "--amount",
        "20",
        "--date",
        "06/12/2026",
        "--payer",
        "Mrs Ann Smyth",
        "--db",
        str(office),
        home=tmp_path,
    )
    refused(
        run,
        "No invoice has been issued to 'Mrs Ann Smyth', so there is no such payer. "
        "Did you mean 'Mrs Ann Smith'?",
    )
    assert office.read_bytes() == before


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "06/01/0027",
            "06/01/0027 is too long ago to be a date: dates from 01/01/2019 to 31/12/2028 are "
            "accepted. Check the year.",
        ),
        (
            "01/01/1900",
            "01/01/1900 is too long ago to be a date: dates from 01/01/2019 to 31/12/2028",
        ),
    ],
)
def test_an_implausible_payment_date_is_refused(
    office: Path, tmp_path: Path, typed: str, message: str
) -> None:
    before = office.read_bytes()
    run = run_cli(
        "payments",
        "add",
        "--amount",
        "20",
        "--date",
        typed,
        "--payer",
        "Mrs Ann Smith",
        "--db",
        str(office),
        home=tmp_path,
    )
    # read by the command line's date reader before the office is opened (commands/readers.py)
    assert run.code == 2 and message.rstrip(".") in run.err
    assert office.read_bytes() == before
