"""Client pauses: care suspended for a period (hospital, holiday, respite).

A pause hides the generated visits inside it without touching the plans, so when it ends the
usual pattern simply comes back. Visits already recorded stay on the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core.errors import NotFoundError
from microoffice.core.models.clients import Client
from microoffice.core.models.visits import ClientPause
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.forms import Checker
from microoffice.core.vocabulary import format_date

PAUSE_REASONS = {
    "hospital": "In hospital",
    "holiday": "On holiday",
    "respite": "Respite stay",
    "family": "Family providing care",
    "other": "Other",
}


@dataclass(frozen=True)
class PauseRow:
    id: int
    client_id: int
    start_date: date
    end_date: date | None
    reason: str
    notes: str

    @property
    def label(self) -> str:
        until = f"{format_date(self.end_date)}" if self.end_date else "further notice"
        return f"{PAUSE_REASONS.get(self.reason, self.reason)}: {format_date(self.start_date)} to {until}"


@needs(Right.ROTA)
def add_pause(
    session: Session,
    client_id: int,
    start: date,
    end: date | None = None,
    reason: str = "other",
    notes: str = "",
) -> ClientPause:
    """Suspend visits from start to end inclusive (no end: until further notice)."""
    if session.get(Client, client_id) is None:
        raise NotFoundError(f"There is no client with id {client_id}.")
    c = Checker()
    c.order("end_date", start, end, "The pause ends before it starts")
    if reason not in PAUSE_REASONS:
        c.fail("reason", "Reason must be one of: " + ", ".join(PAUSE_REASONS))
    c.done()
    pause = ClientPause(
        client_id=client_id, start_date=start, end_date=end, reason=reason, notes=notes.strip()
    )
    session.add(pause)
    session.flush()
    return pause


@needs(Right.ROTA)
def remove_pause(session: Session, pause_id: int) -> None:
    pause = session.get(ClientPause, pause_id)
    if pause is None:
        raise NotFoundError(f"There is no pause with id {pause_id}.")
    session.delete(pause)
    session.flush()


@needs(Right.ROTA)
def list_pauses(session: Session, client_id: int) -> list[PauseRow]:
    rows = session.scalars(
        select(ClientPause)
        .where(ClientPause.client_id == client_id)
        .order_by(ClientPause.start_date)
    )
    return [PauseRow(p.id, p.client_id, p.start_date, p.end_date, p.reason, p.notes) for p in rows]
