"""`microoffice today`: the day's visits in order; --confirm records them as done, each with its
quick note (--note "NAME: what happened", or --as-planned where the business allows it)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from microoffice.cli import Handler, command
from microoffice.commands import readers
from microoffice.commands.common import open_db

if TYPE_CHECKING:
    from datetime import date

    from sqlalchemy.orm import Session


def _notes(session: Session, day: date, staff_id: int | None, typed: list[str]) -> dict[str, str]:
    """--note "Ann Able: ate well" (or "Ann Able 17:30: ...") as {visit uid: text}."""
    from microoffice.core.errors import UserError
    from microoffice.core.records import quick_notes

    rows = quick_notes.notes_wanted(session, day, staff_id)
    out: dict[str, str] = {}
    for text in typed:
        key, sep, note = text.partition(": ")
        if not sep or not note.strip():
            raise UserError(
                f"'{text}' is not a note: write it as --note \"Client name: what happened\"."
            )
        out[quick_notes.row_for(session, rows, key).uid] = note
    return out


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
    parser.add_argument(
        "--note",
        action="append",
        default=[],
        metavar='"NAME: TEXT"',
        help='with --confirm: a visit\'s daily note, e.g. "Ann Able: cheerful, ate well" '
        '(add the time after the name when they have two visits: "Ann Able 17:30: ...")',
    )
    parser.add_argument(
        "--as-planned",
        action="store_true",
        help='with --confirm: note the visits given no --note "As planned, nothing to add." '
        "(only where the business allows it: microoffice settings --as-planned-notes on)",
    )
    parser.add_argument(
        "--late-reason", metavar="TEXT", default="", help="why notes are written late (>24 h)"
    )

    def run(args: argparse.Namespace) -> int:
        from microoffice.core import clock
        from microoffice.core.errors import UserError
        from microoffice.core.records import quick_notes
        from microoffice.core.scheduling import today
        from microoffice.core.services.staff import find_staff
        from microoffice.core.vocabulary import visit_status_label

        if (args.note or args.as_planned) and not args.confirm:
            raise UserError("--note and --as-planned go with --confirm.")
        day = args.date or clock.today()
        database = open_db(args, reading=not args.confirm)
        done = None
        try:
            with database.session() as s:
                mine = database.signed.own_staff() if database.signed else None
                staff_id = find_staff(s, args.staff).id if args.staff else mine
                if args.confirm:
                    notes = _notes(s, day, staff_id, args.note)
                    done = quick_notes.confirm_with_notes(
                        s,
                        day,
                        notes,
                        as_planned=args.as_planned,
                        staff_id=staff_id,
                        late_reason=args.late_reason,
                    )
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
        if done is not None:
            print(done.describe())
            if done.without_note:
                print(
                    'Add a note with --note "NAME: what happened" on the same command, or '
                    "'microoffice visit note'."
                )
        return 0

    return run
