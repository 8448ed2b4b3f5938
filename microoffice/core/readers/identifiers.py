"""Postcodes, NHS numbers, phone numbers, email addresses and CQC IDs, as people type them.

Each reader returns the value as it is stored (a postcode in capitals with one space, an NHS
number as its ten digits) or raises ValueError saying what it should look like. Blank text is
'' (not recorded): whether a field is required is the field's rule, not the reader's.
"""

from __future__ import annotations

import re
from operator import mul

# Royal Mail format: outward code (area, district) + inward code (sector digit, unit letters).
_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")
_NHS_WEIGHTS = range(10, 1, -1)
_CQC_ID = re.compile(r"^1-[0-9]{9,11}$")


def read_postcode(text: str) -> str:
    """'b11aa' -> 'B1 1AA'; ValueError with a helpful message if it cannot be a postcode."""
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


def read_nhs_number(text: str) -> str:
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


def nhs_number_text(digits: str) -> str:
    """'9434765919' as people write it: '943 476 5919'."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits


def read_phone(text: str) -> str:
    """A phone number: digits, spaces, brackets, dashes and an optional leading +.

    A UK number that has lost its leading 0 (a spreadsheet keeps phone numbers as numbers, and
    people copy them from there) gets it back: '7700900123' is 07700 900123 wherever typed."""
    value = text.strip()
    if value and not _PHONE.match(value):
        raise ValueError(f"'{value}' is not a phone number; use digits, spaces and an optional +")
    digits = value.replace(" ", "")
    if digits.isdigit() and len(digits) == 10 and digits[0] in "123578":
        return "0" + digits
    return value


def read_email(text: str) -> str:
    value = text.strip()
    if value and not _EMAIL.match(value):
        raise ValueError(f"'{value}' is not an email address; it should look like name@example.com")
    return value


def read_cqc_id(text: str) -> str:
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
