"""The evidence pack's words for findings (compliance/findings.py): items about people counted into
plain sentences per quality statement ("2 staff with expired moving and handling training"), so
the pack names nobody in full while listing exactly what the dashboard lists."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from microoffice.core.compliance.checks import DueItem

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
    (
        "Medicines",
        r"\d+ due dose",
        "person with recent due doses with no MAR outcome",
        "people with recent due doses with no MAR outcome",
    ),
)
# A finding about one person ends with their name ("...: Sam Stale", "... for Edna Price").
_NAMED = re.compile(r"^(.*?)(?::| for) [^:]+$")


def _phrase(item: DueItem) -> tuple[str, str]:
    if item.rag == "red":
        for area, pattern, one, many in PHRASES:
            if item.area != area:
                continue
            match = re.match(pattern, item.title)
            if match:
                group = course_phrase(match.group(1)) if match.groups() else ""
                return one.format(group), many.format(group)
    if item.ref is not None and item.ref[0] in ("client", "staff"):  # about one person: what
        # it is, without their name, counted
        match = _NAMED.match(item.title)
        what = match.group(1) if match else item.area
        return what, what
    return item.title, item.title


def phrases(items: Iterable[DueItem]) -> list[str]:
    """One line per kind of finding: '14 people with no care plan', 'No consent recorded (14)',
    'Client feedback survey due'."""
    counts: Counter[tuple[str, str]] = Counter(_phrase(item) for item in items)
    out = []
    for (one, many), n in sorted(counts.items()):
        if one == many and not one[:1].islower():
            out.append(one if n == 1 else f"{one} ({n})")
        else:
            out.append(f"{n} {one if n == 1 else many}")
    return out
