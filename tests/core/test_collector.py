"""Bulk work pauses the cyclic collector; it must always come back on, and only once the
outermost pause ends."""

from __future__ import annotations

import gc

import pytest

from microoffice.core import collector
from microoffice.core.errors import UserError
from microoffice.core.importing import import_sheet, read_text


def test_the_collector_is_back_on_after_the_work_even_when_it_fails() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.paused():
        assert not gc.isenabled()
        raise RuntimeError("the work failed")
    assert gc.isenabled()


def test_a_pause_inside_a_pause_leaves_it_off_until_the_outer_one_ends() -> None:
    with collector.paused():
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_refused_import_leaves_the_collector_on(db) -> None:  # type: ignore[no-untyped-def]
    sheet = read_text("First name,Surname,DOB\nAnn,Lee,31/02/1941\n")
    with pytest.raises(UserError), db.session() as s:
        import_sheet(s, sheet, ["first_name", "last_name", "date_of_birth"], "clients")
    assert gc.isenabled()
