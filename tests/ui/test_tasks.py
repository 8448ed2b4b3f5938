"""Long work runs off the UI thread (ui/app/runner.py): the window keeps answering, progress is shown,
Stop rolls everything back (issue 7, point 4)."""

from __future__ import annotations

import io
import re
import time
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from microoffice.core.changes import Changes
from microoffice.core.errors import ValidationError
from microoffice.core.models import Client
from microoffice.core.models.billing import Invoice
from microoffice.core.progress import Cancelled, Reporter
from microoffice.core.services import clients
from microoffice.ui.app.errors import open_error_dialogs
from microoffice.ui.app.main_window import KEYS, MainWindow
from microoffice.ui.app.runner import Task
from microoffice.ui.billing.invoices import InvoicesPage
from tests.core.billing import helpers as h
from tests.ui.conftest import OpenWindow

PEOPLE = ["Ann Smith", "Bob Jones", "Cath Lee", "Dev Patel", "Edna Price", "Fred Okafor"]
PDF_DELAY_S = 0.15  # each invoice's PDF takes this long on a slow computer


class Ticker:
    """Counts timer ticks on the UI thread and the longest gap between them."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))
        self.timer.start()

    def longest_gap_ms(self) -> float:
        return max((b - a) * 1000 for a, b in zip(self.ticks, self.ticks[1:], strict=False))


def six_clients(window: MainWindow) -> None:
    """Six self-funders with two noted visits each in November: six invoices to issue."""
    assert window.ops is not None
    with window.ops.database.session() as s:
        h.set_up_business(s)
        for name in PEOPLE:
            client = h.add_client(s, *name.split())
            h.self_funded(s, client)
            h.add_card(s, client)
            h.add_visit(s, client, date(2026, 11, 3), "09:00", "10:00")
            h.add_visit(s, client, date(2026, 11, 10), "09:00", "10:00")


def invoice_numbers(window: MainWindow) -> list[int]:
    assert window.ops is not None
    with window.ops.database.session() as s:
        return [int(n) for n in s.scalars(select(Invoice.number).order_by(Invoice.id))]


@pytest.fixture
def slow_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    from microoffice.core.reports import invoice

    real = invoice.pdf_bytes

    def slow(*args: Any, **kwargs: Any) -> bytes:
        time.sleep(PDF_DELAY_S)
        return real(*args, **kwargs)

    monkeypatch.setattr(invoice, "pdf_bytes", slow)


def test_an_invoice_run_keeps_the_window_answering_and_stop_undoes_it(
    qtbot: QtBot, open_window: OpenWindow, slow_pdfs: None
) -> None:
    window = open_window()
    six_clients(window)
    # The window builds its other pages while idle after opening; measure after that.
    qtbot.waitUntil(lambda: len(window.pages) == len(KEYS), timeout=20_000)
    window.show_page("invoices")
    page = window.pages["invoices"]
    assert isinstance(page, InvoicesPage)
    run = page.run_tab
    qtbot.mouseClick(run.preview_button, Qt.MouseButton.LeftButton)
    assert run.issue_button.text() == "Issue 6 invoices"

    ticker = Ticker()
    qtbot.mouseClick(run.issue_button, Qt.MouseButton.LeftButton)
    task = run.task
    assert isinstance(task, Task) and task.running
    qtbot.waitUntil(lambda: task.last[0] >= 2, timeout=20_000)  # two invoices made
    assert task.running
    assert len(ticker.ticks) >= 10, "the UI thread went on processing events"
    assert ticker.longest_gap_ms() < 250, "the window never froze"
    dialog = task.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)  # shown once the work takes a moment
    assert re.match(r"Invoice [3-6] of 6: ", dialog.labelText()), dialog.labelText()
    assert task.bar.maximum() == 6 and 2 <= task.bar.value() < 6
    stop = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Stop")
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: run.task is None, timeout=20_000)
    ticker.timer.stop()
    assert task.stopped and isinstance(task.outcome.error, Cancelled)  # type: ignore[union-attr]
    assert open_error_dialogs() == []  # stopping on purpose is not an error
    assert run.summary.text().startswith("Stopped: no invoices were issued.")
    assert invoice_numbers(window) == []
    assert run.issue_button.isEnabled() and run.issue_button.text() == "Issue 6 invoices"

    qtbot.mouseClick(run.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: run.task is None, timeout=30_000)
    # The stopped run used no number: this run starts at 1.
    assert invoice_numbers(window) == [1, 2, 3, 4, 5, 6]
    assert run.summary.text().startswith("Issued 6 invoices (INV-000001 to INV-000006)")


def test_a_task_reports_progress_and_its_result_on_the_ui_thread(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    assert window.ops is not None
    seen: list[tuple[int, int, str]] = []

    def work(session: Any, progress: Any, cancelled: Any) -> int:
        report = Reporter(progress, cancelled)
        for i in range(3):
            report.step(i, 3, f"Client {i + 1}")
            clients.create_client(session, clients.ClientData(first_name=f"P{i}", last_name="Q"))
        return 3

    changed: list[object] = []
    window.ops.bus.changed.connect(changed.append)
    task = window.ops.start("Adding clients", work, parent=window)
    task.progressed.connect(lambda d, t, w: seen.append((d, t, w)))
    with qtbot.waitSignal(task.finished, timeout=10_000) as finished:
        pass
    outcome = finished.args[0]
    assert outcome.ok and outcome.value == 3
    assert outcome.changes == Changes(clients=True)  # the same typed value quick work returns
    assert changed == [Changes(clients=True)]
    assert seen == [(0, 3, "Client 1"), (1, 3, "Client 2"), (2, 3, "Client 3")]
    with window.ops.database.session() as s:
        assert s.scalar(select(func.count(Client.id))) == 3


def test_a_stopped_task_saves_nothing_and_a_refused_one_says_why(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    assert window.ops is not None
    started: list[bool] = []

    def endless(session: Any, progress: Any, cancelled: Any) -> None:
        clients.create_client(session, clients.ClientData(first_name="Half", last_name="Done"))
        started.append(True)
        while True:
            if cancelled():
                raise Cancelled()
            time.sleep(0.01)

    task = window.ops.start("Working", endless, parent=window)
    qtbot.waitUntil(lambda: bool(started))
    task.cancel()
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=10_000)
    assert task.stopped
    with window.ops.database.session() as s:
        assert s.scalar(select(func.count(Client.id))) == 0  # rolled back

    def refused(session: Any, progress: Any, cancelled: Any) -> None:
        raise ValidationError({"period": "The period ends before it starts"})

    task = window.ops.start("Refused", refused, parent=window)
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=10_000)
    assert not task.outcome.ok  # type: ignore[union-attr]
    assert [box.text() for box in open_error_dialogs()] == [
        "Period: The period ends before it starts"
    ]
    for box in open_error_dialogs():
        box.close()


def test_back_up_now_then_go_back_to_that_copy(
    qtbot: QtBot, open_window: OpenWindow, db_path: Any
) -> None:
    from microoffice.core.db.database import open_database
    from microoffice.ui.settings.backup_dialog import BackupDialog

    window = open_window()
    assert window.ops is not None
    with window.ops.database.session() as s:
        clients.create_client(s, clients.ClientData(first_name="Kept", last_name="Before"))
    window.menu_actions["backup"].trigger()  # type: ignore[attr-defined]  # Ctrl+B
    dialog = window.backup_dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, BackupDialog)
    qtbot.waitUntil(lambda: dialog.task is None and dialog.model.rowCount() == 1, timeout=20_000)
    assert dialog.status.text().startswith("Backed up to test-") and "-manual.sqlite" in (
        dialog.status.text()
    )
    assert dialog.model.index(0, 1).data() == "Made by you"
    assert dialog.model.index(0, 0).data() == "07/12/2026 09:30"  # the frozen clock, London

    with window.ops.database.session() as s:
        clients.create_client(s, clients.ClientData(first_name="Added", last_name="After"))
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    question = dialog.question
    assert question.text() == "Go back to the copy made on 07/12/2026 at 09:30?"
    yes = next(b for b in question.buttons() if b.text() == "Go back to this copy")
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(window, "restored_message", None) is not None)
    message = window.restored_message  # type: ignore[attr-defined]
    assert "open it again" in message.text()
    message.accept()
    qtbot.waitUntil(lambda: not window.isVisible())
    database = open_database(str(db_path))
    try:
        with database.session() as s:
            names = sorted(s.scalars(select(Client.last_name)))
    finally:
        database.close()
    assert names == ["Before"]  # "After" was entered after the copy


def test_the_evidence_pack_is_prepared_off_the_ui_thread_then_shown_to_print(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Any
) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from microoffice.ui.widgets.pdf_preview import PdfPreviewDialog

    window = open_window()
    window.show_page("compliance")
    page = window.pages["compliance"]
    qtbot.mouseClick(page.pack_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert page.pack_task.running  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: getattr(page, "pack_preview", None) is not None, timeout=30_000)
    preview = page.pack_preview  # type: ignore[attr-defined]
    assert isinstance(preview, PdfPreviewDialog) and preview.isVisible()
    pages = PdfReader(io.BytesIO(preview.data)).get_num_pages()
    assert preview.count_label.text() == f"{pages} page{'s' if pages != 1 else ''}"
    assert preview.pages is not None and preview.pages.count == pages
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.pages.print_on(printer) == pages
    assert PdfReader(str(tmp_path / "printed.pdf")).get_num_pages() == pages
    saved = tmp_path / "pack.pdf"
    assert preview.write(str(saved)) and saved.read_bytes() == preview.data
    preview.close()


def test_closing_the_window_stops_running_work_first(qtbot: QtBot, open_window: OpenWindow) -> None:
    from microoffice.ui.app.runner import running_tasks, stop_all

    window = open_window()
    assert window.ops is not None
    started: list[bool] = []

    def endless(session: Any, progress: Any, cancelled: Any) -> None:
        clients.create_client(session, clients.ClientData(first_name="Half", last_name="Done"))
        started.append(True)
        while not cancelled():
            time.sleep(0.01)
        raise Cancelled()

    task = window.ops.start("Working", endless, parent=window)
    qtbot.waitUntil(lambda: bool(started))
    assert running_tasks() == [task]
    assert stop_all() == 1  # what app.py does when the window closes, before the backup
    assert not task._thread.isRunning()
    qtbot.waitUntil(lambda: task.outcome is not None)
    assert task.stopped
    with window.ops.database.session() as s:
        assert s.scalar(select(func.count(Client.id))) == 0
