"""Columns of the clients and staff lists, declared once."""

from __future__ import annotations

from microoffice.core.services.clients import ClientRow
from microoffice.core.services.staff import StaffRow
from microoffice.core.validation import format_date
from microoffice.ui.labels import nation_label
from microoffice.ui.models.table import Column

_NATIONS: dict[str, str] = {}


def _nation(row: ClientRow) -> str:
    label = _NATIONS.get(row.nation)
    if label is None:
        label = _NATIONS[row.nation] = nation_label(row.nation)
    return label


def _status(row: ClientRow | StaffRow) -> str:
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

STAFF_COLUMNS: list[Column[StaffRow]] = [
    Column("Name", lambda r: r.name, 210),
    Column("Role", lambda r: r.role, 170),
    Column("Employment", lambda r: r.employment_type.capitalize(), 140),
    Column("Phone", lambda r: r.phone, 130),
    Column(
        "Started",
        lambda r: format_date(r.start_date),
        100,
        sort_key=lambda r: (r.start_date is None, r.start_date),
    ),
    Column("Status", _status, 80),
]
