"""`microoffice pack` (the CQC evidence pack for a period) and `microoffice record` (everything
held about one person, for a subject access request)."""

from __future__ import annotations

import argparse
from pathlib import Path

from microoffice.cli import Handler, command
from microoffice.commands import readers
from microoffice.commands.common import open_db
from microoffice.core.vocabulary import format_date


@command("pack", "write the CQC evidence pack for a period as a PDF")
def _pack(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument(
        "--from", dest="start", metavar="DATE", required=True, type=readers.day, help="first day"
    )
    parser.add_argument(
        "--to", dest="end", metavar="DATE", required=True, type=readers.day, help="last day"
    )
    parser.add_argument("--pdf", metavar="FILE", type=Path, required=True, help="the PDF to write")

    def run(args: argparse.Namespace) -> int:
        import io

        from microoffice.core.errors import UserError
        from microoffice.core.publish import publish_file
        from microoffice.core.reports import evidence_pack

        start, end = args.start, args.end
        if end < start:
            raise UserError("--to is before --from.")
        database = open_db(args, reading=True)
        try:
            with database.session() as s:
                data = evidence_pack.collect(s, start, end)
        finally:
            database.close()
        buf = io.BytesIO()
        evidence_pack.render(data, buf)
        publish_file(args.pdf, buf.getvalue())
        found = [i for kq in data.sections for i in kq.findings]
        red = sum(1 for i in found if i.rag == "red")
        print(
            f"Evidence pack {format_date(start)} to {format_date(end)} written to {args.pdf}: "
            f"{red} to fix, {len(found) - red} to look at (as 'microoffice due' lists them)."
        )
        for statement_id, gap in data.gaps:
            print(f"  {statement_id}: {gap}")
        return 0

    return run


@command("record", "write everything held about one person (subject access) as PDF and/or JSON")
def _record(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("--client", metavar="NAME", required=True, help="the person's name")
    parser.add_argument("--pdf", metavar="FILE", type=Path, help="write the record as a PDF")
    parser.add_argument("--json", metavar="FILE", type=Path, help="write the record as JSON")

    def run(args: argparse.Namespace) -> int:
        import io

        from microoffice.core.errors import UserError
        from microoffice.core.publish import publish_file
        from microoffice.core.reports import client_record
        from microoffice.core.services.clients import find_client

        if not args.pdf and not args.json:
            raise UserError("Say where to write the record: --pdf FILE and/or --json FILE.")
        database = open_db(args, reading=True)
        try:
            with database.session() as s:
                data = client_record.collect(s, find_client(s, args.client).id)
        finally:
            database.close()
        if args.pdf:
            buf = io.BytesIO()
            client_record.render(data, buf)
            publish_file(args.pdf, buf.getvalue())
            print(f"Record of {data.client_name} written to {args.pdf}")
        if args.json:
            publish_file(args.json, client_record.to_json(data).encode("utf-8"))
            print(f"Record of {data.client_name} written to {args.json}")
        return 0

    return run
