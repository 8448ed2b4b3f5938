"""Each client's medicines and the administration record (MAR) per dose (NICE NG67; DOMAIN.md 7.3).

Every scheduled dose needs an outcome code; a blank is an audit failure, so missing outcomes are
listed for the dashboard. PRN doses record why they were given and respect the maximum in 24 hours
and the minimum interval. MAR entries are append-only: a correction is a new entry pointing back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import ConflictError, NotFoundError, ValidationError
from microoffice.core.models.records import MarEntry, Medicine
from microoffice.core.people.guard import needs, row_of
from microoffice.core.people.rights import Right
from microoffice.core.people.signing import sign_care
from microoffice.core.readers.times import parse_time
from microoffice.core.records.rules import load_reference
from microoffice.core.services.clients import check_version, get_client
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date

ROUTES = {
    "oral": "By mouth",
    "topical": "Applied to skin",
    "transdermal": "Patch",
    "inhaled": "Inhaled",
    "eye": "Eye",
    "ear": "Ear",
    "nasal": "Nose",
    "rectal": "Rectal",
    "subcutaneous": "Injection under the skin",
    "other": "Other",
}
SUPPORT_LEVELS = {
    "prompt": "Prompt (reminder only)",
    "assist": "Assist (e.g. open packs)",
    "administer": "Administer",
}


@dataclass(frozen=True)
class MarCode:
    code: str
    letter: str
    label: str
    taken: bool
    needs_reason: bool


def mar_codes() -> dict[str, MarCode]:
    data = load_reference("mar_codes.json")
    return {
        c["code"]: MarCode(c["code"], c["letter"], c["label"], c["taken"], c["needs_reason"])
        for c in data["codes"]
    }


@dataclass
class MedicineData:
    name: str = ""
    strength: str = ""
    dose: str = ""
    route: str = "oral"
    times: list[str] = field(default_factory=list)
    prn: bool = False
    prn_max_doses_24h: int | None = None
    prn_min_interval_minutes: int | None = None
    start_date: date | None = None
    stop_date: date | None = None
    prescriber: str = ""
    notes: str = ""
    support_level: str = "administer"
    time_critical: bool = False


def _validate_medicine(data: MedicineData) -> list[str]:
    c = Checker()
    c.required("name", data.name, "The medicine's name")
    c.required("dose", data.dose, "The dose (e.g. 1 tablet, 5 ml)")
    if data.route not in ROUTES:
        c.fail("route", "Choose a route: " + ", ".join(ROUTES.values()))
    if data.support_level not in SUPPORT_LEVELS:
        c.fail("support_level", "The support level is prompt, assist or administer")
    times: list[str] = []
    for raw in data.times:
        parsed = c.check("times", parse_time, raw)
        if parsed is not None:
            times.append(parsed.strftime("%H:%M"))
    if len(set(times)) != len(times):
        c.fail("times", "The same time is listed twice")
    if data.prn:
        if not data.prn_max_doses_24h or data.prn_max_doses_24h < 1:
            c.fail(
                "prn_max_doses_24h", "A PRN medicine needs the maximum number of doses in 24 hours"
            )
        if data.prn_min_interval_minutes is None or data.prn_min_interval_minutes < 0:
            c.fail(
                "prn_min_interval_minutes", "A PRN medicine needs the minimum time between doses"
            )
    elif not times:
        c.fail("times", "Give the times the medicine is due, or mark it as PRN (when required)")
    if data.start_date is None:
        c.fail("start_date", "Enter the date the medicine was started")
    c.order("stop_date", data.start_date, data.stop_date, "The stop date is before the start date")
    c.done()
    return sorted(times)


@needs(Right.CARE_PLANS)
def add_medicine(session: Session, client_id: int, data: MedicineData) -> Medicine:
    get_client(session, client_id)
    times = _validate_medicine(data)
    medicine = Medicine(
        client_id=client_id,
        name=" ".join(data.name.split()),
        strength=data.strength.strip(),
        dose=data.dose.strip(),
        route=data.route,
        times=times,
        prn=data.prn,
        prn_max_doses_24h=data.prn_max_doses_24h if data.prn else None,
        prn_min_interval_minutes=data.prn_min_interval_minutes if data.prn else None,
        start_date=data.start_date,
        stop_date=data.stop_date,
        prescriber=data.prescriber.strip(),
        notes=data.notes.strip(),
        support_level=data.support_level,
        time_critical=data.time_critical,
    )
    session.add(medicine)
    session.flush()
    return medicine


@needs(Right.SEE_CARE, client=row_of("medicine", "medicine_id"))
def get_medicine(session: Session, medicine_id: int) -> Medicine:
    medicine = session.get(Medicine, medicine_id)
    if medicine is None:
        raise NotFoundError(f"There is no medicine {medicine_id}.")
    return medicine


CLINICAL_FIELDS = ("name", "strength", "dose", "route", "times", "prn")


@needs(Right.CARE_PLANS)
def update_medicine(
    session: Session, medicine_id: int, data: MedicineData, expected_version: int | None = None
) -> Medicine:
    """Correct a medicine's details. Once doses are recorded against it, a change of dose or
    times is a new medicine (stop this one), so the MAR shows what was prescribed when."""
    medicine = get_medicine(session, medicine_id)
    check_version(medicine, expected_version)
    times = _validate_medicine(data)
    proposed = {
        "name": " ".join(data.name.split()),
        "strength": data.strength.strip(),
        "dose": data.dose.strip(),
        "route": data.route,
        "times": times,
        "prn": data.prn,
    }
    used = session.scalar(select(MarEntry.id).where(MarEntry.medicine_id == medicine_id).limit(1))
    changed = [k for k in CLINICAL_FIELDS if getattr(medicine, k) != proposed[k]]
    if used is not None and changed:
        raise ValidationError(
            {
                changed[0]: "Doses have been recorded for this medicine: stop it and add the new "
                "prescription, so the MAR chart shows both"
            }
        )
    for key, value in proposed.items():
        setattr(medicine, key, value)
    medicine.prn_max_doses_24h = data.prn_max_doses_24h if data.prn else None
    medicine.prn_min_interval_minutes = data.prn_min_interval_minutes if data.prn else None
    medicine.start_date = data.start_date
    medicine.stop_date = data.stop_date
    medicine.prescriber = data.prescriber.strip()
    medicine.notes = data.notes.strip()
    medicine.support_level = data.support_level
    medicine.time_critical = data.time_critical
    session.flush()
    return medicine


@needs(Right.CARE_PLANS)
def stop_medicine(session: Session, medicine_id: int, on: date, reason: str) -> Medicine:
    medicine = get_medicine(session, medicine_id)
    c = Checker()
    why = c.required("reason", reason, "Why the medicine was stopped (e.g. GP letter of 01/12)")
    if medicine.start_date and on < medicine.start_date:
        c.fail("stop_date", "The stop date is before the medicine was started")
    c.done()
    medicine.stop_date = on
    medicine.notes = (
        medicine.notes + "\n" if medicine.notes else ""
    ) + f"Stopped {format_date(on)}: {why}"
    session.flush()
    return medicine


def active_on(medicine: Medicine, day: date) -> bool:
    if medicine.start_date and day < medicine.start_date:
        return False
    return not (medicine.stop_date and day > medicine.stop_date)


@needs(Right.SEE_CARE, client="client_id")
def client_medicines(session: Session, client_id: int, day: date | None = None) -> list[Medicine]:
    meds = session.scalars(
        select(Medicine)
        .where(Medicine.client_id == client_id)
        .order_by(Medicine.prn, Medicine.name)
    )
    return [m for m in meds if day is None or active_on(m, day)]


@lru_cache(maxsize=65536)
def _instant(day: date, hhmm: str) -> datetime:
    return clock.to_utc(day, time.fromisoformat(hhmm))


def scheduled_times(medicine: Medicine, day: date) -> list[datetime]:
    """The UTC instants of the medicine's doses on a London day."""
    if medicine.prn or not active_on(medicine, day):
        return []
    return [_instant(day, t) for t in medicine.times]


