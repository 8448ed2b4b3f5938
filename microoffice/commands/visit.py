"""`microoffice visit`: change one visit the way the calendar does, from the command line.

    microoffice visit move --client NAME --date DD/MM/YYYY --to "DD/MM/YYYY HH:MM" [--following]
    microoffice visit skip | restore | cancel | carers | carer-note --client NAME --date DD/MM/YYYY
    microoffice visit missed | cancelled | times | note --client NAME --date DD/MM/YYYY
    microoffice visit away --client NAME --from DD/MM/YYYY [--to DD/MM/YYYY] --reason hospital
    microoffice visit history --client NAME [--month YYYY-MM]

A visit is named by its client and the day it is on now (and --time when there are several).
Each change calls the same core service as the calendar, is audited, and keeps the visit's
history. A move onto a carer's other visit or leave is refused unless --anyway is given, since a
command cannot stop to ask.

What happened at a visit that was not as planned (missed, cancelled with when the client told
you, other times with a reason) and its daily note take the same core calls as the Today page.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from microoffice.cli import Handler, command, office_options
from microoffice.commands import readers
from microoffice.commands.common import open_db
from microoffice.core.vocabulary import format_date

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from microoffice.core.scheduling.merge import Occurrence


def _time(text: str) -> time:
    from microoffice.core.errors import UserError
    from microoffice.core.readers.times import parse_time

    try:
        return parse_time(text)
    except ValueError as exc:
        raise UserError(f"{exc}.") from None


def _when(text: str) -> tuple[date, time]:
    """ "15/12/2026 10:00": the day and the London clock time."""
    from microoffice.core.errors import UserError
    from microoffice.core.readers.dates import DAY, read_date

    parts = text.split()
    if len(parts) != 2:
        raise UserError(f"'{text}' is not a day and a time; write it like \"15/12/2026 10:00\".")
    try:
        day = read_date(parts[0], DAY)
    except ValueError as exc:
        raise UserError(f"{exc}.") from None
    if day is None:
        raise UserError(f"'{text}' is not a day and a time; write it like \"15/12/2026 10:00\".")
    return day, _time(parts[1])


def _span(occ: Occurrence) -> str:
    from microoffice.core import clock

    start, end = clock.to_local(occ.planned_start), clock.to_local(occ.planned_end)
    return f"{start:%a} {start.day} {start:%b} {start:%H:%M}-{end:%H:%M}"


def _visit(s: Session, args: argparse.Namespace) -> Occurrence:
    from microoffice.core.scheduling.visit_changes import find_visit
    from microoffice.core.services.clients import find_client

    client = find_client(s, args.client)
    at = _time(args.time) if args.time else None
    return find_visit(s, client.id, args.date, at)


def _move(s: Session, args: argparse.Namespace) -> str:
    from microoffice.core import clock
    from microoffice.core.errors import UserError
    from microoffice.core.scheduling import visit_changes

    occ = _visit(s, args)
    if args.to:
        day, at = _when(args.to)
        start = clock.to_utc(day, at)
    else:
        start = occ.planned_start
    minutes = args.length if args.length is not None else occ.minutes
    end = start + timedelta(minutes=minutes)
    if not args.anyway:
        warnings = visit_changes.move_warnings(s, occ, start, end)
        if warnings:
            found = " ".join(w.message for w in warnings)
            raise UserError(
                f"Not moved: {found} Add --anyway to move it all the same, or choose another time."
            )
    change = visit_changes.move_visit(
        s, occ, start, end, following=args.following, reason=args.reason or ""
    )
    moved = f"Moved {occ.client_name}'s visit of {_span(occ)} to {_when_text(start, end)}"
    if args.following:
        return f"{moved}, and every later visit of its plan ({change.detail})."
    return f"{moved}. The rest of the plan is unchanged."


def _when_text(start: datetime, end: datetime) -> str:
    from microoffice.core import clock

    a, b = clock.to_local(start), clock.to_local(end)
    return f"{a:%a} {a.day} {a:%b} {a:%H:%M}-{b:%H:%M}"


def _skip(s: Session, args: argparse.Namespace) -> str:
    from microoffice.core.scheduling import visit_changes

    occ = _visit(s, args)
    visit_changes.skip_visit(s, occ, args.reason or "")
    return (
        f"Skipped {occ.client_name}'s visit of {_span(occ)}. It stays on the calendar as "
        "skipped; 'visit restore' puts it back."
    )


def _restore(s: Session, args: argparse.Namespace) -> str:
    from microoffice.core.scheduling import visit_changes

    occ = _visit(s, args)
    change = visit_changes.restore_visit(s, occ, args.reason or "")
    assert change.to_start is not None and change.to_end is not None
    back = _when_text(change.to_start, change.to_end)
    return f"Put {occ.client_name}'s visit back to the plan's time: {back}."


def _cancel(s: Session, args: argparse.Namespace) -> str:
    from microoffice.core import clock
    from microoffice.core.scheduling import visit_changes

    occ = _visit(s, args)
    notice = None
    if args.notice:
        day, at = _when(args.notice)
        notice = clock.to_utc(day, at)
    change = visit_changes.cancel_visit(s, occ, args.by, args.reason or "", notice)
    return f"{change.detail}: {occ.client_name}'s visit of {_span(occ)}."


def _carers(s: Session, args: argparse.Namespace) -> str:
    from microoffice.core.scheduling import visit_changes
    from microoffice.core.services.staff import find_staff

    occ = _visit(s, args)
    ids = [find_staff(s, name).id for name in args.staff or []]
    change = visit_changes.set_carers(s, occ, ids, args.reason or "")
    said = change.detail if change is not None else "the same carers as before, nothing changed"
    return f"{occ.client_name}'s visit of {_span(occ)}: {said}."


def _note(s: Session, args: argparse.Namespace) -> str:
    from microoffice.core.scheduling import visit_changes

    occ = _visit(s, args)
    visit_changes.set_visit_note(s, occ, args.text)
    return f"Noted on {occ.client_name}'s visit of {_span(occ)}."


def _away(s: Session, args: argparse.Namespace) -> str:
    from microoffice.core.scheduling import visit_changes
    from microoffice.core.scheduling.pauses import PAUSE_REASONS
    from microoffice.core.services.clients import find_client

    client = find_client(s, args.client)
    start, end = args.start, args.end
    pause = visit_changes.client_away(s, client.id, start, end, args.reason, args.notes or "")
    until = format_date(end) if end else "further notice"
    lines = [
        f"{client.display_name} is away ({PAUSE_REASONS[pause.reason].lower()}) from "
        f"{format_date(start)} to {until}: their plans' visits in that time will not happen."
    ]
    saved = visit_changes.saved_visits_while_away(s, client.id, start, end)
    if saved:
        lines.append(
            f"{len(saved)} visit(s) already arranged in that time stay as they are; cancel "
            "them if they are off too: " + ", ".join(_span(o) for o in saved)
        )
    return "\n".join(lines)


def _history(s: Session, args: argparse.Namespace) -> str:
    from microoffice.core import clock
    from microoffice.core.reports.schedule import month_bounds
    from microoffice.core.scheduling.history import client_changes
    from microoffice.core.services.clients import find_client

    client = find_client(s, args.client)
    first, last = month_bounds(args.month or clock.today().replace(day=1))
    found = client_changes(s, client.id, first, last)
    head = f"Changes to {client.display_name}'s visits, {first:%B %Y}: {len(found)}"
    return "\n".join([head, *(f"  {c.change.line()}" for c in found)])


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


def _which(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--client", metavar="NAME", required=True, help="the client's name")
    parser.add_argument(
        "--date",
        metavar="DD/MM/YYYY",
        required=True,
        type=readers.day,
        help="the day the visit is on now",
    )
    parser.add_argument("--time", metavar="HH:MM", help="its start time, if there are several")


ACTIONS: dict[str, tuple[str, Callable[[Session, argparse.Namespace], str], bool]] = {
    "move": ("move one visit (or, with --following, it and every later one)", _move, True),
    "skip": ("skip one visit of a plan (it stays on the calendar as skipped)", _skip, True),
    "restore": ("put a skipped or moved visit back to its plan's day and time", _restore, True),
    "cancel": ("record a visit as cancelled by the client or by us", _cancel, True),
    "carers": ("choose who goes on one visit", _carers, True),
    "carer-note": ("a note for whoever goes on one visit", _note, True),
    "away": ("a client away (hospital, holiday): no visits from ... to ...", _away, False),
    "history": (
        "what was changed on a client's visits in a month, by whom and why",
        _history,
        False,
    ),
}


def _arguments(name: str, p: argparse.ArgumentParser) -> None:
    if name == "move":
        p.add_argument("--to", metavar='"DD/MM/YYYY HH:MM"', help="the new day and start time")
        p.add_argument("--length", type=int, metavar="MINUTES", help="a new length in minutes")
        p.add_argument(
            "--following", action="store_true", help="move every later visit of its plan too"
        )
        p.add_argument(
            "--anyway", action="store_true", help="move it even onto a carer's visit or leave"
        )
    elif name == "cancel":
        p.add_argument("--by", choices=["client", "us"], required=True, help="who cancelled")
        p.add_argument(
            "--notice", metavar='"DD/MM/YYYY HH:MM"', help="when the client told us (default now)"
        )
    elif name == "carers":
        p.add_argument(
            "--staff",
            metavar="NAME",
            action="append",
            help="who goes (twice for two; none: nobody)",
        )
    elif name == "carer-note":
        p.add_argument("--text", required=True, help="the note")
    elif name == "away":
        p.add_argument("--client", metavar="NAME", required=True, help="the client's name")
        p.add_argument(
            "--from", dest="start", metavar="DD/MM/YYYY", required=True, type=readers.day
        )
        p.add_argument(
            "--to", dest="end", metavar="DD/MM/YYYY", type=readers.day, help="the last day away"
        )
        p.add_argument(
            "--reason",
            required=True,
            choices=["hospital", "holiday", "respite", "family", "other"],
            help="why",
        )
        p.add_argument("--notes", help="anything to add")
    elif name == "history":
        p.add_argument("--client", metavar="NAME", required=True, help="the client's name")
        p.add_argument(
            "--month",
            metavar="YYYY-MM",
            type=readers.month,
            help="e.g. 2026-12 (default: this month)",
        )
    if name not in ("away", "history"):
        p.add_argument("--reason", help="why (kept in the visit's history)")


RECORDED = ("missed", "cancelled", "times", "note")  # what happened: the Today page's calls


def _recorded(sub: Any) -> None:
    """missed, cancelled, times and note: what happened at a visit, as the Today page records it."""
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


@command(
    "visit",
    "one visit: move, skip, restore, cancel, carers, carer-note; what happened (missed, "
    "cancelled, times) and its daily note; a client away",
)
def _visit_command(parser: argparse.ArgumentParser) -> Handler:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    db = office_options()
    for name, (help_text, _fn, names_a_visit) in ACTIONS.items():
        p = sub.add_parser(name, parents=[db], help=help_text, description=help_text)
        if names_a_visit:
            _which(p)
        _arguments(name, p)
    _recorded(sub)

    def run(args: argparse.Namespace) -> int:
        if args.action in RECORDED:
            return _record(args)
        _text, fn, _names = ACTIONS[args.action]
        reading = args.action == "history"
        database = open_db(args, reading=reading)
        try:
            with database.session(reading=reading) as s:
                said: Any = fn(s, args)
        finally:
            database.close()
        print(said)
        return 0

    return run
