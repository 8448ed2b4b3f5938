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
            if args.force:
                _may_replace(args, target)
            summary = build_demo(target, scale=args.scale, force=args.force)
        print(summary.describe())
        return 0

    return run


def _may_replace(args: argparse.Namespace, target: str) -> None:
    """An office about to be replaced is replaced only by someone allowed to restore it (its
    people sign in first); a file that is not an office is simply replaced."""
    from pathlib import Path

    from microoffice.commands.common import open_db
    from microoffice.core import paths
    from microoffice.core.errors import StorageError
    from microoffice.core.people.guard import require_office
    from microoffice.core.people.rights import Right

    if paths.is_url(target) or not Path(target).expanduser().is_file():
        return
    try:
        database = open_db(args)
    except StorageError:
        return  # not an office (or not one this version can open): nothing to protect here
    try:
        require_office(database, Right.OFFICE_FILE)
    finally:
        database.close()
