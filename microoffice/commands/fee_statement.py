"""`microoffice fee-statement`: a client's statement of terms and fees (CQC Reg 19) as a PDF, and
optionally record it as given (to whom, how). Calls the same core as the client's Rates tab."""

from __future__ import annotations

import argparse
from pathlib import Path

from microoffice.cli import Handler, command
from microoffice.commands import readers
from microoffice.commands.common import open_db


@command("fee-statement", "a client's statement of terms and fees (Reg 19); --give records it")
def _fee_statement(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("--client", required=True, metavar="NAME")
    parser.add_argument("--pdf", metavar="FILE", type=Path, help="write the statement here")
    parser.add_argument("--give", action="store_true", help="record it as given (append-only)")
    parser.add_argument("--to", metavar="NAME", default="", help="who it was given to")
    parser.add_argument("--how", choices=["post", "email", "by_hand"], default="post")
    parser.add_argument(
        "--on", metavar="DATE", type=readers.day, help="the day it was given (default today)"
    )

    def run(args: argparse.Namespace) -> int:
        from microoffice.core import clock
        from microoffice.core.billing import fee_statements
        from microoffice.core.publish import publish_file
        from microoffice.core.services.clients import find_client

        on = args.on or clock.today()
        database = open_db(args, reading=not args.give)
        try:
            with database.session() as s:
                client = find_client(s, args.client)
                if args.give:
                    given = fee_statements.give_statement(
                        s, client.id, on, args.to or client.full_name, args.how
                    )
                    data = bytes(given.pdf)
                else:
                    data = fee_statements.preview_pdf(s, client.id, on)
                status = fee_statements.statement_status(s, client.id, on)
        finally:
            database.close()
        if args.pdf is not None:
            publish_file(args.pdf, data)
            print(f"Statement of terms and fees for {client.full_name}: {args.pdf}")
        print(status.summary)
        for change in status.changes:
            print(f"Warning: {change}")
        return 0

    return run
