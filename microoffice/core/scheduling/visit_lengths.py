"""Visit lengths: the two NICE QS123 measures for a period (DOMAIN.md 6.3).

NICE NG21 / QS123: home-care visits should be at least 30 minutes; shorter only for a specific,
agreed, time-limited task. The measures are the share of visits of 30 minutes or more, and the
share of short visits with a prior agreement. Here the agreement is the reason written down: the
plan's notes (what `plans.plan_warnings` asks for), or a one-off visit's own notes.

Visits are the ones the rota and schedules show (`occurrences`), planned or done; cancelled and
missed visits are not counted. A double-handed visit is one visit. The length is the planned one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.visits import Visit, VisitPlan
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling.occurrences import Occurrence, occurrences
from microoffice.core.scheduling.plans import SHORT_VISIT_MINUTES
from microoffice.core.vocabulary import format_date

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def share(part: int, whole: int) -> Decimal | None:
    """part as a percentage of whole, half-up to one place; None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ShortWithoutReason:
    """Short visits of one client at one weekday, time and length, with no reason written."""

    client_id: int
    client_name: str
    weekday: str
    start: str  # "08:00", London time
    minutes: int
    days: tuple[date, ...]
    plan_id: int | None  # where to write the reason (None: a one-off visit)

    def describe(self) -> str:
        where = "the plan's notes" if self.plan_id is not None else "the visit's notes"
        count = len(self.days)
        dates = (
            f"{format_date(self.days[0])}"
            if count == 1
            else f"{count} visits, {format_date(self.days[0])} to {format_date(self.days[-1])}"
        )
        return (
            f"{self.client_name}: {self.weekday} {self.start}, {self.minutes} min "
            f"({dates}); write the reason in {where}"
        )


@dataclass(frozen=True)
class VisitLengthReport:
    start: date
    end: date
    threshold: int  # minutes
    total: int
    at_least_threshold: int
    short: int
    short_with_reason: int
    without_reason: tuple[ShortWithoutReason, ...]

    @property
    def percent_at_least_threshold(self) -> Decimal | None:
        return share(self.at_least_threshold, self.total)

    @property
    def percent_short_with_reason(self) -> Decimal | None:
        return share(self.short_with_reason, self.short)

    def long_figure(self) -> str:
        pct = self.percent_at_least_threshold
        if pct is None:
            return "no visits"
        return (
            f"{pct}% of visits {self.threshold} minutes or longer "
            f"({self.at_least_threshold} of {self.total})"
        )

    def reason_figure(self) -> str:
        pct = self.percent_short_with_reason
        if pct is None:
            return "no short visits"
        return (
            f"{pct}% of short visits with a recorded reason "
            f"({self.short_with_reason} of {self.short})"
        )

    def summary(self) -> str:
        """The two QS123 figures in one line (for the evidence pack)."""
        if not self.total:
            return "No visits in the period"
        return f"{self.long_figure()}; {self.reason_figure()}"


@needs(Right.ROTA)
def visit_length_report(session: Session, start: date, end: date) -> VisitLengthReport:
    counted = [o for o in occurrences(session, start, end) if o.active]
    short = [o for o in counted if o.minutes < SHORT_VISIT_MINUTES]
    reasons = _reasons(session, short)
    without: dict[tuple[int, int | None, int, str, int], list[Occurrence]] = defaultdict(list)
    for occ in short:
        if not _has_reason(occ, reasons):
            at = f"{clock.to_local(occ.planned_start):%H:%M}"
            key = (occ.client_id, occ.plan_id, occ.day.weekday(), at, occ.minutes)
            without[key].append(occ)
    rows = [
        ShortWithoutReason(
            client_id=cid,
            client_name=group[0].client_name,
            weekday=WEEKDAYS[weekday],
            start=at,
            minutes=minutes,
            days=tuple(sorted(o.day for o in group)),
            plan_id=plan_id,
        )
        for (cid, plan_id, weekday, at, minutes), group in without.items()
    ]
    rows.sort(key=lambda r: (r.client_name, r.client_id, WEEKDAYS.index(r.weekday), r.start))
    return VisitLengthReport(
        start=start,
        end=end,
        threshold=SHORT_VISIT_MINUTES,
        total=len(counted),
        at_least_threshold=len(counted) - len(short),
        short=len(short),
        short_with_reason=len(short) - sum(len(r.days) for r in rows),
        without_reason=tuple(rows),
    )


@dataclass(frozen=True)
class _Reasons:
    plans: dict[int, str]
    visits: dict[int, str]


def _reasons(session: Session, short: list[Occurrence]) -> _Reasons:
    """Notes of the plans and visits behind the short visits (a few queries, not one each)."""
    plan_ids = {o.plan_id for o in short if o.plan_id is not None}
    visit_ids = {o.visit_id for o in short if o.visit_id is not None}
    return _Reasons(
        plans=dict(_notes(session, VisitPlan, plan_ids)),
        visits=dict(_notes(session, Visit, visit_ids)),
    )


def _notes(
    session: Session, model: type[VisitPlan] | type[Visit], ids: Iterable[int]
) -> Iterable[tuple[int, str]]:
    wanted = sorted(ids)
    for chunk in range(0, len(wanted), 900):
        stmt = select(model.id, model.notes).where(model.id.in_(wanted[chunk : chunk + 900]))
        for row_id, notes in session.execute(stmt):
            yield row_id, notes or ""


def _has_reason(occ: Occurrence, reasons: _Reasons) -> bool:
    own = reasons.visits.get(occ.visit_id, "") if occ.visit_id is not None else ""
    plan = reasons.plans.get(occ.plan_id, "") if occ.plan_id is not None else ""
    return bool(own.strip() or plan.strip())


def as_text(report: VisitLengthReport) -> str:
    """The report in plain English, for the command line."""
    lines = [
        f"Visit lengths {format_date(report.start)} to {format_date(report.end)} "
        f"(NICE QS123: visits of at least {report.threshold} minutes)",
    ]
    if not report.total:
        lines.append("There were no visits in this period, so there is nothing to measure.")
        return "\n".join(lines) + "\n"
    lines += [
        f"Visits planned or done: {report.total} (cancelled and missed visits are not counted; "
        "a visit by two carers counts once)",
        f"At least {report.threshold} minutes: {report.at_least_threshold} of {report.total} "
        f"({report.percent_at_least_threshold}%)",
    ]
    if not report.short:
        lines.append(f"Short visits (under {report.threshold} minutes): none")
        return "\n".join(lines) + "\n"
    lines.append(
        f"Short visits (under {report.threshold} minutes) with a recorded reason: "
        f"{report.short_with_reason} of {report.short} ({report.percent_short_with_reason}%)"
    )
    if not report.without_reason:
        lines.append("Every short visit has its reason written down.")
    else:
        lines.append("")
        lines.append(
            "Short visits with no reason written down (NICE NG21: only for a specific, agreed "
            "short task):"
        )
        lines += [f"  {row.describe()}" for row in report.without_reason]
    return "\n".join(lines) + "\n"
