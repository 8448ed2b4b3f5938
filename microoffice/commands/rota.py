"""`microoffice rota`: a week's rota as text, PDF, or a staff member's .ics calendar."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

from microoffice.cli import Handler, command
from microoffice.commands.common import open_db


def parse_week(text: str | None) -> date:
    """The Monday of an ISO week written like 2026-W49 (default: this week)."""
    from microoffice.core import clock
    from microoffice.core.errors import UserError

    if not text:
        today = clock.today()
        return today - timedelta(days=today.weekday())
    try:
        year, week = text.upper().split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError as exc:
        raise UserError(f"'{text}' is not a week; write it like 2026-W49.") from exc


def write_file(path: Path, data: bytes) -> None:
    from microoffice.core.errors import UserError

    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"Cannot write {path}: {exc.strerror or exc}") from exc


@command("rota", "print a week's rota, or write it as a PDF or a phone calendar (.ics)")
def _rota(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("--week", metavar="YYYY-Www", help="ISO week, e.g. 2026-W49 (default: now)")
    parser.add_argument("--staff", metavar="NAME", help="one member of staff (default: the team)")
    parser.add_argument("--pdf", metavar="FILE", type=Path, help="write the rota as a PDF")
    parser.add_argument(
        "--ics", metavar="FILE", type=Path, help="write the staff member's visits as .ics"
    )
    parser.add_argument(
        "--weeks", type=int, default=1, metavar="N", help="weeks to put in the .ics (default 1)"
    )

    def run(args: argparse.Namespace) -> int:
        import io

        from microoffice.core.errors import UserError
        from microoffice.core.exports import ics
        from microoffice.core.reports import rota
        from microoffice.core.services.staff import find_staff

        monday = parse_week(args.week)
        if not 1 <= args.weeks <= 52:
            raise UserError("--weeks is between 1 and 52.")
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
            write_file(args.pdf, buf.getvalue())
            print(f"Rota for week {data.iso_week} written to {args.pdf}")
        if calendar is not None:
            write_file(args.ics, calendar)
            print(f"Calendar for {data.rotas[0].name} written to {args.ics}")
        if not args.pdf and not args.ics:
            print(rota.as_text(data), end="")
        return 0

    return run
