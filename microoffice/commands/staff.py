"""`microoffice staff add` and `microoffice clients add`: a member of staff or a client from the
command line, with the fields of their forms.

Every value is read by the reader its kind has in the form and in a spreadsheet import
(commands/readers.py over core/readers), then checked by the same service rules, so
`--hours 37:30` saves what typing 37:30 in the staff form saves.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from microoffice.cli import Handler, command, office_options
from microoffice.commands import readers
from microoffice.commands.common import open_db
from microoffice.core.readers import optional
from microoffice.core.readers.dates import BIRTH, SERVICE
from microoffice.core.readers.numbers import read_money

# (option, field, reader or None for text as typed, help); the field names are the services'.
Option = tuple[str, str, Callable[[str], Any] | None, str]
STAFF_OPTIONS: tuple[Option, ...] = (
    ("--first-name", "first_name", None, "first name (required)"),
    ("--last-name", "last_name", None, "last name (required)"),
    ("--known-as", "preferred_name", None, "the name they like to be called"),
    ("--role", "role", readers.role, "care worker (default), senior carer, manager, owner ..."),
    ("--employment", "employment_type", readers.employment, "employee (default), zero hours ..."),
    ("--started", "start_date", readers.optional_day_of(SERVICE), "first day, e.g. 14/06/2024"),
    ("--left", "end_date", readers.optional_day_of(SERVICE), "last day, if they have left"),
    ("--born", "date_of_birth", readers.optional_day_of(BIRTH), "date of birth"),
    ("--phone", "phone", readers.phone, "phone number"),
    ("--email", "email", readers.email, "email address"),
    ("--address", "address", None, "home address"),
    ("--postcode", "postcode", readers.postcode, "postcode"),
    ("--drives", "drives", readers.yes_no, "yes (default) or no"),
    ("--hours", "contracted_minutes_per_week", readers.weekly_hours, "hours a week, e.g. 37.5"),
    ("--pay", "hourly_pay_pence", readers.argument(optional(read_money), "money"), "e.g. 12.60"),
    ("--irregular-hours", "irregular_hours", readers.yes_no, "yes: holiday is accrued"),
    ("--notes", "notes", None, "anything else"),
)
CLIENT_OPTIONS: tuple[Option, ...] = (
    ("--first-name", "first_name", None, "first name (required)"),
    ("--last-name", "last_name", None, "last name (required)"),
    ("--title", "title", None, "Mrs, Mr, Ms, Dr ..."),
    ("--known-as", "preferred_name", None, "the name they like to be called"),
    ("--born", "date_of_birth", readers.optional_day_of(BIRTH), "date of birth"),
    ("--nhs-number", "nhs_number", readers.nhs_number, "e.g. 943 476 5919"),
    ("--address", "address_line1", None, "first line of the address"),
    ("--address2", "address_line2", None, "second line of the address"),
    ("--town", "town", None, "town"),
    ("--postcode", "postcode", readers.postcode, "postcode"),
    ("--phone", "phone", readers.phone, "phone number"),
    ("--email", "email", readers.email, "email address"),
    ("--nation", "nation", readers.nation, "England (default), Wales, Scotland ..."),
    ("--gp", "gp_practice", None, "GP practice"),
    ("--started", "start_date", readers.optional_day_of(SERVICE), "first day of the service"),
    ("--ended", "end_date", readers.optional_day_of(SERVICE), "last day of the service"),
    ("--end-reason", "end_reason", None, "why the service ended"),
    ("--notes", "notes", None, "anything else"),
)


def add_options(parser: argparse.ArgumentParser, options: tuple[Option, ...]) -> None:
    for option, field, read, help_text in options:
        parser.add_argument(
            option,
            dest=field,
            metavar=option[2:].upper(),
            type=read or str,
            default=argparse.SUPPRESS,
            help=help_text,
        )


def given(args: argparse.Namespace, options: tuple[Option, ...]) -> dict[str, Any]:
    """The fields the command was given (the rest keep the form's defaults)."""
    return {field: getattr(args, field) for _, field, _, _ in options if hasattr(args, field)}


def add_record(args: argparse.Namespace, kind: str) -> Any:
    """The person the command describes, created through the service as the form creates
    them (kind: "staff" or "clients"); the command line's ValidationError names the field."""
    from microoffice.core.services import clients, staff

    if kind == "staff":
        data: Any = staff.StaffData(**given(args, STAFF_OPTIONS))
        create: Callable[..., Any] = staff.create_staff
    else:
        data = clients.ClientData(**given(args, CLIENT_OPTIONS))
        create = clients.create_client
    database = open_db(args, create=True)  # the first person in a brand-new office is fine
    try:
        with database.session() as s:
            made = create(s, data)
            name = made.display_name
    finally:
        database.close()
    return name


def _group(parser: argparse.ArgumentParser, kind: str, what: str, where: str) -> Handler:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    db = office_options()
    adding = sub.add_parser("add", parents=[db], help=f"add {what} (the fields of the form)")
    add_options(adding, STAFF_OPTIONS if kind == "staff" else CLIENT_OPTIONS)

    def handle(args: argparse.Namespace) -> int:
        print(f"Added {add_record(args, kind)} {where}.")
        return 0

    return handle


@command("staff", "add a member of staff, with the fields of the staff form")
def _staff(parser: argparse.ArgumentParser) -> Handler:
    return _group(parser, "staff", "a member of staff", "to the staff")


@command("clients", "add a client, with the fields of the client form")
def _clients(parser: argparse.ArgumentParser) -> Handler:
    return _group(parser, "clients", "a client", "as a client")
