"""`microoffice mar`: a client's monthly MAR chart as a PDF, blank for the folder or filled in."""

from __future__ import annotations

import argparse
from pathlib import Path

from microoffice.cli import Handler, command
from microoffice.commands import readers
from microoffice.commands.common import open_db


@command("mar", "write a client's monthly MAR chart (blank or filled in) as a PDF")
def _mar(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("--client", metavar="NAME", required=True, help="the person's name")
    parser.add_argument(
        "--month", metavar="YYYY-MM", type=readers.month, required=True, help="e.g. 2026-12"
    )
    parser.add_argument("--blank", action="store_true", help="a blank chart to fill in by hand")
    parser.add_argument("--pdf", metavar="FILE", type=Path, required=True, help="the PDF to write")

    def run(args: argparse.Namespace) -> int:
        import io

        from microoffice.core.publish import publish_file
        from microoffice.core.reports import mar_chart
        from microoffice.core.services.clients import find_client

        month = args.month
        database = open_db(args, reading=True)
        try:
            with database.session() as s:
                data = mar_chart.collect(s, find_client(s, args.client).id, month, blank=args.blank)
        finally:
            database.close()
        buf = io.BytesIO()
        mar_chart.render(data, buf)
        publish_file(args.pdf, buf.getvalue())
        kind = "Blank MAR chart" if args.blank else "MAR chart"
        missing = sum(state == "missing" for row in data.rows for state in row.states)
        print(f"{kind} for {data.client_name}, {month:%B %Y}, written to {args.pdf}")
        if missing:
            print(f"  {missing} due dose(s) have no outcome recorded (shaded red).")
        return 0

    return run
