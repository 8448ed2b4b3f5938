"""Two small charts drawn with QPainter (QtCharts is not in pyside6-essentials): a person's
outcome scores over their checks, and a year of money in and out.

Both say in words what they show (accessible name and a caption), so the chart is never the only
way to read the figures.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from microoffice.core.growth.monthly import MonthFigures
from microoffice.core.growth.outcomes import Trend
from microoffice.core.growth.survey import ANSWERS, MAX_SCORE
from microoffice.core.money import format_gbp

INK = QColor("#1f2933")
MUTED = QColor("#6b7280")
GRID = QColor("#e5e7eb")
AVERAGE = QColor("#2f6db5")
PALETTE = [
    QColor(c)
    for c in (
        "#b54708",
        "#027a48",
        "#7a5af8",
        "#c11574",
        "#0e9384",
        "#667085",
        "#b42318",
        "#4e5ba6",
    )
]


class TrendChart(QWidget):
    """The average score (thick) and each area of life (thin) at every check, 0 to 3."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendChart")
        self.setMinimumSize(420, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.trend: Trend | None = None

    def set_trend(self, trend: Trend | None) -> None:
        self.trend = trend
        words = trend.describe() if trend is not None else "No checks yet"
        self.setAccessibleName(f"Outcome scores over time. {words}")
        self.setToolTip(words)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        trend = self.trend
        w, h = float(self.width()), float(self.height())
        domains = trend.domains if trend is not None else ()
        per_row = max(2, int((w - 24) // 170))
        legend_rows = (len(domains) + per_row) // per_row
        left, right, top, bottom = 118.0, 40.0, 22.0, 30.0 + 18.0 * legend_rows
        plot = QRectF(left, top, max(10.0, w - left - right), max(10.0, h - top - bottom))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        painter.setFont(small)
        for score in range(MAX_SCORE + 1):
            y = plot.bottom() - plot.height() * score / MAX_SCORE
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(MUTED)
            label = f"{score} {ANSWERS[score].split(':')[0]}"
            painter.drawText(QRectF(0, y - 9, left - 8, 18), Qt.AlignmentFlag.AlignRight, label)
        if trend is None or not trend.points:
            painter.setPen(MUTED)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No feedback checks yet")
            painter.end()
            return
        points = trend.points
        step = plot.width() / max(1, len(points) - 1) if len(points) > 1 else 0.0

        def x_at(i: int) -> float:
            return plot.center().x() if len(points) == 1 else plot.left() + step * i

        def y_at(score: float) -> float:
            return plot.bottom() - plot.height() * score / MAX_SCORE

        for i, p in enumerate(points):
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(x_at(i) - 40, plot.bottom() + 4, 80, 16),
                Qt.AlignmentFlag.AlignHCenter,
                f"{p.held_on:%d/%m/%y}",
            )
        spread = 2.5  # pixels: areas with the same score run side by side, not on top of each other
        for n, (key, _topic) in enumerate(domains):
            pen = QPen(PALETTE[n % len(PALETTE)], 1.6)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            shift = (n - (len(domains) - 1) / 2) * spread
            series = [(i, p.scores.get(key)) for i, p in enumerate(points)]
            known = [(i, y_at(s) + shift) for i, s in series if s is not None]
            for (i1, y1), (i2, y2) in itertools.pairwise(known):
                painter.drawLine(QPointF(x_at(i1), y1), QPointF(x_at(i2), y2))
        painter.setPen(QPen(AVERAGE, 3.2))
        line = [QPointF(x_at(i), y_at(float(p.average))) for i, p in enumerate(points)]
        for a, b in itertools.pairwise(line):
            painter.drawLine(a, b)
        painter.setBrush(AVERAGE)
        for i, pt in enumerate(line):
            painter.drawEllipse(pt, 4.5, 4.5)
            painter.setPen(INK)
            painter.drawText(
                QRectF(pt.x() - 30, pt.y() - 24, 60, 16),
                Qt.AlignmentFlag.AlignHCenter,
                f"{points[i].average}",
            )
            painter.setPen(QPen(AVERAGE, 3.2))
        y = plot.bottom() + 26
        entries = [("Average", AVERAGE)] + [
            (topic, PALETTE[n % len(PALETTE)]) for n, (_k, topic) in enumerate(domains)
        ]
        col_w = (w - 24) / per_row
        for n, (text, colour) in enumerate(entries):
            row, col = divmod(n, per_row)
            x = 12 + col * col_w
            yy = y + row * 18
            painter.setPen(QPen(colour, 3 if n == 0 else 1.6))
            painter.drawLine(QPointF(x, yy + 8), QPointF(x + 18, yy + 8))
            painter.setPen(INK)
            painter.drawText(QRectF(x + 24, yy, col_w - 28, 16), Qt.AlignmentFlag.AlignLeft, text)
        painter.end()


class MoneyChart(QWidget):
    """Per month: what the care was worth and what it cost (bars), and what was left (line)."""

    INCOME = QColor("#2f6db5")
    COSTS = QColor("#f79009")
    LEFT = QColor("#027a48")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moneyChart")
        self.setMinimumSize(420, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.months: list[MonthFigures] = []
        self.waiting = False  # the months are being worked out

    def wait(self) -> None:
        self.months = []
        self.waiting = True
        self.setAccessibleDescription("Working out the last 12 months")
        self.update()

    def set_months(self, months: list[MonthFigures]) -> None:
        self.months = list(months)
        self.waiting = False
        if months:
            left = sum(m.left_pence for m in months)
            words = (
                f"{len(months)} months from {months[0].month:%B %Y}: "
                f"{format_gbp(sum(m.income_pence for m in months))} of care, "
                f"{format_gbp(sum(m.costs_pence for m in months))} of costs, "
                f"{format_gbp(left)} left over"
            )
        else:
            words = "No months to show"
        self.setAccessibleName(f"Income and costs by month. {words}")
        self.setToolTip(words)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        w, h = float(self.width()), float(self.height())
        left, right, top, bottom = 78.0, 14.0, 28.0, 26.0
        plot = QRectF(left, top, max(10.0, w - left - right), max(10.0, h - top - bottom))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        painter.setFont(small)
        legend = (("Care worth", self.INCOME), ("Costs", self.COSTS), ("Left over", self.LEFT))
        for k, (text, colour) in enumerate(legend):
            x = left + k * 96
            painter.fillRect(QRectF(x, 8, 12, 10), colour)
            painter.setPen(INK)
            painter.drawText(QRectF(x + 16, 4, 90, 18), Qt.AlignmentFlag.AlignLeft, text)
        if not self.months:
            painter.setPen(MUTED)
            words = "Working out the last 12 months…" if self.waiting else "No figures yet"
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, words)
            painter.end()
            return
        values = [v for m in self.months for v in (m.income_pence, m.costs_pence, m.left_pence)]
        top_value = max(1, *values)
        low_value = min(0, *values)
        span = top_value - low_value

        def y_at(pence: int) -> float:
            return plot.bottom() - plot.height() * (pence - low_value) / span

        painter.setPen(QPen(GRID, 1))
        for pence in (top_value, 0, low_value) if low_value < 0 else (top_value, 0):
            painter.drawLine(QPointF(plot.left(), y_at(pence)), QPointF(plot.right(), y_at(pence)))
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(0, y_at(pence) - 9, left - 6, 18),
                Qt.AlignmentFlag.AlignRight,
                format_gbp(pence).split(".")[0],
            )
            painter.setPen(QPen(GRID, 1))
        slot = plot.width() / len(self.months)
        bar = max(3.0, slot * 0.32)
        line = []
        for i, m in enumerate(self.months):
            x = plot.left() + i * slot + slot * 0.14
            for j, (value, colour) in enumerate(
                ((m.income_pence, self.INCOME), (m.costs_pence, self.COSTS))
            ):
                y0, y1 = y_at(0), y_at(value)
                painter.fillRect(QRectF(x + j * bar, min(y0, y1), bar, abs(y0 - y1)), colour)
            line.append(QPointF(x + bar, y_at(m.left_pence)))
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(plot.left() + i * slot, plot.bottom() + 4, slot, 16),
                Qt.AlignmentFlag.AlignHCenter,
                f"{m.month:%b}",
            )
        painter.setPen(QPen(self.LEFT, 2.4))
        for a, b in itertools.pairwise(line):
            painter.drawLine(a, b)
        painter.setBrush(self.LEFT)
        for pt in line:
            painter.drawEllipse(pt, 3, 3)
        painter.end()
