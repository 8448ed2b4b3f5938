"""The business as its documents name it: trading and legal names, address, contact, VAT number,
CQC and ICO registration, bank details and footer. Invoices, statements, reminders, the
direct-payment pack and the statement of terms and fees all print this one reading."""

from __future__ import annotations

from dataclasses import dataclass

from microoffice.core.models.business import Business
from microoffice.core.models.enums import LegalForm


@dataclass(frozen=True)
class Supplier:
    name: str
    legal_lines: tuple[str, ...]  # "Jane Doe trading as ...", company number, registered office
    address: str
    contact: str
    vat_number: str
    cqc_line: str
    bank: tuple[tuple[str, str], ...]
    footer: str


def supplier_of(business: Business) -> Supplier:
    trading = business.trading_name.strip()
    legal = business.legal_name.strip()
    lines: list[str] = []
    if business.legal_form == LegalForm.LIMITED_COMPANY.value:
        lines.append(f"{legal}, registered in England and Wales no. {business.company_number}")
        lines.append("Registered office: " + ", ".join(business.address.splitlines()))
    elif trading and trading != legal:
        lines.append(f"{legal} trading as {trading}")
    address = "\n".join([*business.address.splitlines(), business.postcode]).strip()
    contact = "  ·  ".join(p for p in (business.phone, business.email) if p)
    cqc = (
        f"Registered with the Care Quality Commission, provider ID {business.cqc_provider_id}"
        if business.cqc_registered and business.cqc_provider_id
        else ""
    )
    if business.ico_registration_number:
        cqc = f"{cqc}  ·  ICO {business.ico_registration_number}".strip(" ·")
    bank = tuple(
        (label, value)
        for label, value in (
            ("Account name", business.bank_account_name),
            ("Sort code", business.bank_sort_code),
            ("Account number", business.bank_account_number),
        )
        if value
    )
    return Supplier(
        name=trading or legal,
        legal_lines=tuple(lines),
        address=address,
        contact=contact,
        vat_number=business.vat_number.strip(),
        cqc_line=cqc,
        bank=bank,
        footer=business.invoice_footer.strip(),
    )
