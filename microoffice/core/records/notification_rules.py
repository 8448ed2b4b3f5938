"""Which notifications an incident needs, to whom and by when (DOMAIN.md 3.1, 5.1, 5.2, 11.5).

A pure decision table over the incident's kind, harm and answers: no database writes, so every row
of it is tested directly. "Without delay" has no statutory number of hours; we escalate after a
policy default (record_rules.json) and say so. Where the research was weak (RIDDOR, DBS barring)
the requirement is a prompt marked VERIFY, not a verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.records.incident_types import CANDOUR_HARM
from microoffice.core.records.rules import add_working_days, rule


@dataclass(frozen=True)
class Kind:
    title: str
    to: str
    basis: str
    statutory: bool = True
    verify: bool = False


CATALOGUE: dict[str, Kind] = {
    "CQC_DEATH": Kind("Death of a service user", "CQC", "CQC (Registration) Regs 2009 reg 16"),
    "CQC_SERIOUS_INJURY": Kind("Serious injury to a service user", "CQC", "Reg 18(2)(a),(b) 2009"),
    "CQC_ABUSE": Kind("Abuse or allegation of abuse", "CQC", "Reg 18(2)(e) 2009"),
    "CQC_POLICE": Kind(
        "Incident reported to or investigated by the police", "CQC", "Reg 18(2)(f) 2009"
    ),
    "CQC_SERVICE_THREAT": Kind(
        "Event stopping the service running safely", "CQC", "Reg 18(2)(g) 2009"
    ),
    "CQC_DOL_COURT": Kind(
        "Application to deprive a person of their liberty", "CQC", "Reg 18(2)(d) 2009"
    ),
    "CQC_ABSENCE": Kind("Absence of the registered person (28 days or more)", "CQC", "Reg 14 2009"),
    "CQC_ABSENCE_RETURN": Kind(
        "Return of the registered person from absence", "CQC", "Reg 14 2009"
    ),
    "CQC_CHANGES": Kind("Change to registration details", "CQC", "Reg 15 2009"),
    "CQC_SOP": Kind("Revised statement of purpose", "CQC", "Reg 12(3) 2009"),
    "CQC_PROVIDER_DEATH": Kind("Death of the registered individual provider", "CQC", "Reg 21 2009"),
    "CQC_REQ_GOVERNANCE": Kind(
        "Written governance report requested by the CQC", "CQC", "Reg 17(3) 2014"
    ),
    "CQC_REQ_COMPLAINTS": Kind("Complaints summary requested by the CQC", "CQC", "Reg 16(3) 2014"),
    "LA_SAFEGUARDING": Kind(
        "Safeguarding concern to the council",
        "Council adult safeguarding team",
        "Care Act 2014 s42",
    ),
    "DOC_IN_PERSON": Kind(
        "Duty of candour: tell the person in person, with an apology",
        "The person or their family",
        "Reg 20 2014 (target is a policy default)",
    ),
    "DOC_WRITTEN": Kind(
        "Duty of candour: written notification (keep a copy)",
        "The person or their family",
        "Reg 20 2014 (target is a policy default)",
    ),
    "RIDDOR": Kind("RIDDOR report", "Health and Safety Executive", "RIDDOR 2013", verify=True),
    "ICO_BREACH": Kind("Personal data breach report", "ICO", "UK GDPR Art 33"),
    "DATA_SUBJECTS": Kind(
        "Tell the people affected by the data breach", "The people affected", "UK GDPR Art 34"
    ),
    "POLICE": Kind("Report a possible crime", "Police", "Good practice", statutory=False),
    "COUNCIL_CONTRACT": Kind(
        "Tell the commissioning council or NHS team",
        "Commissioner",
        "Contract terms (COMMON)",
        statutory=False,
    ),
    "DBS_BARRING": Kind(
        "DBS barring referral",
        "Disclosure and Barring Service",
        "Safeguarding Vulnerable Groups Act 2006",
        verify=True,
    ),
}

CARE_KINDS = frozenset(
    {
        "accident", "fall", "injury", "medication_error", "missed_visit", "safeguarding",
        "complaint_related", "death", "property_damage", "police", "near_miss", "infection",
        "equipment", "data_breach",
    }
)  # fmt: skip
INJURY_KINDS = CARE_KINDS - {"death", "near_miss", "data_breach", "property_damage"}
RIDDOR_KINDS = frozenset({"accident", "fall", "injury", "equipment"})


@dataclass(frozen=True)
class IncidentFacts:
    kind: str
    occurred_at: datetime
    aware_at: datetime
    harm: str = "none"
    answers: Mapping[str, Any] = field(default_factory=dict)
    nation: str = "england"


@dataclass(frozen=True)
class Due:
    code: str
    title: str
    to: str
    due_at: datetime | None
    deadline: str
    basis: str
    statutory: bool
    verify: bool


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value)
    return None


def end_of(day: date) -> datetime:
    return clock.to_utc(day, time(23, 59))


class _Builder:
    def __init__(self, facts: IncidentFacts, session: Session | None) -> None:
        self.facts = facts
        self.session = session
        self.out: dict[str, Due] = {}
        hours = rule("without_delay_hours", session)
        self.without_delay = facts.aware_at + timedelta(hours=hours)
        self.delay_text = f"without delay (policy: within {hours} hours of finding out)"

    def add(self, code: str, due_at: datetime | None, deadline: str) -> None:
        kind = CATALOGUE[code]
        self.out[code] = Due(
            code, kind.title, kind.to, due_at, deadline, kind.basis, kind.statutory, kind.verify
        )

    def now(self, code: str) -> None:
        self.add(code, self.without_delay, self.delay_text)

    def working_days(self, start: date, days: int) -> datetime:
        return end_of(add_working_days(start, days, self.facts.nation, self.session))


def required_notifications(
    facts: IncidentFacts,
    session: Session | None = None,
    in_person_at: datetime | None = None,
) -> list[Due]:
    """The notifications this incident needs, each with its deadline, in deadline order."""
    b = _Builder(facts, session)
    a = facts.answers
    kind = facts.kind

    def yes(key: str) -> bool:
        return bool(a.get(key))

    person = a.get("person_affected") or "client"
    _cqc_care_events(b, facts, person, yes)
    _cqc_registration_events(b, facts)
    if kind == "safeguarding" or yes("abuse_alleged"):
        b.now("LA_SAFEGUARDING")
    if yes("crime_suspected") and not yes("police_involved") and kind != "police":
        b.now("POLICE")
    _candour(b, facts, person, yes, in_person_at)
    _riddor(b, facts, person, yes)
    if kind == "data_breach" and a.get("risk_to_individuals", True):
        hours = rule("ico_breach_hours", session)
        b.add(
            "ICO_BREACH",
            facts.aware_at + timedelta(hours=hours),
            f"within {hours} hours of becoming aware (legal limit)",
        )
        if yes("high_risk"):
            b.now("DATA_SUBJECTS")
    if kind == "staff_removed":
        b.add("DBS_BARRING", None, "as soon as the conditions for referral are met (VERIFY)")
    serious = facts.harm in ("moderate", *CANDOUR_HARM)
    cqc_due = any(code.startswith("CQC_") for code in b.out)
    if (
        yes("council_funded")
        and kind in CARE_KINDS
        and (serious or cqc_due or "LA_SAFEGUARDING" in b.out)
    ):
        b.now("COUNCIL_CONTRACT")
    far = datetime.max.replace(tzinfo=facts.aware_at.tzinfo)
    return sorted(b.out.values(), key=lambda d: (d.due_at or far, d.code))


def _cqc_care_events(b: _Builder, facts: IncidentFacts, person: str, yes: Any) -> None:
    kind = facts.kind
    if kind == "death" and (yes("during_service") or yes("may_relate_to_care")):
        b.now("CQC_DEATH")
    serious = yes("serious_injury") or facts.harm in ("severe", "prolonged_psych")
    if kind in INJURY_KINDS and person == "client" and serious:
        b.now("CQC_SERIOUS_INJURY")
    self_neglect_only = (
        kind == "safeguarding"
        and facts.answers.get("category") == "self_neglect"
        and not yes("abuse_alleged")
    )
    if (kind == "safeguarding" or yes("abuse_alleged")) and not self_neglect_only:
        b.now("CQC_ABUSE")
    if kind == "police" or yes("police_involved"):
        b.now("CQC_POLICE")
    if kind == "service_disruption":
        b.now("CQC_SERVICE_THREAT")
    if kind == "dol_application":
        b.now("CQC_DOL_COURT")
    if kind == "provider_death":
        b.now("CQC_PROVIDER_DEATH")


def _cqc_registration_events(b: _Builder, facts: IncidentFacts) -> None:
    a = facts.answers
    kind = facts.kind
    if kind == "manager_absence":
        start = _day(a.get("absence_start")) or clock.to_local(facts.occurred_at).date()
        if a.get("absence_planned"):
            b.add(
                "CQC_ABSENCE",
                end_of(start - timedelta(days=28)),
                "at least 28 days before a planned absence starts",
            )
        else:
            b.add(
                "CQC_ABSENCE",
                b.working_days(start, 5),
                "within 5 working days of an unplanned absence starting",
            )
        returned = _day(a.get("returned_on"))
        if returned is not None:
            b.add(
                "CQC_ABSENCE_RETURN",
                end_of(returned + timedelta(days=1)),
                "without delay after the return (policy: by the end of the next day)",
            )
    if kind == "sop_revision":
        revised = _day(a.get("revised_on")) or clock.to_local(facts.occurred_at).date()
        b.add("CQC_SOP", end_of(revised + timedelta(days=28)), "within 28 days of the revision")
    if kind in ("cqc_governance_request", "cqc_complaints_request"):
        asked = _day(a.get("requested_on")) or clock.to_local(facts.aware_at).date()
        code = "CQC_REQ_GOVERNANCE" if kind == "cqc_governance_request" else "CQC_REQ_COMPLAINTS"
        b.add(
            code,
            end_of(asked + timedelta(days=28)),
            "within 28 days, counting from the day after the request",
        )
    if kind == "registration_change":
        change = _day(a.get("change_on")) or clock.to_local(facts.occurred_at).date()
        b.add("CQC_CHANGES", end_of(change), "before the change takes effect where possible")


def _candour(
    b: _Builder, facts: IncidentFacts, person: str, yes: Any, in_person_at: datetime | None
) -> None:
    if facts.kind not in CARE_KINDS or person != "client":
        return
    if not facts.answers.get("unexpected", True):
        return
    if facts.kind == "death" and not yes("may_relate_to_care"):
        return
    if facts.harm not in CANDOUR_HARM and not yes("serious_injury"):
        return
    days = rule("candour_working_days", b.session)
    aware_day = clock.to_local(facts.aware_at).date()
    b.add(
        "DOC_IN_PERSON",
        b.working_days(aware_day, days),
        f"as soon as reasonably practicable (policy: {days} working days)",
    )
    base = clock.to_local(in_person_at).date() if in_person_at else aware_day
    b.add(
        "DOC_WRITTEN",
        b.working_days(base, days),
        f"after the conversation in person (policy: {days} working days)",
    )


def _riddor(b: _Builder, facts: IncidentFacts, person: str, yes: Any) -> None:
    if facts.kind not in RIDDOR_KINDS:
        return
    day = clock.to_local(facts.occurred_at).date()
    if person == "staff" and (yes("specified_injury") or facts.harm == "death"):
        b.add(
            "RIDDOR",
            end_of(day + timedelta(days=10)),
            "tell the HSE by the quickest means without delay; report within 10 days",
        )
    elif person == "staff" and yes("over_7_days"):
        b.add("RIDDOR", end_of(day + timedelta(days=15)), "within 15 days of the accident")
    elif person != "staff" and yes("taken_to_hospital"):
        b.add("RIDDOR", end_of(day + timedelta(days=10)), "within 10 days (VERIFY that it applies)")


def due_from_catalogue(
    code: str, facts: IncidentFacts, decided_at: datetime, session: Session | None = None
) -> Due:
    """A notification a person decided is needed although the rules did not suggest it: due
    without delay from the decision."""
    b = _Builder(facts, session)
    hours = rule("without_delay_hours", session)
    b.add(
        code,
        decided_at + timedelta(hours=hours),
        f"without delay after deciding (policy: {hours} hours)",
    )
    return b.out[code]
