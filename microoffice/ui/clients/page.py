"""The clients register: find, add, edit, archive and restore the people supported."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from microoffice.core.changes import Changes
from microoffice.core.people.rights import Right
from microoffice.core.services import clients
from microoffice.core.services.clients import ClientRow
from microoffice.core.vocabulary import FUNDING_TYPES, NATIONS
from microoffice.ui.app.runner import Ops
from microoffice.ui.clients.columns import CLIENT_COLUMNS
from microoffice.ui.clients.dialog import ClientDialog
from microoffice.ui.widgets.ask import AskDialog
from microoffice.ui.widgets.lazy_model import LazyRowModel
from microoffice.ui.widgets.list_page import ListPage
from microoffice.ui.widgets.table_model import Column, RowTableModel

CLIENTS = Changes(clients=True)


class ClientsPage(ListPage[ClientRow]):
    noun = "client"
    plural = "clients"
    watches = CLIENTS
    edit_right = Right.CLIENTS
    import_kind = "clients"

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(ops, "Clients", CLIENT_COLUMNS, parent)
        self.setObjectName("clientsPage")
        self.search.setPlaceholderText("Search by name, postcode or town")
        self.funding_filter = self.add_filter(
            "Funding type", [(None, "Any funding"), *FUNDING_TYPES]
        )
        self.nation_filter = self.add_filter("Nation", [(None, "All nations"), *NATIONS])

    def make_model(self, columns: list[Column[ClientRow]]) -> RowTableModel[ClientRow]:
        """Ids only, rows fetched as they scroll into view: 10,000 clients open instantly."""
        return LazyRowModel(columns, self._rows_for, muted=self.is_archived, parent=self)

    def load(self) -> None:
        search = self.search.text()
        archived = self.show_archived.isChecked()
        funding_type = self.funding_filter.currentData()
        nation = self.nation_filter.currentData()
        ids: list[int] = self.ops.read(
            lambda s: clients.client_ids(
                s, search, include_archived=archived, funding_type=funding_type, nation=nation
            ),
            [],
            parent=self,
        )
        assert isinstance(self.model, LazyRowModel)
        self.model.set_ids(ids)

    def _rows_for(self, ids: list[int]) -> list[ClientRow]:
        return self.ops.read(lambda s: clients.client_rows(s, ids), [], parent=self)

    def open_editor(self, row: ClientRow | None) -> None:
        dialog = ClientDialog(self.ops, None if row is None else row.id, self)
        dialog.saved.connect(self._saved)
        self.show_dialog(dialog)

    def _saved(self, client_id: int) -> None:
        if not self.select_id(client_id) and self.search.text():
            self.search.clear()  # a new client outside the current search: show them anyway
            self.reload()
            self.select_id(client_id)

    def archive(self, row: ClientRow) -> None:
        ask = AskDialog(
            self,
            "Archive client",
            f"Archive {row.name}? They leave the active list and their service is marked as "
            "ended today. Every record is kept, and you can restore them later.",
            "Archive client",
            "Reason (optional):",
            placeholder="e.g. moved into a care home",
        )
        ask.accepted.connect(lambda: self._archive(row.id, ask.answer()))
        self.show_dialog(ask)

    def _archive(self, client_id: int, reason: str) -> None:
        self.ops.run(lambda s: clients.archive_client(s, client_id, reason.strip()))

    def restore(self, row: ClientRow) -> None:
        self.ops.run(lambda s: clients.restore_client(s, row.id))
