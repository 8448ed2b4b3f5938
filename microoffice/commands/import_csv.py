"""`microoffice import-csv`: bring clients or staff in from a spreadsheet (CSV or .xlsx).

Prints how the columns were matched to fields and every row's problems. Nothing is imported
while a row has a problem, unless --skip-bad says to leave those rows out; --check only shows
what would happen.
"""

from __future__ import annotations

import argparse
import sys

from microoffice.cli import Handler, command


@command("import-csv", "import clients or staff from a spreadsheet (CSV or .xlsx)")
def _import_csv(parser: argparse.ArgumentParser) -> Handler:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--clients", metavar="FILE", help="a spreadsheet of clients")
    which.add_argument("--staff", metavar="FILE", help="a spreadsheet of staff")
    parser.add_argument(
        "--map",
        metavar="PAIRS",
        default="",
        help="change how columns are matched: 'Surname=last_name,DOB=date_of_birth,Notes=-' "
        "(- leaves a column out)",
    )
    parser.add_argument(
        "--skip-bad",
        action="store_true",
        help="import the good rows and leave out the rows with problems",
    )
    parser.add_argument(
        "--check", action="store_true", help="only show the column matching and the problems"
    )

    def run(args: argparse.Namespace) -> int:
        from microoffice.commands.common import open_db
        from microoffice.core.importing import (
            ImportRefused,
            apply_overrides,
            check_sheet,
            describe_mapping,
            guess_mapping,
            import_sheet,
            read_sheet,
        )

        kind = "clients" if args.clients else "staff"
        sheet = read_sheet(args.clients or args.staff)
        mapping = guess_mapping(sheet.headers, kind)
        if args.map:
            mapping = apply_overrides(sheet.headers, mapping, args.map, kind)
        print(f"{sheet.source}: {len(sheet)} row{'s' if len(sheet) != 1 else ''}. Columns:")
        for line in describe_mapping(sheet.headers, mapping, kind):
            print(f"  {line}")
        database = open_db(args, create=True)  # importing into a brand-new file is fine
        try:
            if args.check:
                with database.session() as s:
                    check = check_sheet(s, sheet, mapping, kind)
                _print_problems(check)
                print(f"{len(check.good)} row(s) ready to import, {len(check.bad)} with problems.")
                return 0 if not check.bad else 1
            try:
                with database.session() as s:
                    result = import_sheet(s, sheet, mapping, kind, skip_bad=args.skip_bad)
            except ImportRefused as refused:
                _print_problems(refused.check)
                print(f"microoffice import-csv: {refused}", file=sys.stderr)
                print("Fix the rows above, or add --skip-bad to leave them out.", file=sys.stderr)
                return 2
        finally:
            database.close()
        if result.skipped:
            print("Left out:")
            for row in result.skipped:
                for line in result.check.describe(row):
                    print(f"  {line}")
        print(result.describe())
        return 0

    return run


def _print_problems(check: object) -> None:
    from microoffice.core.importing import SheetCheck

    assert isinstance(check, SheetCheck)
    if not check.bad:
        return
    print("Problems:")
    for row in check.bad:
        for line in check.describe(row):
            print(f"  {line}")
