"""A spreadsheet as rows of text: CSV (any of the ways Excel and others save it) or .xlsx.

People keep their client list in Excel, LibreOffice or Google Sheets and save it however the
program offers, so the reader forgives: UTF-8 with or without a byte-order mark, or the Windows
code page Excel uses for "CSV"; commas, semicolons or tabs. The first non-empty row is the
header; every other row keeps the row number the person sees in their spreadsheet, so an error
message can send them straight to it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from microoffice.core.errors import UserError

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


def _decode(raw: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(
        f"{name} is not a text file microoffice can read. Save it from your spreadsheet as "
        "'CSV UTF-8' and try again."
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


def _numbered_csv(text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            cleaned = [c.strip() for c in cells]
            if any(cleaned):
                rows.append((number, cleaned))
    except csv.Error as exc:
        raise UserError(f"The file could not be read as CSV: {exc}.") from exc
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
    return sheet


def read_text(text: str, source: str = "the pasted text") -> Sheet:
    return sheet_from_rows(source, _numbered_csv(text))


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
    return sheet_from_rows(file.name, _numbered_csv(_decode(raw, file.name)))
