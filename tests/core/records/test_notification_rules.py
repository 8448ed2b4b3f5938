"""Acceptance 3: each incident type in DOMAIN.md 5 gives the right notifications and deadlines.

Deadlines are worked out by hand below. The incident happened on Monday 7 December 2026 at 08:00
and the business found out at 09:00 (London = UTC in December). "Without delay" is escalated after
24 hours: Tuesday 8 December 09:00. Ten working days from Monday 7 December is Monday 21 December.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from microoffice.core import clock
from microoffice.core.db.database import Database
from microoffice.core.records import incidents
from microoffice.core.records.incident_types import INCIDENT_KINDS
from microoffice.core.records.notification_rules import IncidentFacts, required_notifications
from microoffice.core.records.notifications import (
    decide_notification,
    log_notification,
    notification_status,
    notifications_sent,
    open_notifications,
)
from tests.core.care_home import Home

OCCURRED = datetime(2026, 12, 7, 8, 0, tzinfo=clock.LONDON)
AWARE = datetime(2026, 12, 7, 9, 0, tzinfo=clock.LONDON)
NEXT_DAY = "2026-12-08 09:00"  # aware + 24 hours
TEN_WORKING_DAYS = "2026-12-21 23:59"

# (case, kind, harm, answers, {code: London deadline or None})
TABLE: list[tuple[str, str, str, dict[str, Any], dict[str, str | None]]] = [
    ("accident, low harm", "accident", "low", {}, {}),
    (
        "fall, serious injury, council funded",
        "fall",
        "severe",
        {"serious_injury": True, "council_funded": True},
        {
            "CQC_SERIOUS_INJURY": NEXT_DAY,
            "DOC_IN_PERSON": TEN_WORKING_DAYS,
            "DOC_WRITTEN": TEN_WORKING_DAYS,
            "COUNCIL_CONTRACT": NEXT_DAY,
        },
    ),
    (
        "injury to a worker, specified injury",
        "injury",
        "severe",
        {"person_affected": "staff", "specified_injury": True},
        {"RIDDOR": "2026-12-17 23:59"},
    ),
    (
        "injury to a worker, off over 7 days",
        "injury",
        "moderate",
        {"person_affected": "staff", "over_7_days": True},
        {"RIDDOR": "2026-12-22 23:59"},
    ),
    (
        "equipment, visitor taken to hospital",
        "equipment",
        "moderate",
        {"person_affected": "other", "taken_to_hospital": True},
        {"RIDDOR": "2026-12-17 23:59"},
    ),
    (
        "medication error, moderate harm, council funded",
        "medication_error",
        "moderate",
        {"council_funded": True},
        {"COUNCIL_CONTRACT": NEXT_DAY},
    ),
    ("missed visit, no harm", "missed_visit", "none", {}, {}),
    (
        "safeguarding, physical abuse",
        "safeguarding",
        "low",
        {"category": "physical"},
        {"CQC_ABUSE": NEXT_DAY, "LA_SAFEGUARDING": NEXT_DAY},
    ),
    (
        "safeguarding, self-neglect only",
        "safeguarding",
        "low",
        {"category": "self_neglect"},
        {"LA_SAFEGUARDING": NEXT_DAY},
    ),
    (
        "complaint alleging abuse",
        "complaint_related",
        "none",
        {"abuse_alleged": True},
        {"CQC_ABUSE": NEXT_DAY, "LA_SAFEGUARDING": NEXT_DAY},
    ),
    (
        "death during a visit, natural causes",
        "death",
        "death",
        {"during_service": True, "unexpected": False},
        {"CQC_DEATH": NEXT_DAY},
    ),
    (
        "death that may relate to care",
        "death",
        "death",
        {"may_relate_to_care": True},
        {"CQC_DEATH": NEXT_DAY, "DOC_IN_PERSON": TEN_WORKING_DAYS, "DOC_WRITTEN": TEN_WORKING_DAYS},
    ),
    ("expected death, not during a visit", "death", "death", {"unexpected": False}, {}),
    ("property damage", "property_damage", "none", {}, {}),
    ("police involvement", "police", "none", {}, {"CQC_POLICE": NEXT_DAY}),
    ("near miss", "near_miss", "none", {}, {}),
    ("infection, low harm", "infection", "low", {}, {}),
    ("data breach", "data_breach", "none", {}, {"ICO_BREACH": "2026-12-10 09:00"}),
    (
        "data breach, high risk",
        "data_breach",
        "none",
        {"high_risk": True},
        {"ICO_BREACH": "2026-12-10 09:00", "DATA_SUBJECTS": NEXT_DAY},
    ),
    ("data breach, no risk", "data_breach", "none", {"risk_to_individuals": False}, {}),
    ("service disruption", "service_disruption", "none", {}, {"CQC_SERVICE_THREAT": NEXT_DAY}),
    (
        # 5 working days from Mon 21 Dec 2026 skip Christmas (Fri 25) and the Boxing Day
        # substitute (Mon 28): 22, 23, 24, 29, 30.
        "unplanned absence of the manager",
        "manager_absence",
        "none",
        {"absence_start": "2026-12-21", "absence_planned": False},
        {"CQC_ABSENCE": "2026-12-30 23:59"},
    ),
    (
        "planned absence and return",
        "manager_absence",
        "none",
        {"absence_start": "2027-02-01", "absence_planned": True, "returned_on": "2027-02-26"},
        {"CQC_ABSENCE": "2027-01-04 23:59", "CQC_ABSENCE_RETURN": "2027-02-27 23:59"},
    ),
    (
        "Court of Protection DoL application",
        "dol_application",
        "none",
        {},
        {"CQC_DOL_COURT": NEXT_DAY},
    ),
    (
        "registration change",
        "registration_change",
        "none",
        {"change_on": "2027-01-04"},
        {"CQC_CHANGES": "2027-01-04 23:59"},
    ),
    (
        "statement of purpose revised",
        "sop_revision",
        "none",
        {"revised_on": "2026-12-01"},
        {"CQC_SOP": "2026-12-29 23:59"},
    ),
    (
        "death of the individual provider",
        "provider_death",
        "none",
        {},
        {"CQC_PROVIDER_DEATH": NEXT_DAY},
    ),
    (
        "CQC asks for a governance report",
        "cqc_governance_request",
        "none",
        {"requested_on": "2026-12-03"},
        {"CQC_REQ_GOVERNANCE": "2026-12-31 23:59"},
    ),
    (
        "CQC asks for a complaints summary",
        "cqc_complaints_request",
        "none",
        {"requested_on": "2026-12-03"},
        {"CQC_REQ_COMPLAINTS": "2026-12-31 23:59"},
    ),
    ("worker removed from care", "staff_removed", "none", {}, {"DBS_BARRING": None}),
    (
        "accident where a crime may have happened",
        "accident",
        "low",
        {"crime_suspected": True},
        {"POLICE": NEXT_DAY},
    ),
]


def _local(due: datetime | None) -> str | None:
    return None if due is None else f"{clock.to_local(due):%Y-%m-%d %H:%M}"


@pytest.mark.parametrize(
    ("case", "kind", "harm", "answers", "expected"), TABLE, ids=[t[0] for t in TABLE]
)
def test_notifications_and_deadlines(
    case: str, kind: str, harm: str, answers: dict[str, Any], expected: dict[str, str | None]
) -> None:
    facts = IncidentFacts(
        kind=kind, occurred_at=OCCURRED, aware_at=AWARE, harm=harm, answers=answers
    )
    got = {d.code: _local(d.due_at) for d in required_notifications(facts)}
    assert got == expected


def test_the_table_covers_every_incident_type() -> None:
    assert {row[1] for row in TABLE} == set(INCIDENT_KINDS)


def test_written_candour_notice_follows_the_conversation_in_person() -> None:
    facts = IncidentFacts(kind="fall", occurred_at=OCCURRED, aware_at=AWARE, harm="severe")
    in_person = datetime(2026, 12, 9, 14, 0, tzinfo=clock.LONDON)
    dues = {d.code: _local(d.due_at) for d in required_notifications(facts, in_person_at=in_person)}
    # ten working days from Wednesday 9 December: 10, 11, 14, 15, 16, 17, 18, 21, 22, 23
    assert dues["DOC_WRITTEN"] == "2026-12-23 23:59"
    assert dues["DOC_IN_PERSON"] == TEN_WORKING_DAYS


def test_log_and_status_of_an_incidents_notifications(db: Database, home: Home) -> None:
    client = home.client()
    clock.freeze(datetime(2026, 12, 8, 12, 0))  # 27 hours after finding out: CQC is overdue
    with db.session() as s:
        incident = incidents.record_incident(
            s,
            incidents.IncidentData(
                kind="fall",
                client_id=client,
                occurred_at=OCCURRED,
                aware_at=AWARE,
                harm="severe",
                description="Fell getting out of bed; hip fracture confirmed at hospital.",
                answers={"serious_injury": True},
            ),
            author="Jo",
        )
        incident_id = incident.id
        states = {st.due.code: st.status for st in notification_status(s, incident_id)}
        assert states == {
            "CQC_SERIOUS_INJURY": "overdue",
            "DOC_IN_PERSON": "pending",
            "DOC_WRITTEN": "pending",
        }
        log_notification(
            s, incident_id, "CQC_SERIOUS_INJURY", "Barbara Owner", reference="CQC-INJ-771"
        )
        log_notification(
            s,
            incident_id,
            "DOC_IN_PERSON",
            "Barbara Owner",
            sent_at=datetime(2026, 12, 8, 11, 0, tzinfo=clock.LONDON),
            notes="Met Edna's daughter, explained and apologised.",
        )
        decide_notification(
            s, incident_id, "RIDDOR", True, "Hoist failed: HSE asked us to report", "Barbara Owner"
        )
    with db.session() as s:
        by_code = {st.due.code: st for st in notification_status(s, incident_id)}
        cqc = by_code["CQC_SERIOUS_INJURY"]
        assert (cqc.status, cqc.late, cqc.sent_by, cqc.reference) == (
            "sent",
            True,
            "Barbara Owner",
            "CQC-INJ-771",
        )
        assert by_code["DOC_IN_PERSON"].status == "sent"
        assert not by_code["DOC_IN_PERSON"].late
        # the written notice is now due ten working days after the conversation (Tue 8 Dec)
        assert _local(by_code["DOC_WRITTEN"].due.due_at) == "2026-12-22 23:59"
        assert by_code["RIDDOR"].status == "pending"
        sent = notifications_sent(s, incident_id)
        assert [(n.kind, n.sent_by) for n in sent] == [
            ("DOC_IN_PERSON", "Barbara Owner"),
            ("CQC_SERIOUS_INJURY", "Barbara Owner"),
        ]
        assert {st.due.code for st in open_notifications(s)} == {"DOC_WRITTEN", "RIDDOR"}
        decide_notification(
            s, incident_id, "DOC_WRITTEN", False, "Family asked for no letter; noted", "Barbara"
        )
        assert {st.due.code for st in open_notifications(s)} == {"RIDDOR"}
