"""Painting the time canvas: the hours, the day headings, the blocks with their marks, the line
for now, and where a dragged block would land.

Functions of the canvas rather than its methods, so the widget's own module holds only geometry
and events. Block text is always dark on a light fill, so it reads in the dark theme too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from microoffice.ui.widgets.time_blocks import (
    CANCELLED,
    DAY_MINUTES,
    DONE,
    MISSED,
    MOVED,
    SKIPPED,
    Block,
    CanvasColumn,
    Ghost,
)


class Canvas(Protocol):
    """What painting reads of the canvas (a protocol, so this module does not import it)."""

    columns: list[CanvasColumn]
    now: float | None
    hour_height: int
    bold: QFont
    small: QFont
    paint_kit: dict[str, Kit]  # the Kit for the canvas's current font, made on first paint

    @property
    def per_minute(self) -> float: ...

    def palette(self) -> QPalette: ...

    def font(self) -> QFont: ...

    def least_minutes(self) -> int: ...

    def viewport(self) -> QWidget: ...


INK = QColor("#1f2937")  # dark text on the light block colours, in dark mode too
FADED_INK = QColor("#4b5563")


def paint_grid(self: Canvas, p: QPainter, left: float, width: float) -> None:
    pal = self.palette()
    line = pal.mid().color()
    faint = QColor(line)
    faint.setAlpha(70)
    line.setAlpha(150)
    total = len(self.columns)
    for c, column in enumerate(self.columns):
        if column.today:
            tint = QColor(pal.highlight().color())
            tint.setAlpha(18)
            p.fillRect(QRectF(left + c * width, 0, width, DAY_MINUTES * self.per_minute), tint)
    p.setFont(self.small)
    metrics = QFontMetrics(self.small)
    for hour in range(25):
        y = hour * self.hour_height
        p.setPen(QPen(line, 1))
        p.drawLine(QPointF(left, y), QPointF(left + total * width, y))
        if hour < 24:
            p.setPen(QPen(faint, 1, Qt.PenStyle.DotLine))
            half = y + self.hour_height / 2
            p.drawLine(QPointF(left, half), QPointF(left + total * width, half))
            p.setPen(pal.placeholderText().color())
            p.drawText(QPointF(4, y + metrics.ascent() + 2), f"{hour:02d}:00")
    p.setPen(QPen(line, 1))
    for c in range(total + 1):
        x = left + c * width
        p.drawLine(QPointF(x, 0), QPointF(x, DAY_MINUTES * self.per_minute))


def paint_header(self: Canvas, p: QPainter, left: float, width: float, head: int) -> None:
    pal = self.palette()
    p.fillRect(QRectF(0, 0, self.viewport().width(), head), pal.window())
    p.setPen(QPen(pal.mid().color(), 1))
    p.drawLine(QPointF(0, head - 0.5), QPointF(self.viewport().width(), head - 0.5))
    height = QFontMetrics(self.font()).height()
    for c, column in enumerate(self.columns):
        box = QRectF(left + c * width + 4, 5, width - 8, height)
        p.setFont(self.bold if column.today else self.font())
        p.setPen(pal.highlight().color() if column.today else pal.text().color())
        metrics = QFontMetrics(p.font())
        p.drawText(
            box,
            Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(column.title, Qt.TextElideMode.ElideRight, int(box.width())),
        )
        if column.note:
            p.setFont(self.small)
            p.setPen(pal.placeholderText().color())
            note = QRectF(box.left(), box.bottom() + 1, box.width(), height)
            small = QFontMetrics(self.small)
            p.drawText(
                note,
                Qt.AlignmentFlag.AlignLeft,
                small.elidedText(column.note, Qt.TextElideMode.ElideRight, int(note.width())),
            )


@dataclass
class Kit:
    """Fonts, their metrics and block colours, made once and reused by every paint: a week of
    a few hundred blocks must paint in a few milliseconds."""

    bold: QFont
    struck: QFont
    small: QFont
    bold_metrics: QFontMetrics
    small_metrics: QFontMetrics
    colours: dict[tuple[str, bool], tuple[QColor, QColor, QColor]] = field(default_factory=dict)

    def colour(self, hex_: str, faded: bool) -> tuple[QColor, QColor, QColor]:
        """(stripe, fill, border) for a carer's colour."""
        found = self.colours.get((hex_, faded))
        if found is None:
            base = QColor(hex_)
            found = (base, tint(base, 0.10 if faded else 0.22), base.darker(140))
            self.colours[(hex_, faded)] = found
        return found


def kit(self: Canvas) -> Kit:
    key = self.font().key()
    made = self.paint_kit.get(key)
    if made is None:
        struck = QFont(self.bold)
        struck.setStrikeOut(True)
        made = Kit(self.bold, struck, self.small, QFontMetrics(self.bold), QFontMetrics(self.small))
        self.paint_kit.clear()
        self.paint_kit[key] = made
    return made


NOBODY = "#9ca3af"
HATCH_MISSED = QColor(180, 35, 24, 70)
HATCH_OFF = QColor(107, 114, 128, 70)


