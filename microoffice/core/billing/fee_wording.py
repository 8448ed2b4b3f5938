"""The statement of terms and fees in plain English: one rate card read into sections a person
who pays can follow (prices, higher rates, fixed prices, two carers, mileage, cancellations,
hospital, death, invoices). Pure functions of the checked terms; fee_statements.py gathers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from microoffice.core.billing.terms import (
    DayRule,
    DoubleUp,
    Enhancement,
    RateTerms,
    Rounding,
    Uplift,
    When,
)
from microoffice.core.models.enums import Nation, ServiceType, VatCategory
from microoffice.core.money import format_gbp
from microoffice.core.vocabulary import format_date


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]


def minutes(n: int) -> str:
    if n % 60 == 0 and n:
        hours = n // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{n} minutes"


def _hours(n: int) -> str:
    return f"{n} hour{'s' if n != 1 else ''}"


def _notice(n: int) -> str:
    return f"{n} hour{'s' if n != 1 else ''}' notice" if n != 1 else "1 hour's notice"


def _pence_per_mile(pence: int) -> str:
    return f"{pence}p a mile" if pence < 100 else f"{format_gbp(pence)} a mile"


def _times(value: Decimal) -> str:
    """1.2 -> '×1.2 the normal price (20% more)'; 2 -> '×2 the normal price (double)'."""
    shown = format(value.normalize(), "f")
    extra = ((value - 1) * 100).normalize()
    if value == 2:
        why = "double"
    elif extra > 0:
        why = f"{format(extra, 'f')}% more"
    elif extra < 0:
        why = f"{format(-extra, 'f')}% less"
    else:
        why = "no change"
    return f"×{shown} the normal price ({why})"


WHEN_TEXT = {
    When.SAT: "On Saturdays",
    When.SUN: "On Sundays",
    When.WEEKEND: "At weekends (Saturday and Sunday)",
    When.BANK_HOLIDAY: "On bank holidays",
    When.CHRISTMAS_DAY: "On Christmas Day",
    When.BOXING_DAY: "On Boxing Day",
    When.NEW_YEARS_DAY: "On New Year's Day",
}


def _when(e: Enhancement) -> str:
    if e.when in WHEN_TEXT:
        return WHEN_TEXT[e.when]
    if e.when == When.EVENING and e.after is not None:
        return f"In the evening, from {e.after:%H:%M}"
    if e.when == When.EARLY and e.before is not None:
        return f"Early in the morning, before {e.before:%H:%M}"
    if e.when == When.NIGHT and e.after is not None and e.before is not None:
        return f"At night, from {e.after:%H:%M} to {e.before:%H:%M}"
    days = sorted(e.dates)
    return "On " + ", ".join(format_date(day) for day in days)


def _uplift(e: Enhancement, terms: RateTerms) -> str:
    from microoffice.core.billing.pricing import enhance

    hourly = terms.hourly_rate_pence
    if e.uplift == Uplift.MULTIPLIER:
        text = _times(e.value)
        if hourly:
            text += f", so {format_gbp(enhance(hourly, (e,)))} an hour"
        return text
    if e.uplift == Uplift.FLAT_RATE:
        return f"{format_gbp(int(e.value))} an hour instead of the normal rate"
    text = f"{format_gbp(int(e.value))} an hour more"
    if hourly:
        text += f", so {format_gbp(enhance(hourly, (e,)))} an hour"
    return text


def service(key: str) -> str:
    try:
        return ServiceType(key).label
    except ValueError:
        return key.replace("_", " ").capitalize()


def _price_lines(t: RateTerms) -> list[str]:
    lines = []
    if t.bands:
        bands = "; ".join(f"up to {minutes(m)} {format_gbp(p)}" for m, p in t.bands)
        lines.append(f"Visits are charged at a set price by length: {bands}.")
        longest = t.bands[-1][0]
        if t.hourly_rate_pence:
            lines.append(
                f"A visit longer than {minutes(longest)} is charged at "
                f"{format_gbp(t.hourly_rate_pence)} an hour for its whole length."
            )
    elif t.hourly_rate_pence:
        lines.append(f"Care is charged at {format_gbp(t.hourly_rate_pence)} an hour.")
    if t.minimum_minutes:
        lines.append(
            f"The shortest time we charge for a visit is {minutes(t.minimum_minutes)}: "
            f"a shorter visit is charged as {minutes(t.minimum_minutes)}."
        )
    unit = f"{t.billing_unit_minutes}-minute"
    if t.rounding == Rounding.ACTUAL or t.billing_unit_minutes <= 1:
        lines.append("Time is charged to the minute.")
    elif t.rounding == Rounding.UP:
        text = f"Time is charged in {unit} units, rounded up"
        if t.grace_minutes:
            text += (
                f"; a visit that runs no more than {minutes(t.grace_minutes)} into the next "
                "unit is not rounded up"
            )
        lines.append(text + ".")
    elif t.rounding == Rounding.NEAREST:
        lines.append(f"Time is charged in {unit} units, rounded to the nearest unit.")
    else:
        lines.append(f"Time is charged in {unit} units, rounded down.")
    lines.append(
        {
            "PLANNED": "We charge for the booked (planned) length of each visit.",
            "ACTUAL": "We charge for the time our carers actually spend with you, as recorded.",
            "GREATER_OF": "We charge for the booked length or the time actually spent, "
            "whichever is longer.",
            "LESSER_OF": "We charge for the booked length or the time actually spent, "
            "whichever is shorter.",
        }[t.charge_basis.value]
    )
    return lines


def _enhancement_lines(t: RateTerms, nation: str) -> list[str]:
    if not t.enhancements:
        return []
    ordered = list(t.enhancements)  # as the card lists them
    lines = []
    for e in ordered:
        when = _when(e)
        named = "" if e.name.lower().rstrip("s") in when.lower() else f" ({e.name})"
        lines.append(f"{when}{named}: {_uplift(e, t)}.")
    if len(t.enhancements) > 1:
        stacking = [e.name for e in ordered if e.stacks]
        text = "When more than one of these applies, only the highest is charged; they are not "
        text += "added together."
        if stacking:
            text = text[:-1] + f", except {', '.join(stacking)}, which is added on top."
        lines.append(text)
    fixed = [e.name for e in ordered if e.applies_to_fixed]
    if fixed and t.fixed_prices:
        lines.append(f"{', '.join(fixed)} also applies to the fixed prices below.")
    if any(e.when in (When.BANK_HOLIDAY, When.CHRISTMAS_DAY, When.BOXING_DAY) for e in ordered):
        try:
            place = Nation(nation).label
        except ValueError:
            place = nation
        rule = {
            DayRule.BOTH: "both on the day itself and on the weekday holiday given instead",
            DayRule.ACTUAL: "on the day itself only, not on the weekday holiday given instead",
            DayRule.SUBSTITUTE: "on the weekday holiday given instead, not on the day itself",
        }[t.bank_holiday_day_rule]
        lines.append(
            f"Bank holidays are those of {place}, where your care is given. When one falls at "
            f"a weekend, the bank holiday price applies {rule}."
        )
    if any(e.when in (When.EVENING, When.EARLY, When.NIGHT) for e in ordered):
        lines.append(
            "A visit that runs across one of these times is charged at each price for the "
            "part of the visit it covers."
        )
    return lines


def _carer_line(t: RateTerms) -> str:
    if t.double_up_rule == DoubleUp.RATE and t.double_up_rate_pence:
        return (
            "When your care needs two carers at the same time, the two together are charged at "
            f"{format_gbp(t.double_up_rate_pence)} an hour."
        )
    if t.double_up_rule == DoubleUp.SINGLE:
        return "When your care needs two carers at the same time, it is charged as one carer."
    return (
        "When your care needs two carers at the same time, each carer's time is charged, so "
        "the visit costs twice the price of one carer."
    )


def _reasons(reasons: frozenset[str]) -> str:
    return ", ".join(sorted(r.replace("_", " ") for r in reasons))


def _cancellation_lines(t: RateTerms, contact: str) -> list[str]:
    c = t.cancellation
    lines = []
    if c.full_within_hours is None and c.partial_within_hours is None:
        lines.append("There is no charge for cancelling a visit.")
    else:
        if c.full_within_hours is not None:
            lines.append(
                f"If you cancel a visit with less than {_notice(c.full_within_hours)}, "
                "it is charged in full."
            )
        if c.partial_within_hours is not None:
            lines.append(
                f"If you cancel with less than {_notice(c.partial_within_hours)}, "
                f"{c.partial_percent}% of the price is charged."
            )
        free_from = c.partial_within_hours or c.full_within_hours
        lines.append(f"With {_notice(free_from or 0)} or more, there is no charge.")
        lines.append("Notice is counted from when you tell us to the booked start of the visit.")
    if contact:
        lines.append(f"To cancel a visit, tell us as early as you can: {contact}.")
    others = c.exempt_reasons - {"death"}
    if others:
        lines.append(f"There is no charge for a visit cancelled because of: {_reasons(others)}.")
    if c.has_hospital_rule:
        text = (
            "If you go into hospital, booked visits in the first "
            f"{_hours(c.hospital_full_hours or 0)} after you tell us are charged in full; "
        )
        if c.hospital_then_percent:
            text += (
                f"after that, {c.hospital_then_percent}% of the price of each booked visit is "
                "charged to keep your care available for when you come home."
            )
        else:
            text += "after that, visits are not charged while you are in hospital."
        lines.append(text)
    elif "hospital_admission" not in c.exempt_reasons:
        lines.append("If you go into hospital, booked visits follow the cancellation terms above.")
    return lines


def _death_line(t: RateTerms) -> str:
    c = t.cancellation
    no_charges = c.full_within_hours is None and c.partial_within_hours is None
    if "death" in c.exempt_reasons or no_charges:
        return (
            "If the person receiving care dies, we charge only for care given up to that day; "
            "there is no charge for any visit after it."
        )
    return (
        "If the person receiving care dies, we charge for care given up to that day, and "
        "visits booked after it are treated as cancelled visits under the terms above."
    )


def card_sections(t: RateTerms, nation: str, contact: str, vat_registered: bool) -> list[Section]:
    sections = [Section("Prices", tuple(_price_lines(t)))]
    higher = _enhancement_lines(t, nation)
    if higher:
        sections.append(
            Section("Evenings, weekends, bank holidays and special dates", tuple(higher))
        )
    if t.fixed_prices:
        sections.append(
            Section(
                "Fixed prices",
                tuple(
                    f"{service(k)}: {format_gbp(p)} each time, whatever its length."
                    for k, p in t.fixed_prices
                ),
            )
        )
    sections.append(Section("Two carers", (_carer_line(t),)))
    mileage = (
        f"Miles our carers drive with you or for you (for example to the shops), as recorded on "
        f"the visit, are charged at {_pence_per_mile(t.mileage_pence_per_mile)}."
        if t.mileage_pence_per_mile
        else "We do not charge for mileage."
    )
    sections.append(Section("Mileage", (mileage,)))
    sections.append(
        Section(
            "Cancelling a visit, and going into hospital", tuple(_cancellation_lines(t, contact))
        )
    )
    sections.append(Section("If the person receiving care dies", (_death_line(t),)))
    paying = [
        "We send an invoice for the care given, with every visit listed: its date, times, the "
        "price charged and any higher rate that applied.",
        f"Please pay each invoice within {t.payment_terms_days} days of its date.",
    ]
    if not vat_registered:
        paying.append("We are not registered for VAT, so no VAT is added.")
    elif t.vat_category == VatCategory.STANDARD_20.value:
        paying.append("VAT at 20% is added to these prices.")
    else:
        paying.append("These prices do not include VAT: personal care is exempt from VAT.")
    sections.append(Section("Invoices", tuple(paying)))
    return sections
