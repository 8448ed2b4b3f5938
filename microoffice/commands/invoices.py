"""`microoffice invoices`: run (preview or issue) a period's invoices, export for the accountant,
list what is owed, void, and print statements and reminders."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from microoffice.cli import Handler, command, office_options
from microoffice.commands import readers
from microoffice.commands.common import open_db
from microoffice.core.vocabulary import format_date


def _run(args: argparse.Namespace) -> int:
    from microoffice.core.billing import issue, runs
    from microoffice.core.billing.document import stored_pdf
    from microoffice.core.money import format_gbp
    from microoffice.core.publish import Publisher
    from microoffice.core.services.clients import find_client

    start, end = args.period
    out = Path(args.out) if args.out else None
    database = open_db(args)
    try:
        # the PDFs are staged inside the transaction and published only once it has committed
        with Publisher(*([out] if out else [])) as pdfs, database.session() as s:
            client_id = find_client(s, args.client).id if args.client else None
            preview = runs.preview_run(s, start, end, client_id)
            print(f"Invoice run {format_date(start)} to {format_date(end)}")
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
            if out is not None:
                for i in result.issued:
                    pdfs.add(out / f"{i.number}.pdf", stored_pdf(s, i.invoice_id))
    finally:
        database.close()
    print(f"\nIssued {len(result.issued)} invoice(s):")
    for i in result.issued:
        print(f"  {i.number}  {i.payer_name:<45} {format_gbp(i.total_pence):>11}")
    if out is not None:
        print(f"PDFs written to {args.out}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from microoffice.core.billing import books
    from microoffice.core.publish import publish_file

    start, end = args.date_from, args.date_to
    database = open_db(args, reading=True)
    try:
        with database.session() as s:
            text = books.xero_csv(s, start, end)
    finally:
        database.close()
    publish_file(Path(args.csv), text.encode("utf-8"))
    print(f"{text.count(chr(10)) - 1} line(s) written to {args.csv} (Xero sales-invoice columns)")
    return 0


def _list(args: argparse.Namespace) -> int:
    from microoffice.core.billing import ledger
    from microoffice.core.money import format_gbp

    database = open_db(args, reading=True)
    try:
        with database.session() as s:
            rows = ledger.invoice_rows(s)
            for r in rows:
                if args.unpaid and r.balance_pence <= 0:
                    continue
                print(
                    f"{r.number}  {format_date(r.issued_on)}  {r.payer_name:<45} "
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
        with database.session() as s:
            note = credit.void_invoice(s, find_invoice(s, args.number).id, args.reason)
            print(f"{args.number} is void; credit note {display_number(note.series, note.number)}")
    finally:
        database.close()
    return 0


def _letters(args: argparse.Namespace) -> int:
    from microoffice.core import clock
    from microoffice.core.billing.ledger import find_payer
    from microoffice.core.publish import publish_file
    from microoffice.core.reports import reminder, statement

    database = open_db(args)
    try:
        with database.session() as s:
            payer = find_payer(s, args.payer)
            if args.kind == "statement":
                end = args.date_to or clock.today()
                start = args.date_from or date(end.year, 1, 1)
                data = statement.pdf_bytes(s, payer, start, end)
            else:
                data = reminder.pdf_bytes(s, payer)
    finally:
        database.close()
    publish_file(Path(args.pdf), data)
    print(f"{args.kind.capitalize()} for {payer} written to {args.pdf}")
    return 0


@command("invoices", "run, issue and export invoices; statements and reminders")
def _invoices(parser: argparse.ArgumentParser) -> Handler:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    db = office_options()
    run = sub.add_parser(
        "run", parents=[db], help="preview a period's invoices (problems first); --issue them"
    )
    run.add_argument(
        "--period",
        required=True,
        type=readers.period,
        help="2026-12, 2026-W49 or 2026-11-30..2026-12-27",
    )
    run.add_argument("--client", metavar="NAME", help="one client only")
    run.add_argument("--issue", action="store_true", help="issue (number) the invoices")
    run.add_argument("--out", metavar="DIR", help="write the issued PDFs to this folder")
    run.set_defaults(action_fn=_run)
    export = sub.add_parser(
        "export", parents=[db], help="accountant CSV (Xero sales-invoice import columns)"
    )
    export.add_argument("--csv", required=True, metavar="FILE")
    export.add_argument("--from", dest="date_from", required=True, metavar="DATE", type=readers.day)
    export.add_argument("--to", dest="date_to", required=True, metavar="DATE", type=readers.day)
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
            p.add_argument("--from", dest="date_from", metavar="DATE", type=readers.day)
            p.add_argument("--to", dest="date_to", metavar="DATE", type=readers.day)
        p.set_defaults(action_fn=_letters, kind=kind)

    def handle(args: argparse.Namespace) -> int:
        return int(args.action_fn(args))

    return handle
