"""A spreadsheet as rows of text: CSV (any of the ways Excel and others save it) or .xlsx.

People keep their client list in Excel, LibreOffice or Google Sheets and save it however the
program offers, so the reader forgives: UTF-8 with or without a byte-order mark, UTF-16 (Excel's
"Unicode text", tab-separated, with its byte-order mark), or the Windows code page Excel uses for
"CSV"; commas, semicolons or tabs. The first non-empty row is the header; every other row keeps
the row number the person sees in their spreadsheet, so an error message can send them straight
to it. Text with zero bytes in it is refused whole: it is not text, or in an encoding that cannot
be told, and reading it anyway would store names with invisible characters in them.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from microoffice.core.errors import UserError
from microoffice.core.importing.limits import (
    MAX_COLUMNS,
    MAX_ROWS,
    too_many_columns,
    too_many_rows,
)

MAX_FILE_BYTES = 50 * 1024 * 1024
DELIMITERS = ",;\t"


@dataclass
class Sheet:
    """Header texts and data rows (each padded to the header's width)."""

    source: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),  # the codec reads the mark and takes it off
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _utf16_without_mark(raw: bytes) -> str | None:
    """UTF-16 saved without its mark shows as a zero byte beside every ASCII letter."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    if odd > half * 0.4 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.4 and odd < half * 0.05:
        return "utf-16-be"
    return None


def encoding_of(raw: bytes) -> list[str]:
    """The encodings to try, in order: a byte-order mark settles it; else UTF-8, then
    Windows-1252 (which reads almost any bytes, so it comes last)."""
    for mark, encoding in _BOMS:
        if raw.startswith(mark):
            return [encoding]
    wide = _utf16_without_mark(raw)
    return [wide] if wide else ["utf-8", "cp1252"]


def _decode(raw: bytes, name: str) -> str:
    for encoding in encoding_of(raw):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise UserError(
        f"{name} is not a text file microoffice can read (or its characters are in an encoding "
        "that cannot be told). Save it from your spreadsheet as 'CSV UTF-8' and try again."
    )


def _delimiter(text: str) -> str:
    """The header line usually settles it (only one of the delimiters in it); else the Sniffer
    looks at the first 20 lines, quotes and all."""
    header = text[: text.find("\n")] if "\n" in text else text
    found = [d for d in DELIMITERS if d in header]
    if len(found) == 1 and '"' not in header:
        return found[0]
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in DELIMITERS}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _numbered_csv(text: str, name: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            cleaned = [c.strip() for c in cells]
            if not any(cleaned):
                continue
            if number > MAX_ROWS:
                raise too_many_rows(name)
            while cleaned and not cleaned[-1]:
                cleaned.pop()
            if len(cleaned) > MAX_COLUMNS:
                raise too_many_columns(name, number, len(cleaned))
            rows.append((number, cleaned))
    except csv.Error as exc:
        raise UserError(f"{name} could not be read as CSV: {exc}.") from exc
    return rows


def sheet_from_rows(source: str, numbered: list[tuple[int, list[str]]]) -> Sheet:
    """First row is the header; the rest are padded or trimmed to its width. Rows arrive with
    their cells stripped and only when some cell has text."""
    if not numbered:
        raise UserError(f"{source} is empty: there is no header row and no data.")
    _, header = numbered[0]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise UserError(f"{source} has no column headings in its first row.")
    width = len(header)
    sheet = Sheet(source, header)
    for number, cells in numbered[1:]:
        if len(cells) < width:
            row = cells + [""] * (width - len(cells))
        elif len(cells) > width:
            row = cells[:width]
            if not any(row):  # only cells beyond the last heading had anything in them
                continue
        else:
            row = cells
        sheet.rows.append(row)
        sheet.row_numbers.append(number)
    if not sheet.rows:
        raise UserError(
            f"{source} has column headings but no rows below them, so there is nobody to "
            "import. Check it is the right file, with the people's details under the headings."
        )
    return sheet


def read_text(text: str, source: str = "the pasted text") -> Sheet:
    if "\x00" in text:
        raise UserError(f"{source} has zero bytes in it, so it is not text microoffice can read.")
    return sheet_from_rows(source, _numbered_csv(text, source))


def read_sheet(path: str | Path) -> Sheet:
    """Read a .csv/.txt or .xlsx file; refuses anything else with a message saying what to do."""
    file = Path(path).expanduser()
    if not file.is_file():
        raise UserError(f"There is no file at {file}.")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise UserError(f"{file.name} is larger than 50 MB, too large to be a list of people.")
    suffix = file.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from microoffice.core.importing.xlsx import read_xlsx

        name, numbered = read_xlsx(file)
        return sheet_from_rows(f"{file.name} (sheet '{name}')", numbered)
    if suffix in (".xls", ".ods", ".numbers"):
        raise UserError(
            f"{file.name} is in a format microoffice cannot read. Open it in your spreadsheet "
            "program and save it as .xlsx or as CSV, then import that file."
        )
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise UserError(f"{file.name} could not be read: {exc.strerror}.") from exc
    if raw.startswith(b"PK\x03\x04"):
        from microoffice.core.importing.xlsx import read_xlsx

        name, numbered = read_xlsx(file)
        return sheet_from_rows(f"{file.name} (sheet '{name}')", numbered)
    return sheet_from_rows(file.name, _numbered_csv(_decode(raw, file.name), file.name))
