"""`microoffice plans`: make a visit plan (start and end times) and list a client's plans.

The text given here goes through the same readers and the same service as the plan dialog
(scheduling/forms.plan_from_text, plans.create_plan), so "22:00" to "07:00" is an overnight plan
here as there, and a refusal says the same words, named by the option to change.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from microoffice.cli import Handler, command, office_options
from microoffice.commands.common import open_db

if TYPE_CHECKING:
    from microoffice.core.errors import ValidationError

PLAN_OPTIONS = {
    "client_id": "--client",
    "weekdays": "--days",
    "every_weeks": "--every",
    "start_time": "--start",
    "end_time": "--end",
    "start_date": "--from",
    "end_date": "--until",
    "service_type": "--service",
    "staff_required": "--staff-needed",
    "staff_ids": "--carer",
    "rule": "--days",
}


def by_option(exc: ValidationError, options: dict[str, str]) -> str:
    """A form's refusal as the command line says it: each problem named by its option."""
    return "\n".join(
        f"{options[field]}: {message}" if field in options else message
        for field, message in exc.errors.items()
    )


@command("plans", "make a visit plan with start and end times; list a client's plans")
def _plans(parser: argparse.ArgumentParser) -> Handler:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    db = office_options()
    add = sub.add_parser("add", parents=[db], help="a plan: days, start and end times, carer")
    add.add_argument("--client", metavar="NAME", required=True)
    add.add_argument("--days", required=True, help="e.g. Mon,Wed,Fri, weekdays or 'every day'")
    add.add_argument("--start", required=True, metavar="TIME", help="e.g. 22:00")
    add.add_argument(
        "--end", required=True, metavar="TIME", help="e.g. 07:00 (earlier than --start: next day)"
    )
    add.add_argument("--every", type=int, default=1, metavar="N", help="every N weeks (1-8)")
    add.add_argument("--from", dest="date_from", metavar="DATE", help="first day (default today)")
    add.add_argument("--until", metavar="DATE", help="last day (default: no end)")
    add.add_argument("--service", default="personal_care", help="service type code")
    add.add_argument("--tasks", default="", help="e.g. 'wash, breakfast, medication prompt'")
    add.add_argument("--carer", action="append", default=[], metavar="NAME", help="who goes")
    add.add_argument("--staff-needed", type=int, default=1, choices=(1, 2))
    add.add_argument("--notes", default="")
    add.set_defaults(action_fn=_add)
    listing = sub.add_parser("list", parents=[db], help="a client's plans in words")
    listing.add_argument("--client", metavar="NAME", required=True)
    listing.set_defaults(action_fn=_list)

    def handle(args: argparse.Namespace) -> int:
        return int(args.action_fn(args))

    return handle


def _add(args: argparse.Namespace) -> int:
    from microoffice.core import clock
    from microoffice.core.errors import UserError, ValidationError
    from microoffice.core.readers.times import read_weekdays
    from microoffice.core.scheduling import forms, plans
    from microoffice.core.scheduling.plan_list import describe_plan
    from microoffice.core.services.clients import find_client
    from microoffice.core.services.staff import find_staff
    from microoffice.core.vocabulary import format_date

    try:
        weekdays = read_weekdays(args.days)
    except ValueError as exc:
        raise UserError(f"--days: {exc}") from None
    database = open_db(args)
    try:
        with database.session() as s:
            client = find_client(s, args.client)
            values = {
                "client_id": client.id,
                "weekdays": weekdays,
                "every_weeks": args.every,
                "start_time": args.start,
                "end_time": args.end,
                "start_date": args.date_from or format_date(clock.today()),
                "end_date": args.until or "",
                "service_type": args.service,
                "tasks": args.tasks,
                "staff_required": args.staff_needed,
                "staff_ids": [find_staff(s, name).id for name in args.carer],
                "notes": args.notes,
            }
            try:
                data = forms.plan_from_text(values)
                plan = plans.create_plan(s, data)
            except ValidationError as exc:
                raise UserError(by_option(exc, PLAN_OPTIONS)) from None
            said = f"Plan {plan.id} saved for {client.display_name}: {describe_plan(plan)}"
            advice = plans.plan_warnings(data)
    finally:
        database.close()
    print(said)
    for line in advice:
        print(f"Note: {line}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from microoffice.core.scheduling.plan_list import list_plans
    from microoffice.core.services.clients import find_client
    from microoffice.core.vocabulary import format_date

    database = open_db(args, reading=True)
    try:
        with database.session() as s:
            client = find_client(s, args.client)
            name, rows = client.display_name, list_plans(s, client.id)
    finally:
        database.close()
    print(f"Plans for {name}: {len(rows)}")
    for row in rows:
        until = f" until {format_date(row.end_date)}" if row.end_date else ""
        print(f"  {row.id}: {row.summary}, from {format_date(row.start_date)}{until}")
    return 0
