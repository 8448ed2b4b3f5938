"""Headless commands. Each calls the same core services the window uses.

Kept free of heavy imports at module level: with no command, the window starts, and start-up time
is measured (bench/). Every command exits non-zero with a clear message on failure.
"""

from __future__ import annotations

import contextlib
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


SIGN_IN_HELP = (
    "sign in as this person (asks for their PIN or password, or reads "
    "MICROOFFICE_USER_PASSWORD); also MICROOFFICE_USER"
)


def office_options() -> argparse.ArgumentParser:
    """--db and --as, for the actions of a command that has several (`invoices list`), so they
    may be written after the action as well as before it."""
    import argparse

    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="database file")
    options.add_argument(
        "--as", dest="as_person", metavar="NAME", default=argparse.SUPPRESS, help=SIGN_IN_HELP
    )
    return options


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
    parser.add_argument("--as", dest="as_person", metavar="NAME", help=SIGN_IN_HELP)
    parser.add_argument(
        "--smoke",
        nargs="?",
        const="data",
        choices=["data", "look", "paint"],
        help="start the window, then quit: after the first paint, once the first look at Today "
        "is shown, or once the live Today page shows its data (the default)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add_args, run) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="database file")
        p.add_argument(
            "--as", dest="as_person", metavar="NAME", default=argparse.SUPPRESS, help=SIGN_IN_HELP
        )
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
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or an argument its reader refused (commands/readers.py)
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:
        from microoffice.app import run_gui

        return run_gui(db=args.db, smoke=args.smoke)
    return run_command(args)


UNEXPECTED = (
    "something went wrong that microoffice did not expect, so this command stopped. Nothing it "
    "was doing was half-saved: what was saved before is as it was."
)
BROKEN_PIPE = 141  # what a shell reports for a program stopped by SIGPIPE (128 + 13)


def run_command(args: argparse.Namespace) -> int:
    """The one place a command's failure becomes what a person reads: a known problem as its
    own message, a closed pipe (`| head`) as a quiet stop, anything else as a plain sentence and
    the log file's path, the trace in the log without messages or values
    (core/crash_report.py). A crash trace never reaches the terminal."""
    from microoffice.core.errors import MicroofficeError

    try:
        code = int(args.handler(args))
        sys.stdout.flush()  # a closed pipe shows here, not in Python's shutdown
        return code
    except MicroofficeError as exc:
        _say(f"microoffice {args.command}: {exc}")
        return 2
    except KeyboardInterrupt:
        _say("Interrupted.")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return BROKEN_PIPE
    except Exception as exc:
        from microoffice.core.crash_report import write_crash_report

        log = write_crash_report(exc, f"cli.{args.command}")
        where = f" The details are in the log file {log}." if log else ""
        _say(f"microoffice {args.command}: {UNEXPECTED}{where}")
        return 70  # EX_SOFTWARE


def _say(message: str) -> None:
    with contextlib.suppress(OSError):  # stderr closed too: nothing more can be said
        print(message, file=sys.stderr)


def _silence_stdout() -> None:
    """The reader has gone: send what is still buffered nowhere, so Python's own flush at exit
    does not print a BrokenPipeError."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


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
            if smoke not in ("data", "look", "paint"):
                raise SystemExit("microoffice: --smoke takes 'data', 'look' or 'paint'")
        i += 1
    return db, smoke
