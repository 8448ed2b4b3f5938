"""check, backup, restore, export and import: looking after the database file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from microoffice.cli import Handler, command
from microoffice.commands.common import ask_password, open_db


@command("check", "check the database: integrity, schema, audit trail, records and anchors")
def _check(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument(
        "--anchors",
        metavar="DIR",
        type=Path,
        action="append",
        default=[],
        help="also compare with the backups and .anchor files in this folder (repeatable)",
    )
    parser.add_argument(
        "--printed",
        metavar="ENTRY:FINGERPRINT",
        action="append",
        default=[],
        help="also compare with the audit fingerprint printed on an evidence pack (repeatable)",
    )

    def run(args: argparse.Namespace) -> int:
        from microoffice.core.services.integrity import run_check

        database = open_db(args, reading=True)
        try:
            report = run_check(database, args.anchors, args.printed)
        finally:
            database.close()
        if not report.findings:
            print("OK: file sound, schema current, audit trail and records intact.")
        for finding in report.findings:
            print(f"PROBLEM [{finding.area}]: {finding.message}")
        if report.head is not None:
            print(f"Chain head: {report.head.describe()}.")
        for note in report.notes:
            print(note if note.endswith(".") else f"Note: {note}.")
        if report.findings:
            print(f"{len(report.findings)} problem(s) found.", file=sys.stderr)
            return 1
        return 0

    return run


@command("backup", "write a verified backup of the database (or server office) now")
def _backup(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("--to", metavar="DIR", type=Path, help="folder for the backup")

    def run(args: argparse.Namespace) -> int:
        from microoffice.core.services.backups import create_backup
        from microoffice.core.services.server_backups import create_server_backup

        database = open_db(args, reading=True)
        try:
            if database.path is None:  # a server office: its JSON export, checked and anchored
                path = create_server_backup(database, to=args.to)
            else:
                path = create_backup(database, to=args.to)
        finally:
            database.close()
        print(f"Backup written and verified: {path}")
        return 0

    return run


@command("restore", "replace the database with a backup (the current file is kept first)")
def _restore(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("backup", type=Path, help="the backup file to restore")

    def run(args: argparse.Namespace) -> int:
        from microoffice.core import paths
        from microoffice.core.errors import UserError
        from microoffice.core.services.backups import needs_password, restore_backup, restore_into

        target = paths.database_target(getattr(args, "db", None))
        if paths.is_url(target):
            raise UserError(
                "A server office is restored into a new, empty office: "
                "microoffice server setup --db postgresql://OWNER@HOST/NEW_OFFICE --json BACKUP"
            )
        office = Path(target).expanduser()
        if (
            office.exists()
        ):  # whoever restores over an office signs in to it (and gives its password)
            current = open_db(args)
            password = current.key
            if password is None and needs_password(args.backup, office):
                password = _restore_password()  # the backup is protected, the office is not
            safety = restore_into(current, args.backup, password)
        else:
            password = _restore_password() if needs_password(args.backup, office) else None
            safety = restore_backup(args.backup, office, password)
        database = open_db(args, password=password)  # upgrades an older backup's schema
        database.close()
        print(f"Restored {args.backup.name} to {target}.")
        if safety:
            print(f"The file it replaced was kept at {safety}.")
        return 0

    return run


def _restore_password() -> str:
    """Like every command: MICROOFFICE_PASSWORD, or asked at the terminal."""
    from microoffice.core.db.sqlite_files import PasswordRequired

    password = ask_password()
    if not password:
        raise PasswordRequired(
            "The backup is protected by a password: type it when asked, or set "
            "MICROOFFICE_PASSWORD."
        )
    return password


@command("export", "write the whole database as JSON (format: docs/export-format.md)")
def _export(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("--json", metavar="FILE", type=Path, required=True)

    def run(args: argparse.Namespace) -> int:
        from microoffice.core.services.transfer import export_json_file

        database = open_db(args, reading=True)
        try:
            export_json_file(database, args.json)
        finally:
            database.close()
        print(f"Exported to {args.json}")
        return 0

    return run


@command("import", "load a JSON export into a new database file or an empty server database")
def _import(parser: argparse.ArgumentParser) -> Handler:
    parser.add_argument("--json", metavar="FILE", type=Path, required=True)

    def run(args: argparse.Namespace) -> int:
        from microoffice.commands.common import on_server
        from microoffice.core import paths
        from microoffice.core.db.engine import describe_target
        from microoffice.core.services.transfer import import_json_file

        target = paths.database_target(getattr(args, "db", None))
        if paths.is_url(target):
            counts = on_server(target, lambda address: import_json_file(args.json, address))
        else:
            counts = import_json_file(args.json, target)
        print(f"Imported {sum(counts.values())} rows into {describe_target(target)}")
        return 0

    return run
