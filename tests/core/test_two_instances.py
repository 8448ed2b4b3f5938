"""Two sessions on one office never lose an update: the version column ("changed elsewhere").

Since issue 12 a second *program* cannot write to an SQLite office at all (tests/core/
test_ownership.py); what the version column still guards is two views in one program (a form
left open while the same record is saved from another page or a background task) and, on
PostgreSQL, two computers on one server. The `db` fixture runs these on both.
"""

from __future__ import annotations

import pytest

from microoffice.core.db.database import Database, open_database
from microoffice.core.errors import ConflictError
from microoffice.core.services import clients


def test_second_save_is_refused_and_nothing_is_lost(db: Database) -> None:
    first_app = db
    second_app = open_database(db.target)  # a second engine: another view, or another computer
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
    second_app.close()


def test_stale_object_flush_becomes_a_conflict(db: Database) -> None:
    """Even without a form version, the version column stops a stale in-memory object."""
    app_a = db
    app_b = open_database(db.target)
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
    app_b.close()
