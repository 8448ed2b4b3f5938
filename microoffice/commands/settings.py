"""`microoffice settings`: the business's record-keeping choices that have no other home on the
command line (the business details themselves are set in the window)."""

from __future__ import annotations

import argparse

from microoffice.cli import Handler, command
from microoffice.commands.common import open_db


@command("settings", "show or change record-keeping settings (as-planned visit notes)")
def _settings(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument(
        "--as-planned-notes",
        choices=["on", "off"],
        help="allow 'As planned, nothing to add.' as a visit's daily note (off by default)",
    )

    def run(args: argparse.Namespace) -> int:
        from microoffice.core.records import quick_notes

        changing = args.as_planned_notes is not None
        database = open_db(args, reading=not changing)
        try:
            with database.session(actor="cli", reading=not changing) as s:
                if changing:
                    quick_notes.allow_as_planned(s, args.as_planned_notes == "on")
                allowed = quick_notes.as_planned_allowed(s)
        finally:
            database.close()
        state = "on" if allowed else "off"
        print(f"As-planned visit notes: {state}")
        if allowed:
            print(
                "Visits confirmed with --as-planned (or left with an empty line in the window) "
                f"are noted: {quick_notes.AS_PLANNED_TEXT}"
            )
        else:
            print("Each visit needs its own line of note before it is invoiced.")
        return 0

    return run
