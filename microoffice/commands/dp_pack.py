"""`microoffice dp-pack`: a client's direct-payment audit pack for one quarter, as one PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from microoffice.cli import Handler, command
from microoffice.commands.common import open_db


@command("dp-pack", "a direct-payment audit pack (invoices, visit log, payments) for a quarter")
def _dp_pack(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("--client", required=True, metavar="NAME")
    parser.add_argument("--quarter", required=True, help="e.g. 2026Q4")
    parser.add_argument("--pdf", required=True, metavar="FILE", type=Path)

    def run(args: argparse.Namespace) -> int:
        from microoffice.core.publish import publish_file
        from microoffice.core.reports import dp_pack
        from microoffice.core.services.clients import find_client

        database = open_db(args, reading=True)
        try:
            with database.session() as s:
                client = find_client(s, args.client)
                data = dp_pack.pdf_bytes(s, client.id, args.quarter)
        finally:
            database.close()
        publish_file(args.pdf, data)
        print(f"Direct payment audit pack for {client.full_name}, {args.quarter}: {args.pdf}")
        return 0

    return run
