"""`microoffice costs`: the cost of an hour of care, prices against it, and a month's figures."""

from __future__ import annotations

import argparse

from microoffice.cli import Handler, command
from microoffice.commands import readers
from microoffice.commands.common import open_db


@command("costs", "what an hour of care costs, your prices against it, and a month's money")
def _costs(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument(
        "--month",
        metavar="YYYY-MM",
        type=readers.month,
        help="the month to show (default: this one)",
    )

    def run(args: argparse.Namespace) -> int:
        from microoffice.core.growth.cost_view import cost_view

        month = args.month
        database = open_db(args, reading=True)
        try:
            with database.session() as s:
                view = cost_view(s, month)
        finally:
            database.close()
        print(view.as_text(), end="")
        return 0

    return run
