"""`microoffice capacity`: could we take a new client at this time on these days?"""

from __future__ import annotations

import argparse

from microoffice.cli import Handler, command
from microoffice.commands import readers
from microoffice.commands.common import open_db


@command("capacity", "who could take a new client: minutes, days and time (nothing is booked)")
def _capacity(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument(
        "--minutes", type=readers.minutes(), required=True, help="length of each visit, e.g. 45"
    )
    parser.add_argument(
        "--days", type=readers.weekdays, required=True, help="e.g. Mon-Fri, Tue,Thu or Sat"
    )
    parser.add_argument(
        "--at",
        type=readers.time_of_day,
        required=True,
        metavar="HH:MM",
        help="start time, e.g. 08:00",
    )
    parser.add_argument("--district", default="", help="the client's postcode district, e.g. B90")
    parser.add_argument(
        "--weeks",
        type=readers.whole(1, 52, "--weeks"),
        default=4,
        help="weeks ahead to check (default 4)",
    )
    parser.add_argument("--slots", action="store_true", help="also list every free weekly slot")

    def run(args: argparse.Namespace) -> int:
        from microoffice.core.growth import capacity, weekly

        request = capacity.CapacityRequest(
            args.minutes, args.days, args.at, args.district, weeks=args.weeks
        )
        database = open_db(args, reading=True)
        try:
            with database.session() as s:
                answer = capacity.find_capacity(s, request)
                slots = weekly.weekly_slots(s, weeks=args.weeks) if args.slots else []
        finally:
            database.close()
        print(capacity.answer_text(answer), end="")
        if args.slots:
            print("\nFree every week:")
            for slot in slots:
                print(f"  {slot.describe()}")
        return 0

    return run
