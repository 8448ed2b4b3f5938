"""`microoffice visits`: an extra (one-off) visit with start and end times, and the times a
visit actually happened.

Through the same readers and services as the window's Extra visit and Late or short visit
dialogs: an actual time the clocks skipped is refused in the same words, with exit status 2 and
nothing saved; '01:30 GMT' is the second 01:30 on the night the clocks go back.
"""

from __future__ import annotations

import argparse

from microoffice.cli import Handler, command, office_options
from microoffice.commands import readers
from microoffice.commands.common import open_db
from microoffice.commands.plans import by_option
from microoffice.core.vocabulary import format_date

ONE_OFF_OPTIONS = {
    "client_id": "--client",
    "day": "--date",
    "start_time": "--start",
    "end_time": "--end",
    "service_type": "--service",
    "staff_ids": "--carer",
}
TIMES_OPTIONS = {"actual_start": "--arrived", "actual_end": "--left", "day": "--date"}


@command("visits", "add an extra visit (start and end times); record when a visit really happened")
def _visits(parser: argparse.ArgumentParser) -> Handler:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    db = office_options()
    add = sub.add_parser("add", parents=[db], help="an extra visit outside the plans")
    add.add_argument("--client", metavar="NAME", required=True)
    add.add_argument("--date", required=True, metavar="DATE", help="e.g. 28/03/2027")
    add.add_argument("--start", required=True, metavar="TIME", help="e.g. 14:00")
    add.add_argument(
        "--end", required=True, metavar="TIME", help="e.g. 15:00 (earlier than --start: next day)"
    )
    add.add_argument("--service", default="personal_care", help="service type code")
    add.add_argument("--tasks", default="")
    add.add_argument("--carer", metavar="NAME", help="who goes")
    add.add_argument("--notes", default="")
    add.set_defaults(action_fn=_add)
    times = sub.add_parser("times", parents=[db], help="when a visit really started and ended")
    times.add_argument("--client", metavar="NAME", required=True)
    times.add_argument(
        "--date", required=True, metavar="DATE", type=readers.day, help="the day of the visit"
    )
    times.add_argument(
        "--at", metavar="TIME", help="its planned start, if the client has several that day"
    )
    times.add_argument(
        "--arrived", required=True, metavar="TIME", help="e.g. 08:20 (01:30 GMT: the second)"
    )
    times.add_argument("--left", required=True, metavar="TIME", help="e.g. 08:50")
    times.set_defaults(action_fn=_times)

    def handle(args: argparse.Namespace) -> int:
        return int(args.action_fn(args))

    return handle


def _add(args: argparse.Namespace) -> int:
    from microoffice.core import clock
    from microoffice.core.errors import UserError, ValidationError
    from microoffice.core.scheduling import forms, today, visits
    from microoffice.core.services.clients import find_client
    from microoffice.core.services.staff import find_staff

    database = open_db(args)
    try:
        with database.session() as s:
            client = find_client(s, args.client)
            values = {
                "client_id": client.id,
                "day": args.date,
                "start_time": args.start,
                "end_time": args.end,
                "service_type": args.service,
                "tasks": args.tasks,
                "staff_ids": [find_staff(s, args.carer).id] if args.carer else [],
                "notes": args.notes,
            }
            try:
                data = forms.one_off_from_text(values)
                done = clock.to_utc(data.day, data.start_time) <= clock.now()
                visit = today.record_extra_visit(s, data, done=done)
            except ValidationError as exc:
                raise UserError(by_option(exc, ONE_OFF_OPTIONS)) from None
            when = visits.local_range(visit.planned_start, visit.planned_end)
            said = (
                f"Extra visit saved for {client.display_name} on {data.day:%A %d %B %Y}, "
                f"{when}" + (" (done)" if done else "")
            )
    finally:
        database.close()
    print(said)
    return 0


def _times(args: argparse.Namespace) -> int:
    from microoffice.core import clock
    from microoffice.core.errors import UserError, ValidationError
    from microoffice.core.readers.times import parse_time
    from microoffice.core.scheduling import forms, today, visits
    from microoffice.core.scheduling.occurrences import occurrences
    from microoffice.core.scheduling.times import length_words
    from microoffice.core.services.clients import find_client

    day = args.date
    database = open_db(args)
    try:
        with database.session() as s:
            client = find_client(s, args.client)
            found = [o for o in occurrences(s, day, day, client_id=client.id) if o.active]
            if args.at:
                try:
                    at = parse_time(args.at)
                except ValueError as exc:
                    raise UserError(f"--at: {exc}") from None
                found = [o for o in found if clock.to_local(o.planned_start).time() == at]
            if not found:
                raise UserError(
                    f"{client.display_name} has no visit on {format_date(day)}"
                    + (f" at {args.at}" if args.at else "")
                    + "; check the date, or add an extra visit with 'visits add'."
                )
            if len(found) > 1:
                starts = ", ".join(
                    visits.local_range(o.planned_start, o.planned_end) for o in found
                )
                raise UserError(
                    f"{client.display_name} has {len(found)} visits on {format_date(day)} "
                    f"({starts}); say which with --at, like --at "
                    f"{clock.to_local(found[0].planned_start):%H:%M}"
                )
            try:
                start, end = forms.times_from_text(args.arrived, args.left)
                visit = today.record_actual_times(s, found[0], start, end)
            except ValidationError as exc:
                raise UserError(by_option(exc, TIMES_OPTIONS)) from None
            assert visit.actual_start is not None and visit.actual_end is not None
            length = length_words(clock.elapsed_minutes(visit.actual_start, visit.actual_end))
            said = (
                f"Recorded {client.display_name}'s visit on {day:%A %d %B %Y}: "
                f"{visits.local_range(visit.actual_start, visit.actual_end)} ({length})"
            )
    finally:
        database.close()
    print(said)
    return 0
