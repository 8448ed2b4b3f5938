"""Importing a 1,000-row client spreadsheet (CSV) against csv + plain SQL (issue 7, point 3).

Timed in this process on a fresh copy of an empty database each run: read the file, guess the
columns, check every row the way the client form does, write them all with their audit trail,
commit. The floor, in the same run: the csv module reads the same file and one executemany
INSERT writes the same rows into the client table of another fresh copy with the app's own
pragmas (WAL, foreign keys, synchronous=FULL), then commits. Neither side opens the file inside
the timing.
"""

from __future__ import annotations

import csv
import random
import shutil
import sqlite3
import time
from pathlib import Path

from bench.core import Context, Result, measurement, median

ROWS = 1_000
TARGET, AIM = 5.0, 3.0
HEADERS = [
    "Title",
    "First name",
    "Surname",
    "DOB",
    "NHS No",
    "Address",
    "Town",
    "Post code",
    "Telephone",
    "Email",
    "GP",
    "Notes",
]
FIRST = ["Mary", "John", "Patricia", "Robert", "Jean", "David", "Margaret", "Peter", "Joan", "Alan"]
LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts"]
STREETS = ["High Street", "Church Road", "Station Road", "Park Avenue", "Mill Lane", "The Green"]
POSTCODES = ["B15 2TT", "B13 9PL", "B91 3QB", "B17 8DJ", "B30 2AA", "B14 7QH", "B29 6BD"]


def nhs_number(rng: random.Random) -> str:
    """A valid NHS number (modulus-11 check digit), as a person types it: 943 476 5919."""
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            text = "".join(map(str, digits)) + str(check)
            return f"{text[:3]} {text[3:6]} {text[6:]}"


def write_csv(path: Path, rows: int = ROWS, seed: int = 7) -> None:
    """A client list as a sole trader might keep it: every row unique and valid."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADERS)
        for i in range(rows):
            first, last = rng.choice(FIRST), f"{rng.choice(LAST)}-{i}"
            out.writerow(
                [
                    rng.choice(["Mrs", "Mr", "Ms", "Miss", ""]),
                    first,
                    last,
                    f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1925, 1960)}",
                    nhs_number(rng),
                    f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
                    "Birmingham",
                    rng.choice(POSTCODES),
                    f"0121 496 {rng.randint(0, 9999):04d}",
                    f"{first.lower()}.{i}@example.com",
                    "Moseley Medical Centre",
                    "Key safe by the back door" if i % 3 == 0 else "",
                ]
            )


def _template(ctx: Context) -> Path:
    from microoffice.core.db.database import open_database

    path = ctx.out / "csv_import_base.sqlite"
    if not ctx._fresh(path):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        open_database(str(path)).close()
    return path


def _fresh_copy(template: Path, work: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, work)


def import_once(template: Path, work: Path, source: Path) -> tuple[float, int]:
    """(seconds, clients written) for read + map + check + write + commit through the app."""
    from microoffice.core.db.database import open_database
    from microoffice.core.importing import guess_mapping, import_sheet, read_sheet

    _fresh_copy(template, work)
    db = open_database(str(work))
    try:
        started = time.perf_counter()
        sheet = read_sheet(source)
        mapping = guess_mapping(sheet.headers, "clients")
        with db.session(actor="bench") as s:
            result = import_sheet(s, sheet, mapping, "clients")
        elapsed = time.perf_counter() - started
    finally:
        db.close()
    return elapsed, result.imported


INSERT = (
    "INSERT INTO client (title, first_name, last_name, date_of_birth, nhs_number, address_line1, "
    "town, postcode, phone, email, gp_practice, notes, preferred_name, address_line2, nation, "
    "communication_needs, access_notes, end_reason, created_at, updated_at, version) VALUES "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', 'england', '', '', '', ?, ?, 1)"
)


def plain_once(template: Path, work: Path, source: Path) -> tuple[float, int]:
    """(seconds, rows written) for the csv module and one executemany INSERT, then commit."""
    _fresh_copy(template, work)
    conn = sqlite3.connect(work)
    try:
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL"):
            conn.execute(f"PRAGMA {pragma}")
        started = time.perf_counter()
        stamp = "2026-11-22 09:00:00.000000"
        with source.open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            next(reader)
            rows = []
            for r in reader:
                day, month, year = r[3].split("/")
                rows.append(
                    (*r[:3], f"{year}-{month}-{day}", r[4].replace(" ", ""), *r[5:], stamp, stamp)
                )
        conn.executemany(INSERT, rows)
        conn.commit()
        elapsed = time.perf_counter() - started
        count = conn.execute("SELECT count(*) FROM client").fetchone()[0]
    finally:
        conn.close()
    return elapsed, int(count)


@measurement("csv_import", order=60)
def csv_import(ctx: Context) -> list[Result]:
    """1,000-row client CSV: read, map, check and import, against csv + plain SQL INSERT."""
    source = ctx.out / "clients-1000.csv"
    write_csv(source)
    template = _template(ctx)
    work, plain_work = ctx.out / "csv_import.sqlite", ctx.out / "csv_import_plain.sqlite"
    import_once(template, work, source)  # warm-up: imports, statement caches
    plain_once(template, plain_work, source)
    app_s: list[float] = []
    plain_s: list[float] = []
    for _ in range(ctx.runs):
        elapsed, written = import_once(template, work, source)
        if written != ROWS:
            raise RuntimeError(f"the import wrote {written} clients, not {ROWS}")
        app_s.append(elapsed)
        elapsed, written = plain_once(template, plain_work, source)
        if written != ROWS:
            raise RuntimeError(f"the plain insert wrote {written} rows, not {ROWS}")
        plain_s.append(elapsed)
    ratio = median(app_s) / median(plain_s)
    return [
        Result(
            f"CSV import, {ROWS:,} clients vs csv + plain SQL",
            ratio,
            "x",
            TARGET,
            AIM,
            f"{median(app_s) * 1000:.0f} ms vs {median(plain_s) * 1000:.0f} ms; median of "
            f"{ctx.runs}",
            {"import": app_s, "plain": plain_s},
        )
    ]
