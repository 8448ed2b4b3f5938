"""Closed vocabularies stored as plain strings, so exports read well and new values need no DDL."""

from __future__ import annotations

from enum import StrEnum


class Nation(StrEnum):
    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern_ireland"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").title()


class LegalForm(StrEnum):
    SOLE_TRADER = "sole_trader"
    PARTNERSHIP = "partnership"
    LIMITED_COMPANY = "ltd"
    CIC = "cic"
    CHARITY = "charity"


class FundingType(StrEnum):
    SELF = "SELF"
    DIRECT_PAYMENT = "DP"
    DIRECT_PAYMENT_MANAGED = "DP_MANAGED"
    COUNCIL = "LA"
    INDIVIDUAL_SERVICE_FUND = "ISF"
    CHC = "CHC"
    THIRD_PARTY = "THIRD"

    @property
    def label(self) -> str:
        return FUNDING_LABELS[self]


FUNDING_LABELS = {
    FundingType.SELF: "Self-funder",
    FundingType.DIRECT_PAYMENT: "Direct payment",
    FundingType.DIRECT_PAYMENT_MANAGED: "Direct payment (managed account)",
    FundingType.COUNCIL: "Council-commissioned",
    FundingType.INDIVIDUAL_SERVICE_FUND: "Individual service fund",
    FundingType.CHC: "NHS Continuing Healthcare",
    FundingType.THIRD_PARTY: "Third-party payer",
}


class ContactKind(StrEnum):
    NEXT_OF_KIN = "next_of_kin"
    LPA_FINANCE = "lpa_finance"
    LPA_HEALTH = "lpa_health"
    DEPUTY_FINANCE = "deputy_finance"
    DEPUTY_HEALTH = "deputy_health"
    DP_NOMINATED = "dp_nominated"
    DP_AUTHORISED = "dp_authorised"
    APPOINTEE = "appointee"
    FAMILY = "family"
    GP = "gp"
    SOCIAL_WORKER = "social_worker"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CONTACT_LABELS[self]

    @property
    def needs_document(self) -> bool:
        """Legal authority (LPA, deputyship, DP nomination) must be seen before it is relied on."""
        return self in LEGAL_AUTHORITIES


LEGAL_AUTHORITIES = frozenset(
    {
        ContactKind.LPA_FINANCE,
        ContactKind.LPA_HEALTH,
        ContactKind.DEPUTY_FINANCE,
        ContactKind.DEPUTY_HEALTH,
        ContactKind.DP_NOMINATED,
        ContactKind.DP_AUTHORISED,
        ContactKind.APPOINTEE,
    }
)

CONTACT_LABELS = {
    ContactKind.NEXT_OF_KIN: "Next of kin",
    ContactKind.LPA_FINANCE: "LPA (property and financial affairs)",
    ContactKind.LPA_HEALTH: "LPA (health and welfare)",
    ContactKind.DEPUTY_FINANCE: "Deputy (property and affairs)",
    ContactKind.DEPUTY_HEALTH: "Deputy (personal welfare)",
    ContactKind.DP_NOMINATED: "Direct payment nominated person",
    ContactKind.DP_AUTHORISED: "Direct payment authorised person",
    ContactKind.APPOINTEE: "DWP appointee",
    ContactKind.FAMILY: "Family member",
    ContactKind.GP: "GP",
    ContactKind.SOCIAL_WORKER: "Social worker",
    ContactKind.OTHER: "Other",
}


class OrganisationKind(StrEnum):
    COUNCIL = "council"
    MANAGED_ACCOUNT = "managed_account"
    NHS = "nhs"
    OTHER = "other"


class StaffRole(StrEnum):
    OWNER = "owner"
    REGISTERED_MANAGER = "registered_manager"
    SENIOR_CARER = "senior_carer"
    CARE_WORKER = "care_worker"
    ADMIN = "admin"


class EmploymentType(StrEnum):
    OWNER = "owner"
    EMPLOYEE = "employee"
    ZERO_HOURS = "zero_hours"
    SELF_EMPLOYED = "self_employed"
    BANK = "bank"


class ServiceType(StrEnum):
    PERSONAL_CARE = "personal_care"
    DOMESTIC = "domestic"
    COMPANIONSHIP = "companionship"
    DAY_ACTIVITY = "day_activity"
    SLEEP_IN = "sleep_in"
    WAKING_NIGHT = "waking_night"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class VisitStatus(StrEnum):
    PLANNED = "planned"
    COMPLETED = "completed"
    MISSED = "missed"
    CANCELLED_BY_CLIENT = "cancelled_client"
    CANCELLED_BY_PROVIDER = "cancelled_provider"


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    PART_PAID = "part_paid"
    PAID = "paid"
    VOID = "void"


class VatCategory(StrEnum):
    EXEMPT_WELFARE = "EXEMPT_WELFARE"
    STANDARD_20 = "STANDARD_20"
    OUTSIDE_SCOPE = "OUTSIDE_SCOPE"
    NOT_REGISTERED = "NOT_REGISTERED"


class PersonRole(StrEnum):
    """What a person who signs in may do (docs/people.md; core/people/rights.py)."""

    OWNER = "owner"
    MANAGER = "manager"
    CARER = "carer"
    BOOKKEEPER = "bookkeeper"

    @property
    def label(self) -> str:
        return self.value.capitalize()
