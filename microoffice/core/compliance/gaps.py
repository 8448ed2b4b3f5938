"""Gaps for the evidence pack: the dashboard's red items as at a date, counted into plain
sentences per quality statement ("2 staff with expired moving and handling training"), plus the
period's blank MAR doses."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, time

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance.checks import DueItem, all_items
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.mar_slots import dose_slots

PROPER_WORDS = ("Oliver", "Care Certificate", "Mental Capacity", "DoLS")


def course_phrase(name: str) -> str:
    """'Moving and handling' -> 'moving and handling'; proper names keep their capitals."""
    if name.startswith(PROPER_WORDS):
        return name
    return name[:1].lower() + name[1:]


# (area, title pattern) -> (one, many); {0} is filled from the pattern's first group
PHRASES: tuple[tuple[str, str, str, str], ...] = (
    ("Care plans", r"No care plan", "person with no care plan", "people with no care plan"),
    (
        "Care plans",
        r"Care plan review overdue",
        "care plan review overdue",
        "care plan reviews overdue",
    ),
    (
        "Risk assessments",
        r".*",
        "risk assessment review overdue",
        "risk assessment reviews overdue",
    ),
    ("Consent", r".*", "consent or capacity review overdue", "consent or capacity reviews overdue"),
    ("DBS", r"No DBS", "member of staff with no DBS on file", "staff with no DBS on file"),
    (
        "DBS",
        r"DBS recheck",
        "member of staff with an overdue DBS recheck",
        "staff with an overdue DBS recheck",
    ),
    ("Right to work", r".*", "right to work check expired", "right to work checks expired"),
    (
        "Staff files",
        r".*",
        "staff file missing Schedule 3 items",
        "staff files missing Schedule 3 items",
    ),
    (
        "Training",
        r"(.+) training expired",
        "member of staff with expired {0} training",
        "staff with expired {0} training",
    ),
    (
        "Supervision",
        r".*",
        "member of staff overdue for supervision",
        "staff overdue for supervision",
    ),
    ("Appraisal", r".*", "member of staff overdue for appraisal", "staff overdue for appraisal"),
    (
        "Spot check",
        r".*",
        "member of staff overdue for a spot check",
        "staff overdue for a spot check",
    ),
    (
        "Complaints",
        r"Complaint not acknowledged",
        "complaint not acknowledged in time",
        "complaints not acknowledged in time",
    ),
    (
        "Complaints",
        r"Complaint response overdue",
        "complaint response overdue",
        "complaint responses overdue",
    ),
    ("Feedback", r".*", "client feedback survey overdue", "client feedback surveys overdue"),
    ("Notifications", r".*", "notification overdue", "notifications overdue"),
    (
        "Policies",
        r"Policy review overdue",
        "policy past its review date",
        "policies past their review date",
    ),
    ("Actions", r".*", "improvement action overdue", "improvement actions overdue"),
)


def _phrase(item: DueItem) -> tuple[str, str] | None:
    for area, pattern, one, many in PHRASES:
        if item.area != area:
            continue
        match = re.match(pattern, item.title)
        if match:
            group = course_phrase(match.group(1)) if match.groups() else ""
            return one.format(group), many.format(group)
    if item.area in ("Renewals", "Registration", "Policies"):
        return item.title, item.title
    return None


@needs(Right.GOVERNANCE)
def collect_gaps(session: Session, as_of: date, start: date, end: date) -> dict[str, list[str]]:
    counts: Counter[tuple[str, str, str]] = Counter()
    for item in all_items(session, as_of):
        if item.rag != "red" or item.area == "Medicines":
            continue
        phrase = _phrase(item)
        if phrase is not None:
            counts[(item.statement_id, *phrase)] += 1
    gaps: dict[str, list[str]] = defaultdict(list)
    for (sid, one, many), n in sorted(counts.items()):
        if one == many and not one[:1].islower():
            gaps[sid].append(one if n == 1 else f"{one} ({n})")
        else:
            gaps[sid].append(f"{n} {one if n == 1 else many}")
    until = min(clock.now(), clock.to_utc(as_of, time(23, 59)))
    blanks = sum(1 for s in dose_slots(session, start, as_of, until=until) if s.entry_id is None)
    if blanks:
        gaps["S8"].append(
            f"{blanks} scheduled dose{'s' if blanks != 1 else ''} with no MAR outcome in the period"
        )
    return dict(gaps)
