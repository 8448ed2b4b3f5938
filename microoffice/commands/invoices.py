"""`microoffice invoices`: run (preview or issue) a period's invoices, export for the accountant,
list what is owed, void, and print statements and reminders."""

from __future__ import annotations

import argparse
import calendar
from datetime import date
from pathlib import Path

from microoffice.cli import Handler, command
from microoffice.commands.common import open_db, parse_day


def parse_period(text: str) -> tuple[date, date]:
    """'2026-12' (a month), '2026-W49' (a week) or '2026-11-30..2026-12-27' (any span)."""
    from microoffice.core.errors import UserError

    raw = text.strip()
    try:
        if ".." in raw:
            first, last = raw.split("..")
            start, end = date.fromisoformat(first), date.fromisoformat(last)
        elif "-W" in raw.upper():
            year, week = raw.upper().split("-W")
            start = date.fromisocalendar(int(year), int(week), 1)
            end = date.fromisocalendar(int(year), int(week), 7)
        else:
            year, month = (int(p) for p in raw.split("-"))
            start = date(year, month, 1)
            end = date(year, month, calendar.monthrange(year, month)[1])
    except ValueError as exc:
        raise UserError(
            f"'{text}' is not a period; write a month (2026-12), a week (2026-W49) "
            "or a span (2026-11-30..2026-12-27)."
        ) from exc
    if end < start:
        raise UserError("The period ends before it starts.")
    from microoffice.core.validation import DAY, check_date

    try:
        check_date(start, DAY)
        check_date(end, DAY)
    except ValueError as exc:
        raise UserError(str(exc).rstrip(".") + ".") from None
    return start, end


def write_output(path: Path, data: bytes) -> None:
    from microoffice.core.errors import UserError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"Cannot write {path}: {exc.strerror or exc}") from exc


def _run(args: argparse.Namespace) -> int:
    from microoffice.core.billing import issue, runs
    from microoffice.core.billing.document import stored_pdf
    from microoffice.core.money import format_gbp
    from microoffice.core.services.clients import find_client

    start, end = parse_period(args.period)
    database = open_db(args)
    try:
        with database.session(actor="cli") as s:
            client_id = find_client(s, args.client).id if args.client else None
            preview = runs.preview_run(s, start, end, client_id)
            print(f"Invoice run {start:%d/%m/%Y} to {end:%d/%m/%Y}")
            for title, found, after in (
                (runs.STOPS, preview.stops, "left out of this run until put right"),
                (runs.WORTH_A_LOOK, preview.worth_a_look, "still invoiced"),
            ):
                if found:
                    print(f"\n{title} ({len(found)}, {after}):")
                    for p in found:
                        who = f"{p.client_name}: " if p.client_name else ""
                        print(f"  [{p.kind}] {who}{p.message}")
            if preview.not_yet:
                n = preview.not_yet
                print(
                    f"\n{n} visit{'s' if n != 1 else ''} in the period {'have' if n != 1 else 'has'}"
                    " not happened yet: a later run invoices them."
                )
            print(f"\n{len(preview.drafts)} invoice(s), total {format_gbp(preview.total_pence)}:")
            for d in preview.drafts:
                print(
                    f"  {d.client_name:<28} {d.payer.name:<45} {d.visit_count:>3} visits "
                    f"{format_gbp(d.total_pence):>11}"
                )
            if not args.issue:
                print("\nNothing issued (this was a preview). Add --issue to issue these invoices.")
                return 0
            result = issue.issue_run(s, start, end, client_id)
            print(f"\nIssued {len(result.issued)} invoice(s):")
            for i in result.issued:
                print(f"  {i.number}  {i.payer_name:<45} {format_gbp(i.total_pence):>11}")
            if args.out:
                for i in result.issued:
                    write_output(Path(args.out) / f"{i.number}.pdf", stored_pdf(s, i.invoice_id))
                print(f"PDFs written to {args.out}")
    finally:
        database.close()
    return 0


def _export(args: argparse.Namespace) -> int:
    from microoffice.core.billing import books

    start, end = parse_day(args.date_from), parse_day(args.date_to)
    database = open_db(args, reading=True)
    try:
        with database.session(actor="cli") as s:
            text = books.xero_csv(s, start, end)
    finally:
        database.close()
    write_output(Path(args.csv), text.encode("utf-8"))
    print(f"{text.count(chr(10)) - 1} line(s) written to {args.csv} (Xero sales-invoice columns)")
    return 0


