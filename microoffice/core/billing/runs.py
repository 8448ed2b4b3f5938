"""An invoice run: for a period, every client's visits priced and sent to the right payer.

The preview lists problems first, in two kinds: those that stop an invoice (a visit not confirmed,
no rate card, no payer, a visit with no record: the visit or invoice is left out of this run) and
those worth a look (the visit is still invoiced). Visits that have not happened yet are not
problems at all: they are left for a later run and only counted. The draft invoices come after;
nothing is written until the run is issued (issue.py), which recomputes the preview inside its own
transaction so it never issues something stale.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib.metadata import version
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from microoffice.core import clock
from microoffice.core.billing import vat
from microoffice.core.billing.payers import (
    Payer,
    WeeklyHours,
    candidates,
    invoiced_in_split_weeks,
    payer_for,
    split_amount,
)
from microoffice.core.billing.pricing import PricedLine, price_visit
from microoffice.core.billing.rate_cards import client_terms, terms_for_payer
from microoffice.core.billing.terms import RateTerms
from microoffice.core.billing.visits_in import PeriodVisit, already_billed, period_visits
from microoffice.core.calendar.bank_holidays import BankHoliday, bank_holidays
from microoffice.core.clock import LONDON
from microoffice.core.errors import ValidationError
from microoffice.core.models.billing import RateCard
from microoffice.core.models.clients import Client, FundingArrangement
from microoffice.core.models.enums import VisitStatus
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.business import get_business
from microoffice.core.vocabulary import format_date, format_when

# Problems are listed in this order: the ones a person must fix first come first.
PROBLEM_ORDER = (
    "business",
    "card_error",
    "no_payer",
    "no_rate_card",
    "payer_address",
    "funding_share",
    "unconfirmed",
    "no_note",
    "no_notice",
    "weekly_hours",
    "no_fee_statement",
    "old_fee_statement",
    "warning",
)
# Problems that only inform: the visit is still invoiced. Every other kind leaves it out.
WARNING_KINDS = frozenset({"weekly_hours", "no_fee_statement", "old_fee_statement", "warning"})
STOPS, WORTH_A_LOOK = "Stops an invoice", "Worth a look"


@dataclass(frozen=True)
class Problem:
    kind: str
    message: str
    client_id: int | None = None
    client_name: str = ""
    day: date | None = None
    visit_id: int | None = None
    blocking: bool = False  # the whole run cannot be issued until it is fixed

    @property
    def left_out(self) -> bool:
        """True when the visit (or invoice) it is about is not invoiced by this run."""
        return self.kind not in WARNING_KINDS

    @property
    def section(self) -> str:
        """Where the run lists it: what stops an invoice, or what is only worth a look."""
        return STOPS if self.left_out else WORTH_A_LOOK


@dataclass(frozen=True)
class DraftLine:
    priced: PricedLine
    amount_pence: int
    vat_category: str
    vat_pence: int
    share_percent: int = 100


@dataclass(frozen=True)
class Draft:
    client_id: int
    client_name: str
    payer: Payer
    period_start: date
    period_end: date
    lines: tuple[DraftLine, ...]
    rate_card_ids: tuple[int, ...]
    calendar: dict[str, Any]
    payment_terms_days: int

    @property
    def subtotal_pence(self) -> int:
        return sum(line.amount_pence for line in self.lines)

    @property
    def vat_pence(self) -> int:
        return sum(line.vat_pence for line in self.lines)

    @property
    def total_pence(self) -> int:
        return self.subtotal_pence + self.vat_pence

    @property
    def visit_count(self) -> int:
        return len({line.priced.visit_id for line in self.lines if line.priced.visit_id})


@dataclass(frozen=True)
class RunPreview:
    period_start: date
    period_end: date
    problems: tuple[Problem, ...]
    drafts: tuple[Draft, ...]
    not_yet: int = 0  # visits in the period that have not happened yet (left for a later run)

    @property
    def blocking(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.blocking)

    @property
    def stops(self) -> tuple[Problem, ...]:
        """What leaves a visit or an invoice out of this run until it is put right."""
        return tuple(p for p in self.problems if p.left_out)

    @property
    def worth_a_look(self) -> tuple[Problem, ...]:
        """What is still invoiced, but worth checking before the invoices go out."""
        return tuple(p for p in self.problems if not p.left_out)

    @property
    def total_pence(self) -> int:
        return sum(d.total_pence for d in self.drafts)


@dataclass
class _Builder:
    """Lines gathered per (client, payer) while the visits are walked in time order."""

    lines: dict[tuple[int, int], list[DraftLine]] = field(default_factory=lambda: defaultdict(list))
    cards: dict[tuple[int, int], list[RateTerms]] = field(default_factory=lambda: defaultdict(list))
    problems: list[Problem] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    not_yet: int = 0
    now: datetime | None = None
    # visits a capped payer could not take, per (capped arrangement, ISO year, week)
    moved: dict[tuple[int, int, int], list[tuple[PeriodVisit, int, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def problem(self, kind: str, message: str, pv: PeriodVisit | None = None, **kw: Any) -> None:
        if pv is not None:
            name = self.names.get(pv.client_id, pv.client_name)
            kw |= {"client_id": pv.client_id, "client_name": name, "day": pv.day}
            kw |= {"visit_id": pv.facts.visit_id}
        self.problems.append(Problem(kind, message, **kw))


def _when(pv: PeriodVisit) -> str:
    start = pv.facts.planned_start.astimezone(LONDON)
    return f"{start:%a} {format_when(start)}"


def _business_problems(session: Session) -> list[Problem]:
    business = get_business(session)
    missing = [
        label
        for label, value in (
            ("the business name", business.legal_name),
            ("its address", business.address),
        )
        if not value.strip()
    ]
    if not missing:
        return []
    return [
        Problem(
            "business",
            f"Invoices must show {' and '.join(missing)}: fill them in under Settings > Business.",
            blocking=True,
        )
    ]


def _card_problems(
    bad: list[tuple[RateCard, ValidationError]], names: dict[int, str]
) -> list[Problem]:
    return [
        Problem(
            "card_error",
            f"The rate card '{card.name}' cannot be used: {exc.summary()}",
            client_id=card.client_id,
            client_name=names.get(card.client_id or 0, ""),
        )
        for card, exc in bad
    ]


@needs(Right.MONEY)
def preview_run(
    session: Session, start: date, end: date, client_id: int | None = None
) -> RunPreview:
    """Price every visit in the period and group the lines into draft invoices per payer."""
    if end < start:
        raise ValidationError({"period": "The period ends before it starts"})
    b = _Builder(now=clock.now())
    b.problems.extend(_business_problems(session))
    visits = period_visits(session, start, end, client_id)
    client_ids = sorted({v.client_id for v in visits})
    clients = {
        c.id: c
        for c in session.scalars(
            select(Client)
            .where(Client.id.in_(client_ids))
            .options(
                selectinload(Client.funding).selectinload(FundingArrangement.organisation),
                selectinload(Client.funding).selectinload(FundingArrangement.payer_contact),
            )
        )
    }
    names = {cid: c.full_name for cid, c in clients.items()}
    b.names = names
    cards, bad_cards = client_terms(session, client_ids)
    b.problems.extend(_card_problems(bad_cards, names))
    billed = already_billed(session, [v.facts.visit_id for v in visits if v.facts.visit_id])
    calendars: dict[str, dict[date, BankHoliday]] = {}
    hours = WeeklyHours(invoiced_in_split_weeks(session, list(clients.values()), start, end))
    business = get_business(session)
    registered = vat.is_vat_registered(business)
    for pv in visits:
        client = clients[pv.client_id]
        if client.nation not in calendars:
            calendars[client.nation] = bank_holidays(
                client.nation, start - timedelta(days=7), end + timedelta(days=7), session
            )
        context = _Context(cards[pv.client_id], calendars[client.nation], billed, hours)
        _visit(b, pv, client, context, registered, business.cqc_registered)
    drafts = _drafts(b, session, clients, start, end, calendars)
    b.problems.extend(_moved_by_weekly_hours(b, clients))
    problems = sorted(
        b.problems,
        key=lambda p: (PROBLEM_ORDER.index(p.kind), p.client_name, p.day or start),
    )
    return RunPreview(start, end, tuple(problems), tuple(drafts), b.not_yet)


@dataclass(frozen=True)
class _Context:
    cards: list[tuple[int | None, RateTerms]]
    calendar: dict[date, BankHoliday]
    billed: set[tuple[int, int | None]]
    hours: WeeklyHours


def _visit(
    b: _Builder, pv: PeriodVisit, client: Client, ctx: _Context, registered: bool, cqc: bool
) -> None:
    cards, calendar, billed, hours = ctx.cards, ctx.calendar, ctx.billed, ctx.hours
    status = pv.status
    if status in (VisitStatus.CANCELLED_BY_PROVIDER.value, VisitStatus.MISSED.value):
        return
    if not pv.confirmed and b.now is not None and pv.facts.planned_end > b.now:
        b.not_yet += 1  # it has not happened yet: nothing to put right, a later run bills it
        return
    if not pv.confirmed:
        b.problem(
            "unconfirmed",
            f"The visit on {_when(pv)} is not confirmed: mark it done, missed or cancelled.",
            pv,
        )
        return
    if status == VisitStatus.COMPLETED.value and not pv.has_note:
        b.problem(
            "no_note",
            f"The visit on {_when(pv)} has no daily note, so it is not invoiced: "
            "write the note, then run the invoices again.",
            pv,
        )
        return
    pool = candidates(list(client.funding), pv.day, pv.facts.service_type)
    if not pool:
        b.problem(
            "no_payer",
            f"Nobody is set up to pay for the visit on {_when(pv)}: add who pays under "
            "the client's Funding.",
            pv,
        )
        return
    chosen = _route(b, pv, pool, cards, calendar, hours)
    if not chosen:
        return
    terms = terms_for_payer(cards, chosen[0][0].id, pv.day)
    if terms is None:
        b.problem(
            "no_rate_card",
            f"No rate card covers {format_date(pv.day)} for {client.full_name}: give them a rate "
            "card from that date (a copy of one of the UK-typical templates is a good start).",
            pv,
        )
        return
    priced = price_visit(pv.facts, terms, calendar)
    if status == VisitStatus.CANCELLED_BY_CLIENT.value and pv.facts.cancellation_notice_at is None:
        b.problem(
            "no_notice",
            f"The cancelled visit on {_when(pv)} has no record of when notice was given, "
            "so it is not charged: add the notice time to charge it.",
            pv,
        )
    for note in priced.notes:
        if "not charged" not in note:
            b.problem("warning", f"Visit on {_when(pv)}: {note}.", pv)
    shares = [share for _, share in chosen]
    parts = [split_amount(line.amount_pence, shares) for line in priced.lines]
    category = vat.line_category(
        terms.vat_category,
        vat_registered=registered,
        cqc_registered=cqc,
        service_type=pv.facts.service_type,
    )
    for i, (arrangement, share) in enumerate(chosen):
        if pv.facts.visit_id is not None and (pv.facts.visit_id, arrangement.id) in billed:
            continue
        key = (client.id, arrangement.id)
        for line, split in zip(priced.lines, parts, strict=True):
            amount = split[i]
            b.lines[key].append(
                DraftLine(line, amount, category, vat.vat_on(amount, category), share)
            )
        b.cards[key].append(terms)


def _route(
    b: _Builder,
    pv: PeriodVisit,
    pool: list[FundingArrangement],
    cards: list[tuple[int | None, RateTerms]],
    calendar: dict[date, BankHoliday],
    hours: WeeklyHours,
) -> list[tuple[FundingArrangement, int]]:
    """Which arrangements pay for this visit, with each one's percentage.

    Weekly hours only send a visit elsewhere when someone else can pay for it (a top-up), and the
    run then says so (_moved_by_weekly_hours), because that changes who is charged. A payer who is
    the only one pays for every visit whatever its week comes to: the cap changes nothing on the
    invoice there, so the run says nothing about it (issue 16).
    """
    capped = [a for a in pool if a.weekly_minutes]
    minutes: dict[int, int] = {}
    for arrangement in capped:
        terms = terms_for_payer(cards, arrangement.id, pv.day)
        minutes[arrangement.id] = (
            price_visit(pv.facts, terms, calendar).billed_minutes if terms else 0
        )
        if hours.fits(arrangement, pv.day, minutes[arrangement.id]):
            hours.take(arrangement, pv.day, minutes[arrangement.id])
            return [(arrangement, 100)]
    shares = [a for a in pool if not a.weekly_minutes]
    if not shares:
        first = capped[0]
        hours.take(first, pv.day, minutes[first.id])
        return [(first, 100)]
    year, week, _ = pv.day.isocalendar()
    for arrangement in capped:
        b.moved[(arrangement.id, year, week)].append(
            (pv, minutes[arrangement.id], " and ".join(_payer_name(a) for a in shares))
        )
    total = sum(a.share_percent for a in shares)
    if total != 100:
        b.problem(
            "funding_share",
            f"The funding shares for the visit on {_when(pv)} add up to {total}%, not 100%: "
            "add who pays the rest under Funding.",
            pv,
        )
        return []
    return [(a, a.share_percent) for a in shares]


def _payer_name(arrangement: FundingArrangement) -> str:
    client = arrangement.client
    return payer_for(arrangement, client).name


def _moved_by_weekly_hours(b: _Builder, clients: dict[int, Client]) -> list[Problem]:
    """One line per capped payer and week whose agreed minutes were used up, so that visits went
    to the other payer instead: worth a look, since it changes who is charged for them."""
    found = []
    arrangements = {a.id: a for c in clients.values() for a in c.funding}
    for (funding_id, year, week), moved in sorted(b.moved.items(), key=lambda kv: kv[0]):
        capped = arrangements[funding_id]
        first = moved[0][0]
        monday = date.fromisocalendar(year, week, 1)
        minutes = sum(m for _, m, _ in moved)
        days = ", ".join(f"{pv.day:%a %d/%m}" for pv, _, _ in moved)
        count = len(moved)
        visits = f"{count} visit{'s' if count != 1 else ''} ({minutes} minutes: {days})"
        found.append(
            Problem(
                "weekly_hours",
                f"Week of {format_date(monday)}: the {capped.weekly_minutes} minutes a week agreed "
                f"with {_payer_name(capped)} were used up, so {visits} "
                f"{'go' if count != 1 else 'goes'} to {moved[0][2]} instead.",
                client_id=first.client_id,
                client_name=b.names.get(first.client_id, first.client_name),
                day=first.day,
            )
        )
    return found


def _drafts(
    b: _Builder,
    session: Session,
    clients: dict[int, Client],
    start: date,
    end: date,
    calendars: dict[str, dict[date, BankHoliday]],
) -> list[Draft]:
    package = f"holidays {version('holidays')}"
    drafts = []
    for (client_id, funding_id), lines in b.lines.items():
        if not lines:
            continue
        client = clients[client_id]
        arrangement = next(a for a in client.funding if a.id == funding_id)
        payer = payer_for(arrangement, client)
        if not payer.address.strip():
            b.problems.append(
                Problem(
                    "payer_address",
                    f"{payer.name} has no address, and an invoice must show it: add the "
                    "address, then run the invoices again.",
                    client_id=client_id,
                    client_name=client.full_name,
                )
            )
            continue
        terms = b.cards[(client_id, funding_id)]
        days = {
            d.isoformat(): h.name
            for d, h in calendars[client.nation].items()
            if start - timedelta(days=7) <= d <= end + timedelta(days=7)
        }
        drafts.append(
            Draft(
                client_id=client_id,
                client_name=client.full_name,
                payer=payer,
                period_start=start,
                period_end=end,
                lines=tuple(lines),
                rate_card_ids=tuple(sorted({t.card_id for t in terms if t.card_id is not None})),
                calendar={
                    "nation": client.nation,
                    "source": package,
                    "day_rules": sorted({t.bank_holiday_day_rule.value for t in terms}),
                    "days": days,
                },
                payment_terms_days=terms[-1].payment_terms_days,
            )
        )
    drafts.sort(key=lambda d: (d.client_name, d.payer.name))
    b.problems.extend(_statement_warnings(session, drafts))
    return drafts


def _statement_warnings(session: Session, drafts: list[Draft]) -> list[Problem]:
    """People paying for their own care must have had the written statement of fees (Reg 19).
    Only a warning: the invoice is still issued, without a terms line."""
    from microoffice.core.billing.fee_statements import (
        PAYS_PRIVATELY,
        changes_since,
        clients_with_statements,
    )

    today = clock.today()
    private = sorted({d.client_id for d in drafts if d.payer.funding_type in PAYS_PRIVATELY})
    given = clients_with_statements(session, private, today)
    names = {d.client_id: d.client_name for d in drafts}
    found = []
    for cid in private:
        if cid not in given:
            message = (
                f"No written statement of fees (Reg 19) recorded for {names[cid]}: give one from "
                "the client's Rates tab (Statement of terms and fees), then record it as given."
            )
            found.append(
                Problem("no_fee_statement", message, client_id=cid, client_name=names[cid])
            )
            continue
        changed = changes_since(session, cid, today)
        if changed:  # a price change must be given in writing before it applies
            message = (
                f"{names[cid]}'s statement of fees no longer matches the prices: "
                f"{' '.join(changed)} Give an updated statement from the client's Rates tab."
            )
            found.append(
                Problem("old_fee_statement", message, client_id=cid, client_name=names[cid])
            )
    return found
