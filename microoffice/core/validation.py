"""Validators that return messages a person can act on; forms show them at the field."""

from __future__ import annotations

import re
from datetime import date
from operator import mul

from microoffice.core import clock

# Royal Mail format: outward code (area, district) + inward code (sector digit, unit letters).
_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")
_NHS_WEIGHTS = range(10, 1, -1)


def normalise_postcode(text: str) -> str:
    """'b11aa' -> 'B1 1AA'; raises ValueError with a helpful message if it cannot be a postcode."""
    compact = re.sub(r"\s+", "", text).upper()
    if not compact:
        return ""
    if len(compact) < 5 or len(compact) > 7:
        raise ValueError(f"'{text.strip()}' is not a UK postcode; it should look like B15 2TT")
    formatted = f"{compact[:-3]} {compact[-3:]}"
    if not _POSTCODE.match(formatted):
        raise ValueError(f"'{text.strip()}' is not a UK postcode; it should look like B15 2TT")
    return formatted


def postcode_district(postcode: str) -> str:
    return postcode.split(" ")[0] if postcode else ""


def normalise_nhs_number(text: str) -> str:
    """Ten digits whose last is the modulus-11 check digit of the first nine."""
    digits = "".join(text.split()).replace("-", "")
    if not digits:
        return ""
    if not digits.isascii() or not digits.isdigit() or len(digits) != 10:
        raise ValueError("An NHS number has 10 digits, like 943 476 5919")
    total = sum(map(mul, map(int, digits[:9]), _NHS_WEIGHTS))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        raise ValueError(
            "This NHS number is not valid (its check digit is wrong); please re-check it"
        )
    return digits


def format_nhs_number(digits: str) -> str:
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits


def check_email(text: str) -> str:
    value = text.strip()
    if value and not _EMAIL.match(value):
        raise ValueError(f"'{value}' is not an email address; it should look like name@example.com")
    return value


def check_phone(text: str) -> str:
    value = text.strip()
    if value and not _PHONE.match(value):
        raise ValueError(f"'{value}' is not a phone number; use digits, spaces and an optional +")
    return value


def check_birth_date(value: date | None, today: date | None = None) -> date | None:
    """`today` can be given once for many checks (an import asks for it per import, not per row)."""
    if value is None:
        return None
    if value > (today or clock.today()):
        raise ValueError("The date of birth is in the future; please check it")
    if value.year < 1900:
        raise ValueError("The date of birth is before 1900; please check it")
    return value


def parse_date(text: str) -> date | None:
    """Dates as people in the UK write them (dd/mm/yyyy) or ISO (yyyy-mm-dd)."""
    value = text.strip()
    if not value:
        return None
    for sep in ("/", ".", "-"):
        parts = value.split(sep)
        if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit() and parts[2].isdigit():
            try:
                if len(parts[0]) == 4:
                    return date(int(parts[0]), int(parts[1]), int(parts[2]))
                year = int(parts[2])
                if len(parts[2]) == 2:
                    year += 2000 if year <= clock.today().year % 100 else 1900
                return date(year, int(parts[1]), int(parts[0]))
            except ValueError:
                break
    raise ValueError(f"'{value}' is not a date; type it like 31/12/1950")


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


_CQC_ID = re.compile(r"^1-[0-9]{9,11}$")


def normalise_cqc_id(text: str) -> str:
    """CQC provider and location IDs are '1-' and then 9 to 11 digits, as on the register
    (e.g. 1-101641385, 1-1097342218); a typo here puts a wrong ID on every invoice and pack."""
    compact = "".join(text.split())
    if not compact:
        return ""
    if not _CQC_ID.match(compact):
        raise ValueError(
            f"'{text.strip()}' is not a CQC ID; it looks like 1-123456789 "
            "(1, a dash, then 9 to 11 digits, as on your registration certificate)"
        )
    return compact
