"""Import clients or staff from a spreadsheet: choose the file, check the columns, fix or leave
out the rows with problems, import.

Everything is a core call (core/importing): the dialog reads the file, shows the guessed column
mapping as one drop-down per column, and shows the preview with every problem at its cell. The
Import button stays off while a row has a problem, unless the person ticks "leave them out";
then the import runs off the UI thread (ui/app/runner.py) in one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.errors import UserError, ValidationError
from microoffice.core.importing import (
    ImportResult,
    Mapping,
    Sheet,
    SheetCheck,
    check_sheet,
    guess_mapping,
    import_sheet,
    read_sheet,
)
from microoffice.core.importing.targets import targets_for
from microoffice.ui.app.errors import show_error
from microoffice.ui.app.runner import Ops, Outcome, Task
from microoffice.ui.app.shell import Shell
from microoffice.ui.importing.preview import (
    FIRST_CELL,
    PROBLEMS_COLUMN,
    ROW_COLUMN,
    PreviewModel,
)
from microoffice.ui.widgets.file_dialogs import ask_open_file
from microoffice.ui.widgets.screen_fit import ScreenDialog
from microoffice.ui.widgets.tables import show_when_empty

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NOUNS = {"clients": ("client", "clients"), "staff": ("member of staff", "staff")}
FILE_TYPES = "Spreadsheets (*.csv *.xlsx *.txt);;All files (*)"
INTRO = (
    "Choose a CSV or Excel (.xlsx) file. microoffice shows which field each column fills and "
    "checks every row. Nothing is imported until every row is right, or you choose to leave the "
    "rows with problems out. Your file is never changed."
)


class ImportDialog(ScreenDialog):
    imported = Signal(object)  # the ImportResult

    def __init__(
        self,
        ops: Ops,
        kind: str = "clients",
        parent: QWidget | None = None,
        path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.kind = kind
        self.sheet: Sheet | None = None
        self.mapping: Mapping = []
        self.check: SheetCheck | None = None
        self.task: Task[ImportResult] | None = None
        self.import_result: ImportResult | None = None
        self.combos: list[QComboBox] = []
        self.setObjectName("importDialog")
        self.setMinimumSize(900, 620)
        layout = QVBoxLayout(self)
        intro = QLabel(INTRO, self)
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        top = QHBoxLayout()
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName("What to import")
        self.kind_combo.addItem("Clients", "clients")
        self.kind_combo.addItem("Staff", "staff")
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self.choose_button = QPushButton("Choose file…", self)
        self.choose_button.setObjectName("chooseFileButton")
        self.choose_button.setAccessibleName("Choose the spreadsheet file")
        self.choose_button.setToolTip("Choose a CSV or .xlsx file (Ctrl+O)")
        self.file_label = QLabel("No file chosen yet.", self)
        self.file_label.setObjectName("hint")
        top.addWidget(QLabel("Import:", self))
        top.addWidget(self.kind_combo)
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        layout.addLayout(top)

        self.columns_box = QGroupBox("Columns: which field each one fills", self)
        self.columns_grid = QGridLayout()
        holder = QWidget(self.columns_box)
        holder.setLayout(self.columns_grid)
        scroll = QScrollArea(self.columns_box)
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setMaximumHeight(150)
        box_layout = QVBoxLayout(self.columns_box)
        box_layout.addWidget(scroll)
        self.columns_box.hide()
        layout.addWidget(self.columns_box)

        self.banner = QLabel(self)
        self.banner.setObjectName("formBanner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Problem with the columns")
        self.banner.hide()
        layout.addWidget(self.banner)
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.only_problems = QCheckBox("Show only the rows with problems", self)
        self.only_problems.setAccessibleName("Show only the rows with problems")
        layout.addWidget(self.only_problems)

        self.model = PreviewModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("previewTable")
        self.table.setAccessibleName("Rows to import")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        show_when_empty(self.table, "Choose a spreadsheet to see its rows here.")
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.skip_bad = QCheckBox("Leave out the rows with problems", self)
        self.skip_bad.setObjectName("skipBad")
        self.skip_bad.setAccessibleName("Leave out the rows with problems")
        self.import_button = QPushButton("Import", self)
        self.import_button.setObjectName("acceptButton")
        self.import_button.setAccessibleName("Import")
        self.import_button.setDefault(True)
        self.close_button = QPushButton("Cancel", self)
        self.close_button.setObjectName("closeButton")
        self.close_button.setAccessibleName("Cancel")
        bottom.addWidget(self.skip_bad)
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)

        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.choose_button.clicked.connect(self.choose_file)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Open), self).activated.connect(
            self.choose_file
        )
        self.only_problems.toggled.connect(self.model.set_only_problems)
        self.model.edited.connect(self.recheck)
        self.skip_bad.toggled.connect(lambda _on: self._update_buttons())
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)
        self._set_title()
        self._update_buttons()
        if path is not None:
            self.load_file(path)

    # -- the file ---------------------------------------------------------------------------
    def _set_title(self) -> None:
        self.kind = self.kind_combo.currentData()
        self.setWindowTitle(f"Import {NOUNS[self.kind][1]} from a spreadsheet")

    def _kind_changed(self) -> None:
        self._set_title()
        if self.sheet is not None:
            self.mapping = guess_mapping(self.sheet.headers, self.kind)
            self._build_columns()
            self.recheck()

    def choose_file(self) -> None:
        chosen = ask_open_file(self, self.windowTitle(), Path.home(), FILE_TYPES)
        if chosen is not None:
            self.load_file(chosen)

    def load_file(self, path: Path) -> bool:
        try:
            sheet = read_sheet(path)
        except UserError as exc:
            show_error(str(exc), parent=self)
            return False
        self.sheet = sheet
        rows = len(sheet)
        self.file_label.setText(f"{sheet.source}: {rows} row{'s' if rows != 1 else ''}")
        self.file_label.setToolTip(str(path))
        self.mapping = guess_mapping(sheet.headers, self.kind)
        self._build_columns()
        self.recheck()
        return True

    # -- the columns ------------------------------------------------------------------------
    def _build_columns(self) -> None:
        while self.columns_grid.count():
            item = self.columns_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos = []
        assert self.sheet is not None
        options = [(t.name, t.label) for t in targets_for(self.kind)]
        previous: QWidget = self.choose_button
        for i, (heading, name) in enumerate(zip(self.sheet.headers, self.mapping, strict=True)):
            label = QLabel(f"{heading}:", self)
            combo = QComboBox(self)
            combo.setObjectName(f"column{i}")
            combo.setAccessibleName(f"Column '{heading}' fills")
            combo.addItem("(leave this column out)", None)
            for value, text in options:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(name)))
            combo.currentIndexChanged.connect(lambda _i, c=i: self._column_changed(c))
            label.setBuddy(combo)
            row, col = divmod(i, 3)
            self.columns_grid.addWidget(label, row, col * 2, Qt.AlignmentFlag.AlignRight)
            self.columns_grid.addWidget(combo, row, col * 2 + 1)
            QWidget.setTabOrder(previous, combo)
            previous = combo
            self.combos.append(combo)
        self.columns_box.show()

    def _column_changed(self, column: int) -> None:
        chosen = self.combos[column].currentData()
        self.mapping[column] = chosen
        if chosen is not None:  # a field is filled from one column: the other one lets go
            for i, combo in enumerate(self.combos):
                if i != column and combo.currentData() == chosen:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
                    self.mapping[i] = None
        self.recheck()

    # -- checking ---------------------------------------------------------------------------
    def recheck(self) -> None:
        if self.sheet is None:
            return
        sheet, mapping, kind = self.sheet, list(self.mapping), self.kind

        def check(session: Session) -> SheetCheck | ValidationError:
            try:
                return check_sheet(session, sheet, mapping, kind)
            except ValidationError as exc:
                return exc

        found = self.ops.read(check, None, parent=self)
        if isinstance(found, ValidationError):
            self.check = None
            self.banner.setText(" ".join(found.errors.values()))
            self.banner.show()
        else:
            self.check = found
            self.banner.hide()
        self.model.show(sheet, kind, mapping, self.check)
        self._size_columns()
        self._describe()
        self._update_buttons()

    def _size_columns(self) -> None:
        """Row narrow, Problems wide enough to read, each cell column as wide as its text."""
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(ROW_COLUMN, 50)
        self.table.setColumnWidth(PROBLEMS_COLUMN, 300)
        for column in range(FIRST_CELL, self.model.columnCount()):
            self.table.setColumnWidth(column, min(max(self.table.columnWidth(column), 90), 220))

    def _describe(self) -> None:
        if self.check is None:
            self.summary.setText("Choose which columns hold the names to see the rows checked.")
            return
        total, bad = len(self.check.rows), len(self.check.bad)
        good = total - bad
        if not bad:
            text = f"All {total} rows are ready to import."
        else:
            text = (
                f"{total} rows: {good} ready, {bad} with problems (marked in red; point at a "
                "cell to read why). Double-click a cell to correct it, or tick 'Leave out the "
                "rows with problems'."
            )
        self.summary.setText(text)

    def _update_buttons(self) -> None:
        check = self.check
        noun_one, noun_many = NOUNS[self.kind]
        bad = len(check.bad) if check else 0
        good = len(check.good) if check else 0
        self.skip_bad.setText(f"Leave out the {bad} row{'s' if bad != 1 else ''} with problems")
        self.skip_bad.setVisible(bad > 0)
        count = good if (bad == 0 or self.skip_bad.isChecked()) else 0
        self.import_button.setText(
            f"Import {count} {noun_one if count == 1 else noun_many}" if count else "Import"
        )
        ready = check is not None and good > 0 and (bad == 0 or self.skip_bad.isChecked())
        self.import_button.setEnabled(ready and self.task is None and self.import_result is None)

    # -- importing --------------------------------------------------------------------------
    def start_import(self) -> None:
        if self.sheet is None or not self.import_button.isEnabled():
            return
        sheet, mapping, kind = self.sheet, list(self.mapping), self.kind
        skip = self.skip_bad.isChecked()
        self.task = self.ops.start(
            f"Importing {NOUNS[kind][1]}",
            lambda s, progress, cancelled: import_sheet(
                s, sheet, mapping, kind, skip_bad=skip, progress=progress, cancelled=cancelled
            ),
            parent=self,
            done=self._finished,
        )
        self._update_buttons()

    def _finished(self, outcome: Outcome[ImportResult]) -> None:
        self.task = None
        if not outcome.ok or outcome.value is None:
            self.recheck()  # e.g. someone added the same person meanwhile: show it at its row
            return
        self.import_result = outcome.value
        self.summary.setText(self.import_result.describe() + " You can close this window.")
        self.close_button.setText("Close")
        self.close_button.setAccessibleName("Close")
        self.import_button.hide()
        self.skip_bad.setEnabled(False)
        self.close_button.setFocus()
        self._update_buttons()
        self.imported.emit(self.import_result)

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()  # Escape while importing asks the import to stop
            return
        super().reject()


def open_import(window: Shell, ops: Ops, kind: str = "clients") -> ImportDialog:
    """Open the import over the window (File > Import, or the first-run wizard's choice)."""
    dialog = ImportDialog(ops, kind, window)
    window.import_dialog = dialog
    dialog.open()
    return dialog
