"""Random but plausible clients for the large demo: who they are, who pays, and the packages of
care they need, which often grow once over the years (one set of plans ends, a bigger one starts).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from microoffice.core.demo.people import ACCESS_NOTES, GP_PRACTICES, STREETS, SURNAMES, pick_name
from microoffice.core.demo.spec import ClientSpec, PersonSpec, Visiting
from microoffice.core.models.enums import ContactKind as K
from microoffice.core.models.enums import ServiceType as S

SOLIHULL = frozenset({"B90", "B91", "B92", "B93", "B37"})
WD, WE, ALL = (0, 1, 2, 3, 4), (5, 6), (0, 1, 2, 3, 4, 5, 6)
MORNING = ("07:00", "10:30")
LATE_MORNING = ("09:30", "12:00")
LUNCH = ("11:30", "13:30")
AFTERNOON = ("12:00", "16:00")
TEA = ("16:00", "18:30")
BED = ("19:00", "21:30")
WASH = ("Wash and dress", "Breakfast", "Medication prompt")
END_REASONS = (
    "Died peacefully at home",
    "Moved into a care home",
    "Moved to be near family",
    "Care no longer needed",
    "Chose another provider",
)
FUNDING_WEIGHTS = (("SELF", 35), ("DP", 20), ("DP_MANAGED", 3), ("LA", 28), ("THIRD", 7))
SPLIT_SHARE = 0.07


def _split(days: tuple[int, ...], window: tuple[str, str], minutes: int, service: str,
           tasks: tuple[str, ...], staff: int = 1) -> list[Visiting]:  # fmt: skip
    """A daily call is two plans, weekdays and weekend, as weekend cover is usually a different
    carer (and the times often differ)."""
    weekday = tuple(d for d in days if d < 5)
    weekend = tuple(d for d in days if d >= 5)
    out = []
    if weekday:
        out.append(Visiting(weekday, *window, minutes, service, tasks, staff=staff))
    if weekend:
        out.append(Visiting(weekend, *window, minutes, service, tasks, staff=staff))
    return out


def package(rng: random.Random, size: int) -> list[Visiting]:
    """A care package; size 0 (light) to 3 (four calls a day)."""
    pc = S.PERSONAL_CARE
    if size == 0:
        kind = rng.choice(("domestic", "companionship", "three_mornings"))
        if kind == "domestic":
            every = rng.choice((1, 1, 2))
            day = (rng.randrange(5),)
            return [Visiting(day, *AFTERNOON, rng.choice((90, 120)), S.DOMESTIC,
                             ("Cleaning", "Laundry", "Shopping"), every_weeks=every)]  # fmt: skip
        if kind == "companionship":
            days = tuple(sorted(rng.sample(range(5), 2)))
            return [Visiting(days, *AFTERNOON, rng.choice((120, 180)), S.COMPANIONSHIP,
                             ("Companionship", "Outing"))]  # fmt: skip
        days = rng.choice(((0, 2, 4), (1, 3, 5)))
        return [Visiting(days, *LATE_MORNING, 60, pc, ("Shower", "Wash and dress"))]
    if size == 1:
        return _split(WD if rng.random() < 0.5 else ALL, MORNING, rng.choice((30, 45, 60)), pc,
                      WASH)  # fmt: skip
    if size == 2:
        out = _split(ALL, MORNING, 45, pc, WASH)
        second = rng.choice(((TEA, ("Tea", "Medication prompt")), (BED, ("Help to bed",))))
        out += _split(ALL, second[0], 30, pc, second[1])
        return out
    hoist = 2 if rng.random() < 0.4 else 1
    out = _split(ALL, MORNING, 45, pc, (*WASH, "Hoist transfer") if hoist == 2 else WASH, hoist)
    out += _split(ALL, LUNCH, 30, pc, ("Lunch", "Medication prompt"))
    out += _split(ALL, TEA, 30, pc, ("Tea", "Medication prompt"))
    out += _split(ALL, BED, 30, pc, ("Help to bed", "Continence care"), hoist)
    return out


@dataclass(frozen=True)
class Era:
    start: date
    end: date | None
    visits: tuple[Visiting, ...]


def random_client(
    rng: random.Random, today: date, start: date, end: date | None
) -> tuple[ClientSpec, list[Era]]:
    female = rng.random() < 0.62
    younger = rng.random() < 0.08
    first, last = pick_name(rng, female, older=not younger)
    street = rng.randrange(len(STREETS))
    council = "smbc" if STREETS[street][1] in SOLIHULL else "bcc"
    code = rng.choices([c for c, _ in FUNDING_WEIGHTS], [w for _, w in FUNDING_WEIGHTS])[0]
    if rng.random() < SPLIT_SHARE:
        code = "SPLIT"
    contacts = [_relative(rng, last, female, younger)]
    if code in ("DP", "DP_MANAGED") and rng.random() < 0.4:
        kind = rng.choice((K.DP_NOMINATED, K.DP_AUTHORISED))
        who = contacts[0]
        contacts.append(PersonSpec(kind, who.name, f"{who.relationship} ({kind.label.lower()})",
                                   checked_days_ago=rng.randint(20, 600)))  # fmt: skip
    if code == "THIRD":
        who = contacts[0]
        contacts.append(PersonSpec(K.LPA_FINANCE, who.name, f"{who.relationship} (finance LPA)",
                                   opg=True, checked_days_ago=rng.randint(20, 900)))  # fmt: skip
    if code in ("LA", "SPLIT") and rng.random() < 0.5:
        wf, wl = pick_name(rng, rng.random() < 0.7, older=False)
        where = "Solihull Council" if council == "smbc" else "Birmingham City Council"
        contacts.append(PersonSpec(K.SOCIAL_WORKER, f"{wf} {wl}", f"Social worker, {where}",
                                   mobile=False, email=True))  # fmt: skip
    eras = _eras(rng, start, end, today)
    latest = list(eras[-1].visits)
    if code == "SPLIT":
        extra = Visiting((5,), *LATE_MORNING, 60, S.COMPANIONSHIP, ("Companionship", "Shopping"),
                         funding="SELF")  # fmt: skip
        latest = [*map(_council_pays, latest), extra]
        eras = [Era(e.start, e.end, (*map(_council_pays, e.visits), extra)) for e in eras]
    spec = ClientSpec(
        title=("Mrs" if rng.random() < 0.7 else "Miss") if female else "Mr",
        first=first,
        last=last,
        female=female,
        age=rng.randint(25, 64) if younger else rng.randint(68, 98),
        street=street,
        start_days_ago=(today - start).days,
        funding=code,
        visits=tuple(latest),
        contacts=tuple(contacts),
        hourly_pence=rng.randrange(2650, 3005, 5),
        council=council,
        gp=rng.randrange(len(GP_PRACTICES)),
        access=rng.randrange(len(ACCESS_NOTES)),
        mobile=younger,
        end=end,
        end_reason=rng.choice(END_REASONS) if end else "",
        mileage_pence=45 if rng.random() < 0.3 else 0,
    )
    return spec, eras


def _council_pays(v: Visiting) -> Visiting:
    """In a split package the council pays for personal care; the client tops up the rest."""
    if v.service != S.PERSONAL_CARE:
        return v
    return Visiting(v.days, v.earliest, v.latest, v.minutes, v.service, v.tasks, v.every_weeks,
                    v.staff, "LA")  # fmt: skip


def _relative(rng: random.Random, last: str, female: bool, younger: bool) -> PersonSpec:
    daughter = rng.random() < 0.6
    first, _ = pick_name(rng, daughter, older=False)
    relation = ("Mother" if daughter else "Father") if younger else (
        "Daughter" if daughter else "Son")  # fmt: skip
    surname = last if rng.random() < 0.6 else rng.choice(SURNAMES)
    return PersonSpec(K.NEXT_OF_KIN, f"{first} {surname}", relation, emergency=True,
                      email=rng.random() < 0.6)  # fmt: skip


def _eras(rng: random.Random, start: date, end: date | None, today: date) -> list[Era]:
    """One package, or (for longer stays, half the time) a lighter one that later grows."""
    size = rng.choices((0, 1, 2, 3), (46, 32, 17, 5))[0]
    last = end or today
    if (last - start).days > 400 and size > 0 and rng.random() < 0.5:
        change = start + timedelta(days=rng.randint(150, (last - start).days - 60))
        first = Era(start, change - timedelta(days=1), tuple(package(rng, size - 1)))
        return [first, Era(change, end, tuple(package(rng, size)))]
    return [Era(start, end, tuple(package(rng, size)))]
