"""The staff register: the owner and up to a handful of workers."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from microoffice.core.changes import Changes
from microoffice.core.people.rights import Right
from microoffice.core.services import staff
from microoffice.core.services.staff import StaffRow
from microoffice.core.vocabulary import ROLES, format_date
from microoffice.ui.app.runner import Ops
from microoffice.ui.staff.dialog import StaffDialog
from microoffice.ui.widgets.ask import AskDialog
from microoffice.ui.widgets.list_page import ListPage
from microoffice.ui.widgets.table_model import Column

STAFF = Changes(staff=True)
STAFF_COLUMNS: list[Column[StaffRow]] = [
    Column("Name", lambda r: r.name, 210),
    Column("Role", lambda r: r.role, 170),
    Column("Employment", lambda r: r.employment_type, 140),
    Column("Phone", lambda r: r.phone, 130),
    Column(
        "Started",
        lambda r: format_date(r.start_date),
        100,
        sort_key=lambda r: (r.start_date is None, r.start_date),
    ),
    Column("Status", lambda r: "Archived" if r.archived else "", 80),
]


class StaffPage(ListPage[StaffRow]):
    noun = "staff member"
    plural = "staff"
    watches = STAFF
    edit_right = Right.STAFF
    import_kind = "staff"

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(ops, "Staff", STAFF_COLUMNS, parent)
        self.setObjectName("staffPage")
        self.search.setPlaceholderText("Search by name or role")
        self.role_filter = self.add_filter("Role", [(None, "All roles"), *ROLES])

    def fetch(self) -> list[StaffRow]:
        search, role = self.search.text(), self.role_filter.currentData()
        archived = self.show_archived.isChecked()
        return self.ops.read(
            lambda s: staff.list_staff(s, search, include_archived=archived, role=role),
            [],
            parent=self,
        )

    def open_editor(self, row: StaffRow | None) -> None:
        dialog = StaffDialog(self.ops, None if row is None else row.id, self)
        dialog.saved.connect(self.select_id)
        self.show_dialog(dialog)

    def archive(self, row: StaffRow) -> None:
        ask = AskDialog(
            self,
            "Archive staff member",
            f"Archive {row.name}? They leave the staff list and their employment is marked as "
            "ended today (if no end date was set). Their records, training and checks are kept.",
            "Archive staff member",
        )
        ask.accepted.connect(lambda: self.ops.run(lambda s: staff.archive_staff(s, row.id)))
        self.show_dialog(ask)

    def restore(self, row: StaffRow) -> None:
        self.ops.run(lambda s: staff.restore_staff(s, row.id))
