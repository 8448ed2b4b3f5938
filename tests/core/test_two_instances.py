"""Issue 6: two app instances on one file never lose an update."""

from __future__ import annotations

from pathlib import Path

import pytest

from microoffice.core.db.database import open_database
from microoffice.core.errors import ConflictError
from microoffice.core.services import clients


def test_second_save_is_refused_and_nothing_is_lost(db_path: Path) -> None:
    first_app = open_database(str(db_path))
    second_app = open_database(str(db_path))
    with first_app.session() as s:
        cid = clients.create_client(s, clients.ClientData(first_name="Ann", last_name="Smith")).id

    # both windows open the client's form
    with first_app.session() as s:
        form_a = clients.ClientData.from_client(clients.get_client(s, cid))
        version_a = clients.get_client(s, cid).version
    with second_app.session() as s:
        form_b = clients.ClientData.from_client(clients.get_client(s, cid))
        version_b = clients.get_client(s, cid).version

    form_a.phone = "0121 496 0000"
    with first_app.session(actor="laptop") as s:
        clients.update_client(s, cid, form_a, expected_version=version_a)

    form_b.access_notes = "Key safe 1234"
    with pytest.raises(ConflictError, match="changed elsewhere"), second_app.session() as s:
        clients.update_client(s, cid, form_b, expected_version=version_b)

    with second_app.session() as s:
        saved = clients.get_client(s, cid)
        assert saved.phone == "0121 496 0000"  # the first save survived
        assert saved.access_notes == ""  # the stale save wrote nothing
    first_app.close()
    second_app.close()


def test_stale_object_flush_becomes_a_conflict(db_path: Path) -> None:
    """Even without a form version, the version column stops a stale in-memory object."""
    app_a = open_database(str(db_path))
    app_b = open_database(str(db_path))
    with app_a.session() as s:
        cid = clients.create_client(s, clients.ClientData(first_name="Bo", last_name="Lee")).id
    with app_b.session() as s_b:
        stale = clients.get_client(s_b, cid)  # app B keeps the object it showed (version 1)
    with app_a.session() as s_a:
        clients.get_client(s_a, cid).town = "Walsall"  # app A saves (version 2)
    stale.town = "Dudley"
    with pytest.raises(ConflictError, match="changed elsewhere"), app_b.session() as s_b:
        s_b.add(stale)
    with app_a.session() as s:
        assert clients.get_client(s, cid).town == "Walsall"
    app_a.close()
    app_b.close()
