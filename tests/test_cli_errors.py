"""Issue 13: no crash trace ever reaches a person. One handler at the top of the command line
turns a known problem into its message, a closed pipe into a quiet stop, and anything else into
one plain sentence with the log's path; the log has the trace, without messages or values."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from microoffice.cli import BROKEN_PIPE, UNEXPECTED
from microoffice.core.billing import issue
from microoffice.core.crash_report import scrubbed_trace
from microoffice.core.db.database import open_database
from tests.core.billing import helpers as h

SECRET = "Edna Hughes, 07700 900123"


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, MICROOFFICE_HOME=str(home), MICROOFFICE_NOW="2026-12-07T09:30")
    env.pop("MICROOFFICE_DB", None)
    return env


@pytest.fixture
def office(tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite"
    database = open_database(str(path))
    with database.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)
        h.add_card(s, ann)
        h.add_visit(s, ann, date(2026, 11, 3), "09:00", "10:00")
        issue.issue_run(s, date(2026, 11, 1), date(2026, 11, 30), on=date(2026, 12, 1))
    database.close()
    return path


# A bug in the middle of `invoices list`, with personal data and SQL-like parameters in its
# message, as a real one can have: the command is run as the console script runs it.
BUG = f"""
import sys
from microoffice.core.billing import ledger
def broken(*args, **kwargs):
    raise RuntimeError("[parameters: ('{SECRET}',)]")
ledger.invoice_rows = broken
from microoffice.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_an_unexpected_error_is_one_plain_sentence_and_the_log_has_the_trace(
    office: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    run = subprocess.run(
        [sys.executable, "-c", BUG, "invoices", "list", "--db", str(office)],
        capture_output=True,
        text=True,
        env=_env(home),
        timeout=120,
        check=False,
    )
    log = home / "logs" / "microoffice.log"
    assert run.returncode == 70
    assert run.stdout == ""
    assert run.stderr == (
        f"microoffice invoices: {UNEXPECTED} The details are in the log file {log}.\n"
    )
    written = log.read_text(encoding="utf-8")
    assert "ERROR microoffice.cli.invoices: unexpected error\nTraceback" in written
    assert "in _list\n    rows = ledger.invoice_rows(s)\n" in written
    assert written.rstrip().endswith("builtins.RuntimeError (message not logged)")
    assert SECRET not in written  # the planted name and phone number stayed out of the log


def test_a_closed_pipe_ends_quietly(office: Path, tmp_path: Path) -> None:
    """The reader (`| head`) has gone before the command writes: before, Python printed a
    BrokenPipeError at exit (status 120)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "microoffice", "invoices", "list", "--db", str(office)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(tmp_path / "home"),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    with proc.stderr:
        err = proc.stderr.read()
    assert proc.wait(timeout=120) == BROKEN_PIPE
    assert err == b""


def test_invoices_list_into_head_prints_one_line_and_no_trace(office: Path, tmp_path: Path) -> None:
    shell = subprocess.run(
        [
            "bash",
            "-c",
            f'"{sys.executable}" -m microoffice invoices list --db "{office}" | head -1',
        ],
        capture_output=True,
        text=True,
        env=_env(tmp_path / "home"),
        timeout=120,
        check=False,
    )
    assert shell.returncode == 0
    assert shell.stdout.startswith("INV-000001  01/12/2026  Mrs Ann Smith")
    assert shell.stdout.count("\n") == 1
    assert shell.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["invoices", "run", "--period", "2026-11", "--client", "Ann Smyth"],
            "microoffice invoices: No client is called 'Ann Smyth'. Did you mean 'Ann Smith'?\n",
        ),
        (
            ["invoices", "statement", "--payer", "mrs ann smyth", "--pdf", "x.pdf"],
            "microoffice invoices: No invoice has been issued to 'mrs ann smyth', so there is no "
            "such payer. Did you mean 'Mrs Ann Smith'?\n",
        ),
        (
            ["payments", "add", "--amount", "5", "--date", "01/12/2026", "--invoice", "INV-000011"],
            "microoffice payments: There is no invoice numbered 'INV-000011'. Did you mean "
            "'INV-000001'?\n",
        ),
    ],
)
def test_a_mistyped_name_gets_did_you_mean(
    office: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    before = office.read_bytes()
    run = subprocess.run(
        [sys.executable, "-m", "microoffice", *args, "--db", str(office)],
        capture_output=True,
        text=True,
        env=_env(tmp_path / "home"),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert (run.returncode, run.stderr) == (2, message)
    assert office.read_bytes() == before
    assert not (tmp_path / "x.pdf").exists()


def test_the_scrubbed_trace_keeps_where_and_drops_what() -> None:
    try:
        try:
            raise KeyError(SECRET)
        except KeyError as inner:
            raise ValueError(f"bad {SECRET}") from inner
    except ValueError as exc:
        trace = scrubbed_trace(exc)
    lines = trace.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert "builtins.KeyError (message not logged)" in lines
    assert lines[-1] == "builtins.ValueError (message not logged)"
    assert "which led to:" in lines
    assert SECRET not in trace
