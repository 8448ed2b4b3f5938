"""A spreadsheet import checks a column at a time and each distinct value once, for speed; what it
lets in and what it says must still be exactly what the client and staff forms would say about
the same row typed in by hand: the dialogs save `ClientData.from_text` / `StaffData.from_text`
of their fields, then the service validates (ui/clients/dialog.py, ui/staff/dialog.py). One
field at a time through the real dialogs, the command line and the import: tests/test_readers_agree.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microoffice.core import clock
from microoffice.core.db.database import Database
from microoffice.core.errors import ValidationError
from microoffice.core.importing import Sheet, check_sheet
from microoffice.core.importing.checking import ROW
from microoffice.core.services import clients, staff

NOW = datetime(2026, 11, 22, 10, 0)


def cells(*typical: str) -> st.SearchStrategy[str]:
    """Values people type (good and bad), now and then anything at all."""
    return st.one_of(st.sampled_from(typical), st.text(max_size=12))


CLIENT_COLUMNS = {
    "title": cells("", "Mrs", "Dr"),
    "first_name": cells("", "Joan", "Mary  Anne", "O'Neil"),
    "last_name": cells("", "Hughes", "Okafor-Smith"),
    "date_of_birth": cells("", "03/04/1938", "31/02/1941", "1950-01-01", "01/01/2099", "1/1/1850"),
    "nhs_number": cells("", "943 476 5919", "943-476-5919", "9434765918", "123"),
    "address_line1": cells("", "12 Oak Road"),
    "town": cells("", "Birmingham"),
    "postcode": cells("", "b13 9pl", "B15 2TT", "ZZ1 1ZZ", "SW1A1AA"),
    "phone": cells("", "0121 496 0011", "7700900123", "not known", "+44 7700 900123"),
    "email": cells("", "joan@example.com", "joan@", "a b@c.d"),
    "start_date": cells("", "01/01/2020", "01/06/2024", "32/01/2020"),
    "end_date": cells("", "31/12/2019", "01/01/2025"),
    "nation": cells("Wales", "scotland", "NI", "Narnia"),
    "notes": cells("", "Key safe 1234"),
}
STAFF_COLUMNS = {
    "first_name": cells("", "Kelly", "Dev"),
    "last_name": cells("", "Marsh", "Patel"),
    "start_date": cells("", "14/06/2024", "01/01/2030"),
    "end_date": cells("", "01/01/2024", "31/12/2026"),
    "date_of_birth": cells("", "01/01/1990", "01/01/2099"),
    "phone": cells("", "07700 900123", "7700900123", "nope"),
    "email": cells("", "kelly@example.com", "kelly@"),
    "postcode": cells("", "B15 2TT", "B1"),
    "role": cells("Carer", "senior carer", "Registered manager", "astronaut"),
    "employment_type": cells("Zero-hours worker", "permanent", "bank", "gig"),
    "drives": cells("", "yes", "N", "maybe"),
    "contracted_hours": cells("", "37.5", "37:30", "7 h 30", "150", "lots"),
    "hourly_pay": cells("", "£12.60", "12.6", "1,200", "14,00,0", "-3", "12.555"),
    "notes": cells("", "Prefers mornings"),
}
# The import's column for a field whose sheet heading names it differently (importing/targets).
FIELD_OF = {"contracted_hours": "contracted_minutes_per_week", "hourly_pay": "hourly_pay_pence"}


def form_verdict(kind: str, texts: dict[str, str]) -> tuple[Any, dict[str, str]]:
    """What the form does with the row: read the text, then validate (every problem kept)."""
    service: Any = clients if kind == "clients" else staff
    cls: Any = service.ClientData if kind == "clients" else service.StaffData
    errors: dict[str, str] = {}
    try:
        data = cls.from_text(texts)
    except ValidationError as exc:
        errors.update(exc.errors)
        data = cls.from_text({k: v for k, v in texts.items() if k not in exc.errors})
    try:
        clean = service.validate(data)
    except ValidationError as exc:
        for name, message in exc.errors.items():
            errors.setdefault(name, message)
        return None, errors
    return (None if errors else clean), errors


def compare(db: Database, kind: str, columns: list[str], rows: list[list[str]]) -> None:
    sheet = Sheet(
        "people.csv", list(columns), [list(r) for r in rows], list(range(2, len(rows) + 2))
    )
    with clock.frozen(NOW), db.session() as s:
        check = check_sheet(s, sheet, list(columns), kind)
        for row, checked in zip(rows, check.rows, strict=True):
            texts = {
                FIELD_OF.get(name, name): cell.strip()
                for name, cell in zip(columns, row, strict=True)
            }
            if kind == "clients":
                texts.setdefault("nation", "england")  # where the business works
            for name in ("nation", "role", "employment_type"):  # an empty cell: the usual
                if texts.get(name) == "":
                    del texts[name]
            expected, expected_errors = form_verdict(kind, texts)
            errors = {FIELD_OF.get(name, name): message for name, message in checked.errors.items()}
            if errors.pop(ROW, None):  # someone met earlier: the form alone cannot know
                assert expected is not None and checked.data is None
                continue
            assert errors == expected_errors
            assert checked.data == expected


def draw_sheet(data: st.DataObject, table: dict[str, st.SearchStrategy[str]]) -> tuple:
    """Both name columns (an import needs them), some of the others, up to eight rows."""
    others = data.draw(st.lists(st.sampled_from(sorted(set(table) - {"first_name", "last_name"}))))
    columns = ["first_name", "last_name", *dict.fromkeys(others)]
    row = st.tuples(*(table[c] for c in columns)).map(list)
    return columns, data.draw(st.lists(row, min_size=1, max_size=8))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_client_rows_get_the_forms_verdict(db: Database, data: st.DataObject) -> None:
    compare(db, "clients", *draw_sheet(data, CLIENT_COLUMNS))


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_staff_rows_get_the_forms_verdict(db: Database, data: st.DataObject) -> None:
    compare(db, "staff", *draw_sheet(data, STAFF_COLUMNS))


def test_a_value_seen_again_gets_the_same_verdict_as_the_first_time(db: Database) -> None:
    """Each distinct text is checked once; the rows that repeat it must still each be told."""
    columns = ["first_name", "last_name", "postcode"]
    rows = [["Ann", f"Lee{i}", "ZZ1 1ZZ" if i % 2 else "b13 9pl"] for i in range(6)]
    compare(db, "clients", columns, rows)
    sheet = Sheet("people.csv", columns, rows, list(range(2, 8)))
    with db.session() as s:
        check = check_sheet(s, sheet, columns, "clients")
    assert [r.row_number for r in check.bad] == [3, 5, 7]
    assert {r.data.postcode for r in check.good} == {"B13 9PL"}
