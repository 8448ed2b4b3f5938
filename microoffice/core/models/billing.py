"""Rate cards, invoices, credit notes and payments. All money is integer pence."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from microoffice.core.db.base import Base, Entity, Record
from microoffice.core.models import clients, visits  # noqa: F401  (tables its foreign keys name)


class RateCard(Entity, Base):
    """What a client's contract charges, effective-dated so issued invoices never change.

    Enhancements and cancellation rules are structured JSON (documented in docs/billing.md)
    because their shape varies by contract far more than a fixed column set allows.
    """

    __tablename__ = "rate_card"

    client_id: Mapped[int | None] = mapped_column(ForeignKey("client.id"), index=True)
    funding_id: Mapped[int | None] = mapped_column(
        ForeignKey("funding_arrangement.id"), nullable=True
    )
    name: Mapped[str] = mapped_column(String(120), default="")
    is_template: Mapped[bool] = mapped_column(default=False)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    hourly_rate_pence: Mapped[int] = mapped_column(default=0)
    bands: Mapped[dict[str, int]] = mapped_column(default=dict)
    minimum_minutes: Mapped[int] = mapped_column(default=30)
    billing_unit_minutes: Mapped[int] = mapped_column(default=15)
    rounding: Mapped[str] = mapped_column(String(10), default="UP")
    grace_minutes: Mapped[int] = mapped_column(default=5)
    charge_basis: Mapped[str] = mapped_column(String(12), default="PLANNED")
    enhancements: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    bank_holiday_day_rule: Mapped[str] = mapped_column(String(12), default="both")
    double_up_rule: Mapped[str] = mapped_column(String(12), default="double")
    double_up_rate_pence: Mapped[int | None] = mapped_column(nullable=True)
    fixed_prices: Mapped[dict[str, int]] = mapped_column(default=dict)
    mileage_pence_per_mile: Mapped[int] = mapped_column(default=0)
    cancellation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    payment_terms_days: Mapped[int] = mapped_column(default=14)
    vat_category: Mapped[str] = mapped_column(String(20), default="NOT_REGISTERED")


class NumberSeries(Base):
    """The next number per series; taken in the same transaction as the issue, so no gaps."""

    __tablename__ = "number_series"

    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    next_number: Mapped[int] = mapped_column(default=1)


class Invoice(Entity, Base):
    """An invoice or credit note. Once issued it is frozen (services and database both refuse)."""

    __tablename__ = "invoice"
    __table_args__ = (UniqueConstraint("series", "number"),)

    kind: Mapped[str] = mapped_column(String(12), default="invoice")  # invoice | credit_note
    series: Mapped[str] = mapped_column(String(20), default="INV")
    number: Mapped[int | None] = mapped_column(nullable=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    funding_id: Mapped[int | None] = mapped_column(
        ForeignKey("funding_arrangement.id"), nullable=True
    )
    payer_name: Mapped[str] = mapped_column(String(200), default="")
    payer_address: Mapped[str] = mapped_column(Text, default="")
    payer_reference: Mapped[str] = mapped_column(String(60), default="")
    layout: Mapped[str] = mapped_column(String(20), default="standard")
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    credit_for_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    subtotal_pence: Mapped[int] = mapped_column(default=0)
    vat_pence: Mapped[int] = mapped_column(default=0)
    total_pence: Mapped[int] = mapped_column(default=0)
    rate_card_ids: Mapped[list[int]] = mapped_column(default=list)
    calendar_snapshot: Mapped[dict[str, Any]] = mapped_column(default=dict)
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")


class InvoiceLine(Entity, Base):
    __tablename__ = "invoice_line"

    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"), nullable=True)
    line_kind: Mapped[str] = mapped_column(String(20), default="visit")
    day: Mapped[date | None] = mapped_column(Date, nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    quantity_minutes: Mapped[int] = mapped_column(default=0)
    unit_rate_pence: Mapped[int] = mapped_column(default=0)
    enhancement: Mapped[str] = mapped_column(String(60), default="")
    staff_count: Mapped[int] = mapped_column(default=1)
    vat_category: Mapped[str] = mapped_column(String(20), default="NOT_REGISTERED")
    vat_pence: Mapped[int] = mapped_column(default=0)
    amount_pence: Mapped[int] = mapped_column(default=0)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class InvoiceDocument(Record, Base):
    """The PDF exactly as issued, so a reprint years later is the same document (DOMAIN.md 9.2)."""

    __tablename__ = "invoice_document"

    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), unique=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))


class Payment(Entity, Base):
    __tablename__ = "payment"

    client_id: Mapped[int | None] = mapped_column(ForeignKey("client.id"), index=True)
    payer_name: Mapped[str] = mapped_column(String(200), default="")
    received_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20), default="bank_transfer")
    amount_pence: Mapped[int] = mapped_column()
    reference: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime | None] = mapped_column(nullable=True)


class PaymentAllocation(Entity, Base):
    """Part of a payment put against one invoice.

    `credit_at_issue` marks money that was already on the payer's account when the invoice was
    issued: the invoice prints it as "Less credit on account", so it is fixed with the invoice.
    """

    __tablename__ = "payment_allocation"

    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    amount_pence: Mapped[int] = mapped_column()
    credit_at_issue: Mapped[bool] = mapped_column(default=False)


class Refund(Entity, Base):
    """Credit on account paid back to the payer, drawn from one payment's unused money.

    A refund of more than one payment's leftover is recorded as one row per payment, with the same
    date, method and reference, so every payment always says what became of it.
    """

    __tablename__ = "refund"

    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), index=True)
    refunded_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20), default="bank_transfer")
    amount_pence: Mapped[int] = mapped_column()
    reference: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime | None] = mapped_column(nullable=True)


class FeeStatement(Record, Base):
    """A written statement of terms and fees as given to a person who pays (CQC Reg 19, 2009).

    Append-only once given: a price change means a new statement with the next version number,
    never an edit. The PDF is kept exactly as given, with its SHA-256, so the provider can show
    what the person was told and when (docs/billing.md, "Statement of terms and fees").
    """

    __tablename__ = "fee_statement"
    __table_args__ = (UniqueConstraint("client_id", "version_number"),)

    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    version_number: Mapped[int] = mapped_column()
    given_on: Mapped[date] = mapped_column(Date)
    given_to: Mapped[str] = mapped_column(String(200))
    how: Mapped[str] = mapped_column(String(12))  # post | email | by_hand
    funding_ids: Mapped[list[int]] = mapped_column(default=list)
    rate_cards: Mapped[list[dict[str, Any]]] = mapped_column(
        default=list
    )  # id, version, name, from
    content_sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
