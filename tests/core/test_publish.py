"""Publish after commit (issue 12): files derived from the database appear only once the
transaction they came from has committed, whole, owner-only; a failed run leaves nothing; the
temporaries of a killed writer are cleaned by the next writer into that folder."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from microoffice.cli import main
from microoffice.core.db.database import Database, open_database
from microoffice.core.errors import StorageError, UserError
from microoffice.core.models.billing import Invoice
from microoffice.core.publish import Publisher, is_temporary, publish_file, sweep
from tests.core.billing import helpers as h


def test_staged_files_appear_only_when_published_whole_and_owner_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out).mkdir()
    (out / "b.pdf").write_bytes(b"old contents")
    with Publisher() as publisher:
        publisher.add(out / "a.pdf", b"A" * 100_000)
        publisher.add(out / "b.pdf", b"new contents")
        staged = sorted(p.name for p in out.iterdir())
        # before the block ends only hidden temporaries exist beside the untouched old file
        assert [n for n in staged if not n.startswith(".")] == ["b.pdf"]
        assert (out / "b.pdf").read_bytes() == b"old contents"
        temporaries = [p for p in out.iterdir() if is_temporary(p)]
        assert len(temporaries) == 2
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in temporaries)
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf", "b.pdf"]
    assert (out / "a.pdf").read_bytes() == b"A" * 100_000
    assert (out / "b.pdf").read_bytes() == b"new contents"
    assert stat.S_IMODE((out / "a.pdf").stat().st_mode) == 0o600


def test_a_failure_in_the_block_publishes_nothing_and_leaves_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(RuntimeError), Publisher() as publisher:
        publisher.add(out / "a.pdf", b"A")
        publisher.add(out / "b.pdf", b"B")
        raise RuntimeError("the transaction failed")
    assert list(out.iterdir()) == []


def test_an_unwritable_destination_is_a_plain_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(UserError, match="Cannot write"):
        publish_file(blocker / "a.pdf", b"A")


_STAGER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from microoffice.core.publish import Publisher

    publisher = Publisher()
    publisher.add(Path(sys.argv[1]) / "INV-000001.pdf", b"never committed")
    print("staged", flush=True)
    sys.stdin.read()
    """
)


def test_the_next_writer_cleans_a_killed_writers_temporaries_but_not_a_live_ones(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with subprocess.Popen(
        [sys.executable, "-c", _STAGER, str(out)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None and child.stdout.readline().strip() == "staged"
        (live,) = list(out.iterdir())
        assert is_temporary(live)
        assert sweep(out) == []  # its writer is alive and holds it
        publish_file(out / "other.pdf", b"x")
        assert live.exists()
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert live.exists()  # a killed writer leaves a hidden temporary, not a published file
    publish_file(out / "other.pdf", b"y")  # the next writer into the folder removes it
    assert sorted(p.name for p in out.iterdir()) == ["other.pdf"]


def test_sweep_leaves_files_it_does_not_recognise(tmp_path: Path) -> None:
    keep = [".hidden.partial", "INV-000001.pdf.partial", ".a.pdf.xyz12345.partial", "a.pdf"]
    for name in keep:
        (tmp_path / name).write_bytes(b"mine")
    assert sweep(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(keep)


def _two_clients_to_invoice(path: Path) -> None:
    database = open_database(str(path))
    with database.session() as s:
        h.set_up_business(s)
        for first, last in (("Dora", "Hughes"), ("Edna", "Price")):
            client = h.add_client(s, first, last)
            h.direct_payment(s, client)
            h.add_card(s, client)
            h.add_visit(s, client, date(2026, 12, 1), "09:00", "10:00")
    database.close()


def _issued(path: Path) -> list[Any]:
    database: Database = open_database(str(path))
    try:
        with database.session() as s:
            return [i.number for i in s.query(Invoice).filter(Invoice.number.is_not(None))]
    finally:
        database.close()


def test_an_invoice_run_that_rolls_back_writes_no_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Today's code wrote INV-000001.pdf before the run failed and rolled back."""
    db, out = tmp_path / "a.sqlite", tmp_path / "pdf"
    _two_clients_to_invoice(db)
    from microoffice.core.billing import document

    real = document.stored_pdf
    calls: list[int] = []

    def failing_on_the_second(session: Any, invoice_id: int) -> bytes:
        calls.append(invoice_id)
        if len(calls) == 2:
            raise StorageError("The disk is full.")
        return real(session, invoice_id)

    monkeypatch.setattr(document, "stored_pdf", failing_on_the_second)
    args = ["invoices", "run", "--period", "2026-12", "--issue", "--out", str(out)]
    assert main([*args, "--db", str(db)]) == 2
    assert "The disk is full." in capsys.readouterr().err
    assert len(calls) == 2
    assert list(out.iterdir()) == []  # neither a PDF nor a temporary
    assert _issued(db) == []  # and the run was rolled back: no number was used

    monkeypatch.setattr(document, "stored_pdf", real)
    assert main([*args, "--db", str(db)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["INV-000001.pdf", "INV-000002.pdf"]
    assert sorted(_issued(db)) == [1, 2]
    assert os.access(out / "INV-000001.pdf", os.R_OK)
