"""Acceptance 4: the evidence pack read back with pypdf has all 5 key questions and all 34 quality
statements and lists the planted gaps; a filled and a blank MAR chart; the subject-access record."""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime

from pypdf import PdfReader

from microoffice.core import clock
from microoffice.core.compliance import statements, training
from microoffice.core.db.database import Database
from microoffice.core.records import medication as med
from microoffice.core.records import notes
from microoffice.core.reports import client_record, evidence_pack, mar_chart
from tests.core.care_home import Home, london
from tests.core.compliance.test_dashboard import _plant


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_evidence_pack_has_every_statement_and_the_planted_gaps(db: Database, home: Home) -> None:
    _plant(db, home)  # expired DBS, expired M&H (Sam), overdue care plan, unanswered complaint
    kim = home.staff("Kim", "Lowe")
    with db.session() as s:
        training.record_training(
            s, kim, training.find_course(s, "Moving and handling").id, date(2025, 10, 2)
        )
        data = evidence_pack.collect(s, date(2025, 12, 8), date(2026, 12, 7))
    buf = io.BytesIO()
    evidence_pack.render(data, buf)
    text = _text(buf.getvalue())
    for kq in ("Safe", "Effective", "Caring", "Responsive", "Well-led"):
        assert kq in text
    for st in statements.statements():
        assert f"{st.id} {st.name}" in text, st.id
    assert "2 staff with expired moving and handling training" in text
    assert "1 member of staff with an overdue DBS recheck" in text
    assert "1 care plan review overdue" in text
    assert "1 complaint response overdue" in text
    assert any(sid == "S6" for sid, _ in data.gaps)  # also available as data for screens
    # the index gives each statement's page: S1 is on the first page of the Safe section
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    safe_page = next(
        i
        for i, p in enumerate(reader.pages)
        if "S1 Learning culture Safety events" in re.sub(r"\s+", " ", p.extract_text())
    )
    assert re.search(rf"S1 Learning culture 0 to look at {safe_page + 1}\b", text)


def _medicated_client(db: Database, home: Home) -> int:
    client = home.client("Edna", "Price", date_of_birth=date(1938, 4, 2), nhs_number="943 476 5919")
    carer = home.staff("Jo", "Carter")
    clock.freeze(datetime(2026, 12, 3, 20, 0))
    with db.session() as s:
        mid = med.add_medicine(
            s,
            client,
            med.MedicineData(
                name="Metformin",
                strength="500 mg",
                dose="1 tablet",
                times=["08:00", "18:00"],
                start_date=date(2026, 12, 1),
            ),
        ).id
        prn = med.add_medicine(
            s,
            client,
            med.MedicineData(
                name="Paracetamol",
                strength="500 mg",
                dose="2 tablets",
                prn=True,
                prn_max_doses_24h=4,
                prn_min_interval_minutes=240,
                start_date=date(2026, 11, 1),
            ),
        ).id
        for day in (1, 2, 3):
            for hour in (8, 18):
                if (day, hour) == (2, 18):
                    continue  # a blank, due and never recorded
                outcome, reason = (
                    ("refused", "Felt sick") if (day, hour) == (3, 8) else ("given", "")
                )
                med.record_dose(
                    s,
                    med.DoseData(
                        medicine_id=mid,
                        outcome=outcome,
                        reason=reason,
                        scheduled_at=london(2026, 12, day, hour),
                        staff_id=carer,
                    ),
                )
        med.record_dose(
            s,
            med.DoseData(
                medicine_id=prn,
                outcome="given",
                given_at=london(2026, 12, 2, 14),
                reason="Headache",
                staff_id=carer,
            ),
        )
    return client


def test_filled_mar_chart(db: Database, home: Home) -> None:
    client = _medicated_client(db, home)
    with db.session() as s:
        data = mar_chart.collect(s, client, date(2026, 12, 1))
    assert [r.time for r in data.rows] == ["08:00", "18:00"]
    morning, evening = data.rows
    assert morning.cells[:3] == ("G\nJC", "G\nJC", "R\nJC")
    assert evening.states[:4] == ("taken", "missing", "taken", "open")
    buf = io.BytesIO()
    mar_chart.render(data, buf)
    text = _text(buf.getvalue())
    assert "MAR chart: Edna Price — December 2026" in text
    assert "943 476 5919" in text and "02/04/1938" in text
    assert "Allergies: NOT RECORDED" in text
    assert "Metformin 500 mg" in text and "Paracetamol 500 mg" in text
    assert "Headache" in text and "Felt sick" in text
    assert "R Refused" in text and "G Given (administered by carer)" in text


def test_blank_mar_chart_has_the_medicines_but_no_entries(db: Database, home: Home) -> None:
    client = _medicated_client(db, home)
    with db.session() as s:
        data = mar_chart.collect(s, client, date(2027, 1, 1), blank=True)
    assert all(cell == "" for row in data.rows for cell in row.cells)
    assert data.prn_lines == ()
    buf = io.BytesIO()
    mar_chart.render(data, buf)
    text = _text(buf.getvalue())
    assert "January 2027" in text and "Metformin" in text
    assert "JC" not in text and "Headache" not in text
    assert "Never leave a due dose blank" in text


def test_subject_access_record_keeps_originals_and_corrections(db: Database, home: Home) -> None:
    client = home.client("Edna", "Price")
    with db.session() as s:
        note = notes.write_note(s, notes.NoteData(client_id=client, text="Ate all her lunch."))
        notes.amend_note(s, note.id, "Ate half her lunch.", "Misread the plate")
        data = client_record.collect(s, client)
    payload = json.loads(client_record.to_json(data))
    section = next(x for x in payload["sections"] if x["title"].startswith("Daily notes"))
    texts = [r["Note"] for r in section["records"]]
    assert texts[0].startswith("Ate all her lunch.") and "later amended" in texts[0]
    assert texts[1].startswith("Ate half her lunch.") and "Misread the plate" in texts[1]
    assert payload["person"]["Name"] == "Edna Price"
    buf = io.BytesIO()
    client_record.render(data, buf)
    text = _text(buf.getvalue())
    assert "Records held about Edna Price" in text and "Misread the plate" in text
