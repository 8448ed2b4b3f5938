"""The benchmark harness works end to end on small inputs (the real figures come from
`python -m bench`; these only check that the harness measures and reports correctly)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bench.core import BENCH_DIR, Context, Result, discover
from bench.m_clients_list import open_and_scroll_ms
from bench.report import table, write_json
from microoffice.core.db.database import open_database
from microoffice.core.demo.synthetic import build_synthetic_clients
from microoffice.core.models import Client
from microoffice.core.readers.identifiers import read_nhs_number, read_postcode
from microoffice.core.services import clients


def test_every_measurement_module_registers_itself() -> None:
    names = [m.name for m in discover()]
    assert names[:2] == ["startup", "clients_list"]  # ordered by their `order`


def test_targets_are_ceilings_and_the_table_says_so(tmp_path: Path) -> None:
    ok = Result("start-up to first paint", 1.25, "x", 1.5, 1.2, "0.250 s vs 0.200 s")
    slow = Result("clients list", 140.0, "ms", 100.0, 50.0)
    info = Result("raw figure", 3.0, "ms")
    assert (ok.status, slow.status, info.status) == ("PASS", "FAIL", "INFO")
    assert Result("edge", 1.5, "x", 1.5).status == "PASS"
    text = table([ok, slow, info], {"broken": "RuntimeError: boom"})
    lines = text.splitlines()
    assert lines[2].split() == [
        "start-up",
        "to",
        "first",
        "paint",
        "1.25x",
        "1.50x",
        "1.20x",
        "PASS",
    ]
    assert lines[3].split() == ["clients", "list", "140.0", "ms", "100.0", "ms", "50.0", "ms",
                                "FAIL"]  # fmt: skip
    assert lines[4].split() == ["raw", "figure", "3.0", "ms", "-", "-", "INFO"]
    assert lines[5].split() == ["broken", "-", "-", "-", "ERROR"]
    assert "broken: RuntimeError: boom" in text and "0.250 s vs 0.200 s" in text
    written = write_json(tmp_path, [ok, slow], {}, runs=5)
    record = json.loads((tmp_path / "latest.json").read_text())
    assert json.loads(written.read_text()) == record
    assert [(r["name"], r["status"]) for r in record["results"]] == [
        ("start-up to first paint", "PASS"),
        ("clients list", "FAIL"),
    ]
    assert record["runs"] == 5 and record["machine"]["cpus"] == os.cpu_count()


def test_bare_window_paints_and_exits() -> None:
    """The floor quits on its first paint: a window that never paints would wait for ever, so
    the time limit is the failure (how long it takes is bench/'s business, as a ratio)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    try:
        done = subprocess.run(
            [sys.executable, str(BENCH_DIR / "bare_window.py")],
            env=env,
            timeout=60,
            check=False,
            capture_output=True,
            text=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the bare window did not paint (and so did not quit) within 60 s")
    assert done.returncode == 0, done.stderr


def test_process_timing_refuses_a_failing_command(tmp_path: Path) -> None:
    ctx = Context(out=tmp_path, runs=5)
    assert ctx.time_process([sys.executable, "-c", "pass"]) > 0
    with pytest.raises(RuntimeError, match="exited 3"):
        ctx.time_process([sys.executable, "-c", "import sys; sys.exit(3)"])


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_clients_list_measurement_scrolls_to_the_last_row(tmp_path: Path, qapp: object) -> None:
    path = build_synthetic_clients(str(tmp_path / "few.sqlite"), 300)
    database = open_database(str(path), create=False)
    try:
        with database.session() as s:
            rows = clients.list_clients(s)
        assert len(rows) == 300 and len({r.id for r in rows}) == 300
        assert all(r.postcode == read_postcode(r.postcode) and r.funding for r in rows)
        with database.session() as s:
            numbers = list(s.scalars(select(Client.nhs_number)))
        assert all(read_nhs_number(n) == n for n in numbers)
        from microoffice.ui.app.bus import Bus
        from microoffice.ui.app.runner import Ops

        elapsed, shown = open_and_scroll_ms(qapp, Ops(database, Bus()))
    finally:
        database.close()
    assert shown == 300 and 0 < elapsed < 10_000


def test_the_invoice_floor_draws_each_invoice_in_a_document_of_its_own() -> None:
    from bench.m_invoice_run import raw_reportlab

    line = ["01/10/2026", "Thu", "08:00-08:45", "08:02-08:47", "45", "1", "£25.50/h", "", "£19.13"]
    seconds, pages = raw_reportlab([[line]] * 5)
    assert seconds > 0 and pages == 5  # five one-line invoices: five documents of one page
    _, long_pages = raw_reportlab([[line] * 150])
    assert long_pages > 1  # the lines are really drawn: 150 of them do not fit on one page


def test_cold_expansion_starts_from_empty_caches(tmp_path: Path) -> None:
    from datetime import date, time

    from bench.m_scheduling import clear_app_caches
    from microoffice.core.scheduling import merge, recurrence

    database = open_database(str(tmp_path / "office.sqlite"))
    try:
        merge.to_utc(date(2026, 3, 29), time(8, 0))
        recurrence._fast("FREQ=WEEKLY;BYDAY=MO", date(2026, 1, 5))
        assert merge.to_utc.cache_info().currsize and recurrence._fast.cache_info().currsize
        assert clear_app_caches(database) >= 3
        assert merge.to_utc.cache_info().currsize == 0
        assert recurrence._fast.cache_info().currsize == 0
    finally:
        database.close()
