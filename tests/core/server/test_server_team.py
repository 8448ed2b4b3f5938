"""Several computers saving to one server office at once: saves take turns (the office's
writer lock, as BEGIN IMMEDIATE on a file), the audit chain stays one unbroken line, and a save
that was rolled back leaves no gap that `check` would read as entries removed."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from microoffice.core.errors import OfficeBusyError
from microoffice.core.models.clients import Client
from microoffice.core.services import clients
from microoffice.core.services.integrity import run_check
from tests.core.server.conftest import Office, add_person, needs_postgres

pytestmark = needs_postgres()


def test_two_computers_saving_at_once_keep_one_audit_chain(
    make_office: Callable[..., Office],
) -> None:
    office = make_office()
    manager = add_person(office, "Mia Reid", "manager", None, "mia", "mia-pass-12")
    computers = [office.open(), office.open(manager)]
    start = threading.Barrier(len(computers))
    failures: list[BaseException] = []

    def save_clients(number: int) -> None:
        database = computers[number]
        try:
            start.wait()
            for k in range(12):
                with database.session(actor=f"computer {number}") as s:
                    clients.create_client(
                        s, clients.ClientData(first_name=f"Client{number}", last_name=f"N{k}")
                    )
        except BaseException as exc:  # reported below, in the test's own thread
            failures.append(exc)

    threads = [threading.Thread(target=save_clients, args=(n,)) for n in range(len(computers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert failures == []
        with computers[0].session(reading=True) as s:
            assert s.scalar(select(func.count()).select_from(Client)) == 24
        assert run_check(computers[0]).findings == []
    finally:
        for database in computers:
            database.close()


def test_a_save_that_was_rolled_back_leaves_no_gap_in_the_chain(
    make_office: Callable[..., Office],
) -> None:
    office = make_office()
    database = office.open()
    try:
        try:
            with database.session(actor="owner") as s:
                clients.create_client(s, clients.ClientData(first_name="Ann", last_name="Lee"))
                raise LookupError("changed her mind before saving")
        except LookupError:
            pass
        with database.session(actor="owner") as s:
            clients.create_client(s, clients.ClientData(first_name="Bea", last_name="Ray"))
        assert run_check(database).findings == []
    finally:
        database.close()


def test_a_save_held_up_too_long_by_another_computer_is_refused_plainly(
    make_office: Callable[..., Office],
) -> None:
    """As on a file: five seconds waiting for another computer's save, then "another program
    is saving", with nothing half-written; never a hang."""
    office = make_office()
    first, second = office.open(), office.open()
    try:
        with first.session(actor="first computer") as s:
            clients.create_client(s, clients.ClientData(first_name="Slow", last_name="Save"))
            with (
                pytest.raises(OfficeBusyError, match="Another program is saving"),
                second.session(actor="second computer") as s2,
            ):
                clients.create_client(s2, clients.ClientData(first_name="Kept", last_name="Out"))
        with second.session(actor="second computer") as s2:  # its turn now
            clients.create_client(s2, clients.ClientData(first_name="Now", last_name="Saved"))
        with second.session(reading=True) as s2:
            names = sorted(c.name for c in clients.list_clients(s2))
        assert names == ["Now Saved", "Slow Save"]
        assert run_check(first).findings == []
    finally:
        first.close()
        second.close()
