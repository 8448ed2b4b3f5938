"""What can be imported: the client and staff fields a column can fill, with the headings people
use for them ("Surname", "DOB", "Post code"), so most spreadsheets map themselves.

Values are turned into what the services expect here (a nation's name into its code, "37.5" hours
into minutes, "£11.44" into pence); the services then validate them exactly as the forms do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from microoffice.core.models.enums import EmploymentType, Nation, StaffRole
from microoffice.core.money import parse_gbp

FULL_NAME = "full_name"  # one "Name" column, split into first and last name


@dataclass(frozen=True)
class Target:
    name: str  # the ClientData/StaffData field (or FULL_NAME)
    label: str  # what the person reads
    aliases: tuple[str, ...] = ()  # headings that mean this field (compared loosely)


def loose(text: str) -> str:
    """'Post Code', 'post_code' and 'POSTCODE:' all compare as 'postcode'."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


CLIENT_TARGETS = (
    Target("title", "Title", ("salutation", "mrmrs")),
    Target("first_name", "First name", ("forename", "forenames", "firstname", "givenname")),
    Target("last_name", "Last name", ("surname", "lastname", "familyname")),
    Target(FULL_NAME, "Full name (split into first and last)", ("name", "fullname", "client")),
    Target("preferred_name", "Preferred name", ("knownas", "prefers", "nickname")),
    Target("date_of_birth", "Date of birth", ("dob", "birthdate", "dateofbirth", "born")),
    Target("nhs_number", "NHS number", ("nhs", "nhsno", "nhsnumber")),
    Target("address_line1", "Address line 1", ("address", "address1", "street", "addressline1")),
    Target("address_line2", "Address line 2", ("address2", "addressline2", "locality")),
    Target("town", "Town", ("city", "towncity", "posttown")),
    Target("postcode", "Postcode", ("postcode", "postalcode", "zip", "pc")),
    Target("phone", "Phone", ("telephone", "tel", "phoneno", "mobile", "phonenumber")),
    Target("email", "Email", ("emailaddress", "mail")),
    Target("nation", "Nation", ("country",)),
    Target("gp_practice", "GP practice", ("gp", "doctor", "gpsurgery", "surgery")),
    Target("communication_needs", "Communication needs", ("communication",)),
    Target("access_notes", "Access notes", ("keysafe", "access", "accessinformation")),
    Target("start_date", "Start of service", ("startdate", "started", "start", "servicestart")),
    Target("end_date", "End of service", ("enddate", "ended", "end")),
    Target("end_reason", "Reason service ended", ("endreason", "reasonforleaving")),
    Target("notes", "Notes", ("comments", "note", "other")),
)

STAFF_TARGETS = (
    Target("first_name", "First name", ("forename", "forenames", "firstname", "givenname")),
    Target("last_name", "Last name", ("surname", "lastname", "familyname")),
    Target(FULL_NAME, "Full name (split into first and last)", ("name", "fullname", "employee")),
    Target("preferred_name", "Preferred name", ("knownas", "nickname")),
    Target("role", "Role", ("jobtitle", "position", "job")),
    Target("employment_type", "Employment type", ("contract", "contracttype", "employment")),
    Target("start_date", "Start date", ("startdate", "started", "start", "datejoined")),
    Target("end_date", "End date", ("enddate", "left", "leavingdate")),
    Target("date_of_birth", "Date of birth", ("dob", "birthdate", "dateofbirth")),
    Target("phone", "Phone", ("telephone", "tel", "mobile", "phonenumber")),
    Target("email", "Email", ("emailaddress", "mail")),
    Target("address", "Address", ("homeaddress", "street")),
    Target("postcode", "Postcode", ("postcode", "postalcode", "pc")),
    Target("drives", "Drives", ("driver", "car", "candrive", "driving")),
    Target("contracted_hours", "Contracted hours a week", ("hours", "hoursperweek", "contracted")),
    Target("hourly_pay", "Hourly pay (£)", ("pay", "rate", "payrate", "hourlyrate", "wage")),
    Target("notes", "Notes", ("comments", "note")),
)

TARGETS = {"clients": CLIENT_TARGETS, "staff": STAFF_TARGETS}
DATE_FIELDS = frozenset({"date_of_birth", "start_date", "end_date"})


def targets_for(kind: str) -> tuple[Target, ...]:
    return TARGETS[kind]


def _codes(enum: type[Nation] | type[StaffRole] | type[EmploymentType]) -> dict[str, str]:
    return {loose(member.value): member.value for member in enum}


NATION_WORDS = _codes(Nation) | {
    "uk": "england",
    "eng": "england",
    "ni": "northern_ireland",
    "nireland": "northern_ireland",
    "cymru": "wales",
    "alba": "scotland",
}
ROLE_WORDS = _codes(StaffRole) | {
    "carer": "care_worker",
    "careassistant": "care_worker",
    "supportworker": "care_worker",
    "homecareworker": "care_worker",
    "seniorcareworker": "senior_carer",
    "senior": "senior_carer",
    "manager": "registered_manager",
    "rm": "registered_manager",
    "director": "owner",
    "proprietor": "owner",
    "administrator": "admin",
    "office": "admin",
}
EMPLOYMENT_WORDS = _codes(EmploymentType) | {
    "permanent": "employee",
    "parttime": "employee",
    "fulltime": "employee",
    "zerohour": "zero_hours",
    "zerohours": "zero_hours",
    "zerohourscontract": "zero_hours",
    "selfemployed": "self_employed",
    "casual": "bank",
    "relief": "bank",
}
YES = frozenset({"1", "y", "yes", "true", "x", "ticked"})
NO = frozenset({"0", "n", "no", "false", ""})


def split_full_name(text: str) -> tuple[str, str]:
    """'Mary Anne Smith' -> ('Mary Anne', 'Smith'); 'Smith, Mary' -> ('Mary', 'Smith')."""
    if "," in text:
        last, _, first = text.partition(",")
        return " ".join(first.split()), " ".join(last.split())
    words = text.split()
    if len(words) < 2:
        return " ".join(words), ""
    return " ".join(words[:-1]), words[-1]


def word_code(field: str, text: str, words: dict[str, str], kind: str) -> str:
    """A label a person typed ('Northern Ireland', 'Carer') as its stored code."""
    key = loose(text)
    if key in words:
        return words[key]
    raise ValueError(f"'{text}' is not a {kind} microoffice knows")


def excel_phone(text: str) -> str:
    """Excel drops the leading 0 of a phone number kept as a number: 7700900123 -> 07700900123."""
    digits = text.replace(" ", "")
    if digits.isdigit() and len(digits) == 10 and digits[0] in "123578":
        return "0" + digits
    return text


def hours_to_minutes(text: str) -> int | None:
    cleaned = text.lower().replace("hours", "").replace("hrs", "").replace("h", "").strip()
    if not cleaned:
        return None
    try:
        hours = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number of hours; type it like 37.5") from None
    if not hours.is_finite() or not 0 <= hours <= 100:
        raise ValueError(f"'{text}' hours a week is not possible; check the number")
    return int((hours * 60).to_integral_value())


def pounds_to_pence(text: str) -> int | None:
    return parse_gbp(text) if text.strip() else None


def yes_no(text: str) -> bool:
    key = text.strip().lower()
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(f"'{text}' is not yes or no")
