"""`microoffice payments add`: record money received and put it against invoices."""

from __future__ import annotations

import argparse

from microoffice.cli import Handler, command, office_options
from microoffice.commands import readers
from microoffice.commands.common import open_db


def _add(args: argparse.Namespace) -> int:
    from microoffice.core.billing import ledger, payments
    from microoffice.core.billing.ledger import find_invoice
    from microoffice.core.money import format_gbp
    from microoffice.core.services.clients import find_client

    database = open_db(args)
    try:
        with database.session() as s:
            invoice_id = find_invoice(s, args.invoice).id if args.invoice else None
            client_id = find_client(s, args.client).id if args.client else None
            data = payments.PaymentData(
                received_on=args.date,
                amount=args.amount,
                method=args.method,
                reference=args.reference or "",
                payer_name=args.payer or "",
                client_id=client_id,
                notes=args.notes or "",
            )
            payment = payments.record_payment(
                s, data, invoice_id=invoice_id, auto=not args.no_allocate
            )
            print(f"Recorded {format_gbp(payment.amount_pence)} from {payment.payer_name}.")
            for row in ledger.invoice_rows(s, payer_name=payment.payer_name):
                if row.kind == "invoice" and row.paid_pence:
                    print(f"  {row.number}: {row.state()}, owed {format_gbp(row.balance_pence)}")
            left = payments.unallocated(s, payment)
            if left:
                print(f"{format_gbp(left)} is not allocated and stays on the payer's account.")
    finally:
        database.close()
    return 0


@command("payments", "record payments received and allocate them to invoices")
def _payments(parser: argparse.ArgumentParser) -> Handler:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    db = office_options()
    add = sub.add_parser(
        "add", parents=[db], help="record a payment (oldest invoices of the payer paid first)"
    )
    add.add_argument("--amount", required=True, help="e.g. 120.50")
    add.add_argument(
        "--date", required=True, type=readers.day, help="the day it arrived, e.g. 06/01/2027"
    )
    add.add_argument(
        "--method", default="bank_transfer", help="bank_transfer, standing_order, cheque, cash..."
    )
    add.add_argument("--reference", help="the reference on the bank statement")
    who = add.add_mutually_exclusive_group(required=True)
    who.add_argument("--invoice", metavar="NUMBER", help="pay this invoice, e.g. INV-000012")
    who.add_argument("--payer", metavar="NAME", help="the payer's name as on the invoices")
    add.add_argument("--client", metavar="NAME", help="the client the payment is for")
    add.add_argument("--notes")
    add.add_argument("--no-allocate", action="store_true", help="record it without allocating")
    add.set_defaults(action_fn=_add)

    def handle(args: argparse.Namespace) -> int:
        return int(args.action_fn(args))

    return handle
