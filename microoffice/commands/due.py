"""`microoffice due`: everything overdue or due soon, grouped by the CQC's five key questions."""

from __future__ import annotations

import argparse

from microoffice.cli import Handler, command
from microoffice.commands.common import open_db


@command("due", "list what is overdue or due soon (the compliance dashboard)")
def _due(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("--red", action="store_true", help="only what is overdue now")

    def run(args: argparse.Namespace) -> int:
        from dataclasses import replace

        from microoffice.core.compliance.dashboard import build_dashboard, format_dashboard

        database = open_db(args, reading=True)
        try:
            with database.session() as s:
                dashboard = build_dashboard(s)
        finally:
            database.close()
        if args.red:
            groups = [
                replace(g, items=[i for i in g.items if i.rag == "red"]) for g in dashboard.groups
            ]
            dashboard = replace(dashboard, groups=groups)
        print(format_dashboard(dashboard))
        return 0

    return run
