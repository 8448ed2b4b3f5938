"""See a PDF the app made before saving or printing it: every document, the same dialog.

pyside6-essentials has no Python binding for Qt PDF (QtPdf is in the Addons wheel), but it ships
Qt's PDF image plugin, which draws any page of a PDF as a picture through QImageReader. That is
enough to show the pages (drawn as they scroll into view, so a 200-page evidence pack opens at
once) and to print them at the printer's own resolution, with no extra package. Save writes the
exact bytes; "Open in PDF viewer" hands them to the computer's own viewer.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QImage,
    QImageReader,
    QKeySequence,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from microoffice.ui.app.errors import show_error
from microoffice.ui.widgets.file_dialogs import FileDialog
from microoffice.ui.widgets.screen_fit import ScreenDialog

PAGE_GAP = 12
PRINT_DPI_MAX = 300  # enough for any office printer; 600 dpi pages are 30 MB each


def can_show_pdf() -> bool:
    """Whether Qt's PDF image plugin is installed (it is, in pyside6-essentials)."""
    return b"pdf" in [f.data() for f in QImageReader.supportedImageFormats()]


class PdfPages:
    """The pages of a PDF, drawn on request at any width."""

    def __init__(self, data: bytes) -> None:
        self.data = QByteArray(data)
        reader, _buffer = self._reader()
        self.count = max(reader.imageCount(), 0) if reader.canRead() else 0
        self.page_size = reader.size() if self.count else QSize(595, 842)  # points

    def _reader(self) -> tuple[QImageReader, QBuffer]:
        """A reader over the bytes, and the device it reads (keep both while reading)."""
        buffer = QBuffer()
        buffer.setData(self.data)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        return QImageReader(buffer, b"pdf"), buffer

    def size_at(self, width: int) -> QSize:
        ratio = self.page_size.height() / max(self.page_size.width(), 1)
        return QSize(width, round(width * ratio))

    def render(self, page: int, size: QSize) -> QImage:
        """One page on white paper (the plugin draws on a transparent background)."""
        reader, _buffer = self._reader()
        reader.jumpToImage(page)
        reader.setScaledSize(size)
        drawn = reader.read()
        paper = QImage(size, QImage.Format.Format_RGB32)
        paper.fill(QColor("white"))
        painter = QPainter(paper)
        painter.drawImage(0, 0, drawn)
        painter.end()
        return paper

    def print_on(self, printer: Any, pages: range | None = None) -> int:
        """Draw the pages on a printer (or a PDF/image printer in tests); returns pages printed."""
        painter = QPainter(printer)
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        scale = min(1.0, PRINT_DPI_MAX / max(printer.resolution(), 1))
        printed = 0
        for page in pages if pages is not None else range(self.count):
            if printed:
                printer.newPage()
            fit = self.size_at(area.width())
            if fit.height() > area.height():  # a landscape page on portrait paper, and so on
                fit = QSize(round(area.height() * fit.width() / fit.height()), area.height())
            image = self.render(
                page, QSize(round(fit.width() * scale), round(fit.height() * scale))
            )
            painter.drawImage(area.topLeft(), image.scaled(fit))
            printed += 1
        painter.end()
        return printed


class PdfView(QScrollArea):
    """The pages one under another, fitted to the width, drawn as they come into view."""

    def __init__(self, pages: PdfPages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = pages
        self.setObjectName("pdfView")
        self.setAccessibleName("Document pages")
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        body = self.body = QWidget(self)
        body.setObjectName("pdfPages")
        self.column = QVBoxLayout(body)
        self.column.setSpacing(PAGE_GAP)
        self.column.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.labels: list[QLabel] = []
        self.drawn: dict[int, int] = {}  # page -> width it was drawn at
        for number in range(pages.count):
            label = QLabel(body)
            label.setObjectName("pdfPage")
            label.setAccessibleName(f"Page {number + 1} of {pages.count}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("background: white; border: 1px solid #c3cad5;")
            self.column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.labels.append(label)
        self.column.addStretch(1)
        self.setWidget(body)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self.draw_visible)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._timer.start())

    def page_width(self) -> int:
        return max(self.viewport().width() - 2 * PAGE_GAP - 4, 200)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()
        self._timer.start()

    def _fit(self) -> None:
        size = self.pages.size_at(self.page_width())
        if self.labels and self.labels[0].size() != size:
            for label in self.labels:
                label.setFixedSize(size)
            self.body.adjustSize()

    def draw_visible(self) -> None:
        """Draw the pages on screen now (and only those): called after scrolling or resizing."""
        self._fit()
        self.column.activate()
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        width = self.page_width()
        for number, label in enumerate(self.labels):
            y = label.y()
            if y + label.height() < top or y > bottom:
                continue
            if self.drawn.get(number) != width:
                image = self.pages.render(number, self.pages.size_at(width))
                label.setPixmap(QPixmap.fromImage(image))
                self.drawn[number] = width


