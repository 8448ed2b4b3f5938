"""Believable outcome checks, compliments, insurance and cost figures for a demo database.

Runs on a database that already has clients (the small or large demo), through the services, in
one audited transaction. Each of the first few people gets two goals and three checks across the
year; most improve, one holds steady and one slips, so the charts and the evidence pack have an
honest mix to show.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance import renewals
from microoffice.core.compliance.checks import active_clients
from microoffice.core.db.database import Database
from microoffice.core.growth import costs, outcomes, profile
from microoffice.core.growth.rates import suggested_inputs
from microoffice.core.growth.survey import DEFAULT_QUESTIONS
from microoffice.core.people.guard import needs_office
from microoffice.core.people.rights import Right
from microoffice.core.records import complaints

GOALS = (
    ("Walk to the corner shop on my own", "Goes at least once a week without help"),
    ("Get back to church on Sundays", "Attends most Sundays; lift arranged"),
    ("Shower without fear of falling", "Uses the seat and rail; no falls"),
    ("Eat a proper hot meal every day", "Hot lunch eaten most days; weight steady"),
    ("Keep in touch with my grandchildren", "Video call every week, with help to set it up"),
    ("Stay in my own home", "Still at home at the next review"),
)
# per person: the average score they start from and how much it moves per check
PATHS = ((1.4, 0.5), (1.6, 0.4), (1.9, 0.3), (2.2, 0.0), (2.0, -0.4), (1.5, 0.6))
COMMENTS = (
    "Much happier now the mornings are not rushed.",
    "Would like a bit more time for a chat.",
    "Feels safer since the rail went in.",
    "Misses going out; asked about a weekly outing.",
    "",
)
COMPLIMENTS = (
    ("Daughter of a client", "You treat Mum like family. We can finally relax."),
    ("Client", "Always on time, always cheerful, and never rushes me."),
    ("Son of a client", "You spotted Dad was unwell before any of us did. Thank you."),
)


@needs_office(Right.OFFICE_FILE)
def add_growth_samples(db: Database, seed: int = 8, people: int = 6) -> dict[str, int]:
    rng = random.Random(seed)
    today = clock.today()
    counts = {"goals": 0, "checks": 0, "compliments": 0}
    with db.session(actor="demo") as s:
        year_ago = today - timedelta(days=330)
        clients = [
            c for c in active_clients(s, today) if c.start_date and c.start_date <= year_ago
        ][:people]
        for n, client in enumerate(clients):
            start, step = PATHS[n % len(PATHS)]
            goals = []
            for title, measure in rng.sample(GOALS, 2):
                goals.append(
                    outcomes.add_goal(
                        s,
                        client.id,
                        outcomes.GoalData(title, measure, year_ago),
                    )
                )
                counts["goals"] += 1
            for k, days_ago in enumerate((300, 160, 25)):
                level = start + step * k
                answers = {
                    q.key: max(0, min(3, round(level + rng.uniform(-0.7, 0.7))))
                    for q in DEFAULT_QUESTIONS
                }
                outcomes.record_check(
                    s,
                    client.id,
                    outcomes.CheckData(
                        held_on=today - timedelta(days=days_ago),
                        answers=dict(answers),
                        goal_progress={g.id: min(3, k + (1 if step > 0 else 0)) for g in goals},
                        answered_by="person" if n % 3 else "with_help",
                        comments=rng.choice(COMMENTS),
                        share_consent=n != 2,
                    ),
                    "Registered manager",
                )
                counts["checks"] += 1
            if step >= 0.5:
                outcomes.close_goal(s, goals[0].id, "achieved", today - timedelta(days=20))
        for k, (who, words) in enumerate(COMPLIMENTS):
            complaints.record_compliment(
                s,
                complaints.ComplaintData(
                    received_on=today - timedelta(days=40 + 75 * k),
                    from_name=who,
                    summary=words,
                    consent_to_share=True,
                ),
                "Registered manager",
            )
            counts["compliments"] += 1
        held = renewals.list_renewals(s)
        for kind in ("public_liability", "employers_liability"):
            if renewals.current(held, kind, today) is None:
                renewals.add_renewal(
                    s,
                    renewals.RenewalData(
                        kind=kind,
                        provider="Care Insure Ltd",
                        reference=f"CI-{rng.randint(100000, 999999)}",
                        renewed_on=today - timedelta(days=150),
                        expires_on=today + timedelta(days=215),
                        notes="£5m cover",
                    ),
                )
        profile.save_settings(
            s,
            profile.ProfileSettings(
                about=(
                    "Small, local and personal: the same friendly faces at every visit, time to "
                    "talk, and a named person to call. We support older people and adults with "
                    "disabilities to live well in their own homes."
                ),
                quality_mark="Community micro-enterprise quality standard (demo), checked 2026",
            ),
        )
        costs.save_inputs(s, _demo_costs(s, today))
    return counts


def _demo_costs(session: Session, today: date) -> costs.CostInputs:
    base = suggested_inputs(session, today)
    base.hourly_pay_pence = 1600  # the owner's target pay
    base.miles_per_hour_tenths = 25
    base.training_pence = 15000
    base.dbs_pence = 5400
    base.insurance_pence = 42000
    base.registration_pence = 90000
    base.other_pence = 180000
    base.surplus_percent = Decimal(3)
    return base
