"""Tamper evidence (issue 13): edits made with plain sqlite3 after a backup, each caught by
`microoffice check` (exit 1, the problem named), and the honest limits of what it can prove.

Every edit here is what someone holding the office file could do with the sqlite3 shell: drop
the guards, change a row, put the guards back, and even recompute the audit chain with the
program's own (public) algorithm. The office is Barbara's demo business with November's invoices
issued, then backed up as the daily backup would.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from microoffice.cli import main
from microoffice.core import clock
from microoffice.core.db import invoice_triggers
from microoffice.core.db.audit_hook import row_hash
from microoffice.core.db.database import Database, open_database
from microoffice.core.db.triggers import trigger_statements
from microoffice.core.models.audit import AuditLog
from tests.conftest import FROZEN_AT


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Barbara's business with November 2026 invoiced: built once, copied for each test."""
    folder = tmp_path_factory.mktemp("office")
    path = folder / "office.sqlite"
    with pytest.MonkeyPatch.context() as mp, clock.frozen(FROZEN_AT):
        mp.setenv("MICROOFFICE_HOME", str(folder / "home"))
        assert main(["demo", "--db", str(path)]) == 0
        issued = ["invoices", "run", "--db", str(path), "--period", "2026-11", "--issue"]
        assert main(issued) == 0
    return path


