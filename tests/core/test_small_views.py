"""Small reads the window makes through the core: whether an office is brand-new, and the
people and courses offered in the staff-file dialogs."""

from __future__ import annotations

from datetime import date

from microoffice.core.compliance import training
from microoffice.core.db.database import Database
from microoffice.core.services import business, clients, staff
from tests.core.care_home import Home


def test_an_office_is_brand_new_until_it_has_a_name_or_people(db: Database) -> None:
    home = Home(db)
    with db.session() as s:
        assert business.is_brand_new(s)
    home.staff("Jo", "Carer")
    with db.session() as s:
        assert not business.is_brand_new(s)


def test_a_named_office_is_not_brand_new(db: Database) -> None:
    with db.session() as s:
        data = business.BusinessData.from_business(business.get_business(s))
        data.legal_name = "Barbara Hale"
        business.update_business(s, data)
    with db.session() as s:
        assert not business.is_brand_new(s)
        assert not clients.list_clients(s) and not staff.list_staff(s)


def test_staff_and_course_choices(db: Database) -> None:
    home = Home(db)
    home.staff("Jo", "Carer", start_date=date(2024, 6, 3))
    home.staff("New", "Starter", start_date=date(2027, 1, 4))  # not employed yet
    with db.session() as s:
        training.seed_courses(s)
    with db.session() as s:
        people = training.staff_choices(s, date(2026, 12, 7))
        courses = training.course_choices(s)
    assert [p.name for p in people] == ["Jo Carer"]
    assert len(courses) > 5 and [c.name for c in courses] == sorted(c.name for c in courses)