def _list(args: argparse.Namespace) -> int:
    from microoffice.core.billing import ledger
    from microoffice.core.money import format_gbp

    database = open_db(args, reading=True)
    try:
        with database.session(actor="cli") as s:
            rows = ledger.invoice_rows(s)
            for r in rows:
                if args.unpaid and r.balance_pence <= 0:
                    continue
                print(
                    f"{r.number}  {r.issued_on:%d/%m/%Y}  {r.payer_name:<45} "
                    f"{format_gbp(r.total_pence):>11} owed {format_gbp(r.balance_pence):>10}  "
                    f"{r.state()}"
                )
            aged = ledger.aged_debt(s)
            if aged:
                heads = " ".join(f"{b:>10}" for b in (*ledger.BUCKETS, "In credit"))
                print(f"\n  {'Aged debt (days since invoice)':<30} {heads}")
                for a in aged:
                    cells = " ".join(f"{format_gbp(p):>10}" for p in a.buckets)
                    print(f"  {a.payer_name[:30]:<30} {cells} {format_gbp(a.credit_pence):>10}")
    finally:
        database.close()
    return 0


def _void(args: argparse.Namespace) -> int:
    from microoffice.core.billing import credit
    from microoffice.core.billing.ledger import find_invoice
    from microoffice.core.billing.numbering import display_number

    database = open_db(args)
    try:
        with database.session(actor="cli") as s:
            note = credit.void_invoice(s, find_invoice(s, args.number).id, args.reason)
            print(f"{args.number} is void; credit note {display_number(note.series, note.number)}")
    finally:
        database.close()
    return 0


def _letters(args: argparse.Namespace) -> int:
    from microoffice.core import clock
    from microoffice.core.billing.ledger import find_payer
    from microoffice.core.reports import reminder, statement

    database = open_db(args)
    try:
        with database.session(actor="cli") as s:
            payer = find_payer(s, args.payer)
            if args.kind == "statement":
                end = parse_day(args.date_to) if args.date_to else clock.today()
                start = parse_day(args.date_from) if args.date_from else date(end.year, 1, 1)
                data = statement.pdf_bytes(s, payer, start, end)
            else:
                data = reminder.pdf_bytes(s, payer)
    finally:
        database.close()
    write_output(Path(args.pdf), data)
    print(f"{args.kind.capitalize()} for {payer} written to {args.pdf}")
    return 0


@command("invoices", "run, issue and export invoices; statements and reminders")
def _invoices(parser: argparse.ArgumentParser) -> Handler:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="database file")
    run = sub.add_parser(
        "run", parents=[db], help="preview a period's invoices (problems first); --issue them"
    )
    run.add_argument("--period", required=True, help="2026-12, 2026-W49 or 2026-11-30..2026-12-27")
    run.add_argument("--client", metavar="NAME", help="one client only")
    run.add_argument("--issue", action="store_true", help="issue (number) the invoices")
    run.add_argument("--out", metavar="DIR", help="write the issued PDFs to this folder")
    run.set_defaults(action_fn=_run)
    export = sub.add_parser(
        "export", parents=[db], help="accountant CSV (Xero sales-invoice import columns)"
    )
    export.add_argument("--csv", required=True, metavar="FILE")
    export.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    export.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    export.set_defaults(action_fn=_export)
    listing = sub.add_parser("list", parents=[db], help="issued invoices, what is owed, aged debt")
    listing.add_argument("--unpaid", action="store_true", help="only invoices with money owed")
    listing.set_defaults(action_fn=_list)
    void = sub.add_parser("void", parents=[db], help="cancel an invoice with a full credit note")
    void.add_argument("number", help="e.g. INV-000012")
    void.add_argument("--reason", required=True)
    void.set_defaults(action_fn=_void)
    for kind in ("statement", "reminder"):
        p = sub.add_parser(kind, parents=[db], help=f"a {kind} PDF for one payer")
        p.add_argument("--payer", required=True, help="the payer's name as on the invoices")
        p.add_argument("--pdf", required=True, metavar="FILE")
        if kind == "statement":
            p.add_argument("--from", dest="date_from", metavar="DATE")
            p.add_argument("--to", dest="date_to", metavar="DATE")
        p.set_defaults(action_fn=_letters, kind=kind)

    def handle(args: argparse.Namespace) -> int:
        return int(args.action_fn(args))

    return handle
