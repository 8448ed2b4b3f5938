"""What a rate card would charge, before it is saved: three sample visits priced by the real
engine, and the date new prices should start from.

The samples are ordinary days a person recognises (a weekday morning, a Saturday evening, a bank
holiday), found in the client's own bank-holiday calendar from the date the prices start, so the
preview shows what the engine would put on an invoice for those very days.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date, time, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing.card_plain import PlainWords, apply_plain
from microoffice.core.billing.pricing import VisitFacts, price_visit
from microoffice.core.billing.rate_cards import RateCardData
from microoffice.core.billing.terms import terms_from_values
from microoffice.core.calendar.bank_holidays import BankHoliday, bank_holidays
from microoffice.core.errors import UserError, ValidationError
from microoffice.core.models.billing import Invoice, InvoiceLine
from microoffice.core.models.visits import Visit
from microoffice.core.money import format_gbp
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.clients import get_client
from microoffice.core.vocabulary import format_date

LOOK_AHEAD = timedelta(days=400)  # every nation has a bank holiday within a year
NOT_CHARGED = ("cancelled_provider", "missed")
CHRISTMAS_NAMES = ("Christmas Day", "Boxing Day", "New Year's Day")


@dataclass(frozen=True)
class Sample:
    """One visit to price: its kind in words, when it starts (London), how long."""

    label: str
    day: date
    at: time
    minutes: int

    @property
    def facts(self) -> VisitFacts:
        start = clock.to_utc(self.day, self.at)
        return VisitFacts(planned_start=start, planned_end=start + timedelta(minutes=self.minutes))

    @property
    def words(self) -> str:
        return (
            f"{self.label}, {self.day.strftime('%A')} {format_date(self.day)} "
            f"{self.at.strftime('%H:%M')}, {self.minutes} min"
        )


@dataclass(frozen=True)
class SampleCost:
    sample: Sample
    pence: int

    @property
    def words(self) -> str:
        return f"{self.sample.words}: {format_gbp(self.pence)}"


@dataclass(frozen=True)
class PreviewCalendar:
    """The client's bank holidays from a date, read once, so the preview can be priced again
    at every keystroke without the database."""

    start: date
    holidays: Mapping[date, BankHoliday]


def sample_visits(start: date, holidays: Mapping[date, BankHoliday]) -> list[Sample]:
    """A weekday 08:00 for 45 minutes, a Saturday 20:00 for an hour and a bank holiday 10:00 for
    30 minutes, each the first such day on or after `start` (a holiday itself, not a weekday
    standing in for one, so every card's bank-holiday rule charges it)."""

    def first(ok: Callable[[date], bool]) -> date:
        day = start
        while not ok(day):
            day += timedelta(days=1)
        return day

    weekday = first(lambda d: d.weekday() < 5 and d not in holidays)
    saturday = first(lambda d: d.weekday() == 5 and d not in holidays)
    samples = [
        Sample("A weekday morning", weekday, time(8, 0), 45),
        Sample("A Saturday evening", saturday, time(20, 0), 60),
    ]
    ahead = [h for d, h in sorted(holidays.items()) if d >= start and not h.substitute]
    usual = [h for h in ahead if h.name not in CHRISTMAS_NAMES]  # they have their own price
    holiday = next(iter(usual or ahead), None)
    if holiday is not None:
        samples.append(Sample(holiday.name, holiday.day, time(10, 0), 30))
    return samples


@needs(Right.MONEY)
def preview_calendar(session: Session, client_id: int, start: date) -> PreviewCalendar:
    """The client's nation's bank holidays (with the office's own changes) for a year from
    `start`."""
    client = get_client(session, client_id)
    return PreviewCalendar(start, bank_holidays(client.nation, start, start + LOOK_AHEAD, session))


def preview(data: RateCardData, calendar: PreviewCalendar) -> list[SampleCost]:
    """The samples priced with the card as it stands, saved or not; raises ValidationError
    (the card's own words) when the card cannot price anything."""
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    terms = terms_from_values(values)
    return [
        SampleCost(sample, price_visit(sample.facts, terms, calendar.holidays).total_pence)
        for sample in sample_visits(calendar.start, calendar.holidays)
    ]


def plain_preview(
    words: PlainWords, base: RateCardData, calendar: PreviewCalendar
) -> tuple[RateCardData, list[SampleCost]]:
    """The card the sentences make from `base`, and what the samples would cost with it."""
    data = apply_plain(words, base)
    return data, preview(data, calendar)


def preview_message(exc: ValidationError | UserError) -> str:
    """What stands instead of prices when the card cannot be priced yet, in the card's words."""
    if isinstance(exc, ValidationError):
        first = next(iter(exc.errors.values()), "")
        return f"No prices yet: {first[:1].lower()}{first[1:]}" if first else str(exc)
    return str(exc)


# -- the date new prices start from ---------------------------------------------------------
@needs(Right.MONEY)
def default_start(session: Session, client_id: int) -> date:
    """Where a client's first card should start, so no visit goes uncharged: the first visit
    not yet on an issued invoice; before any invoice, the client's start date if that is
    earlier; with neither, today."""
    client = get_client(session, client_id)
    billed = (
        select(InvoiceLine.visit_id)
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(
            and_(
                InvoiceLine.visit_id.is_not(None),
                Invoice.kind == "invoice",
                Invoice.status.not_in(("draft", "void")),
            )
        )
    )
    base = select(Visit.planned_start).where(
        Visit.client_id == client_id, Visit.status.not_in(NOT_CHARGED)
    )
    first_open = session.scalar(
        base.where(Visit.id.not_in(billed)).order_by(Visit.planned_start).limit(1)
    )
    any_billed = session.scalar(base.where(Visit.id.in_(billed)).limit(1)) is not None
    candidates = []
    if first_open is not None:
        candidates.append(clock.to_local(first_open).date())
    if client.start_date is not None and not any_billed:
        candidates.append(client.start_date)
    return min(candidates) if candidates else clock.today()
