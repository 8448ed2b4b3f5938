"""Columns of the clients list, declared once."""

from __future__ import annotations

from microoffice.core.services.clients import ClientRow
from microoffice.core.vocabulary import nation_label
from microoffice.ui.widgets.table_model import Column

_NATIONS: dict[str, str] = {}


def _nation(row: ClientRow) -> str:
    label = _NATIONS.get(row.nation)
    if label is None:
        label = _NATIONS[row.nation] = nation_label(row.nation)
    return label


def _status(row: ClientRow) -> str:
    return "Archived" if row.archived else ""


CLIENT_COLUMNS: list[Column[ClientRow]] = [
    Column("Name", lambda r: r.name, 210, sort_key=lambda r: r.name.casefold()),
    Column("Town", lambda r: r.town, 190),
    Column("Postcode", lambda r: r.postcode, 90),
    Column("Phone", lambda r: r.phone, 130),
    Column("Nation", _nation, 100),
    Column("Funding", lambda r: r.funding, 250),
    Column("Status", _status, 80),
]
