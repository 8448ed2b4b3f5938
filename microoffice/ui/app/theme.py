"""Light or dark, as the computer is set; sharp on high-DPI screens.

The stylesheet (microoffice/resources/style/app.qss) is written once, in light colours. When the system runs
dark, every colour in it is swapped for its dark partner from DARK (a test checks each colour
has one, so a new rule cannot leave a white patch in dark mode) and the window palette is made
dark too. The choice is read from the application palette, which Qt's platform theme makes dark
on a dark desktop: asking QStyleHints.colorScheme() instead would build PySide's Qt enums
before the first paint, about 60 ms of start-up. Later switches of the desktop theme are
followed once the window is up (`follow_system`). MICROOFFICE_THEME=light|dark overrides it
(screenshots, or a person who prefers one).

High-DPI: scaling is always on in Qt 6, and `prepare_screen` fixes the rounding of the scale
factor to pass-through (150% stays 150%, not rounded up to 200% or down to 100%) whatever the
environment asks; the icons are SVG, drawn sharp at any scale. It sets Qt's environment variable
rather than calling QGuiApplication.setHighDpiScaleFactorRoundingPolicy: the variable costs
nothing, the call would build Qt's enums before the first paint.
"""

from __future__ import annotations

import os
import re
from typing import Any

LIGHT, DARK_NAME = "light", "dark"
# Every colour used by app.qss (light) -> its partner on a dark background.
DARK = {
    "#f7f8fa": "#1c1f24",  # window
    "#f6f8fb": "#23272d",  # alternate table rows
    "#eef1f5": "#262b32",  # navigation, table headings
    "#e2e8f0": "#303741",  # hover
    "#dde2ea": "#363d47",  # card and group borders
    "#d8dde5": "#3b424c",  # lines
    "#c3cad5": "#4b5563",  # dashed logo frame
    "#eef5fc": "#1d2a3a",  # notice
    "#c9dcf0": "#2f4a6b",  # notice border
    "#fdecea": "#3b1d1b",  # problem banner
    "#f5c2bc": "#7a2e28",  # problem banner border
    "#8a1c13": "#fecdca",  # problem banner text
    "#b42318": "#f97066",  # field error
    "#1d7a46": "#4ade80",  # saved
    "#2f6db5": "#4a8fe0",  # accent, selection
    "#111827": "#f3f4f6",  # page titles
    "#1f2937": "#e5e7eb",  # strong text
    "#374151": "#d1d5db",  # text
    "#4b5563": "#a8b0bd",  # hints
    "#6b7280": "#9ca3af",  # quiet text
    "white": "#23272d",  # surfaces (backgrounds only: white text stays white)
}
_following = False
ROUNDING_POLICY = "QT_SCALE_FACTOR_ROUNDING_POLICY"
_DECLARATION = re.compile(r"([\w-]+)(\s*:\s*)([^;{}]+)")
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\bwhite\b")


def colours_in(sheet: str) -> set[str]:
    """Every colour literal in a stylesheet, lower-cased."""
    return {m.group(0).lower() for m in _COLOUR.finditer(sheet)}


def dark_sheet(sheet: str) -> str:
    """The same stylesheet with each colour swapped for its dark partner."""

    def declaration(match: re.Match[str]) -> str:
        prop, sep, value = match.groups()

        def colour(found: re.Match[str]) -> str:
            text = found.group(0).lower()
            if text == "white" and "background" not in prop:
                return found.group(0)
            return DARK.get(text, found.group(0))

        return f"{prop}{sep}{_COLOUR.sub(colour, value)}"

    return _DECLARATION.sub(declaration, sheet)


def chosen(app: Any) -> str:
    """'dark' or 'light': MICROOFFICE_THEME, else what the system palette shows."""
    forced = os.environ.get("MICROOFFICE_THEME", "").strip().lower()
    if forced in (LIGHT, DARK_NAME):
        return forced
    from PySide6.QtGui import QPalette

    window = app.palette().color(QPalette.ColorRole.Window)
    return DARK_NAME if window.lightness() < 128 else LIGHT


def dark_palette() -> Any:
    """A dark palette for Fusion, used when dark is asked for but the platform gives none."""
    from PySide6.QtGui import QColor, QPalette

    p = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#1c1f24"),
        (roles.WindowText, "#e5e7eb"),
        (roles.Base, "#23272d"),
        (roles.AlternateBase, "#272c33"),
        (roles.ToolTipBase, "#2b3038"),
        (roles.ToolTipText, "#f3f4f6"),
        (roles.Text, "#e5e7eb"),
        (roles.PlaceholderText, "#8b93a1"),
        (roles.Button, "#2b3038"),
        (roles.ButtonText, "#e5e7eb"),
        (roles.BrightText, "#ffffff"),
        (roles.Highlight, "#4a8fe0"),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, "#7cb4ff"),
        (roles.Light, "#3b424c"),
        (roles.Midlight, "#333a43"),
        (roles.Mid, "#2b3038"),
        (roles.Dark, "#15181c"),
        (roles.Shadow, "#000000"),
    ):
        p.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        p.setColor(disabled, role, QColor("#6b7280"))
    return p


def apply(app: Any, sheet: str, theme: str | None = None) -> str:
    """Style the application for the theme (default: the one `chosen`); returns it."""
    theme = theme or chosen(app)
    if theme == DARK_NAME:
        from PySide6.QtGui import QPalette

        if app.palette().color(QPalette.ColorRole.Window).lightness() >= 128:
            app.setStyle("Fusion")  # the platform style draws light; Fusion follows the palette
            app.setPalette(dark_palette())
        app.setStyleSheet(dark_sheet(sheet))
    else:
        app.setStyleSheet(sheet)
    app.setProperty("microofficeTheme", theme)
    return theme


def follow_system(app: Any, sheet: str) -> None:
    """Restyle when the desktop switches between light and dark (called after first paint)."""
    global _following
    if os.environ.get("MICROOFFICE_THEME", "").strip().lower() in (LIGHT, DARK_NAME):
        return
    if _following:
        return  # once per process (tests start the window several times)
    _following = True
    from PySide6.QtCore import Qt

    def changed(scheme: Any) -> None:
        if scheme == Qt.ColorScheme.Unknown:
            return
        apply(app, sheet, DARK_NAME if scheme == Qt.ColorScheme.Dark else LIGHT)

    app.styleHints().colorSchemeChanged.connect(changed)


def prepare_screen() -> None:
    """Before the QApplication exists: draw at the screen's own scale (see the docstring)."""
    os.environ[ROUNDING_POLICY] = "PassThrough"


def is_dark(app: Any) -> bool:
    return bool(app.property("microofficeTheme") == DARK_NAME)


_INK: Any = None


def ink() -> Any:
    """Dark text for a cell painted with a light status colour (pink, amber, green): the
    palette's own text is light in dark mode and would vanish on it. Models that return a
    light BackgroundRole return this as ForegroundRole."""
    global _INK
    if _INK is None:
        from PySide6.QtGui import QBrush, QColor

        _INK = QBrush(QColor("#1f2937"))
    return _INK
