"""Invoice numbers: sequential and gap-free per series, taken in the issuing transaction.

The counter row is bumped with one UPDATE, which takes SQLite's write lock, so two windows issuing
at once cannot both take the same number; if the issue fails the transaction rolls back and the
number is not used. A database trigger refuses any attempt to move a counter backwards.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from microoffice.core.models.billing import NumberSeries
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right

INVOICE_SERIES = "INV"
CREDIT_SERIES = "CN"


def display_number(series: str, number: int | None) -> str:
    """'INV-000123'; a draft has no number yet."""
    return f"{series}-{number:06d}" if number is not None else "Draft"


@needs(Right.MONEY)
def take_number(session: Session, series: str) -> int:
    """The next number in the series, reserved in the caller's transaction."""
    if session.get(NumberSeries, series) is None:
        session.add(NumberSeries(series=series, next_number=1))
        session.flush()
    taken = session.execute(
        update(NumberSeries)
        .where(NumberSeries.series == series)
        .values(next_number=NumberSeries.next_number + 1)
        .returning(NumberSeries.next_number),
        execution_options={"synchronize_session": False},
    ).scalar_one()
    return int(taken) - 1
