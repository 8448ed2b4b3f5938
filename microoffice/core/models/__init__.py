"""Typed ORM models, one module per aggregate. Importing this package registers every table."""

from microoffice.core.models import (  # noqa: F401
    audit,
    billing,
    business,
    clients,
    governance,
    records,
    retention,
    staff,
    visits,
)
from microoffice.core.models.audit import AuditLog
from microoffice.core.models.business import BankHolidayOverride, Business, ReferenceValue, Setting
from microoffice.core.models.clients import Client, Contact, FundingArrangement, Organisation
from microoffice.core.models.staff import Staff

__all__ = [
    "AuditLog",
    "BankHolidayOverride",
    "Business",
    "Client",
    "Contact",
    "FundingArrangement",
    "Organisation",
    "ReferenceValue",
    "Setting",
    "Staff",
]
