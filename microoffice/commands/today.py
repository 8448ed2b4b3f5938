"""`microoffice today`: the day's visits in order; --confirm records them as done as planned."""

from __future__ import annotations

import argparse

from microoffice.cli import Handler, command
from microoffice.commands import readers
from microoffice.commands.common import open_db


@command("today", "print the day's visits in order (with --confirm: record them as done)")
def _today(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument(
        "--date", metavar="D", type=readers.day, help="another day, e.g. 24/12/2026 (default today)"
    )
    parser.add_argument("--staff", metavar="NAME", help="only this person's visits")
    parser.add_argument(
        "--confirm",
        action="store_true",
        help="record every visit that has started and is still planned as done as planned",
    )

    def run(args: argparse.Namespace) -> int:
        from microoffice.core import clock
        from microoffice.core.scheduling import today
        from microoffice.core.services.staff import find_staff
        from microoffice.core.vocabulary import visit_status_label

        day = args.date or clock.today()
        database = open_db(args, reading=not args.confirm)
        try:
            with database.session() as s:
                mine = database.signed.own_staff() if database.signed else None
                staff_id = find_staff(s, args.staff).id if args.staff else mine
                confirmed = today.confirm_day(s, day, staff_id) if args.confirm else []
            with database.session() as s:
                rows = today.day_visits(s, day, staff_id)
        finally:
            database.close()
        print(f"Visits on {day:%A %d %B %Y}: {len(rows)}")
        for row in rows:
            occ = row.occurrence
            start = clock.to_local(occ.planned_start)
            end = clock.to_local(occ.planned_end)
            status = "" if occ.status == "planned" else visit_status_label(occ.status).lower()
            who = ", ".join(row.staff_names) or "nobody assigned"
            print(
                f"{start:%H:%M}-{end:%H:%M}  {occ.client_name}  [{who}]"
                + (f"  {status}" if status else "")
            )
            if row.address:
                print(f"             {row.address}")
            if occ.tasks:
                print(f"             Tasks: {', '.join(occ.tasks)}")
        if args.confirm:
            print(f"Confirmed {len(confirmed)} visit(s) as done as planned.")
        return 0

    return run
