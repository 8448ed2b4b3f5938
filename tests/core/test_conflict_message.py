"""A save over someone else's newer save is refused with one wording, whichever check caught it:
the version a form was opened on (check_version) or the version column at the write itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from microoffice.core.db.database import open_database
from microoffice.core.errors import CHANGED_ELSEWHERE, ConflictError
from microoffice.core.services import clients


def test_both_checks_say_the_same_thing(db_path: Path) -> None:
    first, second = open_database(str(db_path)), open_database(str(db_path))
    try:
        with first.session() as s:
            cid = clients.create_client(s, clients.ClientData(first_name="A", last_name="B")).id
        with second.session() as s:
            stale = clients.get_client(s, cid)  # the object another window still holds
            form = clients.ClientData.from_client(stale)
            opened_on = stale.version
        with first.session() as s:
            clients.get_client(s, cid).town = "Walsall"

        with pytest.raises(ConflictError) as by_form, second.session() as s:
            clients.update_client(s, cid, form, expected_version=opened_on)
        stale.town = "Dudley"
        with pytest.raises(ConflictError) as by_write, second.session() as s:
            s.add(stale)
    finally:
        first.close()
        second.close()
    assert str(by_form.value) == str(by_write.value) == CHANGED_ELSEWHERE
