"""`microoffice payments`: record money received and put it against invoices; list credit on
account (money paid that no invoice has used), use it on an invoice, or record it refunded."""

from __future__ import annotations

import argparse

from microoffice.cli import Handler, command, office_options
from microoffice.commands import readers
from microoffice.commands.common import open_db
from microoffice.core.vocabulary import format_date


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
                print(
                    f"{format_gbp(left)} is credit on account for {payment.payer_name}: it comes "
                    "off their next invoice, or record it refunded with "
                    "'microoffice payments refund'."
                )
    finally:
        database.close()
    return 0


def _credit(args: argparse.Namespace) -> int:
    from microoffice.core.billing import account
    from microoffice.core.billing.ledger import find_payer
    from microoffice.core.money import format_gbp
    from microoffice.core.services.clients import find_client

    database = open_db(args, reading=True)
    try:
        with database.session(reading=True) as s:
            client = find_client(s, args.client) if args.client else None
            payer = find_payer(s, args.payer) if args.payer else None
            rows = account.credit_rows(s, client_id=client.id if client else None, payer_name=payer)
            back = account.refunds(s, payer, client.id if client else None)
    finally:
        database.close()
    whose = f" for {client.full_name}" if client else (f" for {payer}" if payer else "")
    if not rows:
        print(f"No credit on account{whose}.")
    else:
        total = sum(r.credit_pence for r in rows)
        print(f"Credit on account{whose}: {format_gbp(total)}")
        for r in rows:
            print(f"  {r.who}: {format_gbp(r.credit_pence)}, paid since {format_date(r.since)}")
        print("It comes off the payer's next invoice, or record it refunded.")
    if back and (client or payer):
        print("Refunded:")
        for b in back:
            ref = f", {b.reference}" if b.reference else ""
            print(
                f"  {format_date(b.refunded_on)}  {format_gbp(b.amount_pence)} to {b.payer_name}{ref}"
            )
    return 0


def _refund(args: argparse.Namespace) -> int:
    from microoffice.core.billing import account
    from microoffice.core.billing.ledger import find_payer
    from microoffice.core.errors import UserError
    from microoffice.core.money import format_gbp
    from microoffice.core.services.clients import find_client

    database = open_db(args)
    try:
        with database.session() as s:
            client = find_client(s, args.client) if args.client else None
            if args.payer:
                payer = find_payer(s, args.payer)
            else:
                assert client is not None
                holders = sorted(
                    {r.payer_name for r in account.credit_rows(s, client_id=client.id)}
                )
                if not holders:
                    raise UserError(f"There is no credit on account for {client.full_name}.")
                if len(holders) > 1:
                    raise UserError(
                        f"More than one payer holds credit for {client.full_name} "
                        f"({', '.join(holders)}): say which with --payer."
                    )
                payer = holders[0]
            data = account.RefundData(
                payer_name=payer,
                client_id=client.id if client else None,
                refunded_on=args.date,
                amount=args.amount or "",
                method=args.method,
                reference=args.reference or "",
                notes=args.notes or "",
            )
            made = account.refund_credit(s, data)
            left = account.credit_on_account(s, payer, client.id if client else None)
    finally:
        database.close()
    paid = sum(r.amount_pence for r in made)
    print(f"Recorded a refund of {format_gbp(paid)} to {payer} on {format_date(data.refunded_on)}.")
    print(f"Credit on account left: {format_gbp(left)}.")
    return 0


def _use_credit(args: argparse.Namespace) -> int:
    from microoffice.core.billing import account, ledger
    from microoffice.core.money import format_gbp

    database = open_db(args)
    try:
        with database.session() as s:
            invoice = ledger.find_invoice(s, args.invoice)
            used = account.use_credit(s, invoice.id)
            row = ledger.invoice_row(s, invoice.id)
    finally:
        database.close()
    print(
        f"Used {format_gbp(used)} of {row.payer_name}'s credit on account on {row.number}: "
        f"{row.state()}, owed {format_gbp(row.balance_pence)}."
    )
    return 0


@command("payments", "record payments received, credit on account, refunds")
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
    credit = sub.add_parser(
        "credit", parents=[db], help="credit on account: money paid that no invoice has used"
    )
    credit.add_argument("--client", metavar="NAME", help="only credit for this client")
    credit.add_argument("--payer", metavar="NAME", help="only this payer's credit")
    credit.set_defaults(action_fn=_credit)
    refund = sub.add_parser(
        "refund", parents=[db], help="record credit on account paid back to the payer"
    )
    whose = refund.add_mutually_exclusive_group(required=True)
    whose.add_argument("--payer", metavar="NAME", help="the payer's name as on the invoices")
    whose.add_argument("--client", metavar="NAME", help="the client whose credit is paid back")
    refund.add_argument("--amount", help="e.g. 49.00 (default: all the credit there is)")
    refund.add_argument(
        "--date", required=True, type=readers.day, help="the day it was paid back, e.g. 10/12/2026"
    )
    refund.add_argument(
        "--method", default="bank_transfer", help="bank_transfer, cheque, cash... (how it went)"
    )
    refund.add_argument("--reference", help="the reference on the bank statement")
    refund.add_argument("--notes")
    refund.set_defaults(action_fn=_refund)
    use = sub.add_parser(
        "use-credit", parents=[db], help="pay an invoice from its payer's credit on account"
    )
    use.add_argument("--invoice", required=True, metavar="NUMBER", help="e.g. INV-000012")
    use.set_defaults(action_fn=_use_credit)

    def handle(args: argparse.Namespace) -> int:
        return int(args.action_fn(args))

    return handle
