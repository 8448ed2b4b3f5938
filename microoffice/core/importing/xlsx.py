"""Read the first worksheet of an .xlsx file through openpyxl, inside limits a hostile file
cannot get past.

An .xlsx file is a zip of XML parts, and a file someone else sent is a way in: a zip that
unpacks to gigabytes, XML whose entities expand a billion times, a cell reference far past the
last column. So the zip is measured before openpyxl sees it (every part's declared size, then
its actual size while it is unpacked, against `MAX_UNPACKED_BYTES`); openpyxl parses the XML
through defusedxml, which refuses entity declarations and external references; rows and
columns are counted as they stream and the file is refused past `MAX_ROWS` or
`MAX_COLUMNS`. Whatever else openpyxl finds wrong with a damaged file is told to the person as
one plain sentence; the library's own message is never shown, since it can quote a cell.
docs/importing.md says why openpyxl and defusedxml rather than a faster reader.

Cells come back as the text a person sees in Excel: dates dd/mm/yyyy, whole numbers without
".0", booleans as TRUE/FALSE.
"""

from __future__ import annotations

import logging
import warnings
import zipfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from microoffice.core.errors import UserError
from microoffice.core.importing.limits import (
    MAX_COLUMNS,
    MAX_ROWS,
    too_many_columns,
    too_many_rows,
)
from microoffice.core.vocabulary import format_date

log = logging.getLogger(__name__)

MAX_UNPACKED_BYTES = 32 * 1024 * 1024  # all parts together; a list of 10,000 people is ~8 MB
MAX_PARTS = 500  # Excel writes a dozen parts for a plain workbook
_CHUNK = 1024 * 1024


def _damaged(name: str) -> UserError:
    return UserError(
        f"{name} could not be read as an Excel workbook (.xlsx): it is damaged or was not "
        "saved by a spreadsheet program. Open it in Excel or LibreOffice and save it again "
        "as .xlsx or as CSV, then import that file."
    )


def _too_big(name: str) -> UserError:
    mb = MAX_UNPACKED_BYTES // (1024 * 1024)
    return UserError(
        f"{name} unpacks to more than {mb} MB, far more than a list of people needs, so it was "
        "not opened. If it really is your list, save just that sheet as CSV and import the CSV."
    )


def check_archive(path: Path) -> None:
    """Refuse a zip that is not one, or that unpacks to more than the limit: first by the sizes
    the zip declares, then by the bytes actually unpacked (a zip can lie about its sizes), each
    part read in chunks and abandoned as soon as the total passes the limit."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _damaged(path.name) from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _damaged(path.name)
        if sum(info.file_size for info in parts) > MAX_UNPACKED_BYTES:
            raise _too_big(path.name)
        total = 0
        try:
            for info in parts:
                with archive.open(info) as part:
                    while chunk := part.read(_CHUNK):
                        total += len(chunk)
                        if total > MAX_UNPACKED_BYTES:
                            raise _too_big(path.name)
        except UserError:
            raise
        except Exception as exc:  # a bad CRC, zlib.error, an unknown compression...
            log.info("Refused a damaged .xlsx (%s)", type(exc).__name__)
            raise _damaged(path.name) from None


def cell_text(value: Any) -> str:
    """A cell's value as Excel shows it in a plain column."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return format_date(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)


def _rows(sheet: Any, name: str) -> list[tuple[int, list[str]]]:
    """(row number, cell texts) of every row with something in it, refusing past the limits.

    iter_rows stops parsing at max_row, so a file claiming a million rows costs nothing past
    the limit; a row is as wide as its last cell (openpyxl itself refuses references past
    column ZZZ), so a cell past MAX_COLUMNS is seen and refused rather than dropped."""
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(
        sheet.iter_rows(min_row=1, max_row=MAX_ROWS + 1, values_only=True), start=1
    ):
        cells = [cell_text(v).strip() for v in values]
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > MAX_COLUMNS:
            raise too_many_columns(name, number, len(cells))
        if cells:
            if number > MAX_ROWS:
                raise too_many_rows(name)
            rows.append((number, cells))
    return rows


def read_xlsx(path: Path) -> tuple[str, list[tuple[int, list[str]]]]:
    """(sheet name, [(row number, cell texts)]) for the first worksheet; empty rows left out."""
    from defusedxml import DefusedXmlException

    check_archive(path)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it skips; none of it matters here.
            warnings.simplefilter("ignore")
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
            try:
                if not book.worksheets:
                    raise UserError(f"{path.name} has no worksheets.")
                sheet = book.worksheets[0]
                return str(sheet.title), _rows(sheet, path.name)
            finally:
                book.close()
    except UserError:
        raise
    except Exception as exc:
        if not _caused_by(exc, DefusedXmlException):  # openpyxl wraps it in a ValueError
            if isinstance(exc, MemoryError):
                raise _too_big(path.name) from None
            log.info("Refused a damaged .xlsx (%s)", type(exc).__name__)
            raise _damaged(path.name) from None
        raise UserError(
            f"{path.name} holds XML entity declarations or external references, which "
            "spreadsheet programs never write and which can be used to attack a computer, so "
            "it was not read. Save the list again from your spreadsheet program."
        ) from None


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 20:
        if isinstance(current, kind):
            return True
        current, seen = current.__cause__ or current.__context__, seen + 1
    return False
