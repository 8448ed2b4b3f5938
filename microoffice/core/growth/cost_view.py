"""Everything the Costs tab and `microoffice costs` show, gathered in one read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.growth.costs import CostBreakdown, CostInputs, breakdown
from microoffice.core.growth.monthly import MonthFigures, month_figures, month_start
from microoffice.core.growth.rates import (
    RateComparison,
    ReferencePoint,
    compare_rates,
    current_inputs,
    reference_points,
)
from microoffice.core.growth.sustainability import Warning, all_warnings
from microoffice.core.money import format_gbp
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.vocabulary import format_date


@dataclass(frozen=True)
class CostView:
    costs: CostBreakdown
    rates: tuple[RateComparison, ...]
    points: tuple[ReferencePoint, ...]
    month: MonthFigures
    warnings: tuple[Warning, ...]

    def as_text(self) -> str:
        c, m = self.costs, self.month
        lines = ["What an hour of care costs you", ""]
        for line in c.lines:
            lines.append(f"  {line.label:<34} {format_gbp(line.pence):>9}   {line.how}")
        lines.append(f"  {'Cost of an hour of care':<34} {format_gbp(c.total_pence):>9}")
        lines.append(
            f"  {'Price needed (with ' + str(c.inputs.surplus_percent.normalize()) + '% surplus)':<34}"
            f" {format_gbp(c.price_needed_pence):>9}"
        )
        if self.points:
            lines += ["", "Published reference points"]
            for p in self.points:
                lines.append(
                    f"  {p.label:<46} {format_gbp(p.pence):>9}  (from {format_date(p.effective_from)})"
                )
        lines += ["", "Your prices against that cost"]
        for r in self.rates:
            mark = "  BELOW COST" if r.below_cost else ""
            lines.append(
                f"  {r.client_name:<22} {r.payer:<24} {format_gbp(r.hourly_rate_pence):>8}"
                f" {format_gbp(r.margin_pence):>9}{mark}"
            )
        expected = (
            f" (of which {format_gbp(m.expected_income_pence)} still to come)"
            if m.expected_income_pence
            else ""
        )
        lines += [
            "",
            f"{m.month:%B %Y}",
            f"  Care delivered and booked      {format_gbp(m.income_pence):>11}{expected}",
            f"  Pay (care and travel)          {format_gbp(m.pay_pence):>11}",
            f"  Holiday, NI and pension        {format_gbp(m.holiday_pence + m.oncost_pence):>11}",
            f"  Mileage                        {format_gbp(m.mileage_pence):>11}",
            f"  Overheads (a twelfth)          {format_gbp(m.overheads_pence):>11}",
            f"  Left over                      {format_gbp(m.left_pence):>11}",
        ]
        if self.warnings:
            lines += ["", "Warnings"]
            lines += [f"  ! {w.message}" for w in self.warnings]
        return "\n".join(lines) + "\n"


@needs(Right.GOVERNANCE)
def cost_view(
    session: Session, month: date | None = None, inputs: CostInputs | None = None
) -> CostView:
    day = clock.today()
    costs = breakdown(inputs or current_inputs(session, day))
    rates = compare_rates(session, costs, day)
    points = reference_points(session, day)
    figures = month_figures(session, month_start(month or day), costs.inputs)
    warnings = all_warnings(session, costs, rates, points, figures)
    return CostView(costs, tuple(rates), tuple(points), figures, tuple(warnings))
