"""Bring clients and staff in from a spreadsheet (CSV or .xlsx) without retyping them.

read_sheet -> guess_mapping (the person may change it) -> check_sheet (a preview with every
row's problems) -> import_sheet (all good rows in one transaction, or nothing). The window's
import dialog and `microoffice import-csv` both go through these same calls.
"""

from __future__ import annotations

from microoffice.core.importing.checking import RowCheck, SheetCheck, check_sheet
from microoffice.core.importing.mapping import (
    Mapping,
    apply_overrides,
    describe_mapping,
    guess_mapping,
)
from microoffice.core.importing.sheets import Sheet, read_sheet, read_text
from microoffice.core.importing.writing import ImportRefused, ImportResult, import_sheet

KINDS = ("clients", "staff")

__all__ = [
    "KINDS",
    "ImportRefused",
    "ImportResult",
    "Mapping",
    "RowCheck",
    "Sheet",
    "SheetCheck",
    "apply_overrides",
    "check_sheet",
    "describe_mapping",
    "guess_mapping",
    "import_sheet",
    "read_sheet",
    "read_text",
]
