"""`microoffice visit`: record what happened at one visit when it was not as planned (missed,
cancelled by the client with when they told you, cancelled by you, other times with a reason),
or write its daily note: the same core calls as the Today page, with the visit named by client,
day and (when they have more than one that day) time."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from microoffice.cli import Handler, command, office_options
from microoffice.commands import readers
from microoffice.commands.common import open_db
from microoffice.core.vocabulary import format_date

if TYPE_CHECKING:
    from microoffice.core.scheduling.merge import Occurrence


def _describe(occ: Occurrence) -> str:
    from microoffice.core import clock

    start, end = clock.to_local(occ.planned_start), clock.to_local(occ.planned_end)
    return f"{occ.client_name}, {occ.day:%a} {format_date(occ.day)} {start:%H:%M}-{end:%H:%M}"


def _record(args: argparse.Namespace) -> int:
    from microoffice.core import clock
    from microoffice.core.errors import UserError
    from microoffice.core.readers.times import parse_time
    from microoffice.core.records.notes import NoteData, write_note
    from microoffice.core.scheduling import exceptions, forms, today
    from microoffice.core.scheduling.visits import materialise

    day = args.date
    try:
        at = parse_time(args.time) if args.time else None
    except ValueError as exc:
        raise UserError(f"--time: {exc}.") from None
    database = open_db(args)
    try:
        with database.session() as s:
            occ = exceptions.find_visit(s, args.client, day, at)
            what = _describe(occ)
            if args.action == "missed":
                today.record_missed(s, occ, args.reason)
                said = f"Recorded as missed: {what}."
            elif args.action == "cancelled" and args.by_us:
                today.record_cancelled_by_provider(s, occ, args.reason or "")
                said = f"Recorded as cancelled by us: {what} (not charged)."
            elif args.action == "cancelled":
                if not args.told:
                    raise UserError(
                        'Say when the client told you with --told "DD/MM/YYYY HH:MM" (it '
                        "decides the cancellation charge), or use --by-us."
                    )
                told_day, _, told_time = args.told.strip().partition(" ")
                notice = forms.notice_from_text(told_day, told_time)
                visit = today.record_cancelled_by_client(s, occ, notice, args.reason or "")
                hours = today.notice_hours(visit)
                said = (
                    f"Recorded as cancelled by the client: {what}, {hours} hours' notice "
                    "(charged as the rate card says)."
                )
            elif args.action == "times":
                begin, finish = forms.times_from_text(args.arrived, args.left)
                visit = exceptions.record_times(s, occ, begin, finish, args.reason or "")
                start = clock.to_local(visit.actual_start) if visit.actual_start else None
                end = clock.to_local(visit.actual_end) if visit.actual_end else None
                minutes = (
                    int((visit.actual_end - visit.actual_start).total_seconds() // 60)
                    if visit.actual_start and visit.actual_end
                    else 0
                )
                said = f"Recorded as done {start:%H:%M}-{end:%H:%M} ({minutes} minutes): {what}."
                if args.reason:
                    said += f" Reason: {' '.join(args.reason.split())}."
            else:
                visit = materialise(s, occ)
                if visit.status == "planned":
                    today.complete_visit(s, occ)
                write_note(
                    s,
                    NoteData(
                        client_id=visit.client_id,
                        text=args.text,
                        visit_id=visit.id,
                        late_reason=args.late_reason or "",
                    ),
                )
                said = f"Daily note written: {what}."
    finally:
        database.close()
    print(said)
    return 0


@command("visit", "record one visit that was not as planned, or write its daily note")
def _visit(parser: argparse.ArgumentParser) -> Handler:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    common = office_options()
    common.add_argument("--client", required=True, metavar="NAME", help="whose visit")
    common.add_argument(
        "--date", required=True, metavar="D", type=readers.day, help="the day, e.g. 07/12/2026"
    )
    common.add_argument(
        "--time", metavar="HH:MM", help="its planned start, when they have two visits that day"
    )
    missed = sub.add_parser("missed", parents=[common], help="nobody went: say why")
    missed.add_argument("--reason", required=True)
    cancelled = sub.add_parser(
        "cancelled", parents=[common], help="cancelled by the client (--told) or by you (--by-us)"
    )
    cancelled.add_argument(
        "--told", metavar='"DD/MM/YYYY HH:MM"', help="when the client told you (decides the charge)"
    )
    cancelled.add_argument("--by-us", action="store_true", help="you cancelled it (not charged)")
    cancelled.add_argument("--reason", help="why (required when you cancelled)")
    times = sub.add_parser(
        "times", parents=[common], help="late, early or short: the times it really happened"
    )
    times.add_argument("--arrived", required=True, metavar="HH:MM")
    times.add_argument("--left", required=True, metavar="HH:MM")
    times.add_argument("--reason", help="why it was shorter or different (kept with the visit)")
    note = sub.add_parser("note", parents=[common], help="write the visit's daily note")
    note.add_argument("--text", required=True, help="what happened, how the person was")
    note.add_argument("--late-reason", help="why the note is written late (more than 24 hours)")

    def handle(args: argparse.Namespace) -> int:
        return _record(args)

    return handle
