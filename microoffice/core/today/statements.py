"""Every statement the Today page reads, with named parameters (see scheduling/statements.py for
why): the header's figures here, the day's visits from scheduling. `STATEMENTS` is what the first
look compiles ahead of time (core/quicklook_build.py).
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.business import Business
from microoffice.core.models.clients import Client, Contact
from microoffice.core.models.staff import Staff
from microoffice.core.people.guard import current, needs
from microoffice.core.people.rights import Right
from microoffice.core.scheduling import statements as visits
from microoffice.core.scheduling.statements import AnySelect, SessionFetch
from microoffice.core.today import read

BUSINESS = select(Business.trading_name, Business.legal_name).order_by(Business.id)
ACTIVE_CLIENTS = select(func.count().label("count")).where(Client.archived_at.is_(None))
ACTIVE_STAFF = select(func.count().label("count")).where(Staff.archived_at.is_(None))
REPRESENTATIVES = (
    select(
        Client.first_name,
        Client.preferred_name,
        Client.last_name,
        Contact.kind,
        Contact.name,
        Contact.document_checked_on,
        Contact.opg_reference,
    )
    .join(Contact, Contact.client_id == Client.id)
    .where(
        Client.archived_at.is_(None),
        Contact.archived_at.is_(None),
        Contact.kind.in_(bindparam("kinds", expanding=True)),
    )
    .order_by(Client.last_name, Client.first_name, Client.id, Contact.id)
)

STATEMENTS: dict[str, AnySelect] = {
    **visits.STATEMENTS,
    "business": BUSINESS,
    "active_clients": ACTIVE_CLIENTS,
    "active_staff": ACTIVE_STAFF,
    "representatives": REPRESENTATIVES,
}


@needs(Right.ANYONE)
def fetch(session: Session) -> SessionFetch:
    return SessionFetch(session, STATEMENTS)


@needs(Right.ANYONE)
def today_summary(session: Session) -> read.TodaySummary:
    """The Today page's header: the business, its active clients and staff, what to check, as
    much of it as the signed-in person may see. This runs for everyone, so it cannot lean on the
    checks of what it calls (they run once, outside)."""
    from microoffice.core.services import clients

    signed = current(session)
    found = read.summary(fetch(session), clock.today())
    if signed.may_all(Right.CLIENTS):
        active_clients = found.active_clients
    else:  # a carer: the clients they visit
        active_clients = len(clients.client_ids(session)) if signed.may(Right.SEE_CLIENTS) else 0
    return replace(
        found,
        active_clients=active_clients,
        active_staff=found.active_staff if signed.may_all(Right.STAFF) else None,
        to_check=found.to_check if signed.may_all(Right.CLIENTS) else (),
    )


@needs(Right.SEE_CLIENTS)
def representatives_to_check(session: Session) -> list[tuple[str, str]]:
    return read.representatives_to_check(fetch(session))


__all__ = ["STATEMENTS", "fetch", "representatives_to_check", "today_summary"]
