"""Signing in: who acts for this program, checked against a slow hash, with wrong tries throttled.

Nobody signs in to an office nobody has been added to: the sole trader acts, with her name from
the business record. Once people exist, a name and PIN (or password) are checked here; on a
database server, a person connected with their own server login is signed in by the server.

Wrong tries are counted per person in the office itself (so a new window or command does not
start the count again): three are free, then each wrong try makes the next wait longer (30
seconds, a minute, two... up to an hour), and a try while waiting is not even checked. A right
one clears the count. A read-only view of an office another program owns cannot write the count;
it is slowed by the hash alone (docs/people.md).
"""

from __future__ import annotations

import hmac
import math
from collections.abc import Callable
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING

from microoffice.core import clock
from microoffice.core.errors import SignInError, UserError
from microoffice.core.models.enums import PersonRole
from microoffice.core.models.people import Person
from microoffice.core.people import secrets
from microoffice.core.people.guard import (
    before_sign_in,
    people_exist,
    server_person,
    sole_trader_name,
)
from microoffice.core.people.services import as_signed, find_person
from microoffice.core.people.signed import Signed

if TYPE_CHECKING:
    from microoffice.core.db.database import Database

ACTOR = "sign-in"  # what the audit trail names as the writer of a wrong try's count
FREE_TRIES = 3
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
WRONG = "That name and PIN or password do not match, so nobody was signed in."


def wait_after(failures: int) -> timedelta | None:
    """How long the next try must wait after this many wrong ones in a row."""
    if failures < FREE_TRIES:
        return None
    longer: timedelta = FIRST_WAIT * 2 ** (failures - FREE_TRIES)
    return min(longer, LONGEST_WAIT)


def _how_long(wait: timedelta) -> str:
    seconds = max(1, math.ceil(wait.total_seconds()))
    if seconds < 60:
        return f"{seconds} seconds"
    minutes = math.ceil(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


@cache
def _decoy() -> str:
    return secrets.hash_secret("not anybody's secret")


@before_sign_in
def resolve(database: Database) -> Signed | None:
    """Who acts without being asked: the sole trader when nobody has been added, or the person
    whose server login this connection is; None when somebody must sign in."""
    with database.session(reading=True) as session:
        conn = session.connection()
        if not people_exist(conn):
            return Signed.sole(sole_trader_name(conn))
        return server_person(conn)


@before_sign_in
def sign_in(database: Database, name: str, secret: str) -> Signed:
    """Check a name and PIN or password; from now on this program acts for that person."""
    signed = _attempt(database, name, lambda person: secrets.verify(secret, person.secret_hash))
    database.signed = signed
    return signed


def _attempt(database: Database, name: str, proof: Callable[[Person], bool]) -> Signed:
    refused: SignInError
    with database.session(ACTOR, reading=database.readonly) as session:
        person = find_person(session, name)
        now = clock.now()
        if person is None or not person.secret_hash:
            secrets.verify("", _decoy())  # the same time for a name nobody has
            raise SignInError(WRONG)
        if person.retry_after is not None and person.retry_after > now:
            raise SignInError(
                f"Too many wrong tries for {person.name}: wait "
                f"{_how_long(person.retry_after - now)}, then try again."
            )
        if proof(person):
            if person.failed_attempts and not database.readonly:
                person.failed_attempts = 0
                person.retry_after = None
            return as_signed(person)
        failures = person.failed_attempts + 1
        wait = wait_after(failures)
        if not database.readonly:
            person.failed_attempts = failures
            person.retry_after = now + wait if wait is not None else None
        later = f" Too many wrong tries: wait {_how_long(wait)} before the next." if wait else ""
        refused = SignInError(WRONG + later)
    raise refused


@before_sign_in
def recover_owner(database: Database, name: str, proof: str, new_secret: str) -> tuple[Signed, str]:
    """An owner who forgot their PIN sets a new one with their recovery code or the office
    password; returns who is now signed in and their new recovery code (the old one is used)."""
    secrets.check_new_secret(new_secret)

    def proves(person: Person) -> bool:
        if person.role != PersonRole.OWNER.value:
            return False
        if person.recovery_hash and secrets.verify(
            secrets.normal_code(proof), person.recovery_hash
        ):
            return True
        key = database.key or ""
        return bool(key) and hmac.compare_digest(proof.encode(), key.encode())

    signed = _attempt(database, name, proves)
    if database.readonly:
        raise UserError("This office is open read-only here, so no new PIN can be saved.")
    code = secrets.new_recovery_code()
    database.signed = signed
    with database.session() as session:
        person = session.get(Person, signed.person_id)
        assert person is not None
        person.secret_hash = secrets.hash_secret(new_secret)
        person.recovery_hash = secrets.hash_secret(secrets.normal_code(code))
        session.flush()
    return signed, code


@before_sign_in
def sign_out(database: Database) -> None:
    database.signed = None
