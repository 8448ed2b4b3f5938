"""The pieces every page stands on: the table model, the change bus, ops and the excepthook."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from microoffice.core.changes import Changes
from microoffice.core.db.database import Database
from microoffice.core.errors import NotFoundError
from microoffice.core.models import Client
from microoffice.core.services import clients
from microoffice.ui.app.bus import Bus
from microoffice.ui.app.errors import UNEXPECTED, install_excepthook, open_error_dialogs
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.table_model import Column, RowTableModel


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    archived: bool


def make_model() -> RowTableModel[Row]:
    columns = [
        Column("Name", lambda r: r.name, 100),
        Column("Number", lambda r: str(r.id), 60, sort_key=lambda r: r.id),
    ]
    return RowTableModel(columns, muted=lambda r: r.archived)


def test_table_model_passes_qt_model_checks_and_sorts(qtmodeltester: object) -> None:
    model = make_model()
    model.set_rows([Row(10, "Cath", False), Row(2, "ann", True), Row(33, "Bryn", False)])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # archived: grey
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    model.sort(0)
    assert [model.index(r, 0).data() for r in range(3)] == ["ann", "Bryn", "Cath"]
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 1).data() for r in range(3)] == ["33", "10", "2"]


def client_count(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(Client.id))) or 0


def test_ops_commits_announces_once_and_reports_known_errors(qtbot: QtBot, db: Database) -> None:
    bus = Bus()
    ops = Ops(db, bus)
    seen: list[Changes] = []
    bus.changed.connect(seen.append)

    def create(s: Session) -> int:
        return clients.create_client(s, clients.ClientData(first_name="A", last_name="B")).id

    outcome = ops.run(create)
    assert outcome.ok and isinstance(outcome.value, int)
    assert outcome.changes == Changes(clients=True)  # read back from the audit log
    assert seen == [Changes(clients=True)]
    assert ops.run(lambda s: clients.list_clients(s)).changes == Changes()
    assert seen == [Changes(clients=True)], "work that wrote nothing announces nothing"
    assert client_count(db) == 1

    missing = ops.run(lambda s: clients.get_client(s, 999))
    assert not missing.ok and isinstance(missing.error, NotFoundError)
    (box,) = open_error_dialogs()
    assert box.text() == "There is no client with id 999."
    box.accept()
    assert seen == [Changes(clients=True)], "a failed write announces nothing"


def test_a_bug_rolls_back_and_propagates(db: Database) -> None:
    ops = Ops(db, Bus())

    def half_then_crash(s: Session) -> None:
        clients.create_client(s, clients.ClientData(first_name="A", last_name="B"))
        raise RuntimeError("bug after the first write")

    with pytest.raises(RuntimeError):
        ops.run(half_then_crash)
    assert client_count(db) == 0


def test_a_database_failure_is_explained_not_crashed(qtbot: QtBot, db: Database) -> None:
    ops = Ops(db, Bus())
    outcome = ops.run(lambda s: s.execute(text("SELECT * FROM no_such_table")))
    assert not outcome.ok
    (box,) = open_error_dialogs()
    assert box.text().startswith("The database could not be used (no such table: no_such_table)")
    box.accept()


def test_excepthook_logs_the_bug_and_says_where(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log_file = tmp_path / "logs" / "microoffice.log"
    called: list[bool] = []
    previous = sys.excepthook
    undo = install_excepthook(lambda: log_file, on_error=lambda: called.append(True))
    message = ", ".join(("Peggy Henshaw", "12 Mill Lane"))  # a message can name a client
    try:
        try:
            raise ValueError(message)
        except ValueError as exc:
            with caplog.at_level(logging.ERROR, logger="microoffice"):
                sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        undo()
    assert sys.excepthook is previous
    (box,) = open_error_dialogs()
    assert box.text() == UNEXPECTED
    assert box.informativeText() == f"The details were written to the log file:\n{log_file}"
    assert called == [True]
    # where it happened is logged, never what it was about (core/crash_report.py)
    assert "builtins.ValueError (message not logged)" in caplog.text
    assert "test_plumbing.py" in caplog.text
    assert "Peggy" not in caplog.text and "Mill Lane" not in caplog.text
    box.accept()
