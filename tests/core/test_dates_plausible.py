"""Issue 13: a date is checked for plausibility by the kind of field it fills, through one
reader the forms, the command line and the import share. 06/01/0027 (a year typed short) and
01/01/1900 (a spreadsheet's empty date) read as dates; the window around today refuses them.
Today is frozen at 07/12/2026."""

from __future__ import annotations

from datetime import date

import pytest

from microoffice.core.billing import payments
from microoffice.core.db.database import Database
from microoffice.core.errors import ValidationError
from microoffice.core.readers.dates import BIRTH, DAY, SERVICE, date_window, read_date
from microoffice.core.services import clients, staff
from tests.core.billing import helpers as h


def test_each_kind_of_date_has_its_window() -> None:
    assert date_window(BIRTH) == (date(1901, 1, 1), date(2026, 12, 7))
    assert date_window(SERVICE) == (date(1996, 1, 1), date(2028, 12, 31))
    assert date_window(DAY) == (date(2019, 1, 1), date(2028, 12, 31))


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        (
            "01/01/1900",
            BIRTH,
            "A date of birth must be after 1900, not 01/01/1900 (01/01/1900 is often an empty "
            "date from a spreadsheet); please check it",
        ),
        ("08/12/2026", BIRTH, "The date of birth is in the future; please check it"),
        (
            "06/01/0027",
            SERVICE,
            "06/01/0027 is too long ago to be a date of a service or job starting or ending: "
            "dates from 01/01/1996 to 31/12/2028 are accepted. Check the year",
        ),
        (
            "01/01/2029",
            DAY,
            "01/01/2029 is too far ahead to be a date: dates from 01/01/2019 to 31/12/2028 are "
            "accepted. Check the year",
        ),
    ],
)
def test_an_implausible_date_is_refused_in_plain_words(text: str, kind, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError) as refused:
        read_date(text, kind)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("text", "kind", "day"),
    [
        ("01/01/1901", BIRTH, date(1901, 1, 1)),
        ("07/12/2026", BIRTH, date(2026, 12, 7)),
        ("01/01/1996", SERVICE, date(1996, 1, 1)),
        ("31/12/2028", DAY, date(2028, 12, 31)),
        ("2019-01-01", DAY, date(2019, 1, 1)),
    ],
)
def test_the_edges_of_each_window_are_accepted(text: str, kind, day: date) -> None:  # type: ignore[no-untyped-def]
    assert read_date(text, kind) == day


def test_the_client_form_refuses_them(db: Database) -> None:
    data = clients.ClientData.from_text(
        {
            "first_name": "Cy",
            "last_name": "Cole",
            "date_of_birth": "01/01/1900",
            "start_date": "06/01/0027",
        }
    )
    with pytest.raises(ValidationError) as refused, db.session() as s:
        clients.create_client(s, data)
    assert set(refused.value.errors) == {"date_of_birth", "start_date"}
    assert refused.value.errors["start_date"].startswith("06/01/0027 is too long ago")
    with db.session() as s:
        assert clients.list_clients(s) == []


def test_the_staff_form_refuses_them(db: Database) -> None:
    data = staff.StaffData.from_text(
        {"first_name": "Kelly", "last_name": "Marsh", "start_date": "06/01/0027"}
    )
    with pytest.raises(ValidationError, match="06/01/0027 is too long ago"), db.session() as s:
        staff.create_staff(s, data)


def test_a_payment_from_long_ago_is_refused(db: Database) -> None:
    with db.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        data = payments.PaymentData(received_on=date(27, 1, 6), amount="20", client_id=ann.id)
        with pytest.raises(ValidationError) as refused:
            payments.record_payment(s, data, auto=False)
    assert refused.value.errors == {
        "received_on": "06/01/0027 is too long ago to be a date: dates from 01/01/2019 to "
        "31/12/2028 are accepted. Check the year"
    }
