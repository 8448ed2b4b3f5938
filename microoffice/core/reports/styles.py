"""The one look shared by every printed document (rotas, schedules, visit logs, invoices...).

Usage, following ARCHITECTURE.md example 12 (collect -> frozen data; story -> flowables; render):

    from microoffice.core.reports import styles
    st = styles.stylesheet()
    story = [styles.para("Weekly rota", st.title), styles.data_table(header, rows, widths)]
    styles.render(out, story, styles.PageSetup(title="Rota", business="Barbara's Care"))

Fonts: a Unicode TrueType face is registered once, so names such as "Małgorzata Wiśniewska" print
correctly. The first found of DejaVu Sans (microoffice/resources/fonts or the system), Arial, or reportlab's
bundled Vera is used; Vera always exists, so printing never fails for want of a font.

reportlab is imported only when this module is (never at application start-up).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, TypeAlias
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from microoffice.core import clock, paths
from microoffice.core.vocabulary import format_date

MARGIN = 15 * mm
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
HEADER_BG = colors.HexColor("#e4e7eb")
STRIPE_BG = colors.HexColor("#f5f7fa")
ACCENT = colors.HexColor("#1f5f8b")
HIGHLIGHT_BG = colors.HexColor("#fff3c4")  # bank holidays, warnings: still readable in grey

_CANDIDATES = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("Arial.ttf", "Arial Bold.ttf"),
    ("arial.ttf", "arialbd.ttf"),
)


def _font_dirs() -> list[Path]:
    dirs = [paths.resources_dir() / "fonts"]
    if sys.platform == "win32":
        dirs.append(Path("C:/Windows/Fonts"))
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental")]
    else:
        dirs += [
            Path("/usr/share/fonts/truetype/dejavu"),
            Path("/usr/share/fonts/dejavu"),
            Path("/usr/share/fonts/TTF"),
        ]
    import reportlab

    dirs.append(Path(reportlab.__file__).parent / "fonts")
    return dirs


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str]:
    """(regular, bold) font names, registered with reportlab on first use."""
    candidates = [*_CANDIDATES, ("Vera.ttf", "VeraBd.ttf")]
    for folder in _font_dirs():
        for regular, bold in candidates:
            if (folder / regular).is_file() and (folder / bold).is_file():
                pdfmetrics.registerFont(TTFont("MO-Regular", str(folder / regular)))
                pdfmetrics.registerFont(TTFont("MO-Bold", str(folder / bold)))
                # so <b> in paragraph markup finds the bold face
                registerFontFamily(
                    "MO-Regular",
                    normal="MO-Regular",
                    bold="MO-Bold",
                    italic="MO-Regular",
                    boldItalic="MO-Bold",
                )
                return "MO-Regular", "MO-Bold"
    return "Helvetica", "Helvetica-Bold"


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_small: ParagraphStyle


@lru_cache(maxsize=1)
def stylesheet() -> Styles:
    regular, bold = fonts()

    def style(name: str, size: float, font: str = regular, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=size * 1.25,
            textColor=kw.pop("textColor", INK),
            **kw,
        )

    return Styles(
        title=style("title", 17, bold, spaceAfter=2 * mm),
        subtitle=style("subtitle", 10.5, textColor=MUTED, spaceAfter=4 * mm),
        heading=style(
            "heading", 12.5, bold, spaceBefore=4 * mm, spaceAfter=2 * mm, textColor=ACCENT
        ),
        body=style("body", 10, spaceAfter=2 * mm),
        small=style("small", 8.5, textColor=MUTED),
        cell=style("cell", 9.5),
        cell_bold=style("cell_bold", 9.5, bold),
        cell_right=style("cell_right", 9.5, alignment=TA_RIGHT),
        cell_small=style("cell_small", 8.5, textColor=MUTED),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped); line breaks are kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def esc(text: str) -> str:
    """Escape plain text for use inside `rich` markup."""
    return escape(text)


def rich(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of reportlab mini-markup the caller has already escaped."""
    return Paragraph(markup, style)


Cell: TypeAlias = Any  # a string (wrapped for you) or any reportlab Flowable


