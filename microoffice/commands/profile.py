"""`microoffice profile`: the one-page referral profile (PDF, plain text) and the application pack."""

from __future__ import annotations

import argparse
from pathlib import Path

from microoffice.cli import Handler, command
from microoffice.commands.common import open_db


@command("profile", "write the referral profile (PDF and/or text) with today's free capacity")
def _profile(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("--pdf", metavar="FILE", type=Path, help="write the one-page profile PDF")
    parser.add_argument("--txt", metavar="FILE", type=Path, help="write the plain-text version")
    parser.add_argument(
        "--pack", metavar="FILE", type=Path, help="write the quality mark application pack PDF"
    )

    def run(args: argparse.Namespace) -> int:
        import io

        from microoffice.core.publish import publish_file
        from microoffice.core.reports import application_pack, profile

        database = open_db(args, reading=True)
        try:
            with database.session() as s:
                data = profile.collect(s)
                pack = application_pack.collect(s) if args.pack else None
        finally:
            database.close()
        if args.pdf:
            buf = io.BytesIO()
            profile.render(data, buf)
            publish_file(args.pdf, buf.getvalue())
            print(f"Referral profile written to {args.pdf}")
        if args.txt:
            publish_file(args.txt, profile.as_text(data).encode("utf-8"))
            print(f"Plain-text profile written to {args.txt}")
        if pack is not None:
            buf = io.BytesIO()
            application_pack.render(pack, buf)
            publish_file(args.pack, buf.getvalue())
            print(f"Application pack written to {args.pack} ({len(pack.gaps)} things to fix)")
        if not (args.pdf or args.txt or args.pack):
            print(profile.as_text(data), end="")
        return 0

    return run
