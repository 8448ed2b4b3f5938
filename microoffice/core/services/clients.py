"""Clients: create, edit, archive (never delete), search; their contacts and funding."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import ConflictError, NotFoundError
from microoffice.core.models.clients import Client, FundingArrangement
from microoffice.core.models.enums import FundingType, Nation
from microoffice.core.people.guard import narrowed, needs
from microoffice.core.people.rights import Right
from microoffice.core.readers.choices import read_nation
from microoffice.core.readers.dates import check_birth_date, check_service_date, parse_date
from microoffice.core.readers.identifiers import (
    read_email,
    read_nhs_number,
    read_phone,
    read_postcode,
)
from microoffice.core.rows import Choice
from microoffice.core.services.forms import (
    Rule,
    checked,
    control_characters,
    ends_before_start,
    one_of,
    read_fields,
    required,
    stripped,
)
from microoffice.core.vocabulary import display_name


@dataclass
class ClientData:
    """What a person fills in for a client; every text field arrives as typed."""

    first_name: str = ""
    last_name: str = ""
    title: str = ""
    preferred_name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""
    address_line1: str = ""
    address_line2: str = ""
    town: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    nation: str = Nation.ENGLAND.value
    gp_practice: str = ""
    communication_needs: str = ""
    access_notes: str = ""
    start_date: date | None = None
    end_date: date | None = None
    end_reason: str = ""
    notes: str = ""

    @classmethod
    def from_client(cls, client: Client) -> ClientData:
        return cls(**{name: getattr(client, name) for name in _FIELD_NAMES})

    @classmethod
    def from_text(cls, values: Mapping[str, Any]) -> ClientData:
        """From the client form's fields as typed; ValidationError names every field that
        cannot be read."""
        return cls(**read_fields(values, _FIELD_NAMES, TEXT_READERS))


_FIELD_NAMES = tuple(f.name for f in fields(ClientData))  # read once: imports check rows in bulk
# How text becomes each field's value, where it is not the text itself: the form, the command
# line (commands/people.py) and the spreadsheet import (importing/columns.py) all read with these.
TEXT_READERS: dict[str, Rule] = {
    "date_of_birth": parse_date,
    "start_date": parse_date,
    "end_date": parse_date,
    "nation": read_nation,
}


def field_rules(today: date) -> dict[str, Rule]:
    """Each field's own check, as the client form makes it. validate() runs them on one client;
    a spreadsheet import runs them once per distinct value in a column, so the two cannot
    disagree about what is let in."""
    return {
        "first_name": required("First name"),
        "last_name": required("Last name"),
        "title": stripped,
        "preferred_name": stripped,
        "postcode": read_postcode,
        "nhs_number": read_nhs_number,
        "date_of_birth": partial(check_birth_date, today=today),
        "start_date": partial(check_service_date, today=today),
        "end_date": partial(check_service_date, today=today),
        "email": read_email,
        "phone": read_phone,
        "nation": one_of(Nation, "Nation"),
        "address_line1": stripped,
        "address_line2": stripped,
        "town": stripped,
        "gp_practice": stripped,
        "end_reason": stripped,
    }


def record_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """What only the fields together can show."""
    return control_characters(values) | ends_before_start(
        values, "The end of service is before its start"
    )


def validate(data: ClientData) -> ClientData:
    """Return a cleaned copy or raise ValidationError listing every bad field."""
    return ClientData(**checked(vars(data), field_rules(clock.today()), record_problems))


def _apply(client: Client, data: ClientData) -> None:
    for name in _FIELD_NAMES:
        value = getattr(data, name)
        if getattr(client, name) != value:
            setattr(client, name, value)


@needs(Right.CLIENTS)
def create_client(session: Session, data: ClientData) -> Client:
    clean = validate(data)
    client = Client(first_name=clean.first_name, last_name=clean.last_name)
    _apply(client, clean)
    session.add(client)
    session.flush()
    return client


@needs(Right.SEE_CLIENTS, client="client_id")
def get_client(session: Session, client_id: int) -> Client:
    client = session.get(Client, client_id)
    if client is None:
        raise NotFoundError(f"There is no client with id {client_id}.")
    return client


@needs(Right.SEE_CLIENTS, filtered=True)
def find_client(session: Session, name: str) -> Client:
    """One client by a name a person would type on the command line."""
    term = " ".join(name.split()).lower()
    full = func.lower(Client.first_name + " " + Client.last_name)
    preferred = func.lower(Client.preferred_name + " " + Client.last_name)
    matches = session.scalars(
        _visible(
            session,
            select(Client).where(
                or_(full == term, preferred == term, func.lower(Client.last_name) == term)
            ),
        )
    ).all()
    if not matches:
        from microoffice.core.suggest import did_you_mean

        known = session.execute(
            _visible(session, select(Client.first_name, Client.last_name))
        ).all()
        hint = did_you_mean(name, (f"{first} {last}" for first, last in known))
        raise NotFoundError(f"No client is called '{name}'.{hint}")
    if len(matches) > 1:
        names = ", ".join(f"{c.full_name} (id {c.id})" for c in matches)
        raise NotFoundError(f"More than one client matches '{name}': {names}. Use the full name.")
    return matches[0]


def check_version(obj: Client | object, expected: int | None) -> None:
    current = getattr(obj, "version", None)
    if expected is not None and current != expected:
        raise ConflictError.changed_elsewhere()


@needs(Right.CLIENTS)
def update_client(
    session: Session, client_id: int, data: ClientData, expected_version: int | None = None
) -> Client:
    client = get_client(session, client_id)
    check_version(client, expected_version)
    _apply(client, validate(data))
    session.flush()
    return client


@needs(Right.CLIENTS)
def archive_client(session: Session, client_id: int, reason: str = "") -> Client:
    """Archive keeps every record (retention rules forbid deleting care records)."""
    client = get_client(session, client_id)
    if client.archived_at is None:
        client.archived_at = clock.now()
        if reason and not client.end_reason:
            client.end_reason = reason
        if client.end_date is None:
            client.end_date = clock.today()
    session.flush()
    return client


@needs(Right.CLIENTS)
def restore_client(session: Session, client_id: int) -> Client:
    client = get_client(session, client_id)
    client.archived_at = None
    session.flush()
    return client


@dataclass(frozen=True)
class ClientRow:
    """What the clients list shows: cheap to load for thousands of rows."""

    id: int
    name: str
    postcode: str
    town: str
    phone: str
    nation: str
    funding: str
    archived: bool


def search_condition(search: str) -> ColumnElement[bool]:
    like = f"%{search.strip().lower()}%"
    return or_(
        func.lower(Client.first_name + " " + Client.last_name).like(like),
        func.lower(Client.preferred_name + " " + Client.last_name).like(like),
        func.lower(Client.postcode).like(like),
        func.lower(Client.town).like(like),
        Client.nhs_number.like(like.replace(" ", "")),
    )


@needs(Right.SEE_CLIENTS, filtered=True)
def funding_labels(session: Session, client_ids: list[int] | None = None) -> dict[int, str]:
    """Each client's current funding types as readable labels ("Direct payment, Self-funder")."""
    today = clock.today()
    stmt = select(FundingArrangement.client_id, FundingArrangement.funding_type).where(
        or_(FundingArrangement.end_date.is_(None), FundingArrangement.end_date >= today)
    )
    if client_ids is not None:
        stmt = stmt.where(FundingArrangement.client_id.in_(client_ids))
    allowed = narrowed(session, Right.SEE_CLIENTS)
    if allowed is not None:
        stmt = stmt.where(FundingArrangement.client_id.in_(allowed))
    labels = {f.value: f.label for f in FundingType}
    found: dict[int, set[str]] = {}
    for cid, code in session.execute(stmt):
        found.setdefault(cid, set()).add(labels.get(code, code))
    return {cid: ", ".join(sorted(labels)) for cid, labels in found.items()}


