"""The referral profile: what a social worker, GP, brokerage team or family needs to know to send
someone our way, built from what the business actually does, refreshed whenever it is printed.

Services come from the visits delivered in the last year, the area from current clients'
postcode districts (the owner can add or hide districts), prices from the rate cards in force,
compliments only where the person agreed to share, outcome results only from people who agreed,
and capacity from the rota as it stands (weekly.weekly_slots). The owner's own words (a short
introduction, a quality mark) are kept as a setting.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing.rate_cards import client_terms
from microoffice.core.billing.terms import RateTerms, Uplift, When
from microoffice.core.compliance import renewals
from microoffice.core.growth.sharing import shared_results
from microoffice.core.growth.weekly import WeeklySlot, weekly_slots
from microoffice.core.models.clients import Client, FundingArrangement
from microoffice.core.models.records import Complaint, Medicine
from microoffice.core.models.staff import Staff
from microoffice.core.models.visits import Visit, VisitPlan
from microoffice.core.money import format_gbp
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.readers.identifiers import postcode_district
from microoffice.core.services.business import get_business, get_setting, set_setting
from microoffice.core.services.forms import Checker

SETTING_KEY = "growth.profile"
SERVICES = {
    "personal_care": ("Personal care", "Washing, dressing, getting up and going to bed"),
    "domestic": ("Help at home", "Cleaning, laundry, shopping and meals"),
    "companionship": ("Companionship", "Time together, outings, appointments"),
    "day_activity": ("Day activities", "Small group sessions"),
    "sleep_in": ("Sleep-in nights", "Someone in the house overnight"),
    "waking_night": ("Waking nights", "Awake and caring through the night"),
}
PRIVATE = ("SELF", "THIRD")
DIRECT = ("DP", "DP_MANAGED")
MAX_COMPLIMENTS = 3
DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


@dataclass
class ProfileSettings:
    about: str = ""
    contact_name: str = ""
    quality_mark: str = ""
    areas_extra: list[str] = field(default_factory=list)
    areas_hidden: list[str] = field(default_factory=list)
    min_slot_minutes: int = 30
    weeks: int = 4


def _districts(text_or_list: Any, c: Checker, name: str) -> list[str]:
    items = (
        text_or_list if isinstance(text_or_list, list) else re.split(r"[,\s]+", str(text_or_list))
    )
    out = []
    for item in items:
        d = str(item).strip().upper()
        if not d:
            continue
        if not DISTRICT.match(d):
            c.fail(name, f"'{item}' is not a postcode district; write them like B90, B91")
        elif d not in out:
            out.append(d)
    return out


@needs(Right.GOVERNANCE)
def save_settings(session: Session, data: ProfileSettings) -> ProfileSettings:
    c = Checker()
    clean = ProfileSettings(
        about=data.about.strip(),
        contact_name=" ".join(data.contact_name.split()),
        quality_mark=" ".join(data.quality_mark.split()),
        areas_extra=_districts(data.areas_extra, c, "areas_extra"),
        areas_hidden=_districts(data.areas_hidden, c, "areas_hidden"),
        min_slot_minutes=data.min_slot_minutes,
        weeks=data.weeks,
    )
    if len(clean.about) > 600:
        c.fail("about", "Keep the introduction under 600 characters: it has to fit on one page")
    if not 15 <= clean.min_slot_minutes <= 240:
        c.fail("min_slot_minutes", "The shortest slot worth offering is 15 to 240 minutes")
    if not 1 <= clean.weeks <= 12:
        c.fail("weeks", "Look 1 to 12 weeks ahead")
    c.done()
    set_setting(session, SETTING_KEY, asdict(clean))
    return clean


@needs(Right.GOVERNANCE)
def load_settings(session: Session) -> ProfileSettings:
    raw = get_setting(session, SETTING_KEY)
    if not isinstance(raw, dict):
        return ProfileSettings()
    known = {k: v for k, v in raw.items() if k in ProfileSettings.__dataclass_fields__}
    return ProfileSettings(**known)


@dataclass(frozen=True)
class PriceGroup:
    who: str  # "Paying privately", "Direct payments"
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ProfileData:
    business: str
    address: str
    phone: str
    email: str
    contact_name: str
    about: str
    cqc_registered: bool
    cqc_provider_id: str
    ico_number: str
    quality_mark: str
    insurance: str
    team: str
    services: tuple[tuple[str, str], ...]
    areas: tuple[tuple[str, str], ...]  # (district, place names)
    prices: tuple[PriceGroup, ...]
    price_terms: tuple[str, ...]
    places: tuple[str, ...]  # place names, most clients first
    payment: tuple[str, ...]
    compliments: tuple[tuple[str, str], ...]  # (words, who and when)
    outcomes: tuple[str, ...]
    outcome_people: int
    slots: tuple[WeeklySlot, ...]
    capacity_from: date
    capacity_to: date
    prepared_on: date

    @property
    def slot_lines(self) -> list[str]:
        """'Tuesday: 09:45-10:30, 12:30-13:00' per weekday with a slot."""
        from microoffice.core.scheduling.recurrence import WEEKDAY_NAMES

        by_day: dict[int, list[str]] = defaultdict(list)
        for s in self.slots:
            by_day[s.weekday].append(f"{s.start:%H:%M}-{s.end:%H:%M}")
        return [f"{WEEKDAY_NAMES[d]}: {', '.join(t)}" for d, t in sorted(by_day.items())]


@needs(Right.GOVERNANCE)
def collect(session: Session, settings: ProfileSettings | None = None) -> ProfileData:
    settings = settings or load_settings(session)
    today = clock.today()
    business = get_business(session)
    clients = [
        c
        for c in session.scalars(select(Client).where(Client.archived_at.is_(None)))
        if c.end_date is None or c.end_date >= today
    ]
    ids = [c.id for c in clients]
    first = today + timedelta(days=1)
    slots = weekly_slots(session, first, settings.weeks, settings.min_slot_minutes)
    results = shared_results(session, today)
    prices, price_terms = _prices(session, ids, today)
    return ProfileData(
        business=business.trading_name or business.legal_name or "Our care service",
        address=", ".join(p for p in [*business.address.splitlines(), business.postcode] if p),
        phone=business.phone,
        email=business.email,
        contact_name=settings.contact_name or business.legal_name,
        about=settings.about,
        cqc_registered=business.cqc_registered,
        cqc_provider_id=business.cqc_provider_id,
        ico_number=business.ico_registration_number,
        quality_mark=settings.quality_mark,
        insurance=_insurance(session, today),
        team=_team(session, today),
        services=tuple(_services(session, ids, today)),
        areas=tuple(_areas(clients, settings)),
        prices=tuple(prices),
        price_terms=tuple(price_terms),
        places=tuple(_places(clients)),
        payment=tuple(
            _payment(session, ids, business.payment_terms_days, bool(business.bank_account_number))
        ),
        compliments=tuple(_compliments(session, today)),
        outcomes=tuple(results.sentences()[:4]),
        outcome_people=results.people,
        slots=tuple(slots),
        capacity_from=first,
        capacity_to=first + timedelta(days=7 * settings.weeks - 1),
        prepared_on=today,
    )


def _services(session: Session, ids: list[int], today: date) -> list[tuple[str, str]]:
    since = clock.to_utc(today - timedelta(days=365), clock.local_now().time().min)
    delivered = set(
        session.scalars(
            select(Visit.service_type).where(
                Visit.status == "completed", Visit.planned_start >= since
            )
        )
    )
    delivered |= set(
        session.scalars(
            select(VisitPlan.service_type).where(
                VisitPlan.archived_at.is_(None),
                (VisitPlan.end_date.is_(None)) | (VisitPlan.end_date >= today),
            )
        )
    )
    out = [SERVICES[k] for k in SERVICES if k in delivered]
    medicines = session.scalar(
        select(Medicine.id)
        .where(Medicine.client_id.in_(ids), Medicine.stop_date.is_(None))
        .limit(1)
    )
    if medicines is not None:
        out.append(
            ("Help with medicines", "Prompting or giving medicines, recorded on a MAR chart")
        )
    return out


def _areas(clients: list[Client], settings: ProfileSettings) -> list[tuple[str, str]]:
    towns: dict[str, Counter[str]] = defaultdict(Counter)
    for c in clients:
        d = postcode_district(c.postcode)
        if d:
            towns[d][c.town.split(",")[0].strip()] += 1
    for d in settings.areas_extra:
        towns.setdefault(d, Counter())
    for d in settings.areas_hidden:
        towns.pop(d, None)

    def key(d: str) -> tuple[str, int, str]:
        m = re.match(r"([A-Z]+)([0-9]+)(.*)", d)
        return (m.group(1), int(m.group(2)), m.group(3)) if m else (d, 0, "")

    return [
        (d, ", ".join(t for t, _ in towns[d].most_common(2) if t)) for d in sorted(towns, key=key)
    ]


def _places(clients: list[Client]) -> list[str]:
    counts = Counter(c.town.split(",")[0].strip() for c in clients if c.town.strip())
    return [town for town, _ in counts.most_common()]


def _prices(session: Session, ids: list[int], today: date) -> tuple[list[PriceGroup], list[str]]:
    """Hourly rates per way of paying (private, direct payment), then the terms most cards share.

    Council-commissioned rates are the council's contract, not ours to advertise, so they are
    left out."""
    cards, _bad = client_terms(session, ids)
    kinds: dict[int, str] = {}
    single: dict[int, str] = {}
    for f in session.scalars(
        select(FundingArrangement).where(FundingArrangement.client_id.in_(ids))
    ):
        kinds[f.id] = f.funding_type
        single[f.client_id] = f.funding_type if f.client_id not in single else "MIXED"
    groups: dict[str, list[RateTerms]] = defaultdict(list)
    for cid, owned in cards.items():
        for funding_id, terms in owned:
            if not terms.covers(today) or not terms.hourly_rate_pence:
                continue
            kind = kinds.get(funding_id or 0) or single.get(cid, "SELF")
            if kind in PRIVATE:
                groups["Paying privately"].append(terms)
            elif kind in DIRECT:
                groups["Direct payments"].append(terms)
    out = [
        PriceGroup(who, (_hourly(groups[who]),))
        for who in ("Paying privately", "Direct payments")
        if groups[who]
    ]
    return out, _terms([t for ts in groups.values() for t in ts])


def _hourly(cards: list[RateTerms]) -> str:
    rates = sorted(t.hourly_rate_pence for t in cards)
    low, high = rates[0], rates[-1]
    hourly = format_gbp(low) if low == high else f"{format_gbp(low)} to {format_gbp(high)}"
    return f"{hourly} an hour, Monday to Friday"


def _terms(cards: list[RateTerms]) -> list[str]:
    if not cards:
        return []
    lines = []
    uplifts = Counter((e.when, e.uplift, e.value) for t in cards for e in t.enhancements)
    words = {
        When.SAT: "Saturdays",
        When.SUN: "Sundays",
        When.WEEKEND: "Weekends",
        When.BANK_HOLIDAY: "bank holidays",
    }
    seen: set[When] = set()
    extras = []
    for (when, uplift, value), _n in uplifts.most_common():
        if when in words and when not in seen and uplift == Uplift.MULTIPLIER:
            seen.add(when)
            extras.append(f"{words[when]} {_percent_more(value)}")
    if extras:
        lines.append(", ".join(extras))
    if any(e.when == When.CHRISTMAS_DAY for t in cards for e in t.enhancements):
        lines.append("Christmas Day, Boxing Day and New Year's Day at double time")
    minimum = Counter(t.minimum_minutes for t in cards).most_common(1)[0][0]
    if minimum:
        lines.append(f"Shortest visit {minimum} minutes")
    notice = Counter(t.cancellation.full_within_hours for t in cards).most_common(1)[0][0]
    if notice:
        lines.append(f"No charge if you cancel with {notice} hours' notice")
    mileage = Counter(
        t.mileage_pence_per_mile for t in cards if t.mileage_pence_per_mile
    ).most_common(1)
    if mileage:
        lines.append(f"Trips out {mileage[0][0]}p a mile")
    return lines


def _percent_more(multiplier: Decimal) -> str:
    extra = (multiplier - 1) * 100
    return f"+{extra.normalize():f}%" if extra != extra.to_integral_value() else f"+{int(extra)}%"


def _payment(session: Session, ids: list[int], terms_days: int, bank: bool) -> list[str]:
    kinds = set(
        session.scalars(
            select(FundingArrangement.funding_type).where(FundingArrangement.client_id.in_(ids))
        )
    )
    out = []
    if kinds & set(PRIVATE) or not kinds:
        out.append("Paying yourself: clear invoices with every visit listed")
    if kinds & set(DIRECT):
        out.append(
            "Direct payments welcome: invoices show the dates, times and hours councils audit, "
            "and we provide the quarterly audit pack"
        )
    if kinds & {"LA", "ISF"}:
        out.append("Council-commissioned care and individual service funds accepted")
    if "CHC" in kinds:
        out.append("NHS Continuing Healthcare packages accepted")
    how = "by bank transfer" if bank else "by bank transfer or cheque"
    out.append(f"Payment {how} within {terms_days} days; no cash")
    return out


def _compliments(session: Session, today: date) -> list[tuple[str, str]]:
    rows = session.scalars(
        select(Complaint)
        .where(
            Complaint.kind == "compliment",
            Complaint.consent_to_share.is_(True),
            Complaint.received_on >= today - timedelta(days=730),
        )
        .order_by(Complaint.received_on.desc(), Complaint.id.desc())
    )
    out: list[tuple[str, str]] = []
    for row in rows:
        if any(row.summary == words for words, _ in out):
            continue
        out.append((row.summary, f"{row.from_name}, {row.received_on:%B %Y}"))
        if len(out) == MAX_COMPLIMENTS:
            break
    return out


def _insurance(session: Session, today: date) -> str:
    held = renewals.list_renewals(session)
    cover = [renewals.current(held, k, today) for k in ("public_liability", "employers_liability")]
    live = [r for r in cover if r is not None]
    if not live:
        return ""
    names = " and ".join(r.name.lower() for r in live)
    return f"Insured: {names}"


def _team(session: Session, today: date) -> str:
    people = [
        s
        for s in session.scalars(select(Staff).where(Staff.archived_at.is_(None)))
        if (s.end_date is None or s.end_date >= today)
        and (s.start_date is None or s.start_date <= today)
    ]
    if not people:
        return ""
    if len(people) == 1:
        return f"{people[0].display_name} does every visit: the same face each time"
    return f"A small team of {len(people)}, so people see the same few faces"