class PdfPreviewDialog(ScreenDialog):
    """Look at a document, then print it, save it or open it in the computer's viewer."""

    def __init__(
        self, data: bytes, title: str, filename: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.data, self.filename = data, filename
        self.setObjectName("pdfPreview")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(860, 900)
        layout = QVBoxLayout(self)
        self.pages = PdfPages(data) if can_show_pdf() else None
        count = self.pages.count if self.pages else 0
        self.view: PdfView | None = None
        if self.pages is not None and count:
            self.view = PdfView(self.pages, self)
            layout.addWidget(self.view, 1)
        else:
            note = QLabel(
                "This computer cannot show the pages here. Save the document, or open it in "
                "your PDF viewer to read or print it.",
                self,
            )
            note.setObjectName("hint")
            note.setWordWrap(True)
            layout.addWidget(note, 1)
        row = QHBoxLayout()
        self.count_label = QLabel(f"{count} page{'s' if count != 1 else ''}", self)
        self.count_label.setObjectName("hint")
        row.addWidget(self.count_label)
        row.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for text, key, slot, keys in (
            ("Print…", "print", self.print_, QKeySequence.StandardKey.Print),
            ("Save as PDF…", "save", self.save, QKeySequence.StandardKey.Save),
            ("Open in PDF viewer", "open", self.open_externally, None),
            ("Close", "close", self.accept, None),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"{key}Button")
            button.setAccessibleName(text.rstrip("…"))
            button.clicked.connect(slot)
            if keys is not None:
                QShortcut(QKeySequence(keys), self).activated.connect(slot)
                button.setToolTip(f"{text.rstrip('…')} ({QKeySequence(keys).toString()})")
            row.addWidget(button)
            self.buttons[key] = button
        self.buttons["print"].setEnabled(bool(count))
        layout.addLayout(row)

    def print_(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self.pages is None:
            return
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle(f"Print {self.windowTitle()}")
        dialog.setMinMax(1, self.pages.count)
        dialog.accepted.connect(lambda: self._print_range(dialog))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        self.print_dialog = dialog

    def _print_range(self, dialog: Any) -> None:
        assert self.pages is not None
        first, last = self.printer.fromPage(), self.printer.toPage()
        pages = range(first - 1, last) if first and last else None
        self.pages.print_on(self.printer, pages)

    def save(self) -> None:
        dialog = FileDialog(
            self,
            f"Save {self.windowTitle()}",
            Path.home() / self.filename,
            "PDF files (*.pdf)",
            save=True,
            default_suffix="pdf",
        )
        dialog.fileSelected.connect(self.write)
        dialog.open()
        self.file_dialog = dialog

    def write(self, path: str) -> bool:
        try:
            Path(path).write_bytes(self.data)
        except OSError as exc:
            show_error(f"Cannot write {path}: {exc.strerror or exc}", parent=self)
            return False
        return True

    def open_externally(self) -> None:
        folder = Path(tempfile.gettempdir()) / "microoffice-documents"
        folder.mkdir(exist_ok=True, mode=0o700)
        target = folder / self.filename
        if self.write(str(target)):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))


def preview_pdf(
    parent: QWidget, title: str, filename: str, make: Callable[[], bytes | None]
) -> PdfPreviewDialog | None:
    """Make a document (a core call returning PDF bytes) and show it; None if it failed."""
    data = make()
    if not data:
        return None
    dialog = PdfPreviewDialog(data, title, filename, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
