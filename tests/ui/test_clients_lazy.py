"""The clients list reads ids up front and rows only as they come into view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from microoffice.core.db.database import Database
from microoffice.core.services import clients, funding
from microoffice.ui.app.bus import Bus
from microoffice.ui.app.runner import Ops
from microoffice.ui.clients.page import ClientsPage
from microoffice.ui.widgets.lazy_model import BLOCK, LazyRowModel

COUNT = 3 * BLOCK + 17


def fill(db: Database) -> None:
    with db.session() as s:
        for i in range(COUNT):
            c = clients.create_client(
                s,
                clients.ClientData(
                    first_name=f"Person{i:03d}",
                    last_name=f"Family{i:03d}",
                    town="Solihull" if i % 2 else "Cardiff",
                    nation="england" if i % 2 else "wales",
                ),
            )
            if i % 3 == 0:
                funding.add_funding(s, c.id, funding.FundingData(funding_type="SELF"))
        clients.archive_client(s, c.id)


def test_ids_and_rows_match_the_full_list(db: Database) -> None:
    fill(db)
    with db.session() as s:
        for kwargs in (
            {},
            {"include_archived": True},
            {"search": "cardiff"},
            {"nation": "england", "funding_type": "SELF"},
        ):
            ids = clients.client_ids(s, **kwargs)  # type: ignore[arg-type]
            assert clients.client_rows(s, ids) == clients.list_clients(s, **kwargs)  # type: ignore[arg-type]
        assert clients.client_rows(s, []) == []
        some = clients.client_ids(s)[5:2:-1]
        assert [r.id for r in clients.client_rows(s, some)] == some


def test_page_fetches_only_what_is_shown(qtbot: QtBot, db: Database) -> None:
    fill(db)
    page = ClientsPage(Ops(db, Bus()))
    qtbot.addWidget(page)
    page.resize(1000, 600)
    fetched: list[int] = []
    original = page._rows_for

    def counting(ids: list[int]) -> list[clients.ClientRow]:
        fetched.append(len(ids))
        return original(ids)

    model = page.model
    assert isinstance(model, LazyRowModel)
    model._fetch_rows = counting
    page.reload()
    page.show()
    qtbot.waitExposed(page)
    assert model.rowCount() == COUNT - 1  # the last one is archived
    assert sum(fetched) <= BLOCK, "only the first screenful is read"
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.table.rowAt(page.table.viewport().height() - 2) == COUNT - 2)
    assert model.index(COUNT - 2, 0).data() == f"Person{COUNT - 2:03d} Family{COUNT - 2:03d}"
    assert sum(fetched) <= 3 * BLOCK, "the middle of the list was never read"

    # Sorting by name, newest last name first, reads everything once and keeps selection.
    assert page.select_id(model.ids()[10])
    chosen = page.selected()
    page.table.horizontalHeader().sectionClicked.emit(0)
    page.table.horizontalHeader().sectionClicked.emit(0)
    assert page._sort == (0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == f"Person{COUNT - 2:03d} Family{COUNT - 2:03d}"
    assert page.selected() == chosen
    assert page.count_label.text() == f"{COUNT - 1:,} clients"


def test_lazy_model_passes_qt_model_checks(qtmodeltester: object, db: Database) -> None:
    fill(db)
    ops = Ops(db, Bus())
    page = ClientsPage(ops)
    page.reload()
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]
    page.deleteLater()
