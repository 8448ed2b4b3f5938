"""retention: list records past their retention period, and record a decision on one."""

from __future__ import annotations

import argparse

from microoffice.cli import Handler, command
from microoffice.commands import readers
from microoffice.commands.common import open_db
from microoffice.core.readers.dates import REVIEW
from microoffice.core.vocabulary import format_date


@command("retention", "list records past their retention period; record a decision on one")
def _retention(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument(
        "--decide",
        metavar="N",
        type=readers.whole(1, 100_000, "--decide"),
        help="the item number from the list",
    )
    parser.add_argument("--decision", choices=["destroy", "extend", "preserve"])
    parser.add_argument("--reason", default="")
    parser.add_argument(
        "--by", default="", help="who made the decision (default: whoever is signed in)"
    )
    parser.add_argument(
        "--review-on",
        type=readers.day_of(REVIEW),
        help="for extend: the date to look again, e.g. 31/12/2032",
    )

    def run(args: argparse.Namespace) -> int:
        from microoffice.core.errors import UserError
        from microoffice.core.services import retention

        database = open_db(args, reading=args.decide is None)
        try:
            with database.session() as s:
                items = retention.due_for_review(s)
                if args.decide is None:
                    if not items:
                        print("Nothing is past its retention period.")
                    for n, item in enumerate(items, start=1):
                        print(
                            f"{n:3}. {item.description}: kept until {format_date(item.retain_until)}"
                        )
                    return 0
                if not 1 <= args.decide <= len(items) or not args.decision:
                    raise UserError("Give --decide N (from the list) and --decision.")
                item = items[args.decide - 1]
                by = args.by or (database.signed.shown_name if database.signed else "")
                retention.decide(s, item, args.decision, args.reason, by, args.review_on)
                print(f"Recorded: {args.decision} - {item.description}")
                return 0
        finally:
            database.close()

    return run