def facts_table(rows: Sequence[tuple[str, str]], widths: tuple[float, float]) -> Table:
    """Small label / bold value pairs, as in a document's header (invoice number, version)."""
    st = stylesheet()
    table = Table(
        [[para(k, st.cell_small), para(v, st.cell_bold)] for k, v in rows],
        colWidths=list(widths),
    )
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    *,
    right: Sequence[int] = (),
    total_rows: int = 0,
    highlight: Sequence[int] = (),
    group_starts: Sequence[int] = (),
    row_height: float | None = None,
) -> Table:
    """A table that repeats its header on every page; strings are wrapped as cells.

    right: columns aligned right (numbers, money); total_rows: last rows drawn bold above a rule;
    highlight: data-row indexes shaded (a bank holiday, an exception); group_starts: data-row
    indexes that begin a group (a new day), drawn with a stronger rule above; row_height: a
    fixed height for data rows (room to write by hand).
    """
    st = stylesheet()
    _, bold = fonts()

    def cell(value: Cell, col: int, strong: bool) -> Flowable:
        if not isinstance(value, str):
            return value
        base = st.cell_right if col in right else st.cell
        if strong:
            base = ParagraphStyle("strong", parent=base, fontName=bold)
        return para(value, base)

    head = [
        para(h, ParagraphStyle("h", parent=st.cell_bold, alignment=TA_RIGHT if i in right else 0))
        for i, h in enumerate(header)
    ]
    body = []
    first_total = len(rows) - total_rows
    for r, row in enumerate(rows):
        body.append([cell(v, c, r >= first_total) for c, v in enumerate(row)])
    heights = None if row_height is None else [None, *([row_height] * len(body))]
    table = Table(
        [head, *body], colWidths=list(widths), rowHeights=heights, repeatRows=1, hAlign="LEFT"
    )
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
    ]
    for r in range(len(rows)):
        if r in highlight:
            commands.append(("BACKGROUND", (0, r + 1), (-1, r + 1), HIGHLIGHT_BG))
        elif r % 2 == 1 and r < first_total:
            commands.append(("BACKGROUND", (0, r + 1), (-1, r + 1), STRIPE_BG))
    for r in group_starts:
        if 0 < r < len(rows):
            commands.append(("LINEABOVE", (0, r + 1), (-1, r + 1), 0.9, RULE))
    if total_rows and rows:
        commands.append(("LINEABOVE", (0, first_total + 1), (-1, first_total + 1), 0.9, INK))
    table.setStyle(TableStyle(commands))
    return table


@dataclass(frozen=True)
class PageSetup:
    """What goes around the content of every page."""

    title: str
    business: str = ""
    subtitle: str = ""
    printed_on: date | None = None
    landscape: bool = False
    footer_note: str = ""


def _numbered_canvas(setup: PageSetup) -> type[Canvas]:
    """A canvas that knows the page count, for "Page 2 of 3" (drawn after all pages exist)."""
    regular, bold = fonts()
    printed = setup.printed_on or clock.today()

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFillColor(INK)
            self.setFont(bold, 9)
            self.drawString(MARGIN, height - 10 * mm, setup.business or "microoffice")
            self.setFont(regular, 9)
            self.drawRightString(width - MARGIN, height - 10 * mm, setup.title)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, height - 11.5 * mm, width - MARGIN, height - 11.5 * mm)
            self.line(MARGIN, 11.5 * mm, width - MARGIN, 11.5 * mm)
            self.setFillColor(MUTED)
            self.setFont(regular, 8)
            note = f"Printed {format_date(printed)}"
            if setup.footer_note:
                note += f"  ·  {setup.footer_note}"
            self.drawString(MARGIN, 8 * mm, note)
            self.drawRightString(width - MARGIN, 8 * mm, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


def page_size(setup: PageSetup) -> tuple[float, float]:
    size: tuple[float, float] = landscape(A4) if setup.landscape else A4
    return size


def frame_width(setup: PageSetup) -> float:
    """Usable width between the margins, for sizing table columns."""
    return float(page_size(setup)[0] - 2 * MARGIN)


def render(out: BinaryIO, story: list[Flowable], setup: PageSetup) -> None:
    """Write the document to any binary stream (a file, or BytesIO in tests)."""
    doc = SimpleDocTemplate(
        out,
        pagesize=page_size(setup),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 2 * mm,
        bottomMargin=MARGIN,
        title=setup.title,
        author=setup.business or "microoffice",
        subject=setup.subtitle,
        creator="microoffice",
    )
    doc.build(story, canvasmaker=_numbered_canvas(setup))
