"""Render the app icon (microoffice/resources/icons/microoffice.svg) into the files each platform wants.

    QT_QPA_PLATFORM=offscreen .venv/bin/python installers/make_icons.py

writes installers/icons/: microoffice.png (256 px, Linux desktop menus and the AppImage),
microoffice.ico (Windows: the program, the installer and the Start menu) and microoffice.icns
(macOS). Qt's own image plugins write all three, so no other tool is needed; the files are kept
in the repository so a build machine does not have to make them.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "microoffice" / "resources" / "icons" / "microoffice.svg"
OUT = ROOT / "installers" / "icons"


def render(size: int):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SOURCE)).render(painter)
    painter.end()
    return image


def main() -> int:
    from PySide6.QtGui import QGuiApplication, QImageWriter

    _app = QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    for name, fmt, size in (
        ("microoffice.png", b"png", 256),
        ("microoffice.ico", b"ico", 256),
        ("microoffice.icns", b"icns", 512),
    ):
        writer = QImageWriter(str(OUT / name), fmt)
        if not writer.write(render(size)):
            print(f"Could not write {name}: {writer.errorString()}", file=sys.stderr)
            return 1
        print(f"Wrote {OUT / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
