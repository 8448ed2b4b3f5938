"""The business itself and the dated reference data that changes year by year."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from microoffice.core.db.base import Base, Entity


class Business(Entity, Base):
    """One row: who the provider is, as printed on invoices and in CQC paperwork."""

    __tablename__ = "business"

    legal_form: Mapped[str] = mapped_column(String(20), default="sole_trader")
    legal_name: Mapped[str] = mapped_column(String(200), default="")
    trading_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    nation: Mapped[str] = mapped_column(String(20), default="england")
    company_number: Mapped[str] = mapped_column(String(20), default="")
    vat_number: Mapped[str] = mapped_column(String(20), default="")
    cqc_registered: Mapped[bool] = mapped_column(Boolean, default=False)
    cqc_provider_id: Mapped[str] = mapped_column(String(20), default="")
    cqc_location_id: Mapped[str] = mapped_column(String(20), default="")
    ico_registration_number: Mapped[str] = mapped_column(String(20), default="")
    bank_account_name: Mapped[str] = mapped_column(String(100), default="")
    bank_sort_code: Mapped[str] = mapped_column(String(8), default="")
    bank_account_number: Mapped[str] = mapped_column(String(8), default="")
    payment_terms_days: Mapped[int] = mapped_column(default=14)
    invoice_footer: Mapped[str] = mapped_column(Text, default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    logo_mime: Mapped[str] = mapped_column(String(40), default="")


class Setting(Base):
    """Business preferences that are not reference data (default travel minutes, backup count)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class ReferenceValue(Entity, Base):
    """A figure that changes by date: minimum wage, VAT threshold, mileage allowance, fee floors.

    Looked up as "the row with this key whose effective_from is the latest on or before the day".
    """

    __tablename__ = "reference_value"
    __table_args__ = (UniqueConstraint("key", "effective_from"),)

    key: Mapped[str] = mapped_column(String(80), index=True)
    effective_from: Mapped[date] = mapped_column(Date)
    value: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(Text, default="")


class BankHolidayOverride(Entity, Base):
    """A correction to the computed bank-holiday calendar: a proclaimed extra day, or a removal."""

    __tablename__ = "bank_holiday_override"
    __table_args__ = (UniqueConstraint("nation", "day"),)

    nation: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(10), default="add")  # add | remove