_Stmt = TypeVar("_Stmt", bound="Select[*tuple[Any, ...]]")
_LIST_ORDER = (Client.last_name, Client.first_name, Client.id)
_ROW_COLUMNS = (
    Client.id,
    Client.first_name,
    Client.preferred_name,
    Client.last_name,
    Client.postcode,
    Client.town,
    Client.phone,
    Client.nation,
    Client.archived_at.is_not(None),
)


def _visible(session: Session, stmt: _Stmt) -> _Stmt:
    """Only the clients the signed-in person may see (a carer: those they visit)."""
    allowed = narrowed(session, Right.SEE_CLIENTS)
    return stmt if allowed is None else stmt.where(Client.id.in_(allowed))


def _filtered(
    stmt: _Stmt,
    search: str,
    include_archived: bool,
    funding_type: str | None,
    nation: str | None,
) -> _Stmt:
    if not include_archived:
        stmt = stmt.where(Client.archived_at.is_(None))
    if search.strip():
        stmt = stmt.where(search_condition(search))
    if nation:
        stmt = stmt.where(Client.nation == nation)
    if funding_type:
        stmt = stmt.where(
            select(FundingArrangement.id)
            .where(FundingArrangement.client_id == Client.id)
            .where(FundingArrangement.funding_type == funding_type)
            .exists()
        )
    return stmt


