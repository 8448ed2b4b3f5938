"""`microoffice visit-lengths`: the NICE QS123 visit-length figures for a period."""

from __future__ import annotations

import argparse

from microoffice.cli import Handler, command
from microoffice.commands import readers
from microoffice.commands.common import open_db


@command(
    "visit-lengths",
    "share of visits of 30 minutes or more, and of short visits with a reason (NICE QS123)",
)
def _visit_lengths(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument(
        "--from", dest="start", metavar="DATE", required=True, type=readers.day, help="first day"
    )
    parser.add_argument(
        "--to", dest="end", metavar="DATE", required=True, type=readers.day, help="last day"
    )

    def run(args: argparse.Namespace) -> int:
        from microoffice.core.errors import UserError
        from microoffice.core.scheduling.visit_lengths import as_text, visit_length_report

        start, end = args.start, args.end
        if end < start:
            raise UserError("--to is before --from.")
        database = open_db(args, reading=True)
        try:
            with database.session() as s:
                report = visit_length_report(s, start, end)
        finally:
            database.close()
        print(as_text(report), end="")
        return 0

    return run
