"""The business's own details, preferences and dated reference figures."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.business import Business, ReferenceValue, Setting
from microoffice.core.models.enums import LegalForm, Nation
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.readers.identifiers import read_cqc_id, read_email, read_phone, read_postcode
from microoffice.core.services.clients import check_version
from microoffice.core.services.forms import Checker

MAX_LOGO_BYTES = 2_000_000


@dataclass
class BusinessData:
    legal_form: str = LegalForm.SOLE_TRADER.value
    legal_name: str = ""
    trading_name: str = ""
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    nation: str = Nation.ENGLAND.value
    company_number: str = ""
    vat_number: str = ""
    cqc_registered: bool = False
    cqc_provider_id: str = ""
    cqc_location_id: str = ""
    ico_registration_number: str = ""
    bank_account_name: str = ""
    bank_sort_code: str = ""
    bank_account_number: str = ""
    payment_terms_days: int = 14
    invoice_footer: str = ""

    @classmethod
    def from_business(cls, business: Business) -> BusinessData:
        return cls(**{f.name: getattr(business, f.name) for f in fields(cls)})


@needs(Right.BUSINESS)
def get_business(session: Session) -> Business:
    """The single business row, created empty the first time it is asked for."""
    business = session.scalar(select(Business).order_by(Business.id).limit(1))
    if business is None:
        business = Business()
        if session.info.get("readonly"):  # a read-only view of the office: shown, not saved
            for column in Business.__table__.columns:
                if column.default is not None and column.default.is_scalar:
                    setattr(business, column.key, column.default.arg)
            return business
        session.add(business)
        session.flush()
    return business


@needs(Right.ANYONE)
def is_brand_new(session: Session) -> bool:
    """No business name, no clients and no staff: an office nobody has started using yet.

    The window welcomes such an office with the first-run wizard; an office in use is never
    asked again, and one whose wizard was closed early is asked next time.
    """
    from microoffice.core.models.clients import Client
    from microoffice.core.models.staff import Staff

    named = session.scalar(select(exists().where(Business.legal_name != "")))
    people = session.scalar(select(exists().where(Client.id.is_not(None)))) or session.scalar(
        select(exists().where(Staff.id.is_not(None)))
    )
    return not named and not people


def validate(data: BusinessData) -> BusinessData:
    c = Checker()
    clean = BusinessData(**{f.name: getattr(data, f.name) for f in fields(BusinessData)})
    clean.legal_name = c.required("legal_name", data.legal_name, "Legal name")
    c.choice("legal_form", data.legal_form, LegalForm, "Legal form")
    c.choice("nation", data.nation, Nation, "Nation")
    clean.postcode = c.check("postcode", read_postcode, data.postcode) or ""
    clean.email = c.check("email", read_email, data.email) or ""
    clean.phone = c.check("phone", read_phone, data.phone) or ""
    sort_code = "".join(ch for ch in data.bank_sort_code if ch.isdigit())
    if data.bank_sort_code.strip() and len(sort_code) != 6:
        c.fail("bank_sort_code", "A sort code has 6 digits, like 12-34-56")
    clean.bank_sort_code = f"{sort_code[:2]}-{sort_code[2:4]}-{sort_code[4:]}" if sort_code else ""
    account = data.bank_account_number.replace(" ", "")
    if account and (not account.isdigit() or len(account) != 8):
        c.fail("bank_account_number", "An account number has 8 digits")
    clean.bank_account_number = account
    if data.legal_form == LegalForm.LIMITED_COMPANY and not data.company_number.strip():
        c.fail("company_number", "A limited company must show its company number on invoices")
    clean.cqc_provider_id = c.check("cqc_provider_id", read_cqc_id, data.cqc_provider_id) or ""
    clean.cqc_location_id = c.check("cqc_location_id", read_cqc_id, data.cqc_location_id) or ""
    if data.cqc_registered and not data.cqc_provider_id.strip():
        c.fail("cqc_provider_id", "Enter the CQC provider ID shown on your registration")
    if not 0 <= data.payment_terms_days <= 120:
        c.fail("payment_terms_days", "Payment terms are between 0 and 120 days")
    c.done()
    return clean


@needs(Right.BUSINESS)
def update_business(
    session: Session, data: BusinessData, expected_version: int | None = None
) -> Business:
    business = get_business(session)
    check_version(business, expected_version)
    clean = validate(data)
    for f in fields(clean):
        if getattr(business, f.name) != getattr(clean, f.name):
            setattr(business, f.name, getattr(clean, f.name))
    session.flush()
    return business


@needs(Right.BUSINESS)
def set_logo(session: Session, data: bytes, mime: str) -> Business:
    c = Checker()
    if mime not in {"image/png", "image/jpeg"}:
        c.fail("logo", "The logo must be a PNG or JPEG picture")
    if len(data) > MAX_LOGO_BYTES:
        c.fail("logo", "The logo is larger than 2 MB; please use a smaller picture")
    c.done()
    business = get_business(session)
    business.logo = data
    business.logo_mime = mime
    session.flush()
    return business


@needs(Right.ANYONE)
def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else row.value


@needs(Right.BUSINESS)
def set_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


@needs(Right.ANYONE)
def reference_value(session: Session, key: str, on: date | None = None) -> str | None:
    """The value of a dated figure in force on a day (default today)."""
    day = on or clock.today()
    return session.scalar(
        select(ReferenceValue.value)
        .where(ReferenceValue.key == key, ReferenceValue.effective_from <= day)
        .order_by(ReferenceValue.effective_from.desc())
        .limit(1)
    )


@needs(Right.BUSINESS)
def set_reference_value(
    session: Session, key: str, effective_from: date, value: str, unit: str = "", source: str = ""
) -> ReferenceValue:
    row = session.scalar(
        select(ReferenceValue).where(
            ReferenceValue.key == key, ReferenceValue.effective_from == effective_from
        )
    )
    if row is None:
        row = ReferenceValue(key=key, effective_from=effective_from, value=value)
        session.add(row)
    row.value, row.unit, row.source = value, unit, source
    session.flush()
    return row