def _rows(result: Iterable[Any], labels: dict[int, str]) -> list[ClientRow]:
    return [
        ClientRow(
            id=cid,
            name=display_name(first, preferred, last),
            postcode=postcode,
            town=town,
            phone=phone,
            nation=nation_v,
            funding=labels.get(cid, ""),
            archived=bool(archived),
        )
        for cid, first, preferred, last, postcode, town, phone, nation_v, archived in result
    ]


@needs(Right.SEE_CLIENTS, filtered=True)
def list_clients(
    session: Session,
    search: str = "",
    include_archived: bool = False,
    funding_type: str | None = None,
    nation: str | None = None,
) -> list[ClientRow]:
    stmt = _filtered(
        select(*_ROW_COLUMNS).order_by(*_LIST_ORDER), search, include_archived, funding_type, nation
    )
    return _rows(session.execute(_visible(session, stmt)), funding_labels(session))


@needs(Right.SEE_CLIENTS, filtered=True)
def client_ids(
    session: Session,
    search: str = "",
    include_archived: bool = False,
    funding_type: str | None = None,
    nation: str | None = None,
) -> list[int]:
    """The ids list_clients would return, in its order.

    Cheap for any number of clients, so the window can fetch rows (client_rows) only as they
    scroll into view, the way Anki's browser holds ids plus a row cache.
    """
    stmt = _filtered(
        select(Client.id).order_by(*_LIST_ORDER), search, include_archived, funding_type, nation
    )
    return list(session.scalars(_visible(session, stmt)))


@needs(Right.SEE_CLIENTS, filtered=True)
def client_rows(session: Session, ids: Sequence[int]) -> list[ClientRow]:
    """The list rows for these ids (a screenful), in the order given."""
    if not ids:
        return []
    wanted = list(ids)
    stmt = _visible(session, select(*_ROW_COLUMNS).where(Client.id.in_(wanted)))
    found = {row.id: row for row in _rows(session.execute(stmt), funding_labels(session, wanted))}
    return [found[i] for i in wanted if i in found]


@needs(Right.SEE_CLIENTS, filtered=True)
def client_choices(session: Session) -> list[Choice]:
    """Every client not archived, by name as the lists show it, in list order (for choosing)."""
    stmt = (
        select(Client.id, Client.first_name, Client.preferred_name, Client.last_name)
        .where(Client.archived_at.is_(None))
        .order_by(*_LIST_ORDER)
    )
    return [
        Choice(cid, display_name(first, preferred, last))
        for cid, first, preferred, last in session.execute(_visible(session, stmt))
    ]
