"""Words people read, written once for the window, the CLI, the lists and the documents.

- Dates and times as shown (`format_date`: 07/12/2026; `format_instant`: a stored UTC instant as
  London wall-clock time, 07/12/2026 09:30): the one place the display format is written.
- A person's name as shown (`display_name`: the name they like to be called, else their first
  name, then their last name).
- The stored codes: a code is stored as a plain string (models/enums.py); what a person reads
  for it is decided here and nowhere else, so the staff list, the staff form and the command
  line cannot word the same role or visit outcome three ways. Labels the enums already carry
  (Nation, FundingType, ContactKind, ServiceType) are used from there.
"""

from __future__ import annotations

from datetime import date, datetime, time

from microoffice.core.clock import LONDON
from microoffice.core.models.enums import (
    ContactKind,
    EmploymentType,
    FundingType,
    LegalForm,
    Nation,
    OrganisationKind,
    ServiceType,
    StaffRole,
    VisitStatus,
)

VISIT_STATUS_LABELS = {
    VisitStatus.PLANNED: "Planned",
    VisitStatus.COMPLETED: "Done",
    VisitStatus.MISSED: "Missed",
    VisitStatus.CANCELLED_BY_CLIENT: "Cancelled by client",
    VisitStatus.CANCELLED_BY_PROVIDER: "Cancelled by us",
}
ROLE_LABELS = {
    StaffRole.OWNER: "Owner",
    StaffRole.REGISTERED_MANAGER: "Registered manager",
    StaffRole.SENIOR_CARER: "Senior carer",
    StaffRole.CARE_WORKER: "Care worker",
    StaffRole.ADMIN: "Administrator",
}
EMPLOYMENT_LABELS = {
    EmploymentType.OWNER: "Owner",
    EmploymentType.EMPLOYEE: "Employee",
    EmploymentType.ZERO_HOURS: "Zero-hours worker",
    EmploymentType.SELF_EMPLOYED: "Self-employed",
    EmploymentType.BANK: "Bank (casual)",
}
LEGAL_FORM_LABELS = {
    LegalForm.SOLE_TRADER: "Sole trader",
    LegalForm.PARTNERSHIP: "Partnership",
    LegalForm.LIMITED_COMPANY: "Limited company",
    LegalForm.CIC: "Community interest company",
    LegalForm.CHARITY: "Charity",
}
ORGANISATION_LABELS = {
    OrganisationKind.COUNCIL: "Council",
    OrganisationKind.MANAGED_ACCOUNT: "Managed-account provider",
    OrganisationKind.NHS: "NHS body",
    OrganisationKind.OTHER: "Other",
}

# (code, label) option lists, in the order a person chooses from them
NATIONS = [(n.value, n.label) for n in Nation]
FUNDING_TYPES = [(f.value, f.label) for f in FundingType]
CONTACT_KINDS = [(k.value, k.label) for k in ContactKind]
SERVICE_TYPES = [(s.value, s.label) for s in ServiceType]
ROLES = [(r.value, label) for r, label in ROLE_LABELS.items()]
EMPLOYMENT_TYPES = [(e.value, label) for e, label in EMPLOYMENT_LABELS.items()]
LEGAL_FORMS = [(f.value, label) for f, label in LEGAL_FORM_LABELS.items()]
ORGANISATION_KINDS = [(k.value, label) for k, label in ORGANISATION_LABELS.items()]


SKIPPED_LABEL = "Skipped"  # a plan's visit skipped on purpose (scheduling.merge.SKIPPED)


def visit_status_label(code: str) -> str:
    if code == "skipped":
        return SKIPPED_LABEL
    try:
        return VISIT_STATUS_LABELS[VisitStatus(code)]
    except ValueError:
        return code


def role_label(code: str) -> str:
    try:
        return ROLE_LABELS[StaffRole(code)]
    except ValueError:
        return code


def employment_label(code: str) -> str:
    try:
        return EMPLOYMENT_LABELS[EmploymentType(code)]
    except ValueError:
        return code


def nation_label(code: str) -> str:
    try:
        return Nation(code).label
    except ValueError:
        return code


def contact_kind_label(code: str) -> str:
    try:
        return ContactKind(code).label
    except ValueError:
        return code


def funding_label(code: str) -> str:
    try:
        return FundingType(code).label
    except ValueError:
        return code


def service_label(code: str) -> str:
    try:
        return ServiceType(code).label
    except ValueError:
        return code


# -- dates, times and names as shown --------------------------------------------------------


def format_date(day: date | None) -> str:
    """07/12/2026; '' for no date (an unrecorded end, a blank field)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if day else ""


def format_time(at: time | datetime | None) -> str:
    """09:30 (24-hour, as the rota and the forms show it); '' for none."""
    return f"{at.hour:02d}:{at.minute:02d}" if at is not None else ""


def format_instant(instant: datetime | None) -> str:
    """A stored instant as London wall-clock time, 07/12/2026 09:30, as lists show it; '' for
    none. A naive datetime is taken as wall-clock time already."""
    if instant is None:
        return ""
    local = instant.astimezone(LONDON) if instant.tzinfo is not None else instant
    return f"{format_date(local)} {format_time(local)}"


def format_when(instant: datetime | None) -> str:
    """07/12/2026 at 09:30, as a sentence says it; '' for none."""
    return format_instant(instant).replace(" ", " at ", 1)


def called(first: str, preferred: str) -> str:
    """The name a person likes to be called, else their first name ('Peggy' for Margaret)."""
    return preferred or first


def display_name(first: str, preferred: str, last: str) -> str:
    """The name a person is shown by in lists and on documents: the one they like to be
    called, then their last name ('Peggy Price' for Margaret 'Peggy' Price)."""
    return f"{called(first, preferred)} {last}".strip()
