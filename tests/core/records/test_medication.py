"""Medicines and the MAR: outcome codes, PRN limits, one entry per dose, blanks found."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from microoffice.core import clock
from microoffice.core.db.database import Database
from microoffice.core.errors import ConflictError, ValidationError
from microoffice.core.models.visits import ClientPause
from microoffice.core.records import medication as med
from microoffice.core.records.mar_slots import dose_slots, missing_doses
from tests.core.care_home import Home, london


def _add(db: Database, client: int, **kw: object) -> int:
    data = med.MedicineData(
        name=str(kw.pop("name", "Amlodipine")),
        strength="5 mg",
        dose="1 tablet",
        times=list(kw.pop("times", ["08:00", "18:00"])),  # type: ignore[call-overload]
        start_date=date(2026, 12, 1),
        **kw,  # type: ignore[arg-type]
    )
    with db.session() as s:
        return med.add_medicine(s, client, data).id


def test_medicine_needs_dose_times_or_prn_limits(db: Database, home: Home) -> None:
    client = home.client()
    with db.session() as s, pytest.raises(ValidationError) as exc:
        med.add_medicine(
            s, client, med.MedicineData(name="Paracetamol", times=["25:00"], route="mouth")
        )
    assert set(exc.value.errors) == {"dose", "times", "route", "start_date"}
    assert exc.value.errors["times"] == "'25:00' is not a time; type it like 08:30"
    with db.session() as s, pytest.raises(ValidationError) as exc:
        med.add_medicine(
            s,
            client,
            med.MedicineData(name="Paracetamol", dose="1", prn=True, start_date=date(2026, 1, 1)),
        )
    assert set(exc.value.errors) == {"prn_max_doses_24h", "prn_min_interval_minutes"}


def test_refused_dose_needs_a_reason_and_each_dose_is_recorded_once(
    db: Database, home: Home
) -> None:
    client = home.client()
    mid = _add(db, client)
    dose = med.DoseData(medicine_id=mid, outcome="refused", scheduled_at=london(2026, 12, 7, 8))
    with db.session() as s, pytest.raises(ValidationError) as exc:
        med.record_dose(s, dose)
    assert "Refused" in exc.value.errors["reason"]
    dose.reason = "Felt sick; GP informed"
    with db.session() as s:
        med.record_dose(s, dose)
    with db.session() as s, pytest.raises(ConflictError, match="already recorded"):
        med.record_dose(
            s,
            med.DoseData(medicine_id=mid, outcome="given", scheduled_at=london(2026, 12, 7, 8)),
        )
    with db.session() as s, pytest.raises(ValidationError, match="not due"):
        med.record_dose(
            s,
            med.DoseData(medicine_id=mid, outcome="given", scheduled_at=london(2026, 12, 7, 9)),
        )


def test_prn_maximum_in_24_hours_and_minimum_interval(db: Database, home: Home) -> None:
    client = home.client()
    mid = _add(
        db,
        client,
        name="Paracetamol",
        times=[],
        prn=True,
        prn_max_doses_24h=2,
        prn_min_interval_minutes=240,
    )
    clock.freeze(datetime(2026, 12, 7, 22, 0))
    first = med.DoseData(
        medicine_id=mid, outcome="given", given_at=london(2026, 12, 7, 8), reason="Knee pain"
    )
    with db.session() as s:
        med.record_dose(s, first)
    with db.session() as s, pytest.raises(ValidationError) as exc:
        med.record_dose(
            s,
            med.DoseData(
                medicine_id=mid,
                outcome="given",
                given_at=london(2026, 12, 7, 11),
                reason="Still sore",
            ),
        )
    assert exc.value.errors["given_at"] == (
        "Paracetamol was last given at 08:00; the next dose cannot be given before 12:00."
    )
    with db.session() as s, pytest.raises(ValidationError) as exc:
        med.record_dose(
            s,
            med.DoseData(medicine_id=mid, outcome="given", given_at=london(2026, 12, 7, 13)),
        )
    assert "why the PRN dose" in exc.value.errors["reason"]
    with db.session() as s:
        med.record_dose(
            s,
            med.DoseData(
                medicine_id=mid,
                outcome="given",
                given_at=london(2026, 12, 7, 13),
                reason="Still sore",
            ),
        )
    with db.session() as s, pytest.raises(ValidationError, match="maximum of 2 doses in 24 hours"):
        med.record_dose(
            s,
            med.DoseData(
                medicine_id=mid, outcome="given", given_at=london(2026, 12, 7, 21), reason="Pain"
            ),
        )
    with db.session() as s:  # declining a PRN dose is always allowed
        entry = med.record_dose(
            s,
            med.DoseData(medicine_id=mid, outcome="not_required", given_at=london(2026, 12, 7, 21)),
        )
        assert entry.dose_given == ""


def test_blank_doses_are_found_and_paused_days_skipped(db: Database, home: Home) -> None:
    client = home.client()
    mid = _add(db, client)  # 08:00 and 18:00 from 1 December
    with db.session() as s:
        s.add(
            ClientPause(
                client_id=client,
                start_date=date(2026, 12, 3),
                end_date=date(2026, 12, 5),
                reason="hospital",
            )
        )
        for day in (1, 2, 6):
            for hour in (8, 18):
                med.record_dose(
                    s,
                    med.DoseData(
                        medicine_id=mid,
                        outcome="prompted",
                        scheduled_at=london(2026, 12, day, hour),
                    ),
                )
    with db.session() as s:
        missing = missing_doses(s, date(2026, 12, 1), date(2026, 12, 7))
        # 3-5 December paused; the 08:00 dose today is due (it is 09:30); 18:00 today is not yet
        assert [clock.to_local(m.scheduled_at).strftime("%d %H:%M") for m in missing] == [
            "07 08:00"
        ]
        slots = dose_slots(s, date(2026, 12, 1), date(2026, 12, 7), client_id=client)
        assert len(slots) == 2 * 4  # 1, 2, 6 and 7 December


def test_dose_cannot_be_recorded_for_a_stopped_medicine(db: Database, home: Home) -> None:
    client = home.client()
    mid = _add(db, client)
    with db.session() as s:
        med.stop_medicine(s, mid, date(2026, 12, 5), "GP letter 04/12: stop")
    with db.session() as s, pytest.raises(ValidationError, match="was not prescribed"):
        med.record_dose(
            s,
            med.DoseData(medicine_id=mid, outcome="given", scheduled_at=london(2026, 12, 7, 8)),
        )
    with db.session() as s:
        assert med.client_medicines(s, client, date(2026, 12, 7)) == []
        assert (
            "Stopped 05/12/2026: GP letter 04/12: stop" in med.client_medicines(s, client)[0].notes
        )


def test_changing_the_dose_after_use_means_a_new_prescription(db: Database, home: Home) -> None:
    client = home.client()
    mid = _add(db, client)
    with db.session() as s:
        med.record_dose(
            s,
            med.DoseData(medicine_id=mid, outcome="given", scheduled_at=london(2026, 12, 7, 8)),
        )
    changed = med.MedicineData(
        name="Amlodipine",
        strength="10 mg",
        dose="1 tablet",
        times=["08:00", "18:00"],
        start_date=date(2026, 12, 1),
    )
    with db.session() as s, pytest.raises(ValidationError, match="stop it and add the new"):
        med.update_medicine(s, mid, changed)
    changed.strength = "5 mg"
    changed.prescriber = "Dr Shah, Shirley Medical Centre"
    with db.session() as s:
        assert med.update_medicine(s, mid, changed).prescriber == "Dr Shah, Shirley Medical Centre"


def test_codes_come_from_reference_data() -> None:
    codes = med.mar_codes()
    assert codes["refused"].letter == "R" and codes["refused"].needs_reason
    assert codes["given"].taken and not codes["asleep"].taken