@dataclass
class DoseData:
    medicine_id: int
    outcome: str = ""
    scheduled_at: datetime | None = None
    given_at: datetime | None = None
    reason: str = ""
    dose_given: str = ""
    staff_id: int | None = None
    notes: str = ""


def current_entries(entries: list[MarEntry]) -> list[MarEntry]:
    """Drop entries that a later amendment replaced."""
    replaced = {e.amends_id for e in entries if e.amends_id is not None}
    return [e for e in entries if e.id not in replaced]


def _check_dose(session: Session, data: DoseData, medicine: Medicine, c: Checker) -> None:
    codes = mar_codes()
    code = codes.get(data.outcome)
    if code is None:
        c.fail("outcome", "Choose an outcome: " + ", ".join(x.label for x in codes.values()))
    given_at = data.given_at or clock.now()
    if given_at > clock.now() + timedelta(minutes=5):
        c.fail("given_at", "A dose cannot be recorded before it happens")
    day = clock.to_local(data.scheduled_at or given_at).date()
    if not active_on(medicine, day):
        c.fail("medicine_id", f"{medicine.name} was not prescribed on {format_date(day)}")
    if code is not None and code.needs_reason and not data.reason.strip():
        c.fail("reason", f"Say why: '{code.label}' needs a reason")
    if medicine.prn:
        if data.scheduled_at is not None:
            c.fail("scheduled_at", "A PRN (when required) medicine has no scheduled time")
        if code is not None and code.taken and not data.reason.strip():
            c.fail("reason", "Record why the PRN dose was needed (e.g. pain in left knee)")
    elif data.scheduled_at is None:
        c.fail("scheduled_at", "Choose which scheduled dose this is")
    elif data.scheduled_at not in scheduled_times(medicine, day):
        c.fail("scheduled_at", f"{medicine.name} is not due at that time")


