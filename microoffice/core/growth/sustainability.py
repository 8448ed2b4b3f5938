"""Plain warnings that a small care business is heading for trouble, before it gets there.

Many micro-providers fail not for want of clients but because prices were set below what care
really costs once travel, holiday and the year's fixed costs are counted (MARKET.md 4). Each
warning says what is wrong and what to look at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.growth.costs import CostBreakdown
from microoffice.core.growth.monthly import MonthFigures
from microoffice.core.growth.rates import RateComparison, ReferencePoint
from microoffice.core.models.staff import Staff
from microoffice.core.money import format_gbp
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.business import reference_value

BELOW_COST = "below_cost"
BELOW_PRICE_NEEDED = "below_price_needed"
PAY_BELOW_NLW = "pay_below_nlw"
MONTH_LOSS = "month_loss"
REFERENCE = "below_reference"


@dataclass(frozen=True)
class Warning:
    kind: str
    message: str
    serious: bool = True
    client_id: int | None = None


def rate_warnings(costs: CostBreakdown, rates: list[RateComparison]) -> list[Warning]:
    out = []
    for r in rates:
        if r.below_cost:
            out.append(
                Warning(
                    BELOW_COST,
                    f"{r.client_name} ({r.card_name}) pays {format_gbp(r.hourly_rate_pence)} an "
                    f"hour: {format_gbp(-r.margin_pence)} less than an hour of care costs you "
                    f"({format_gbp(costs.total_pence)}). Every hour loses money.",
                    client_id=r.client_id,
                )
            )
        elif r.hourly_rate_pence < costs.price_needed_pence:
            out.append(
                Warning(
                    BELOW_PRICE_NEEDED,
                    f"{r.client_name} ({r.card_name}) pays {format_gbp(r.hourly_rate_pence)}: "
                    f"above cost, but under the {format_gbp(costs.price_needed_pence)} that "
                    "leaves the surplus you set.",
                    serious=False,
                    client_id=r.client_id,
                )
            )
    return out


def reference_warnings(costs: CostBreakdown, points: list[ReferencePoint]) -> list[Warning]:
    """Your cost far below a published minimum price usually means a cost is missing."""
    out = []
    for p in points:
        if p.key == "hca_minimum_price_pence" and costs.total_pence * 2 < p.pence:
            out.append(
                Warning(
                    REFERENCE,
                    f"Your cost of an hour ({format_gbp(costs.total_pence)}) is under half the "
                    f"{p.label} ({format_gbp(p.pence)}). Check nothing is missing: travel, "
                    "holiday, insurance, training, your own pay.",
                    serious=False,
                )
            )
    return out


@needs(Right.GOVERNANCE)
def pay_warnings(session: Session, costs: CostBreakdown, on: date | None = None) -> list[Warning]:
    day = on or clock.today()
    raw = reference_value(session, "nlw_21_plus_pence", day)
    if raw is None:
        return []
    nlw = int(raw)
    out = []
    if costs.inputs.hourly_pay_pence < nlw:
        out.append(
            Warning(
                PAY_BELOW_NLW,
                f"The pay in your costs ({format_gbp(costs.inputs.hourly_pay_pence)} an hour) is "
                f"under the National Living Wage ({format_gbp(nlw)}).",
            )
        )
    for name, first, pay in session.execute(
        select(Staff.last_name, Staff.first_name, Staff.hourly_pay_pence).where(
            Staff.archived_at.is_(None), Staff.hourly_pay_pence.is_not(None)
        )
    ):
        if pay is not None and 0 < pay < nlw:
            out.append(
                Warning(
                    PAY_BELOW_NLW,
                    f"{first} {name} is paid {format_gbp(pay)} an hour, under the National "
                    f"Living Wage ({format_gbp(nlw)}) for workers aged 21 and over.",
                )
            )
    return out


def month_warnings(month: MonthFigures) -> list[Warning]:
    if month.income_pence == 0 and month.costs_pence == 0:
        return []
    out = []
    if month.left_pence < 0:
        out.append(
            Warning(
                MONTH_LOSS,
                f"In {month.month:%B %Y} the care is worth {format_gbp(month.income_pence)} but "
                f"costs {format_gbp(month.costs_pence)}: {format_gbp(-month.left_pence)} short.",
            )
        )
    if month.unpriced_visits:
        out.append(
            Warning(
                "unpriced",
                f"{month.unpriced_visits} visits in {month.month:%B %Y} have no rate card, so "
                "they earn nothing here: add the missing rate cards.",
                serious=False,
            )
        )
    return out


@needs(Right.GOVERNANCE)
def all_warnings(
    session: Session,
    costs: CostBreakdown,
    rates: list[RateComparison],
    points: list[ReferencePoint],
    month: MonthFigures | None = None,
) -> list[Warning]:
    """Serious ones first, then in the order of the checks."""
    found = rate_warnings(costs, rates) + pay_warnings(session, costs)
    found += reference_warnings(costs, points)
    if month is not None:
        found += month_warnings(month)
    return sorted(found, key=lambda w: not w.serious)
