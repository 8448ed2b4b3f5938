"""Headless commands. Each calls the same core services the window uses.

Kept free of heavy imports at module level: with no command, the window starts, and start-up time
is measured (bench/). Every command exits non-zero with a clear message on failure.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # argparse is imported only when a command runs: not on the way to the window
    import argparse

    Handler = Callable[[argparse.Namespace], int]
else:
    Handler = Callable[..., int]
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {}


def command(
    name: str, help_text: str
) -> Callable[[Callable[[argparse.ArgumentParser], Handler]], Callable[..., Any]]:
    """Register a subcommand: the decorated function adds its arguments and returns its handler."""

    def register(build: Callable[[argparse.ArgumentParser], Handler]) -> Callable[..., Any]:
        holder: dict[str, Handler] = {}

        def add_args(parser: argparse.ArgumentParser) -> None:
            holder["handler"] = build(parser)

        def run(args: argparse.Namespace) -> int:
            return holder["handler"](args)

        COMMANDS[name] = (help_text, add_args, run)
        return build

    return register


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from microoffice.commands import load_all

    load_all()
    parser = argparse.ArgumentParser(
        prog="microoffice",
        description="A desktop back office for care micro-enterprises. "
        "With no command, opens the window.",
    )
    parser.add_argument("--db", metavar="PATH", help="database file (default: your data folder)")
    parser.add_argument(
        "--smoke",
        nargs="?",
        const="data",
        choices=["data", "paint"],
        help="start the window, then quit: after the first paint, or once data is shown",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add_args, run) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="database file")
        add_args(p)
        p.set_defaults(handler=run)
    return parser


def main(argv: list[str]) -> int:
    # Care records are personal data: every file this process creates (database, WAL, backups,
    # exports, logs, PDFs) is readable by its owner only.
    os.umask(0o077)
    if _window_only(argv):
        # Fast path to the window: no argparse sub-command machinery, no core imports.
        db, smoke = _window_args(argv)
        from microoffice.app import run_gui

        return run_gui(db=db, smoke=smoke)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from microoffice.app import run_gui

        return run_gui(db=args.db, smoke=args.smoke)
    from microoffice.core.errors import MicroofficeError

    try:
        return int(args.handler(args))
    except MicroofficeError as exc:
        print(f"microoffice {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130


def _window_only(argv: list[str]) -> bool:
    """True when the arguments only open the window (no command, no --help)."""
    for i, arg in enumerate(argv):
        if arg.startswith(("--smoke", "--db")):
            continue
        if i > 0 and argv[i - 1] == "--db":
            continue
        return False
    return True


def _window_args(argv: list[str]) -> tuple[str | None, str | None]:
    db = smoke = None
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--db" and i + 1 < len(argv):
            db = argv[i + 1]
            i += 1
        elif arg.startswith("--db="):
            db = arg.split("=", 1)[1]
        elif arg == "--smoke":
            smoke = "data"
        elif arg.startswith("--smoke="):
            smoke = arg.split("=", 1)[1]
            if smoke not in ("data", "paint"):
                raise SystemExit("microoffice: --smoke takes 'data' or 'paint'")
        i += 1
    return db, smoke
