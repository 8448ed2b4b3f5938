"""`microoffice schedule`: a client's visits for a month, as text or the PDF for their folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from microoffice.cli import Handler, command
from microoffice.commands import readers
from microoffice.commands.common import open_db


@command("schedule", "a client's visits for a month: print them, or write the PDF for their home")
def _schedule(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("--client", metavar="NAME", required=True, help="the client's name")
    parser.add_argument(
        "--month", metavar="YYYY-MM", type=readers.month, help="e.g. 2026-12 (default: this month)"
    )
    parser.add_argument("--pdf", metavar="FILE", type=Path, help="write 'your visits this month'")
    parser.add_argument(
        "--log", metavar="FILE", type=Path, help="write a visit log sheet to sign, for the month"
    )

    def run(args: argparse.Namespace) -> int:
        import io

        from microoffice.core import clock
        from microoffice.core.publish import publish_file
        from microoffice.core.reports import schedule, visit_log
        from microoffice.core.services.clients import find_client

        month = args.month or clock.today().replace(day=1)
        first, last = schedule.month_bounds(month)
        database = open_db(args, reading=True)
        try:
            with database.session() as s:
                client = find_client(s, args.client)
                data = schedule.collect(s, client.id, month)
                log = visit_log.collect(s, client.id, first, last) if args.log else None
        finally:
            database.close()
        if args.pdf:
            buf = io.BytesIO()
            schedule.render(data, buf)
            publish_file(args.pdf, buf.getvalue())
            print(f"Schedule for {data.client_name}, {data.month_label}, written to {args.pdf}")
        if log is not None:
            buf = io.BytesIO()
            visit_log.render(log, buf)
            publish_file(args.log, buf.getvalue())
            print(f"Visit log sheet written to {args.log}")
        if not args.pdf and not args.log:
            print(f"Visits for {data.client_name}, {data.month_label}")
            for line in data.lines:
                extra = [x for x in (line.holiday, line.note) if x]
                who = ", ".join(c for c in line.carers if c) or "to be arranged"
                tail = f"  ({'; '.join(extra)})" if extra else ""
                print(f"  {line.day:%a %d/%m} {line.start}-{line.end}  {who}{tail}")
        return 0

    return run
