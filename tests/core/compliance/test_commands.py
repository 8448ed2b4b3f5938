"""The headless commands: microoffice pack, mar, due and record, run like a user would."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from microoffice.cli import main
from microoffice.core.db.database import Database
from microoffice.core.records import medication as med
from tests.core.care_home import Home, london
from tests.core.compliance.test_dashboard import _plant


@pytest.fixture
def planted(db: Database, home: Home) -> Database:
    _plant(db, home)
    client = home.client("Fred", "Hill")
    with db.session() as s:
        mid = med.add_medicine(
            s,
            client,
            med.MedicineData(
                name="Amlodipine",
                strength="5 mg",
                dose="1 tablet",
                times=["08:00"],
                start_date=date(2026, 12, 1),
            ),
        ).id
        med.record_dose(
            s,
            med.DoseData(medicine_id=mid, outcome="given", scheduled_at=london(2026, 12, 1, 8)),
        )
    return db


def test_due_prints_the_dashboard(planted: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "--db", planted.target]) == 0
    out = capsys.readouterr().out
    assert "SAFE  [RED]" in out
    assert "DBS recheck overdue: Sam Stale" in out
    assert "Complaint response overdue: Mark Price" in out
    assert main(["due", "--red", "--db", planted.target]) == 0
    assert "AMBER" not in capsys.readouterr().out.replace("[AMBER]", "")


def test_pack_writes_the_pdf_and_lists_gaps(
    planted: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "pack.pdf"
    assert (
        main(
            [
                "pack",
                "--from",
                "01/12/2025",
                "--to",
                "2026-11-30",
                "--pdf",
                str(pdf),
                "--db",
                planted.target,
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "S6: 1 member of staff with expired moving and handling training" in out
    assert (
        main(
            [
                "pack",
                "--from",
                "2026-12-01",
                "--to",
                "2026-11-01",
                "--pdf",
                str(pdf),
                "--db",
                planted.target,
            ]
        )
        == 2
    )
    assert "--to is before --from" in capsys.readouterr().err


def test_mar_filled_and_blank(
    planted: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "mar.pdf"
    assert (
        main(
            [
                "mar",
                "--client",
                "Fred Hill",
                "--month",
                "2026-12",
                "--pdf",
                str(pdf),
                "--db",
                planted.target,
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    # 1 Dec given; 2-7 Dec due at 08:00 and blank (it is 09:30 on the 7th)
    assert "6 due dose(s) have no outcome recorded" in out
    assert (
        main(
            [
                "mar",
                "--client",
                "Fred Hill",
                "--month",
                "2026-12",
                "--blank",
                "--pdf",
                str(pdf),
                "--db",
                planted.target,
            ]
        )
        == 0
    )
    assert "Blank MAR chart for Fred Hill, December 2026" in capsys.readouterr().out
    assert (
        main(
            [
                "mar",
                "--client",
                "Nobody",
                "--month",
                "2026-12",
                "--pdf",
                str(pdf),
                "--db",
                planted.target,
            ]
        )
        == 2
    )
    assert (
        main(
            [
                "mar",
                "--client",
                "Fred Hill",
                "--month",
                "December",
                "--pdf",
                str(pdf),
                "--db",
                planted.target,
            ]
        )
        == 2
    )
    assert "write it like 2026-12" in capsys.readouterr().err


def test_record_writes_pdf_and_json(planted: Database, tmp_path: Path) -> None:
    pdf, js = tmp_path / "r.pdf", tmp_path / "r.json"
    assert (
        main(
            [
                "record",
                "--client",
                "Fred Hill",
                "--pdf",
                str(pdf),
                "--json",
                str(js),
                "--db",
                planted.target,
            ]
        )
        == 0
    )
    payload = json.loads(js.read_text(encoding="utf-8"))
    mar = next(x for x in payload["sections"] if x["title"] == "Medicines administration record")
    assert [r["Outcome"] for r in mar["records"]] == ["Given (administered by carer)"]
    assert pdf.read_bytes().startswith(b"%PDF")