def _prn_limits(session: Session, medicine: Medicine, given_at: datetime) -> str | None:
    codes = mar_codes()
    window = list(
        session.scalars(
            select(MarEntry).where(
                MarEntry.medicine_id == medicine.id,
                MarEntry.recorded_at > given_at - timedelta(hours=24),
                MarEntry.recorded_at <= given_at + timedelta(hours=24),
            )
        )
    )
    taken = [
        e
        for e in current_entries(window)
        if e.outcome in codes and codes[e.outcome].taken and e.recorded_at <= given_at
    ]
    if medicine.prn_max_doses_24h and len(taken) >= medicine.prn_max_doses_24h:
        return (
            f"{medicine.name}: the maximum of {medicine.prn_max_doses_24h} doses in 24 hours has "
            "already been given. Do not give it; contact the GP or 111 if needed."
        )
    gap = timedelta(minutes=medicine.prn_min_interval_minutes or 0)
    recent = [e for e in taken if given_at - e.recorded_at < gap]
    if recent:
        last = clock.to_local(max(e.recorded_at for e in recent))
        wait = last + gap
        return (
            f"{medicine.name} was last given at {last:%H:%M}; the next dose cannot be given "
            f"before {wait:%H:%M}."
        )
    return None


@needs(Right.CARE_NOTES, client=row_of("medicine", "data.medicine_id"))
def record_dose(session: Session, data: DoseData) -> MarEntry:
    """Record the outcome of one dose (scheduled or PRN), signed by whoever is signed in, with
    the carer who gave it (a carer gives their own; the chart shows the giver's initials)."""
    medicine = get_medicine(session, data.medicine_id)
    c = Checker()
    _check_dose(session, data, medicine, c)
    c.done()
    given_at = data.given_at or clock.now()
    codes = mar_codes()
    if medicine.prn and codes[data.outcome].taken:
        problem = _prn_limits(session, medicine, given_at)
        if problem:
            raise ValidationError({"given_at": problem})
    if data.scheduled_at is not None:
        existing = current_entries(
            list(
                session.scalars(
                    select(MarEntry).where(
                        MarEntry.medicine_id == medicine.id,
                        MarEntry.scheduled_at == data.scheduled_at,
                    )
                )
            )
        )
        if existing:
            raise ConflictError(
                f"The {clock.to_local(data.scheduled_at):%H:%M} dose of {medicine.name} is already "
                "recorded. Amend that entry instead of adding a second one."
            )
    signature = sign_care(session, data.staff_id)
    entry = MarEntry(
        medicine_id=medicine.id,
        scheduled_at=data.scheduled_at,
        recorded_at=given_at,
        outcome=data.outcome,
        reason=data.reason.strip(),
        staff_id=signature.staff_id,
        dose_given=data.dose_given.strip() or (medicine.dose if codes[data.outcome].taken else ""),
        notes=data.notes.strip(),
        author=signature.author,
        on_behalf_of=signature.on_behalf_of,
    )
    session.add(entry)
    session.flush()
    return entry


def _entry_client(session: Session, args: Mapping[str, Any]) -> int | None:
    """The client a MAR entry is for (through its medicine), for the guard."""
    return session.scalar(
        select(Medicine.client_id)
        .join(MarEntry, MarEntry.medicine_id == Medicine.id)
        .where(MarEntry.id == args.get("entry_id"))
    )


@needs(Right.CARE_NOTES, client=_entry_client)
def amend_dose(session: Session, entry_id: int, data: DoseData, amend_reason: str) -> MarEntry:
    """Correct a MAR entry with a new one; the original stays on the chart's history."""
    original = session.get(MarEntry, entry_id)
    if original is None:
        raise NotFoundError(f"There is no MAR entry {entry_id}.")
    if session.scalar(select(MarEntry.id).where(MarEntry.amends_id == entry_id).limit(1)):
        raise ConflictError("This entry has already been corrected: amend the latest version.")
    medicine = get_medicine(session, original.medicine_id)
    data.medicine_id = original.medicine_id
    data.scheduled_at = original.scheduled_at
    c = Checker()
    c.required("amend_reason", amend_reason, "The reason for the correction")
    _check_dose(session, data, medicine, c)
    c.done()
    codes = mar_codes()
    signature = sign_care(
        session, data.staff_id if data.staff_id is not None else original.staff_id
    )
    entry = MarEntry(
        medicine_id=original.medicine_id,
        scheduled_at=original.scheduled_at,
        recorded_at=data.given_at or original.recorded_at,
        outcome=data.outcome,
        reason=data.reason.strip(),
        staff_id=signature.staff_id,
        amends_id=original.id,
        amend_reason=" ".join(amend_reason.split()),
        dose_given=data.dose_given.strip() or (medicine.dose if codes[data.outcome].taken else ""),
        notes=data.notes.strip(),
        author=signature.author,
        on_behalf_of=signature.on_behalf_of,
    )
    session.add(entry)
    session.flush()
    return entry
