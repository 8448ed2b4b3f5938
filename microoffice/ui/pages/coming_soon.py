"""A plain, friendly page for an area that a later piece of work builds."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class ComingSoonPage(QWidget):
    """Says what will be here and that it is coming; no dead buttons."""

    title = ""
    intro = ""
    points: tuple[str, ...] = ()

    def __init__(self, ops: object = None, parent: QWidget | None = None):
        super().__init__(parent)
        del ops  # the real page will use it; this one shows text only
        layout = QVBoxLayout(self)
        heading = QLabel(self.title, self)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        box = QFrame(self)
        box.setObjectName("notice")
        inner = QVBoxLayout(box)
        intro = QLabel(self.intro, box)
        intro.setWordWrap(True)
        inner.addWidget(intro)
        items = "".join(f"<li>{escape(p)}</li>" for p in self.points)
        listing = QLabel(f"<ul style='margin-left:-20px'>{items}</ul>", box)
        listing.setTextFormat(Qt.TextFormat.RichText)
        listing.setWordWrap(True)
        inner.addWidget(listing)
        soon = QLabel("This part of microoffice is coming in a later update.", box)
        soon.setObjectName("hint")
        inner.addWidget(soon)
        layout.addWidget(box)
        layout.addStretch(1)
        self.setAccessibleName(f"{self.title}: coming soon")
