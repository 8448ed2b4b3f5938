"""How much of a spreadsheet microoffice will read, the same for CSV and .xlsx.

A care micro-enterprise has tens or hundreds of clients and a handful of staff; a list from an
older system with every past client might run to a few thousand. The limits are ten times that
and more, and keep a hostile or mistaken file (a whole ledger, a zip bomb) from taking the
memory and minutes of a refusal.
"""

from __future__ import annotations

from microoffice.core.errors import UserError

MAX_ROWS = 10_000  # rows of the file, counted as the spreadsheet numbers them
MAX_COLUMNS = 200


def too_many_rows(name: str) -> UserError:
    return UserError(
        f"{name} has more than {MAX_ROWS:,} rows; microoffice imports a list of people, not "
        "a whole ledger. Split it into smaller files, or delete the rows you do not need."
    )


def too_many_columns(name: str, row: int, columns: int) -> UserError:
    return UserError(
        f"{name} has {columns} columns in row {row}; microoffice reads at most {MAX_COLUMNS}. "
        "Delete the columns you do not need and import again."
    )
