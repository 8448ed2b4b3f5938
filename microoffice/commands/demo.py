"""`microoffice demo`: write a demo database (Barbara's business, or the large benchmark team)."""

from __future__ import annotations

import argparse

from microoffice.cli import Handler, command


@command("demo", "write a demo database: Barbara's business (small) or a team of five (large)")
def _demo(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument(
        "--scale",
        choices=["small", "large"],
        default="small",
        help="small: a sole trader with 14 clients; large: 5 staff, 60 clients, 5 years of visits",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace the file if it already exists"
    )

    def run(args: argparse.Namespace) -> int:
        from microoffice.core import paths
        from microoffice.core.demo import build_demo

        target = paths.database_target(getattr(args, "db", None))
        if paths.is_url(target):  # into an empty server office, through the JSON import
            from microoffice.commands.common import on_server

            summary = on_server(
                target, lambda address: build_demo(address, scale=args.scale, force=args.force)
            )
        else:
            summary = build_demo(target, scale=args.scale, force=args.force)
        print(summary.describe())
        return 0

    return run
