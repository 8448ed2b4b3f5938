"""The invoice run as month end needs it (issue 16): what stops an invoice apart from what is only
worth a look, no visit listed before it has happened, and weekly hours raised only where they
change what is charged (including across the week a period cuts in two)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from microoffice.core import clock
from microoffice.core.billing import issue, runs
from microoffice.core.billing.runs import STOPS, WORTH_A_LOOK
from microoffice.core.db.database import Database
from microoffice.core.scheduling import plans
from tests.core.billing import helpers as h


def test_two_sections_stops_an_invoice_and_worth_a_look(db: Database) -> None:
    with db.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)  # no Reg 19 statement: worth a look, still invoiced
        h.add_card(s, ann)
        h.add_visit(s, ann, date(2026, 12, 1), "09:00", "10:00")
        h.add_visit(s, ann, date(2026, 12, 2), "09:00", "10:00", note=False)  # stops it
        preview = runs.preview_run(s, date(2026, 12, 1), date(2026, 12, 6))
    assert [(p.kind, p.section) for p in preview.stops] == [("no_note", STOPS)]
    assert [(p.kind, p.section) for p in preview.worth_a_look] == [
        ("no_fee_statement", WORTH_A_LOOK)
    ]
    assert preview.problems == preview.stops + preview.worth_a_look


def test_visits_that_have_not_happened_are_not_problems(db: Database) -> None:
    """Monday 7 December at 09:30: the 08:00 visit is over and not confirmed (a problem); the
    09:00-10:00 one is under way and the rest of the month is to come (counted, not listed)."""
    with db.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)
        h.add_card(s, ann)
        plans.create_plan(
            s,
            plans.PlanData(
                client_id=ann.id,
                start_date=date(2026, 12, 7),
                start_time=time(8),
                end_time=(datetime.combine(date.min, time(8)) + timedelta(minutes=30)).time(),
                weekdays=(0, 1, 2, 3, 4),
            ),
        )
        h.add_visit(s, ann, date(2026, 12, 7), "09:00", "10:00", status="planned")
        preview = runs.preview_run(s, date(2026, 12, 1), date(2026, 12, 31))
    unconfirmed = [p for p in preview.problems if p.kind == "unconfirmed"]
    assert [(p.day, p.message) for p in unconfirmed] == [
        (
            date(2026, 12, 7),
            "The visit on Mon 07/12/2026 at 08:00 is not confirmed: mark it done, missed or "
            "cancelled.",
        )
    ]
    assert preview.not_yet == 1 + 18  # the visit under way, and 18 weekdays from 8 December


def test_a_split_week_counts_what_the_capped_payer_was_already_invoiced(db: Database) -> None:
    """Council 60 minutes a week, private top-up. The week of Mon 30 November is cut by the
    month: Monday's hour was on November's council invoice, so Tuesday's hour goes to the
    top-up in December's run (before, the council was charged two hours for that week)."""
    with db.session() as s:
        h.set_up_business(s)
        hal = h.add_client(s, "Hal", "Price")
        h.council(s, hal, weekly_minutes=60)
        h.self_funded(s, hal)
        h.add_card(s, hal)
        h.add_visit(s, hal, date(2026, 11, 30), "09:00", "10:00")
        h.add_visit(s, hal, date(2026, 12, 1), "09:00", "10:00")
        with clock.frozen(datetime(2026, 12, 1, 12)):
            issue.issue_run(s, date(2026, 11, 1), date(2026, 11, 30))
        preview = runs.preview_run(s, date(2026, 12, 1), date(2026, 12, 31))
    [draft] = preview.drafts
    assert draft.payer.name == "Mrs Hal Price"
    [moved] = [p for p in preview.problems if p.kind == "weekly_hours"]
    assert moved.message == (
        "Week of 30/11/2026: the 60 minutes a week agreed with Birmingham City Council were used "
        "up, so 1 visit (60 minutes: Tue 01/12) goes to Mrs Hal Price instead."
    )
