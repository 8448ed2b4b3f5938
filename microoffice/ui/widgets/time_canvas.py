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
from math import ceil, floor

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from microoffice.ui.widgets import time_paint
from microoffice.ui.widgets.time_blocks import (
    ADD_SNAP,
    CANCELLED,
    DAY_MINUTES,
    DONE,
    EDGE,
    KEY_STEP,
    MISSED,
    MOVED,
    SKIPPED,
    SNAP,
    Block,
    CanvasColumn,
    Ghost,
    lanes,
    snap,
)

__all__ = [
    "CANCELLED",
    "DAY_MINUTES",
    "DONE",
    "MISSED",
    "MOVED",
    "SKIPPED",
    "Block",
    "CanvasColumn",
    "Ghost",
    "TimeCanvas",
]


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
        self.paint_kit: dict[str, time_paint.Kit] = {}
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
        self.bold = bold
        self.small = QFont(self.font())
        self.small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))

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
            lane, span, count = placed.get(i, (0, 1, 1))
            w = width / max(1, count)
            x = left + b.column * width + lane * w
            w *= span
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
        p = QPainter(self.viewport())  # no antialiasing: crisp, and fast for hundreds of blocks
        pal = self.palette()
        view = self.viewport().rect()
        p.fillRect(view, pal.base())
        head = self.header_height()
        scroll = self.verticalScrollBar().value()
        width, left = self.column_width(), self.gutter()
        p.save()
        p.setClipRect(QRectF(0, head, view.width(), view.height() - head))
        p.translate(0, head - scroll)
        time_paint.paint_grid(self, p, left, width)
        current: list[int] = []
        for i, block in enumerate(self.blocks):
            r = self._rects[i]
            if r.bottom() < scroll or r.top() > scroll + view.height():
                continue
            if block.key == self.current and self.current is not None:
                current.append(i)  # drawn last, so its outline is not covered by a neighbour
                continue
            time_paint.paint_block(self, p, block, r, False)
        for i in current:
            time_paint.paint_block(self, p, self.blocks[i], self._rects[i], True)
        if self.now is not None:
            time_paint.paint_now(self, p, left, width)
        if self.ghost is not None:
            time_paint.paint_ghost(self, p, self.ghost, left, width)
        p.restore()
        time_paint.paint_header(self, p, left, width, head)
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
            tip = self.blocks[index].tooltip if index is not None else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
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
            text = block.spoken
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
