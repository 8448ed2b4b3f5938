"""VAT per invoice line, and the watch on the registration threshold (DOMAIN.md 9.3).

Care by a CQC-registered provider is exempt (welfare services, VATA 1994 Sch 9 Grp 7) by default;
companionship and day activities are treated as taxable unless a rate card says otherwise, since
HMRC has treated them so for unregistered providers (VERIFY with an accountant). A business with no
VAT number charges no VAT at all, but the app still watches its taxable turnover and warns at 80%
and 95% of the registration threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.billing.pricing import half_up
from microoffice.core.models.billing import Invoice, InvoiceLine
from microoffice.core.models.business import Business
from microoffice.core.models.enums import VatCategory
from microoffice.core.money import format_gbp
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.business import get_business, reference_value

WELFARE_SERVICES = frozenset({"personal_care", "domestic", "sleep_in", "waking_night"})
STANDARD_RATE = Decimal("0.20")
EXEMPT_WORDING = "Exempt – welfare services (VATA 1994 Sch 9 Grp 7)"
CATEGORY_LABELS = {
    VatCategory.EXEMPT_WELFARE.value: EXEMPT_WORDING,
    VatCategory.STANDARD_20.value: "Standard rate 20%",
    VatCategory.OUTSIDE_SCOPE.value: "Outside the scope of VAT",
    VatCategory.NOT_REGISTERED.value: "No VAT (not VAT registered)",
}


def is_vat_registered(business: Business) -> bool:
    return bool(business.vat_number.strip())


def would_be_exempt(cqc_registered: bool, service_type: str) -> bool:
    return cqc_registered and service_type in WELFARE_SERVICES


def line_category(
    card_category: str, *, vat_registered: bool, cqc_registered: bool, service_type: str
) -> str:
    """The VAT category of one line: the card's explicit choice, else the default rule."""
    if not vat_registered:
        return VatCategory.NOT_REGISTERED.value
    if card_category in (
        VatCategory.EXEMPT_WELFARE.value,
        VatCategory.STANDARD_20.value,
        VatCategory.OUTSIDE_SCOPE.value,
    ):
        return card_category
    if would_be_exempt(cqc_registered, service_type):
        return VatCategory.EXEMPT_WELFARE.value
    return VatCategory.STANDARD_20.value


def vat_on(amount_pence: int, category: str) -> int:
    if category != VatCategory.STANDARD_20.value:
        return 0
    return half_up(Decimal(amount_pence) * STANDARD_RATE)


@dataclass(frozen=True)
class VatWatch:
    taxable_pence: int
    threshold_pence: int
    level: str  # registered | ok | near | very_near | over
    message: str

    @property
    def percent(self) -> int:
        return self.taxable_pence * 100 // self.threshold_pence if self.threshold_pence else 0


@needs(Right.MONEY)
def taxable_turnover(session: Session, business: Business, start: date, end: date) -> int:
    """Net charges between the dates that would be taxable (exempt supplies do not count)."""
    rows = session.execute(
        select(InvoiceLine.amount_pence, InvoiceLine.detail, InvoiceLine.vat_category)
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(Invoice.status != "draft", Invoice.issued_on >= start, Invoice.issued_on <= end)
    )
    total = 0
    for amount, detail, category in rows:
        if category == VatCategory.OUTSIDE_SCOPE.value:
            continue
        service = (detail or {}).get("service_type", "personal_care")
        if category == VatCategory.EXEMPT_WELFARE.value or would_be_exempt(
            business.cqc_registered, service
        ):
            continue
        total += amount
    return total


@needs(Right.MONEY)
def threshold_watch(session: Session, on: date | None = None) -> VatWatch:
    day = on or clock.today()
    business = get_business(session)
    threshold = int(reference_value(session, "vat_registration_threshold_pence", day) or 0)
    taxable = taxable_turnover(session, business, day - timedelta(days=364), day)
    if is_vat_registered(business):
        return VatWatch(taxable, threshold, "registered", "The business is VAT registered.")
    if not threshold:
        return VatWatch(taxable, 0, "ok", "No VAT threshold is recorded in the reference data.")
    share = taxable * 100 / threshold
    said = (
        f"Taxable turnover in the last 12 months is {format_gbp(taxable)}, "
        f"{share:.0f}% of the VAT registration threshold ({format_gbp(threshold)})."
    )
    if taxable > threshold:
        return VatWatch(
            taxable, threshold, "over", said + " You must register for VAT: speak to an accountant."
        )
    if share >= 95:
        return VatWatch(taxable, threshold, "very_near", said + " Talk to an accountant now.")
    if share >= 80:
        return VatWatch(taxable, threshold, "near", said + " Keep an eye on it.")
    return VatWatch(taxable, threshold, "ok", said)