def paint_block(self: Canvas, p: QPainter, block: Block, r: QRectF, current: bool) -> None:
    """Fill, carers' stripes, border (dashed when moved or nobody goes, dotted when skipped),
    hatching when it did not happen, the status mark, and as many lines of text as fit."""
    k = kit(self)
    faded = block.mark in (CANCELLED, SKIPPED)
    stripe_colours = block.colours or (NOBODY,)
    _base, fill, border = k.colour(stripe_colours[0], faded)
    p.fillRect(r, fill)
    if block.mark in (MISSED, CANCELLED, SKIPPED):
        hatch = HATCH_MISSED if block.mark == MISSED else HATCH_OFF
        p.fillRect(r, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
    stripe = 4.0
    for n, colour in enumerate(stripe_colours):
        p.fillRect(
            QRectF(r.left() + n * stripe, r.top(), stripe, r.height()), k.colour(colour, False)[0]
        )
    style = Qt.PenStyle.SolidLine
    if block.mark == MOVED or not block.colours:
        style = Qt.PenStyle.DashLine
    elif block.mark == SKIPPED:
        style = Qt.PenStyle.DotLine
    p.setPen(QPen(border, 1, style))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(r)
    if current:
        p.setPen(QPen(self.palette().highlight().color(), 3))
        p.drawRect(r.adjusted(-1, -1, 1, 1))
    text_left = r.left() + stripe * len(stripe_colours) + 3
    icon = 11.0 if block.mark else 0.0
    if icon and r.width() > 30:
        mark(p, block.mark, QRectF(r.right() - icon - 3, r.top() + 3, icon, icon))
    width = int(max(0.0, r.right() - text_left - icon - 4))
    bottom = r.bottom() - 1
    p.setPen(FADED_INK if faded else INK)
    y = r.top() + 2
    for n, text in enumerate(block.lines):
        metrics = k.bold_metrics if n == 0 else k.small_metrics
        if n and y + metrics.height() > bottom + 2:
            break
        p.setFont((k.struck if faded else k.bold) if n == 0 else k.small)
        if n == 0 and block.short and metrics.horizontalAdvance(text) > width:
            text = block.short
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        p.drawText(QPointF(text_left, y + metrics.ascent()), shown)
        y += metrics.height()


def paint_now(self: Canvas, p: QPainter, left: float, width: float) -> None:
    assert self.now is not None
    y = self.now * self.per_minute
    red = QColor(180, 35, 24, 200)  # over the blocks, but the text beneath still reads
    for c, column in enumerate(self.columns):
        if column.today:
            p.setPen(QPen(red, 2))
            p.drawLine(QPointF(left + c * width, y), QPointF(left + (c + 1) * width, y))
            p.setBrush(red)
            p.drawEllipse(QPointF(left + c * width + 1, y), 3.5, 3.5)


def paint_ghost(self: Canvas, p: QPainter, ghost: Ghost, left: float, width: float) -> None:
    top = ghost.start * self.per_minute
    bottom = max(ghost.end, ghost.start + self.least_minutes()) * self.per_minute
    r = QRectF(left + ghost.column * width + 2, top, width - 5, bottom - top)
    colour = QColor(self.palette().highlight().color())
    fill = QColor(colour)
    fill.setAlpha(40)
    p.fillRect(r, fill)
    p.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
    p.drawRect(r)
    p.setFont(self.bold)
    p.setPen(INK if self.palette().base().color().lightness() >= 128 else QColor("#f3f4f6"))
    p.drawText(
        r.adjusted(6, 2, -2, 0), Qt.AlignmentFlag.AlignLeft, clock_text(ghost.start, ghost.end)
    )


# -- the mouse ----------------------------------------------------------------------------


def tint(colour: QColor, strength: float) -> QColor:
    """The colour mixed into white: a light fill dark text reads well on."""
    r = int(255 - (255 - colour.red()) * strength)
    g = int(255 - (255 - colour.green()) * strength)
    b = int(255 - (255 - colour.blue()) * strength)
    return QColor(r, g, b)


def clock_text(start: int, end: int) -> str:
    def hm(m: int) -> str:
        m %= DAY_MINUTES
        return f"{m // 60:02d}:{m % 60:02d}"

    return f"{hm(start)}-{hm(end)}"


def mark(p: QPainter, mark: str, r: QRectF) -> None:
    """A small drawn sign for the status, so it does not rest on colour alone."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    colours = {DONE: "#1d7a46", MISSED: "#b42318", CANCELLED: "#4b5563", MOVED: "#2f6db5"}
    pen = QPen(QColor(colours.get(mark, "#4b5563")), 1.8)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    x, y, w, h = r.left(), r.top(), r.width(), r.height()
    if mark == DONE:
        p.drawPolyline(
            [QPointF(x + 1, y + h * 0.55), QPointF(x + w * 0.4, y + h - 1), QPointF(x + w, y + 1)]
        )
    elif mark == MISSED:
        p.drawLine(QPointF(x + w / 2, y), QPointF(x + w / 2, y + h * 0.62))
        p.drawPoint(QPointF(x + w / 2, y + h - 0.5))
    elif mark == CANCELLED:
        p.drawLine(QPointF(x + 1, y + 1), QPointF(x + w - 1, y + h - 1))
        p.drawLine(QPointF(x + w - 1, y + 1), QPointF(x + 1, y + h - 1))
    elif mark == MOVED:
        p.drawLine(QPointF(x, y + h / 2), QPointF(x + w, y + h / 2))
        p.drawPolyline(
            [
                QPointF(x + w * 0.55, y + 1),
                QPointF(x + w, y + h / 2),
                QPointF(x + w * 0.55, y + h - 1),
            ]
        )
    elif mark == SKIPPED:
        p.drawEllipse(r.adjusted(0.5, 0.5, -0.5, -0.5))
        p.drawLine(QPointF(x + w * 0.2, y + h * 0.8), QPointF(x + w * 0.8, y + h * 0.2))
    p.restore()
