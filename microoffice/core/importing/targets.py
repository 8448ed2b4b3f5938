"""What can be imported: the client and staff fields a column can fill, with the headings people
use for them ("Surname", "DOB", "Post code"), so most spreadsheets map themselves.

A cell is read by the same readers as the form and the command line (core/readers: a nation's
name into its code, "37.5" hours into minutes, "£11.44" into pence) and then checked by the
service's own rules, exactly as a form is.
"""

from __future__ import annotations

from dataclasses import dataclass

FULL_NAME = "full_name"  # one "Name" column, split into first and last name


@dataclass(frozen=True)
class Target:
    name: str  # the ClientData/StaffData field (or FULL_NAME)
    label: str  # what the person reads
    aliases: tuple[str, ...] = ()  # headings that mean this field (compared loosely)


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
# Columns named for what a person has in their sheet, filling a field named for how it is kept.
FIELD_OF = {"contracted_hours": "contracted_minutes_per_week", "hourly_pay": "hourly_pay_pence"}


def targets_for(kind: str) -> tuple[Target, ...]:
    return TARGETS[kind]


def split_full_name(text: str) -> tuple[str, str]:
    """'Mary Anne Smith' -> ('Mary Anne', 'Smith'); 'Smith, Mary' -> ('Mary', 'Smith')."""
    if "," in text:
        last, _, first = text.partition(",")
        return " ".join(first.split()), " ".join(last.split())
    words = text.split()
    if len(words) < 2:
        return " ".join(words), ""
    return " ".join(words[:-1]), words[-1]
