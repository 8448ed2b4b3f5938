"""A time-axis canvas: days side by side, the hours down the side, each item a block from its
start to its end, items that overlap side by side.

Drag a block to move it, drag its bottom edge to change its length (in 5-minute steps),
double-click an empty slot to add something there, right-click for a menu. The keyboard does the
same: the arrow keys go from block to block, Enter opens one, the menu key (or Shift+F10) shows
its menu, Alt+arrows move it and Alt+Shift+Up/Down change its length.

It knows blocks, columns and minutes, not visits: ui/scheduling turns visits into blocks, and
this stays small enough to test on its own. Everything is painted in one pass (no widget per
block), so a busy week of a few hundred blocks costs one paint. The canvas asks; it never
changes anything itself: each request is a signal, and the page decides.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from math import ceil, floor

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QBrush,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

DAY_MINUTES = 24 * 60
SNAP = 5  # minutes: where a dragged block or edge lands
ADD_SNAP = 15  # minutes: where a double-click on an empty slot starts
KEY_STEP = 15  # minutes: Alt+Up/Down moves a block this far
EDGE = 6  # pixels: the bottom edge a drag resizes instead of moves
INK = QColor("#1f2937")  # dark text on the light block colours, in dark mode too
FADED_INK = QColor("#4b5563")

# Marks: drawn, not typed, so they look the same whatever fonts a computer has.
DONE, MISSED, CANCELLED, MOVED, SKIPPED = "done", "missed", "cancelled", "moved", "skipped"


@dataclass(frozen=True)
class Block:
    """One item on the canvas (an overnight item is two blocks with the same key)."""

    key: Hashable
    column: int
    start: int  # minutes after the column's midnight
    end: int
    lines: tuple[str, ...]  # the first is bold
    colours: tuple[str, ...] = ()  # one per person, "#rrggbb"; none: nobody yet
    mark: str = ""  # DONE, MISSED, CANCELLED, MOVED, SKIPPED or ""
    tooltip: str = ""
    spoken: str = ""  # what a screen reader says when the block is current
    movable: bool = False
    resizable: bool = False  # the block that holds the item's real end


@dataclass(frozen=True)
class CanvasColumn:
    title: str
    note: str = ""  # a bank holiday, who is away
    today: bool = False


@dataclass(frozen=True)
class Ghost:
    """Where a block being dragged (or waiting for an answer) would land."""

    key: Hashable
    column: int
    start: int
    end: int


def snap(minutes: float, step: int = SNAP) -> int:
    return int(round(minutes / step) * step)


def lanes(blocks: Sequence[Block], least: int) -> dict[int, tuple[int, int]]:
    """(lane, lanes in its group) for each block index: blocks that overlap sit side by side.

    `least` is the shortest length a block is drawn with, so two short visits one after the
    other still get a lane each when their drawn boxes would overlap.
    """
    out: dict[int, tuple[int, int]] = {}
    by_column: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        by_column.setdefault(b.column, []).append(i)
    for indexes in by_column.values():
        indexes.sort(key=lambda i: (blocks[i].start, -blocks[i].end))
        groups: list[tuple[list[int], list[int]]] = []  # (blocks, end of each lane's last block)
        group_end = -1
        for i in indexes:
            b = blocks[i]
            end = max(b.end, b.start + least)
            if not groups or b.start >= group_end:
                groups.append(([], []))
            members, ends = groups[-1]
            lane = next((n for n, e in enumerate(ends) if e <= b.start), len(ends))
            if lane == len(ends):
                ends.append(end)
            else:
                ends[lane] = end
            out[i] = (lane, 0)
            members.append(i)
            group_end = max(group_end, end)
        for members, ends in groups:
            for j in members:
                out[j] = (out[j][0], len(ends))
    return out


class TimeCanvas(QAbstractScrollArea):
    current_changed = Signal(object)  # key or None
    open_requested = Signal(object)  # key: double-click or Enter
    move_requested = Signal(object, int, int)  # key, columns later, minutes later
    resize_requested = Signal(object, int)  # key, minutes later at the end
    add_requested = Signal(int, int)  # column, minute of the empty slot
    menu_requested = Signal(object, int, int, QPoint)  # key or None, column, minute, where

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.now: float | None = None  # minute of the day now, drawn in today's column
        self.columns: list[CanvasColumn] = []
        self.blocks: list[Block] = []
        self.empty_text = ""
        self.hour_height = 44
        self.current: Hashable | None = None
        self.ghost: Ghost | None = None
        self._rects: list[QRectF] = []
        self._order: list[int] = []  # block indexes in reading order
        self._press: QPointF | None = None
        self._pressed: int | None = None
        self._resizing = False
        self._dragging = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        bold = QFont(self.font())
        bold.setBold(True)
        self._bold = bold
        self._small = QFont(self.font())
        self._small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))

    # -- data ---------------------------------------------------------------------------------
    def set_content(
        self, columns: Sequence[CanvasColumn], blocks: Sequence[Block], empty_text: str
    ) -> None:
        """Show these columns and blocks; the current block stays current if it is still there."""
        self.columns, self.blocks, self.empty_text = list(columns), list(blocks), empty_text
        self.ghost = None
        self._pressed = None
        self._dragging = False
        if self.current is not None and all(b.key != self.current for b in self.blocks):
            self.current = None
            self.current_changed.emit(None)
        self._layout()
        self._describe()
        self.viewport().update()

    def block_for(self, key: Hashable) -> Block | None:
        return next((b for b in self.blocks if b.key == key), None)

    def set_current(self, key: Hashable | None) -> None:
        if key == self.current:
            return
        self.current = key
        self._describe()
        self.ensure_visible(key)
        self.viewport().update()
        self.current_changed.emit(key)

    def clear_ghost(self) -> None:
        """The move the ghost showed was not made (the person said no): show things as they are."""
        self.ghost = None
        self.viewport().update()

    # -- geometry -----------------------------------------------------------------------------
    @property
    def per_minute(self) -> float:
        return self.hour_height / 60

    def header_height(self) -> int:
        lines = 2 if any(c.note for c in self.columns) else 1
        return QFontMetrics(self.font()).height() * lines + 12

    def gutter(self) -> int:
        return QFontMetrics(self.font()).horizontalAdvance("00:00") + 14

    def column_width(self) -> float:
        count = max(1, len(self.columns))
        return max(40.0, (self.viewport().width() - self.gutter()) / count)

    def least_minutes(self) -> int:
        """The shortest block drawn: tall enough for one line of text."""
        return ceil((QFontMetrics(self.font()).height() + 6) / self.per_minute)

    def _layout(self) -> None:
        placed = lanes(self.blocks, self.least_minutes())
        width, left = self.column_width(), self.gutter()
        least = self.least_minutes()
        self._rects = []
        for i, b in enumerate(self.blocks):
            lane, count = placed.get(i, (0, 1))
            w = width / max(1, count)
            x = left + b.column * width + lane * w
            top = max(0, b.start) * self.per_minute
            bottom = min(DAY_MINUTES, max(b.end, b.start + least)) * self.per_minute
            self._rects.append(QRectF(x + 1, top, max(4.0, w - 3), max(6.0, bottom - top - 1)))
        self._order = sorted(
            range(len(self.blocks)), key=lambda i: (self.blocks[i].column, self.blocks[i].start)
        )
        body = self.hour_height * 24
        visible = max(1, self.viewport().height() - self.header_height())
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, body - visible))
        bar.setPageStep(visible)
        bar.setSingleStep(self.hour_height // 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout()

    def sizeHint(self) -> QSize:
        return QSize(720, 480)

    def scroll_to_minute(self, minute: int) -> None:
        self.verticalScrollBar().setValue(int(minute * self.per_minute))

    def y_of(self, minute: float) -> float:
        """Viewport y of a minute of the day."""
        return self.header_height() + minute * self.per_minute - self.verticalScrollBar().value()

    def minute_at(self, y: float) -> float:
        return (y - self.header_height() + self.verticalScrollBar().value()) / self.per_minute

    def column_at(self, x: float) -> int:
        column = floor((x - self.gutter()) / self.column_width())
        return min(max(0, column), max(0, len(self.columns) - 1))

    def rect_of(self, index: int) -> QRectF:
        """The block's rectangle in viewport coordinates."""
        r = self._rects[index]
        return r.translated(0, self.header_height() - self.verticalScrollBar().value())

    def point_in(self, column: int, minute: float) -> QPoint:
        """Where in the viewport a minute of a column is (tests and the keyboard's menu use it)."""
        x = self.gutter() + (column + 0.5) * self.column_width()
        return QPoint(int(x), int(self.y_of(minute)))

    def index_at(self, pos: QPointF) -> int | None:
        if pos.y() < self.header_height():
            return None
        for i in reversed(range(len(self._rects))):
            if self.rect_of(i).contains(pos):
                return i
        return None

    def _on_edge(self, index: int, pos: QPointF) -> bool:
        r = self.rect_of(index)
        return (
            self.blocks[index].resizable and r.height() >= 2 * EDGE and pos.y() >= r.bottom() - EDGE
        )

    def ensure_visible(self, key: Hashable | None) -> None:
        index = next((i for i, b in enumerate(self.blocks) if b.key == key), None)
        if index is None:
            return
        r = self._rects[index]
        bar = self.verticalScrollBar()
        visible = self.viewport().height() - self.header_height()
        if r.top() < bar.value():
            bar.setValue(int(r.top()) - 8)
        elif r.bottom() > bar.value() + visible:
            bar.setValue(int(min(r.top() - 8, r.bottom() - visible + 8)))

    # -- painting -----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self.viewport())
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pal = self.palette()
        view = self.viewport().rect()
        p.fillRect(view, pal.base())
        head = self.header_height()
        scroll = self.verticalScrollBar().value()
        width, left = self.column_width(), self.gutter()
        p.save()
        p.setClipRect(QRectF(0, head, view.width(), view.height() - head))
        p.translate(0, head - scroll)
        self._paint_grid(p, left, width)
        for i, block in enumerate(self.blocks):
            r = self._rects[i]
            if r.bottom() < scroll or r.top() > scroll + view.height():
                continue
            self._paint_block(p, block, r, block.key == self.current)
        if self.now is not None:
            self._paint_now(p, left, width)
        if self.ghost is not None:
            self._paint_ghost(p, self.ghost, left, width)
        p.restore()
        self._paint_header(p, left, width, head)
        if not self.blocks and self.empty_text:
            p.setPen(pal.placeholderText().color())
            p.drawText(
                QRectF(left, head, view.width() - left, view.height() - head),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
        if self.hasFocus():
            pen = QPen(pal.highlight().color(), 2)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(view).adjusted(1, 1, -1, -1))
        p.end()

    def _paint_grid(self, p: QPainter, left: float, width: float) -> None:
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
        p.setFont(self._small)
        metrics = QFontMetrics(self._small)
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

    def _paint_header(self, p: QPainter, left: float, width: float, head: int) -> None:
        pal = self.palette()
        p.fillRect(QRectF(0, 0, self.viewport().width(), head), pal.window())
        p.setPen(QPen(pal.mid().color(), 1))
        p.drawLine(QPointF(0, head - 0.5), QPointF(self.viewport().width(), head - 0.5))
        height = QFontMetrics(self.font()).height()
        for c, column in enumerate(self.columns):
            box = QRectF(left + c * width + 4, 5, width - 8, height)
            p.setFont(self._bold if column.today else self.font())
            p.setPen(pal.highlight().color() if column.today else pal.text().color())
            metrics = QFontMetrics(p.font())
            p.drawText(
                box,
                Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(column.title, Qt.TextElideMode.ElideRight, int(box.width())),
            )
            if column.note:
                p.setFont(self._small)
                p.setPen(pal.placeholderText().color())
                note = QRectF(box.left(), box.bottom() + 1, box.width(), height)
                small = QFontMetrics(self._small)
                p.drawText(
                    note,
                    Qt.AlignmentFlag.AlignLeft,
                    small.elidedText(column.note, Qt.TextElideMode.ElideRight, int(note.width())),
                )

    def _paint_block(self, p: QPainter, block: Block, r: QRectF, current: bool) -> None:
        faded = block.mark in (CANCELLED, SKIPPED)
        base = QColor(block.colours[0]) if block.colours else QColor("#9ca3af")
        fill = _tint(base, 0.22 if not faded else 0.10)
        path = QPainterPath()
        path.addRoundedRect(r, 3, 3)
        p.fillPath(path, fill)
        if block.mark in (MISSED, CANCELLED, SKIPPED):
            hatch = QColor("#b42318") if block.mark == MISSED else QColor("#6b7280")
            hatch.setAlpha(70)
            p.fillPath(path, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
        stripe = 4.0
        for n, colour in enumerate(block.colours or ("#9ca3af",)):
            p.fillRect(QRectF(r.left() + n * stripe, r.top(), stripe, r.height()), QColor(colour))
        style = Qt.PenStyle.SolidLine
        if block.mark == MOVED or not block.colours:
            style = Qt.PenStyle.DashLine
        elif block.mark == SKIPPED:
            style = Qt.PenStyle.DotLine
        border = QColor(base).darker(140)
        p.setPen(QPen(border, 1, style))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        if current:
            p.setPen(QPen(self.palette().highlight().color(), 3))
            p.drawRoundedRect(r.adjusted(-1, -1, 1, 1), 3, 3)
        text_left = r.left() + stripe * max(1, len(block.colours)) + 3
        icon = 11.0 if block.mark else 0.0
        if icon and r.width() > 30:
            _mark(p, block.mark, QRectF(r.right() - icon - 3, r.top() + 3, icon, icon))
        box = QRectF(text_left, r.top() + 2, r.right() - text_left - icon - 4, r.height() - 3)
        p.setPen(FADED_INK if faded else INK)
        y = box.top()
        for n, text in enumerate(block.lines):
            font = QFont(self._bold if n == 0 else self._small)
            font.setStrikeOut(faded and n == 0)
            metrics = QFontMetrics(font)
            if y + metrics.height() > box.bottom() + 2 and n:
                break
            p.setFont(font)
            shown = metrics.elidedText(
                text, Qt.TextElideMode.ElideRight, int(max(0.0, box.width()))
            )
            p.drawText(QPointF(box.left(), y + metrics.ascent()), shown)
            y += metrics.height()

    def _paint_now(self, p: QPainter, left: float, width: float) -> None:
        assert self.now is not None
        y = self.now * self.per_minute
        red = QColor("#b42318")
        for c, column in enumerate(self.columns):
            if column.today:
                p.setPen(QPen(red, 2))
                p.drawLine(QPointF(left + c * width, y), QPointF(left + (c + 1) * width, y))
                p.setBrush(red)
                p.drawEllipse(QPointF(left + c * width + 1, y), 3.5, 3.5)

    def _paint_ghost(self, p: QPainter, ghost: Ghost, left: float, width: float) -> None:
        top = ghost.start * self.per_minute
        bottom = max(ghost.end, ghost.start + self.least_minutes()) * self.per_minute
        r = QRectF(left + ghost.column * width + 2, top, width - 5, bottom - top)
        colour = QColor(self.palette().highlight().color())
        fill = QColor(colour)
        fill.setAlpha(40)
        p.fillRect(r, fill)
        p.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
        p.drawRect(r)
        p.setFont(self._bold)
        p.setPen(INK if not self._dark() else QColor("#f3f4f6"))
        p.drawText(
            r.adjusted(6, 2, -2, 0), Qt.AlignmentFlag.AlignLeft, _clock(ghost.start, ghost.end)
        )

    def _dark(self) -> bool:
        return self.palette().base().color().lightness() < 128

    # -- the mouse ----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        index = self.index_at(event.position())
        self._pressed, self._press, self._dragging = index, event.position(), False
        if index is not None:
            self.set_current(self.blocks[index].key)
            self._resizing = self._on_edge(index, event.position())
        elif event.button() == Qt.MouseButton.LeftButton:
            self.set_current(None)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        index, start = self._pressed, self._press
        if index is None or start is None or not event.buttons() & Qt.MouseButton.LeftButton:
            self._hover_cursor(pos)
            return
        block = self.blocks[index]
        if not block.movable:
            return
        if not self._dragging:
            if (pos - start).manhattanLength() < QApplication.startDragDistance():
                return
            self._dragging = True
        if self._resizing:
            end = snap(self.minute_at(pos.y()))
            end = max(block.start + SNAP, min(end, block.start + DAY_MINUTES))
            self.ghost = Ghost(block.key, block.column, block.start, end)
        else:
            shift = snap((pos.y() - start.y()) / self.per_minute)
            column = self.column_at(pos.x())
            begin = min(max(block.start + shift, 0), DAY_MINUTES - SNAP)
            self.ghost = Ghost(block.key, column, begin, begin + block.end - block.start)
        self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index, ghost, dragging = self._pressed, self.ghost, self._dragging
        self._pressed, self._press, self._dragging = None, None, False
        if index is None or not dragging or ghost is None:
            return
        block = self.blocks[index]
        if self._resizing:
            if ghost.end == block.end:
                self.clear_ghost()
                return
            self.resize_requested.emit(block.key, ghost.end - block.end)
        else:
            columns, minutes = ghost.column - block.column, ghost.start - block.start
            if not columns and not minutes:
                self.clear_ghost()
                return
            self.move_requested.emit(block.key, columns, minutes)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position())
        if index is not None:
            self.open_requested.emit(self.blocks[index].key)
        elif event.position().y() >= self.header_height() and self.columns:
            column = self.column_at(event.position().x())
            minute = floor(self.minute_at(event.position().y()) / ADD_SNAP) * ADD_SNAP
            self.add_requested.emit(column, max(0, min(minute, DAY_MINUTES - ADD_SNAP)))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        pos = QPointF(event.pos())
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            self._menu_for_current()
            return
        index = self.index_at(pos)
        if index is not None:
            self.set_current(self.blocks[index].key)
        if pos.y() < self.header_height() or not self.columns:
            return
        column = self.column_at(pos.x())
        minute = floor(self.minute_at(pos.y()) / ADD_SNAP) * ADD_SNAP
        key = self.blocks[index].key if index is not None else None
        self.menu_requested.emit(key, column, max(0, minute), event.globalPos())

    def _menu_for_current(self) -> None:
        index = next((i for i, b in enumerate(self.blocks) if b.key == self.current), None)
        if index is None:
            return
        r = self.rect_of(index)
        where = self.viewport().mapToGlobal(r.center().toPoint())
        block = self.blocks[index]
        self.menu_requested.emit(block.key, block.column, block.start, where)

    def _hover_cursor(self, pos: QPointF) -> None:
        index = self.index_at(pos)
        if index is not None and self._on_edge(index, pos):
            self.viewport().setCursor(Qt.CursorShape.SizeVerCursor)
        elif index is not None and self.blocks[index].movable:
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.viewport().unsetCursor()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.index_at(QPointF(event.pos()))
            if index is not None and self.blocks[index].tooltip:
                QToolTip.showText(event.globalPos(), self.blocks[index].tooltip, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    # -- the keyboard -------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        block = self.block_for(self.current) if self.current is not None else None
        arrows = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right)
        if alt and block is not None and block.movable and key in arrows:
            if shift and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                step = KEY_STEP if key == Qt.Key.Key_Down else -KEY_STEP
                self.resize_requested.emit(block.key, step)
            elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_requested.emit(
                    block.key, 0, KEY_STEP if key == Qt.Key.Key_Down else -KEY_STEP
                )
            else:
                self.move_requested.emit(block.key, 1 if key == Qt.Key.Key_Right else -1, 0)
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Home, Qt.Key.Key_End):
            self._step_reading(key)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._step_column(1 if key == Qt.Key.Key_Right else -1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and block is not None:
            self.open_requested.emit(block.key)
        elif key == Qt.Key.Key_F10 and shift:  # the menu key comes as a context-menu event
            self._menu_for_current()
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            bar = self.verticalScrollBar()
            step = bar.pageStep() if key == Qt.Key.Key_PageDown else -bar.pageStep()
            bar.setValue(bar.value() + step)
        else:
            super().keyPressEvent(event)

    def _step_reading(self, key: int) -> None:
        if not self._order:
            return
        keys = [self.blocks[i].key for i in self._order]
        if key == Qt.Key.Key_Home or (self.current not in keys and key == Qt.Key.Key_Down):
            self.set_current(keys[0])
        elif key == Qt.Key.Key_End or self.current not in keys:
            self.set_current(keys[-1])
        else:
            at = keys.index(self.current)
            step = 1 if key == Qt.Key.Key_Down else -1
            self.set_current(keys[min(max(0, at + step), len(keys) - 1)])

    def _step_column(self, step: int) -> None:
        block = self.block_for(self.current) if self.current is not None else None
        if block is None:
            self._step_reading(Qt.Key.Key_Home)
            return
        column = block.column + step
        while 0 <= column < len(self.columns):
            there = [b for b in self.blocks if b.column == column]
            if there:
                nearest = min(there, key=lambda b: abs(b.start - block.start))
                self.set_current(nearest.key)
                return
            column += step

    # -- a screen reader ----------------------------------------------------------------------
    def _describe(self) -> None:
        block = self.block_for(self.current) if self.current is not None else None
        if block is not None:
            text = block.spoken or " ".join(block.lines)
        elif self.blocks:
            text = (
                f"{len(self.blocks)} on show. Arrow keys go from one to the next; Enter opens "
                "it; the menu key shows what can be done."
            )
        else:
            text = self.empty_text
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)
            if QAccessible.isActive():
                QAccessible.updateAccessibility(
                    QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
                )


def _tint(colour: QColor, strength: float) -> QColor:
    """The colour mixed into white: a light fill dark text reads well on."""
    r = int(255 - (255 - colour.red()) * strength)
    g = int(255 - (255 - colour.green()) * strength)
    b = int(255 - (255 - colour.blue()) * strength)
    return QColor(r, g, b)


def _clock(start: int, end: int) -> str:
    def hm(m: int) -> str:
        m %= DAY_MINUTES
        return f"{m // 60:02d}:{m % 60:02d}"

    return f"{hm(start)}-{hm(end)}"


def _mark(p: QPainter, mark: str, r: QRectF) -> None:
    """A small drawn sign for the status, so it does not rest on colour alone."""
    p.save()
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
