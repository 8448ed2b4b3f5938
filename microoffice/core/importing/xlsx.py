"""Read the first worksheet of an .xlsx file with the standard library alone.

An .xlsx file is a zip of XML parts; a list of clients needs only the cell values of one sheet,
which is about a hundred lines of reading, so no spreadsheet package is added for it. Cells come
back as the text a person sees in Excel: dates formatted dd/mm/yyyy (Excel stores them as day
counts with a date format), whole numbers without ".0", booleans as TRUE/FALSE.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree import ElementTree

from microoffice.core.errors import UserError

MAX_PART_BYTES = 64 * 1024 * 1024  # a client list is kilobytes; refuse zip bombs
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (after its leap-year bug)
BUILTIN_DATE_FORMATS = set(range(14, 23)) | {27, 30, 36, 45, 46, 47, 50, 57}
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _local(tag: str) -> str:
    """The tag name without its namespace (transitional and strict files use different ones)."""
    return tag.rsplit("}", 1)[-1]


def _children(node: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [child for child in node if _local(child.tag) == name]


def _find(node: ElementTree.Element, name: str) -> ElementTree.Element | None:
    return next((child for child in node.iter() if _local(child.tag) == name), None)


def _attr(node: ElementTree.Element, name: str) -> str:
    """An attribute by local name (r:id is namespaced)."""
    for key, value in node.attrib.items():
        if _local(key) == name:
            return value
    return ""


def _text(node: ElementTree.Element) -> str:
    """All the text runs inside a shared or inline string."""
    return "".join(t.text or "" for t in node.iter() if _local(t.tag) == "t")


def column_index(ref: str) -> int:
    """'A1' -> 0, 'AB7' -> 27."""
    match = _CELL_REF.match(ref)
    letters = match.group(1) if match else ref.rstrip("0123456789")
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def is_date_format(code: str) -> bool:
    """True for number formats that show a date (d, m, y outside quotes and [colours])."""
    bare = _QUOTED.sub("", code).lower()
    return any(ch in bare for ch in "dy") or ("m" in bare and "h" not in bare and "s" not in bare)


def format_number(raw: str, as_date: bool) -> str:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return raw
    if as_date and 0 < value < 2_958_466:  # up to 31/12/9999
        day = EXCEL_EPOCH + timedelta(days=int(value))
        return day.strftime("%d/%m/%Y")
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


class _Book:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive

    def xml(self, part: str) -> ElementTree.Element | None:
        try:
            info = self.archive.getinfo(part)
        except KeyError:
            return None
        if info.file_size > MAX_PART_BYTES:
            raise UserError(f"The spreadsheet part {part} is too large to be a list of people.")
        return ElementTree.fromstring(self.archive.read(info))

    def first_sheet(self) -> tuple[str, str]:
        """(sheet name, part path) of the first sheet in the workbook's own order."""
        book = self.xml("xl/workbook.xml")
        if book is None:
            raise UserError("This file is not an Excel workbook (.xlsx): it has no workbook part.")
        sheet = _find(book, "sheet")
        if sheet is None:
            raise UserError("This workbook has no worksheets.")
        rel_id = _attr(sheet, "id")
        rels = self.xml("xl/_rels/workbook.xml.rels")
        target = "worksheets/sheet1.xml"
        for rel in rels.iter() if rels is not None else []:
            if _local(rel.tag) == "Relationship" and rel.get("Id") == rel_id:
                target = rel.get("Target", target)
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        return sheet.get("name", "Sheet1"), posixpath.normpath(part)

    def shared_strings(self) -> list[str]:
        root = self.xml("xl/sharedStrings.xml")
        return [] if root is None else [_text(si) for si in _children(root, "si")]

    def date_styles(self) -> set[int]:
        """Indexes of the cell styles whose number format shows a date."""
        root = self.xml("xl/styles.xml")
        if root is None:
            return set()
        custom: dict[int, str] = {}
        formats = _find(root, "numFmts")
        for fmt in _children(formats, "numFmt") if formats is not None else []:
            custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
        found: set[int] = set()
        xfs = _find(root, "cellXfs")
        for index, xf in enumerate(_children(xfs, "xf") if xfs is not None else []):
            fmt_id = int(xf.get("numFmtId", "0"))
            if fmt_id in BUILTIN_DATE_FORMATS or is_date_format(custom.get(fmt_id, "")):
                found.add(index)
        return found


def _cell_value(cell: ElementTree.Element, strings: list[str], dates: set[int]) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = _find(cell, "is")
        return "" if inline is None else _text(inline)
    value_node = _find(cell, "v")
    raw = (value_node.text or "") if value_node is not None else ""
    if kind == "s":
        try:
            return strings[int(raw)]
        except (ValueError, IndexError):
            return ""
    if kind == "b":
        return "TRUE" if raw == "1" else "FALSE"
    if kind == "d":  # ISO 8601 date cell (rare; written by some tools)
        try:
            return date.fromisoformat(raw[:10]).strftime("%d/%m/%Y")
        except ValueError:
            return raw
    if kind in ("str", "e"):
        return raw
    return format_number(raw, int(cell.get("s", "0")) in dates) if raw else ""


def read_xlsx(path: Path) -> tuple[str, list[tuple[int, list[str]]]]:
    """(sheet name, [(row number, cell texts)]) for the first worksheet; empty rows left out."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UserError(
            f"{path.name} could not be read as an Excel workbook (.xlsx). If it is an older "
            "Excel file (.xls), open it in Excel and save it as .xlsx or CSV first."
        ) from exc
    with archive:
        book = _Book(archive)
        name, part = book.first_sheet()
        sheet = book.xml(part)
        if sheet is None:
            raise UserError(f"The first sheet of {path.name} ('{name}') could not be found.")
        strings, dates = book.shared_strings(), book.date_styles()
    rows: list[tuple[int, list[str]]] = []
    sheet_rows = [node for node in sheet.iter() if _local(node.tag) == "row"]
    for position, row in enumerate(sheet_rows, start=1):
        number = int(row.get("r", position))
        cells: list[str] = []
        for cell in _children(row, "c"):
            ref = cell.get("r")
            index = column_index(ref) if ref else len(cells)
            while len(cells) < index:
                cells.append("")
            cells.append(_cell_value(cell, strings, dates).strip())
        if any(cells):
            rows.append((number, cells))
    return name, rows
