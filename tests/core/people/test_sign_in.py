"""Signing in: nobody asked before people exist; everybody once they do; wrong tries throttled
and remembered in the office; the owner resets a forgotten PIN; the owner's own needs the
recovery code or the office password."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from microoffice.core import clock
from microoffice.core.db.database import Database, open_database
from microoffice.core.errors import ConflictError, SignInError, UserError, ValidationError
from microoffice.core.models import AuditLog, Client
from microoffice.core.models.people import Person
from microoffice.core.people import services as people
from microoffice.core.people import signin
from microoffice.core.people.guard import SIGN_IN_FIRST
from microoffice.core.services import business, clients
from tests import people_helpers as helpers
from tests.conftest import FROZEN_AT
from tests.core.people.conftest import NAMES, Office

ANNA = NAMES["carer"]


def _audit_actors(db: Database) -> list[str]:
    with db.session(reading=True) as s:
        return list(s.scalars(select(AuditLog.actor).order_by(AuditLog.id)))


def test_a_sole_trader_is_never_asked_and_signs_with_her_own_name(db: Database) -> None:
    with db.session() as s:
        business.update_business(
            s, business.BusinessData(legal_name="Barbara Whitmore", trading_name="Whitmore Care")
        )
    assert signin.resolve(db) is not None
    with db.session() as s:
        assert not people.anyone_signs_in(s)
        clients.create_client(s, clients.ClientData(first_name="Edna", last_name="Price"))
    actors = _audit_actors(db)
    assert actors[-1] == "owner:Barbara Whitmore"
    assert not {"app", "cli"} & set(actors)


def test_the_first_person_must_be_an_owner(db: Database) -> None:
    with db.session() as s, pytest.raises(ValidationError) as refused:
        people.add_person(s, people.PersonData("Anna Lee", "manager", "246810"))
    assert "must be an owner" in refused.value.errors["role"]
    added = helpers.add(db, "Barbara Whitmore", "owner")
    assert added.recovery_code is not None  # shown once, to the owner


def test_once_people_exist_nothing_is_read_or_written_without_a_sign_in(
    office: Office, fresh_db_file: Path
) -> None:
    if office.db.path is None:
        pytest.skip("opening the same office a second time is about files")  # PostgreSQL run
    office.db.close()
    later = open_database(str(fresh_db_file))  # a new program: nobody signed in yet
    try:
        assert signin.resolve(later) is None
        with later.session(reading=True) as s:
            count_before = s.scalar(select(func.count()).select_from(AuditLog))
        with pytest.raises(SignInError) as refused, later.session() as s:
            clients.client_ids(s)
        assert str(refused.value) == SIGN_IN_FIRST
        with pytest.raises(SignInError), later.session() as s:
            s.add(Client(first_name="Ivy", last_name="Quinn"))  # past the services: the hook
        with later.session(reading=True) as s:
            assert s.scalar(select(func.count()).select_from(AuditLog)) == count_before
            assert (
                s.scalar(select(func.count()).select_from(Client).where(Client.first_name == "Ivy"))
                == 0
            )
        helpers.become(later, ANNA)
        with later.session() as s:
            assert clients.client_ids(s) == [office.edna]
    finally:
        later.close()


def test_a_wrong_pin_or_an_unknown_name_signs_nobody_in(office: Office) -> None:
    office.db.signed = None
    for name, secret in ((ANNA, "135790"), ("Nobody Here", helpers.PIN)):
        with pytest.raises(SignInError) as refused:
            signin.sign_in(office.db, name, secret)
        assert str(refused.value) == signin.WRONG
        assert office.db.signed is None


def test_wrong_tries_wait_longer_and_longer_and_are_remembered(
    office: Office, fresh_db_file: Path
) -> None:
    db = office.db
    for _ in range(2):  # two free tries
        with pytest.raises(SignInError) as refused:
            signin.sign_in(db, ANNA, "000000")
        assert str(refused.value) == signin.WRONG
    with pytest.raises(SignInError) as refused:
        signin.sign_in(db, ANNA, "000000")
    assert (
        str(refused.value)
        == signin.WRONG + " Too many wrong tries: wait 30 seconds before the next."
    )
    with pytest.raises(SignInError) as refused:  # the right PIN, too soon: not even checked
        signin.sign_in(db, ANNA, helpers.PIN)
    assert str(refused.value) == (
        "Too many wrong tries for Anna Lee: wait 30 seconds, then try again."
    )
    clock.freeze(FROZEN_AT + timedelta(seconds=31))
    with pytest.raises(SignInError, match="wait 1 minute before the next"):
        signin.sign_in(db, ANNA, "000000")
    if db.path is not None:  # a new program on the same file still waits
        db.close()
        db = office.db = open_database(str(fresh_db_file))
    with pytest.raises(SignInError, match="wait 1 minute, then try again"):
        signin.sign_in(db, ANNA, helpers.PIN)
    clock.freeze(FROZEN_AT + timedelta(seconds=92))
    assert signin.sign_in(db, ANNA, helpers.PIN).name == ANNA
    with db.session(reading=True) as s:
        anna = people.find_person(s, ANNA)
        assert anna is not None and (anna.failed_attempts, anna.retry_after) == (0, None)
    assert [signin.wait_after(n) for n in (1, 2, 3, 4, 5, 20)] == [
        None,
        None,
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(hours=1),
    ]


def test_the_owner_resets_a_forgotten_pin_and_it_clears_the_wait(office: Office) -> None:
    for _ in range(3):
        with pytest.raises(SignInError):
            signin.sign_in(office.db, ANNA, "000000")
    office.db.signed = office.who["owner"]
    with office.db.session() as s:
        anna = people.find_person(s, ANNA)
        assert anna is not None
        people.reset_secret(s, anna.id, "864200")
    assert signin.sign_in(office.db, ANNA, "864200").name == ANNA
    with pytest.raises(SignInError):
        signin.sign_in(office.db, ANNA, helpers.PIN)  # the old one no longer works


def test_the_owner_cannot_reset_her_own_pin_that_way(office: Office) -> None:
    with office.db.session() as s, pytest.raises(UserError, match="recovery code"):
        people.reset_secret(s, office.who["owner"].person_id or 0, "864200")


def test_the_owners_own_pin_comes_back_with_the_recovery_code(db: Database) -> None:
    added = helpers.add(db, "Barbara Whitmore", "owner")
    code = added.recovery_code
    assert code is not None
    with pytest.raises(SignInError):
        signin.recover_owner(db, "Barbara Whitmore", "WRONG-CODE0-00000-00000-00000", "975310")
    signed, new_code = signin.recover_owner(db, "Barbara Whitmore", code.lower(), "975310")
    assert signed.name == "Barbara Whitmore" and new_code != code
    assert signin.sign_in(db, "Barbara Whitmore", "975310").name == "Barbara Whitmore"
    with pytest.raises(SignInError):  # a code is used up
        signin.recover_owner(db, "Barbara Whitmore", code, "111111")
    helpers.add(db, "Anna Lee", "bookkeeper")
    with pytest.raises(SignInError):  # only an owner recovers this way
        signin.recover_owner(db, "Anna Lee", new_code, "111111")


def test_the_office_password_also_brings_the_owners_pin_back(tmp_path: Path) -> None:
    from microoffice.core.services.encryption import change_password

    database = change_password(open_database(str(tmp_path / "locked.sqlite")), "office secret")
    try:
        helpers.add(database, "Barbara Whitmore", "owner")
        database.signed = None
        signed, _code = signin.recover_owner(
            database, "Barbara Whitmore", "office secret", "975310"
        )
        assert signed.name == "Barbara Whitmore"
    finally:
        database.close()


def test_the_last_owner_stays_an_owner(office: Office) -> None:
    owner_id = office.who["owner"].person_id or 0
    with office.db.session() as s, pytest.raises(ConflictError, match="only owner"):
        people.change_person(s, owner_id, "manager", None)
    with (
        office.signed(NAMES["owner"]) as db,
        db.session() as s,
        pytest.raises(UserError, match="cannot remove yourself"),
    ):
        people.remove_person(s, owner_id)


def test_a_removed_person_cannot_sign_in_and_their_name_stays_on_what_they_wrote(
    office: Office,
) -> None:
    from microoffice.core.records import notes

    with office.signed(ANNA) as db, db.session() as s:
        note_id = notes.write_note(
            s, notes.NoteData(client_id=office.edna, visit_id=office.anna_visit, text="Tea.")
        ).id
    with office.db.session() as s:
        anna = people.find_person(s, ANNA)
        assert anna is not None
        people.remove_person(s, anna.id)
    with pytest.raises(SignInError):
        signin.sign_in(office.db, ANNA, helpers.PIN)
    with office.db.session() as s:
        (view,) = notes.note_history(s, note_id)
        assert view.written_by == "written by Anna Lee"
        assert [r.name for r in people.list_people(s)] == [
            "Barbara Whitmore",
            "Bea Count",
            "Mo Farah",
        ]


def test_a_person_signed_in_elsewhere_and_then_removed_can_do_nothing_more(
    office: Office,
) -> None:
    anna = office.who["carer"]
    with office.db.session() as s:
        people.remove_person(s, anna.person_id or 0)
    office.db.signed = anna  # this program still thinks Anna is at the keyboard
    with pytest.raises(SignInError, match="no longer signs in"), office.db.session() as s:
        clients.client_ids(s)


def test_everyone_changes_their_own_pin_knowing_the_current_one(office: Office) -> None:
    with office.signed(ANNA) as db, db.session() as s:
        with pytest.raises(ValidationError) as refused:
            people.change_own_secret(s, "000000", "112233")
        assert refused.value.errors == {"current": "That is not your current PIN or password"}
        people.change_own_secret(s, helpers.PIN, "112233")
    assert signin.sign_in(office.db, ANNA, "112233").name == ANNA


def test_a_server_login_is_refused_plainly_where_there_is_none_to_make(office: Office) -> None:
    """An office file has no server logins; a server office without core/db/server_roles.py in
    this version says so. Either way nothing is written."""
    import importlib.util

    on_file = office.db.path is not None
    if not on_file and importlib.util.find_spec("microoffice.core.db.server_roles") is not None:
        pytest.skip("this version makes server logins (their tests are with server_roles)")
    with office.db.session() as s, pytest.raises(UserError) as refused:
        people.add_person(s, people.PersonData("Kim Lo", "manager", "246810", login="kimlo"))
    assert str(refused.value) == (people.FILE_OFFICE_LOGIN if on_file else people.NO_SERVER_LOGINS)
    with office.db.session() as s:
        assert people.find_person(s, "Kim Lo") is None


def test_a_server_office_without_server_logins_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """Until core/db/server_roles.py is part of this version, --login on a server office is
    refused with this sentence (before anything is written: add_person asks first)."""
    import importlib

    real = importlib.import_module

    def missing(name: str, *args: object) -> object:
        if name == "microoffice.core.db.server_roles":
            raise ImportError(name)
        return real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib, "import_module", missing)
    with pytest.raises(UserError) as refused:
        people.server_roles()
    assert str(refused.value) == "server logins are not available in this version"


def test_names_are_unique_however_they_are_typed(office: Office) -> None:
    with office.db.session() as s, pytest.raises(ConflictError, match="already signs in"):
        people.add_person(s, people.PersonData("  anna   LEE ", "bookkeeper", "246810"))
    with office.db.session(reading=True) as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 4
    assert signin.sign_in(office.db, "anna lee", helpers.PIN).name == ANNA