@pytest.fixture
def office(_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A copy of the office with today's backup taken (it leaves its anchor beside it)."""
    path = tmp_path / "office.sqlite"
    shutil.copyfile(_template, path)
    assert main(["backup", "--db", str(path)]) == 0
    capsys.readouterr()
    return path


def check(path: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, list[str]]:
    """Run `microoffice check` as a person would; its exit status and the problems it printed."""
    status = main(["check", "--db", str(path), *options])
    out = capsys.readouterr().out
    problems = [line for line in out.splitlines() if line.startswith("PROBLEM")]
    return status, problems


def output(path: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str]:
    status = main(["check", "--db", str(path), *options])
    return status, capsys.readouterr().out


def sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def one(path: Path, query: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query).fetchone()[0]
    finally:
        conn.close()


def _invoice_guard(name: str) -> str:
    """The guard as microoffice creates it, to put back after an edit."""
    return next(s for s in invoice_triggers.statements("sqlite") if f" {name} " in s)


@pytest.fixture
def backup_name(office: Path) -> str:
    return next(p.name for p in (office.parent / "office-backups").glob("*.sqlite"))


def test_a_clean_office_checks_clean_with_its_history_anchored(
    office: Path, backup_name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = output(office, capsys)
    head = one(office, "SELECT max(id) FROM audit_log")
    assert status == 0, out
    assert out.startswith("OK: file sound, schema current, audit trail and records intact.")
    assert f"History anchored up to entry {head} of {head}, 07/12/2026 by {backup_name}." in out


# --- the nine edits from the issue ----------------------------------------------------------


def test_dropped_protective_triggers_are_named(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sql(
        office,
        "DROP TRIGGER trg_daily_note_no_update",
        "DROP TRIGGER trg_invoice_frozen",
        "DROP TRIGGER trg_audit_log_no_delete",
    )
    status, problems = check(office, capsys)
    assert status == 1
    missing = "is missing (it stops changes to records that must stay as written)"
    assert problems == [
        f"PROBLEM [guards]: the protective trigger trg_audit_log_no_delete on audit log {missing}",
        f"PROBLEM [guards]: the protective trigger trg_daily_note_no_update on daily note {missing}",
        f"PROBLEM [guards]: the protective trigger trg_invoice_frozen on invoice {missing}",
    ]


def test_a_trigger_put_back_weaker_under_its_own_name_is_named(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sql(
        office,
        "DROP TRIGGER trg_invoice_no_delete",
        "CREATE TRIGGER trg_invoice_no_delete BEFORE DELETE ON invoice WHEN 0 "
        "BEGIN SELECT RAISE(ABORT, 'an issued invoice is never deleted'); END",
    )
    status, problems = check(office, capsys)
    assert status == 1
    assert problems == [
        "PROBLEM [guards]: the protective trigger trg_invoice_no_delete on invoice has been "
        "altered: it is not the one microoffice creates"
    ]


def test_an_issued_invoice_total_changed_with_the_guards_put_back_is_named(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert one(office, "SELECT status FROM invoice WHERE id = 2") == "issued"
    sql(
        office,
        "DROP TRIGGER trg_invoice_frozen",
        "UPDATE invoice SET total_pence = total_pence - 5000, "
        "subtotal_pence = subtotal_pence - 5000 WHERE id = 2",
        _invoice_guard("trg_invoice_frozen"),
    )
    status, problems = check(office, capsys)
    assert status == 1
    assert problems == [
        "PROBLEM [records]: invoice row 2 was changed outside microoffice: subtotal, total"
    ]


def test_an_issued_invoice_line_amount_changed_is_named(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = one(office, "SELECT min(id) FROM invoice_line WHERE invoice_id = 3")
    sql(
        office,
        "DROP TRIGGER trg_invoice_line_no_update",
        f"UPDATE invoice_line SET amount_pence = 1 WHERE id = {line}",
        _invoice_guard("trg_invoice_line_no_update"),
    )
    status, problems = check(office, capsys)
    assert status == 1
    assert problems == [
        f"PROBLEM [records]: invoice line row {line} was changed outside microoffice: amount"
    ]


def test_an_issued_invoice_pdf_replaced_with_its_fingerprints_is_named(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A careful forger swaps the stored PDF and updates both stored fingerprints to match."""
    import hashlib

    forged = b"%PDF-1.4 a different invoice"
    digest = hashlib.sha256(forged).hexdigest()
    document = one(office, "SELECT id FROM invoice_document WHERE invoice_id = 4")
    conn = sqlite3.connect(office)
    conn.execute("DROP TRIGGER trg_invoice_document_no_update")
    conn.execute("DROP TRIGGER trg_invoice_frozen")
    conn.execute(
        "UPDATE invoice_document SET pdf = ?, sha256 = ? WHERE invoice_id = 4", (forged, digest)
    )
    conn.execute("UPDATE invoice SET pdf_sha256 = ? WHERE id = 4", (digest,))
    conn.execute(_invoice_guard("trg_invoice_document_no_update"))
    conn.execute(_invoice_guard("trg_invoice_frozen"))
    conn.commit()
    conn.close()
    status, problems = check(office, capsys)
    assert status == 1
    assert problems == [
        "PROBLEM [records]: invoice row 4 was changed outside microoffice: the issued PDF's "
        "fingerprint",
        f"PROBLEM [records]: invoice document row {document} was changed outside microoffice: "
        "the stored PDF, the stored PDF's fingerprint",
    ]


def test_a_client_name_changed_is_named(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sql(office, "UPDATE client SET last_name = 'Smith' WHERE id = 2")
    status, problems = check(office, capsys)
    assert status == 1
    assert problems == [
        "PROBLEM [records]: client row 2 was changed outside microoffice: last name"
    ]


def test_a_row_added_or_removed_outside_the_app_is_named(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payment = one(office, "SELECT coalesce(max(id), 0) FROM payment") + 1  # type: ignore[operator]
    sql(
        office,
        "INSERT INTO payment (client_id, payer_name, received_on, method, amount_pence, "
        "reference, notes, recorded_at, created_at, updated_at, version) VALUES (2, 'Mrs X', "
        "'2026-12-01', 'bank', 50000, '', '', '2026-12-01 10:00:00.000000', "
        "'2026-12-01 10:00:00.000000', '2026-12-01 10:00:00.000000', 1)",
        "DELETE FROM client_pause WHERE id = (SELECT min(id) FROM client_pause)",
    )
    status, problems = check(office, capsys)
    assert status == 1
    assert problems == [
        "PROBLEM [records]: client pause row 1 was removed outside microoffice (the audit log "
        "never recorded that)",
        f"PROBLEM [records]: payment row {payment} was added outside microoffice (the audit log "
        "never recorded it)",
    ]


def test_a_visit_times_changed_are_named(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The hours a carer was there: what an invoice and a council audit rely on."""
    visit = one(office, "SELECT min(id) FROM visit WHERE status = 'completed'")
    sql(
        office,
        "UPDATE visit SET actual_start = datetime(actual_start, '-15 minutes'), "
        f"actual_end = datetime(actual_end, '+30 minutes') WHERE id = {visit}",
    )
    status, problems = check(office, capsys)
    assert status == 1
    assert problems == [
        f"PROBLEM [records]: visit row {visit} was changed outside microoffice: actual start, "
        "actual end"
    ]


def test_the_invoice_counter_moved_back_is_named(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = one(office, "SELECT max(number) FROM invoice WHERE series = 'INV'")
    assert last == 15
    sql(
        office,
        "DROP TRIGGER trg_number_series_forward",
        "UPDATE number_series SET next_number = 10 WHERE series = 'INV'",
        _invoice_guard("trg_number_series_forward"),
    )
    status, problems = check(office, capsys)
    assert status == 1
    assert problems == [
        "PROBLEM [invoices]: the INV invoice counter was moved back: it would give number 10 "
        "again, but INV-000015 has already been issued"
    ]


def test_the_last_audit_rows_deleted_are_caught_by_the_anchor(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The log, the records and the guards all agree afterwards: only the backup's anchor,
    outside the file, shows that entries were removed."""
    from microoffice.core.services import clients

    database = open_database(str(office))
    with database.session() as s:
        client = clients.get_client(s, 2)
        before = client.phone
        data = replace(clients.ClientData.from_client(client), phone="0121 496 0999")
        clients.update_client(s, 2, data)
    database.close()
    assert main(["backup", "--db", str(office)]) == 0
    head = one(office, "SELECT max(id) FROM audit_log")
    last_kept = one(office, "SELECT max(id) FROM audit_log WHERE entity <> 'client'")
    sql(
        office,
        "DROP TRIGGER trg_audit_log_no_delete",
        f"DELETE FROM audit_log WHERE id > {last_kept}",
        trigger_statements("audit_log")[1],
        f"UPDATE client SET phone = '{before}' WHERE id = 2",
    )
    capsys.readouterr()
    status, problems = check(office, capsys)
    assert status == 1
    backups = sorted((office.parent / "office-backups").glob("*.sqlite"))
    assert problems == [
        f"PROBLEM [anchors]: the audit log ends at entry {last_kept}, but {backups[-1].name} "
        f"(taken 07/12/2026) saw entry {head}: entries {last_kept + 1}-{head} were removed"
    ]


def _rewrite_note(path: Path, note_id: int, text: str) -> int:
    """Rewrite a daily note and its audited insert, then recompute every hash after it with
    microoffice's own algorithm, exactly as the program reads the log. Returns the entry."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER trg_daily_note_no_update")
    conn.execute("DROP TRIGGER trg_audit_log_no_update")
    conn.execute("UPDATE daily_note SET text = ? WHERE id = ?", (text, note_id))
    entry = conn.execute(
        "SELECT id FROM audit_log WHERE entity = 'daily_note' AND action = 'insert' "
        "AND entity_id = ?",
        (str(note_id),),
    ).fetchone()[0]
    conn.execute(
        "UPDATE audit_log SET changes = json_set(changes, '$.text', ?) WHERE id = ?",
        (text, entry),
    )
    conn.commit()
    conn.close()
    database = open_database(str(path))
    with database.engine.connect() as reader:
        rows = [dict(r._mapping) for r in reader.execute(select(AuditLog.__table__))]
    database.close()
    conn = sqlite3.connect(path)
    prev = next(r["hash"] for r in rows if r["id"] == entry - 1)
    for row in sorted(rows, key=lambda r: r["id"]):
        if row["id"] < entry:
            continue
        new = row_hash(row, prev)
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, new, row["id"])
        )
        prev = new
    for table in ("daily_note", "audit_log"):
        conn.execute(trigger_statements(table)[0])
    conn.commit()
    conn.close()
    return int(entry)


def test_a_rewritten_note_with_its_audit_and_a_recomputed_chain_is_caught_by_the_anchor(
    office: Path, backup_name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    note = int(one(office, "SELECT min(id) FROM daily_note"))
    head = one(office, "SELECT max(id) FROM audit_log")
    _rewrite_note(office, note, "Refused all food and drink; no concerns raised.")
    status, problems = check(office, capsys)
    assert status == 1
    assert len(problems) == 1
    assert problems[0].startswith(
        f"PROBLEM [anchors]: the audit log does not match {backup_name} (taken 07/12/2026): "
        f"entry {head} had the fingerprint "
    )
    assert problems[0].endswith("so the history up to there was rewritten")


# --- the honest limits (docs/tamper-evidence.md) ---------------------------------------------


def test_without_an_anchor_a_consistent_rewrite_is_not_caught(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Someone with the file and no anchor can rewrite everything consistently: deleting the
    backups folder removes the anchors, and check then has nothing outside the file to go by."""
    shutil.rmtree(office.parent / "office-backups")
    note = int(one(office, "SELECT min(id) FROM daily_note"))
    _rewrite_note(office, note, "Refused all food and drink; no concerns raised.")
    status, out = output(office, capsys)
    assert status == 0
    assert "History not anchored: the audit log has" in out


def test_an_anchor_kept_elsewhere_still_catches_it_when_the_backups_folder_is_gone(
    office: Path, backup_name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy of a backup (or only its .anchor file) kept elsewhere, named with --anchors."""
    usb = tmp_path / "usb"
    usb.mkdir()
    shutil.copy(office.parent / "office-backups" / f"{backup_name}.anchor", usb)
    shutil.rmtree(office.parent / "office-backups")
    note = int(one(office, "SELECT min(id) FROM daily_note"))
    _rewrite_note(office, note, "Refused all food and drink; no concerns raised.")
    status, problems = check(office, capsys, "--anchors", str(usb))
    assert status == 1
    assert len(problems) == 1
    assert problems[0].startswith(
        f"PROBLEM [anchors]: the audit log does not match {backup_name}.anchor (taken 07/12/2026)"
    )


def test_an_anchor_proves_nothing_about_entries_written_after_it(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A note written after the last backup and rewritten (with its chain) before the next one
    is not caught: anchors prove the history only up to the entry they saw."""
    from datetime import UTC, datetime

    from microoffice.core.records import notes

    anchored = one(office, "SELECT max(id) FROM audit_log")
    database = open_database(str(office))
    with database.session() as s:
        note = notes.write_note(
            s,
            notes.NoteData(
                client_id=1, text="Ate well.", occurred_at=datetime(2026, 12, 7, 9, tzinfo=UTC)
            ),
        ).id
    database.close()
    _rewrite_note(office, note, "Refused food.")
    status, out = output(office, capsys)
    head = one(office, "SELECT max(id) FROM audit_log")
    assert head > anchored
    assert status == 0
    assert f"History anchored up to entry {anchored} of {head}, 07/12/2026 by " in out


def _printed_on_the_pack(office: Path, tmp_path: Path) -> tuple[int, str, str]:
    """The evidence pack as printed, read back by pypdf (not by the code that wrote it): the
    entry, the whole fingerprint and the command it tells the reader to run."""
    import re

    from pypdf import PdfReader

    pdf = tmp_path / "pack.pdf"
    assert main(["pack", "--db", str(office), "--from", "01/11/2026", "--to", "30/11/2026",
                 "--pdf", str(pdf)]) == 0  # fmt: skip
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    found = re.search(
        r"last entry was number ([\d,]+), .*? fingerprint: ((?:[0-9a-f]{8} ){8})", text
    )
    command = re.search(r"microoffice check --printed (\d+:[0-9a-f]{16})", text)
    assert found is not None and command is not None, text[:2000]
    return int(found[1].replace(",", "")), found[2].replace(" ", ""), command[1]


def test_the_fingerprint_printed_on_the_evidence_pack_anchors_the_history(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry, fingerprint, printed = _printed_on_the_pack(office, tmp_path)
    assert entry == one(office, "SELECT max(id) FROM audit_log")
    assert fingerprint == one(office, f"SELECT hash FROM audit_log WHERE id = {entry}")
    assert printed == f"{entry}:{fingerprint[:16]}"
    shutil.rmtree(office.parent / "office-backups")  # only the paper copy is left
    capsys.readouterr()
    status, out = output(office, capsys, "--printed", printed)
    assert status == 0
    assert f"by the fingerprint printed for entry {entry}." in out
    note = int(one(office, "SELECT min(id) FROM daily_note"))
    _rewrite_note(office, note, "Refused all food and drink; no concerns raised.")
    now = str(one(office, f"SELECT hash FROM audit_log WHERE id = {entry}"))
    status, problems = check(office, capsys, "--printed", printed)
    assert status == 1
    assert problems == [
        "PROBLEM [anchors]: the audit log does not match the fingerprint printed for entry "
        f"{entry}: entry {entry} had the fingerprint {fingerprint[:16]} and now has {now[:16]}, "
        "so the history up to there was rewritten"
    ]


def test_guards_switched_off_dropped_or_weakened_are_named_on_either_backend(db: Database) -> None:
    """The same check on PostgreSQL (CI runs this file there too), where a guard can also be
    switched off without being dropped, or its function rewritten to let everything through."""
    from sqlalchemy import text

    from microoffice.core.services.integrity import check_database

    assert check_database(db) == []
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE daily_note DISABLE TRIGGER trg_daily_note_append_only"))
            conn.execute(text("DROP TRIGGER trg_invoice_line_frozen ON invoice_line"))
            conn.execute(
                text(
                    "CREATE OR REPLACE FUNCTION microoffice_number_series_forward() "
                    "RETURNS trigger AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql"
                )
            )
            off, gone, weak = (
                "trg_daily_note_append_only",
                "trg_invoice_line_frozen",
                "trg_number_series_forward",
            )
        else:
            conn.execute(text("DROP TRIGGER trg_daily_note_no_update"))
            conn.execute(text("DROP TRIGGER trg_invoice_line_no_insert"))
            conn.execute(text("DROP TRIGGER trg_number_series_forward"))
            conn.execute(
                text(
                    "CREATE TRIGGER trg_number_series_forward BEFORE UPDATE ON number_series "
                    "WHEN 0 BEGIN SELECT RAISE(ABORT, 'never'); END"
                )
            )
            off, gone, weak = "", "trg_daily_note_no_update", "trg_number_series_forward"
    found = sorted(f.message for f in check_database(db) if f.area == "guards")
    expected = [
        f"the protective trigger {gone} on {'daily note' if not off else 'invoice line'} is "
        "missing (it stops changes to records that must stay as written)",
        f"the protective trigger {weak} on number series has been altered: it is not the one "
        "microoffice creates",
    ]
    if off:
        expected.append(f"the protective trigger {off} on daily note is switched off")
    else:
        expected.append(
            "the protective trigger trg_invoice_line_no_insert on invoice line is missing (it "
            "stops changes to records that must stay as written)"
        )
    assert found == sorted(expected)
