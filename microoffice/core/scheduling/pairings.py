"""Who must not go where, and how long it takes to get between two clients' homes.

Travel times are typed in by the manager who knows the roads: the app works offline and uses no
online maps (issue 3). A pair can be set in one
direction and is used for both unless the other direction is set too; anything unset falls back
to one default number of minutes kept in the Setting table.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core.errors import NotFoundError
from microoffice.core.models.business import Setting
from microoffice.core.models.clients import Client
from microoffice.core.models.staff import Staff
from microoffice.core.models.visits import DoNotSend, TravelTime
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.forms import Checker

DEFAULT_TRAVEL_KEY = "scheduling.default_travel_minutes"
DEFAULT_TRAVEL_MINUTES = 15


@needs(Right.ROTA)
def default_travel_minutes(session: Session) -> int:
    setting = session.get(Setting, DEFAULT_TRAVEL_KEY)
    if setting is None:
        return DEFAULT_TRAVEL_MINUTES
    return int(setting.value)


@needs(Right.ROTA)
def set_default_travel_minutes(session: Session, minutes: int) -> None:
    c = Checker()
    if not 0 <= minutes <= 240:
        c.fail("minutes", "Travel time is between 0 and 240 minutes")
    c.done()
    setting = session.get(Setting, DEFAULT_TRAVEL_KEY)
    if setting is None:
        session.add(Setting(key=DEFAULT_TRAVEL_KEY, value=minutes))
    else:
        setting.value = minutes
    session.flush()


@needs(Right.ROTA)
def set_travel_time(session: Session, from_client: int, to_client: int, minutes: int) -> TravelTime:
    c = Checker()
    if from_client == to_client:
        c.fail("to_client_id", "Choose two different clients")
    if not 0 <= minutes <= 240:
        c.fail("minutes", "Travel time is between 0 and 240 minutes")
    c.done()
    row = session.scalar(
        select(TravelTime).where(
            TravelTime.from_client_id == from_client, TravelTime.to_client_id == to_client
        )
    )
    if row is None:
        row = TravelTime(from_client_id=from_client, to_client_id=to_client, minutes=minutes)
        session.add(row)
    else:
        row.minutes = minutes
    session.flush()
    return row


class TravelTable:
    """Every pair loaded once, so a rota of hundreds of visits makes one query."""

    def __init__(self, session: Session) -> None:
        self.default = default_travel_minutes(session)
        self.pairs: dict[tuple[int, int], int] = {
            (a, b): m
            for a, b, m in session.execute(
                select(TravelTime.from_client_id, TravelTime.to_client_id, TravelTime.minutes)
            )
        }

    def minutes(self, from_client: int, to_client: int) -> int:
        if from_client == to_client:
            return 0
        found = self.pairs.get((from_client, to_client))
        if found is None:
            found = self.pairs.get((to_client, from_client))
        return self.default if found is None else found


@needs(Right.ROTA)
def add_do_not_send(session: Session, client_id: int, staff_id: int, reason: str = "") -> DoNotSend:
    client = session.get(Client, client_id)
    staff = session.get(Staff, staff_id)
    if client is None or staff is None:
        raise NotFoundError("Choose both the client and the member of staff.")
    row = session.scalar(
        select(DoNotSend).where(DoNotSend.client_id == client_id, DoNotSend.staff_id == staff_id)
    )
    if row is None:
        row = DoNotSend(client_id=client_id, staff_id=staff_id, reason=reason.strip())
        session.add(row)
    else:
        row.reason = reason.strip()
    session.flush()
    return row
