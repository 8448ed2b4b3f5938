"""People in tests: add someone who signs in, and sign in as them (the real sign-in)."""

from __future__ import annotations

from microoffice.core.db.database import Database
from microoffice.core.people import services as people
from microoffice.core.people.signed import Signed
from microoffice.core.people.signin import sign_in

PIN = "246810"


def add(
    db: Database,
    name: str,
    role: str,
    staff_id: int | None = None,
    secret: str = PIN,
    login: str | None = None,
) -> people.Added:
    """Added by whoever `db` acts for now (the sole trader, before anyone is added)."""
    with db.session() as s:
        return people.add_person(s, people.PersonData(name, role, secret, staff_id, login))


def owner(db: Database, name: str = "Barbara Whitmore", secret: str = PIN) -> Signed:
    """The office's first person, its owner, signed in."""
    add(db, name, "owner", secret=secret)
    return sign_in(db, name, secret)


def become(db: Database, name: str, secret: str = PIN) -> Signed:
    return sign_in(db, name, secret)


def old_note(db: Database, client_id: int, at: object, author: str = "app") -> int:
    """A daily note as an older version wrote it (signed "app"), straight into the table: what
    a window from before sign-in left behind."""
    from sqlalchemy import insert

    from microoffice.core import clock
    from microoffice.core.models.records import DailyNote

    with db.session() as s:
        done = s.execute(
            insert(DailyNote).values(
                client_id=client_id,
                occurred_at=at,
                text="Written by an older version.",
                author=author,
                created_at=clock.now(),
            )
        )
        return int(done.inserted_primary_key[0])
