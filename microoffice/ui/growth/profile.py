"""Profile: the owner's own words for the referral profile, a preview built from today's data,
and the buttons that save the one-page PDF, the directory text and the application pack."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from microoffice.core.changes import EVERYTHING
from microoffice.core.errors import UserError
from microoffice.core.growth import profile as profile_data
from microoffice.core.reports import application_pack, profile
from microoffice.ui.app.errors import show_error
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.buttons import push_button
from microoffice.ui.widgets.file_dialogs import ask_save_file
from microoffice.ui.widgets.form import Form
from microoffice.ui.widgets.pdf_preview import preview_pdf


class ProfileTab(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("profileTab")
        self.loaded = False
        split = QSplitter(self)
        outer = QVBoxLayout(self)
        outer.addWidget(split)
        left = QWidget(split)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(
            "The profile is built from your records each time you save it: services delivered, "
            "clients' postcode districts, rate cards, compliments shared with consent, outcome "
            "results people agreed to share, and today's free times. Add your own words here.",
            left,
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        column.addWidget(hint)
        self.form = Form(left)
        f = self.form
        f.group("In your words")
        f.area("about", "About us", 4, "Two or three sentences a social worker will remember")
        f.text("contact_name", "Who to ask for")
        f.text("quality_mark", "Quality mark", "e.g. the council's micro-provider standard")
        f.group("Area", below=True)
        f.text("areas_extra", "Also cover", "districts, e.g. B94, B95")
        f.text("areas_hidden", "Leave out", "districts you no longer take on")
        f.group("Free times", below=True)
        f.spin("min_slot_minutes", "Shortest time worth offering", 15, 240, " min")
        f.spin("weeks", "Free every week for", 1, 12, " weeks")
        column.addWidget(f, 1)
        buttons = QHBoxLayout()
        self.save_button = push_button(self, "Save", self.save, buttons, name="saveProfile")
        buttons.addStretch(1)
        column.addLayout(buttons)
        exports = QHBoxLayout()
        self.pdf_button = push_button(
            self, "Profile PDF…", self.ask_pdf, exports, name="profilePdf"
        )
        self.txt_button = push_button(
            self, "Directory text…", self.ask_text, exports, name="profileText"
        )
        self.pack_button = push_button(
            self, "Application pack…", self.ask_pack, exports, name="applicationPack"
        )
        column.addLayout(exports)
        right = QWidget(split)
        preview_column = QVBoxLayout(right)
        preview_column.setContentsMargins(6, 0, 0, 0)
        title = QLabel("Preview (as it will read today)", right)
        title.setObjectName("sectionTitle")
        preview_column.addWidget(title)
        self.preview = QPlainTextEdit(right)
        self.preview.setObjectName("profilePreview")
        self.preview.setAccessibleName("Profile preview")
        self.preview.setReadOnly(True)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.preview.setFont(mono)
        preview_column.addWidget(self.preview, 1)
        self.status = QLabel(right)
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        preview_column.addWidget(self.status)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([460, 700])
        ops.bus.changed.connect(
            lambda changes: self.reload() if self.loaded and changes.touches(EVERYTHING) else None
        )

    def showEvent(self, event: QShowEvent) -> None:
        if not self.loaded:
            self.loaded = True
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        settings = self.ops.read(profile_data.load_settings, None, parent=self)
        if settings is None:
            return
        self.form.set_values(
            {
                "about": settings.about,
                "contact_name": settings.contact_name,
                "quality_mark": settings.quality_mark,
                "areas_extra": ", ".join(settings.areas_extra),
                "areas_hidden": ", ".join(settings.areas_hidden),
                "min_slot_minutes": settings.min_slot_minutes,
                "weeks": settings.weeks,
            }
        )
        text = self.ops.read(lambda s: profile.as_text(profile.collect(s)), "", parent=self)
        self.preview.setPlainText(text)

    def settings(self) -> profile_data.ProfileSettings:
        v = self.form.values()
        return profile_data.ProfileSettings(
            about=v["about"],
            contact_name=v["contact_name"],
            quality_mark=v["quality_mark"],
            areas_extra=v["areas_extra"],  # checked and split by core
            areas_hidden=v["areas_hidden"],
            min_slot_minutes=v["min_slot_minutes"],
            weeks=v["weeks"],
        )

    def save(self) -> None:
        settings = self.settings()
        outcome = self.ops.run(
            lambda s: profile_data.save_settings(s, settings), form=self.form, parent=self
        )
        if outcome.ok:
            self.status.setText("Saved.")

    # -- files ------------------------------------------------------------------------------
    def _ask(self, title: str, name: str, kind: str) -> Path | None:
        return ask_save_file(self, title, name, kind)

    def ask_pdf(self) -> None:
        """Show the profile first, to print or save (dialogs/pdf_preview.py)."""
        self.pdf_preview = preview_pdf(
            self, "Referral profile", "Referral profile.pdf", lambda: self._pdf(profile)
        )

    def _pdf(self, report: Any) -> bytes | None:
        data = self.ops.read(report.collect, None, parent=self)
        if data is None:
            return None
        buf = io.BytesIO()
        report.render(data, buf)
        return buf.getvalue()

    def ask_text(self) -> None:
        path = self._ask("Save the directory text", "Referral profile.txt", "Text (*.txt)")
        if path is not None:
            self.save_text(path)

    def ask_pack(self) -> None:
        self.pdf_preview = preview_pdf(
            self, "Application pack", "Application pack.pdf", lambda: self._pdf(application_pack)
        )

    def save_pdf(self, path: Path) -> bool:
        data = self.ops.read(profile.collect, None, parent=self)
        if data is None:
            return False
        buf = io.BytesIO()
        profile.render(data, buf)
        return self._write(path, buf.getvalue(), "Referral profile")

    def save_text(self, path: Path) -> bool:
        text = self.ops.read(lambda s: profile.as_text(profile.collect(s)), None, parent=self)
        return text is not None and self._write(path, text.encode("utf-8"), "Directory text")

    def save_pack(self, path: Path) -> bool:
        data = self.ops.read(application_pack.collect, None, parent=self)
        if data is None:
            return False
        buf = io.BytesIO()
        application_pack.render(data, buf)
        fixes = f" ({len(data.gaps)} things to fix first: see its first page)" if data.gaps else ""
        return self._write(path, buf.getvalue(), "Application pack", fixes)

    def _write(self, path: Path, data: bytes, what: str, extra: str = "") -> bool:
        try:
            path.write_bytes(data)
        except OSError as exc:
            show_error(str(UserError(f"Cannot write {path}: {exc.strerror or exc}")), parent=self)
            return False
        self.status.setText(f"{what} saved to {path}{extra}")
        return True
