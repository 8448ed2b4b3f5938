"""`microoffice rota`: a week's rota as text, PDF, or a staff member's .ics calendar."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from microoffice.cli import Handler, command
from microoffice.commands import readers
from microoffice.commands.common import open_db


@command("rota", "print a week's rota, or write it as a PDF or a phone calendar (.ics)")
def _rota(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument(
        "--week",
        metavar="YYYY-Www",
        type=readers.week,
        help="ISO week, e.g. 2026-W49 (default: now)",
    )
    parser.add_argument("--staff", metavar="NAME", help="one member of staff (default: the team)")
    parser.add_argument("--pdf", metavar="FILE", type=Path, help="write the rota as a PDF")
    parser.add_argument(
        "--ics", metavar="FILE", type=Path, help="write the staff member's visits as .ics"
    )
    parser.add_argument(
        "--weeks",
        type=readers.whole(1, 52, "--weeks"),
        default=1,
        metavar="N",
        help="weeks to put in the .ics (default 1)",
    )

    def run(args: argparse.Namespace) -> int:
        import io

        from microoffice.core import clock
        from microoffice.core.errors import UserError
        from microoffice.core.exports import ics
        from microoffice.core.publish import publish_file
        from microoffice.core.reports import rota
        from microoffice.core.services.staff import find_staff

        today = clock.today()
        monday = args.week or today - timedelta(days=today.weekday())
        database = open_db(args, reading=True)
        try:
            mine = database.signed.own_staff() if database.signed else None  # a carer's own
            if args.ics and not args.staff and mine is None:
                raise UserError("A calendar file is for one person: add --staff NAME.")
            with database.session() as s:
                staff_id = find_staff(s, args.staff).id if args.staff else mine
                data = rota.collect(s, monday, staff_id=staff_id)
                calendar = None
                if args.ics and staff_id is not None:
                    last = monday + timedelta(weeks=args.weeks, days=-1)
                    calendar = ics.export_staff_calendar(s, staff_id, monday, last)
        finally:
            database.close()
        if args.pdf:
            buf = io.BytesIO()
            rota.render(data, buf)
            publish_file(args.pdf, buf.getvalue())
            print(f"Rota for week {data.iso_week} written to {args.pdf}")
        if calendar is not None:
            publish_file(args.ics, calendar)
            print(f"Calendar for {data.rotas[0].name} written to {args.ics}")
        if not args.pdf and not args.ics:
            print(rota.as_text(data), end="")
        return 0

    return run
