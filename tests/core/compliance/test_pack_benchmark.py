"""Acceptance 6: the 12-month evidence pack on the large demo (with a year of care records) takes
at most 10 seconds. The same figure is tracked by `python -m bench --only evidence_pack`."""

from __future__ import annotations

import io
import time
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from microoffice.core.db.database import open_database
from microoffice.core.demo import build_demo
from microoffice.core.records.sample import add_sample_records
from microoffice.core.reports import evidence_pack
from microoffice.core.services.integrity import check_database


@pytest.mark.slow
def test_twelve_month_pack_on_the_large_demo(tmp_path: Path) -> None:
    path = tmp_path / "large.sqlite"
    build_demo(str(path), scale="large", force=True)
    database = open_database(str(path), create=False)
    try:
        added = add_sample_records(database)
        assert added["mar_entries"] > 10_000 and added["daily_notes"] > 5_000
        started = time.perf_counter()
        with database.session() as s:
            data = evidence_pack.collect(s, date(2025, 12, 7), date(2026, 12, 6))
        buf = io.BytesIO()
        evidence_pack.render(data, buf)
        elapsed = time.perf_counter() - started
    finally:
        database.close()
    assert elapsed <= 10.0, f"12-month evidence pack took {elapsed:.1f} s"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(buf.getvalue())).pages)
    assert "staff with expired moving and handling training" in " ".join(text.split())


@pytest.mark.slow
def test_sample_records_on_the_small_demo_pass_the_integrity_check(tmp_path: Path) -> None:
    """The bulk-loaded MAR entries and notes carry audit rows exactly like ORM inserts."""
    path = tmp_path / "small.sqlite"
    build_demo(str(path), scale="small", force=True)
    database = open_database(str(path), create=False)
    try:
        added = add_sample_records(database)
        assert added["mar_entries"] > 500
        assert check_database(database) == []
    finally:
        database.close()
