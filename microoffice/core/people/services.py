"""Adding, changing and removing the people who use the office (the owner's work).

The first person added must be an owner, and the last owner can be neither removed nor made
something else, so there is always someone who can manage the people. Every owner is given a
recovery code when added (shown once; only its hash is kept): with it, or with the office
password, an owner who forgot their own PIN sets a new one (core/people/signin.py).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import ConflictError, NotFoundError, UserError, ValidationError
from microoffice.core.models.enums import PersonRole
from microoffice.core.models.people import Person
from microoffice.core.models.staff import Staff
from microoffice.core.people import secrets
from microoffice.core.people.guard import before_sign_in, current, needs, people_exist
from microoffice.core.people.rights import Right
from microoffice.core.people.signed import Signed

NAME_LENGTH = 100
LOGIN_CHARACTERS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


@dataclass
class PersonData:
    name: str
    role: str
    secret: str
    staff_id: int | None = None
    login: str | None = None


@dataclass(frozen=True)
class Added:
    person_id: int
    name: str
    recovery_code: str | None  # an owner's, shown once
    first: bool = False  # the office's first person: the sole trader, adding herself

    def as_signed(self) -> Signed:
        """The first person acts from now on: the sole trader who added herself."""
        return Signed(self.person_id, self.name, PersonRole.OWNER)


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    role: PersonRole
    staff_id: int | None
    staff_name: str
    login: str
    version: int
    locked: bool  # too many wrong tries: waiting before the next one counts

    @property
    def role_label(self) -> str:
        return self.role.label


def _same_name(name: str) -> str:
    return " ".join(name.split()).casefold()


@before_sign_in
def find_person(session: Session, name: str, *, removed: bool = False) -> Person | None:
    """The person with this name (any case, any spacing); removed ones only if asked."""
    wanted = _same_name(name)
    stmt = select(Person)
    if not removed:
        stmt = stmt.where(Person.removed_at.is_(None))
    for person in session.scalars(stmt):
        if _same_name(person.name) == wanted:
            return person
    return None


@before_sign_in
def anyone_signs_in(session: Session) -> bool:
    """True once people have been added: from then on everyone signs in."""
    return people_exist(session.connection())


@before_sign_in
def sign_in_names(session: Session) -> list[str]:
    """The names offered by the sign-in window (a shared office computer: quick to choose)."""
    return list(
        session.scalars(
            select(Person.name).where(Person.removed_at.is_(None)).order_by(Person.name)
        )
    )


@needs(Right.PEOPLE)
def list_people(session: Session) -> list[PersonRow]:
    staff = {s.id: s.display_name for s in session.scalars(select(Staff))}
    now = clock.now()
    return [
        PersonRow(
            id=p.id,
            name=p.name,
            role=PersonRole(p.role),
            staff_id=p.staff_id,
            staff_name=staff.get(p.staff_id, "") if p.staff_id is not None else "",
            login=p.login or "",
            version=p.version,
            locked=p.retry_after is not None and p.retry_after > now,
        )
        for p in session.scalars(
            select(Person).where(Person.removed_at.is_(None)).order_by(Person.name)
        )
    ]


def _role(text: str) -> PersonRole:
    try:
        return PersonRole(text.strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in PersonRole)
        raise ValidationError({"role": f"Choose one of: {choices}"}) from None


def _check_staff(session: Session, staff_id: int | None, role: PersonRole, person_id: int) -> None:
    if staff_id is None:
        if role is PersonRole.CARER:
            raise ValidationError(
                {"staff_id": "A carer sees their own visits: choose their staff record"}
            )
        return
    if session.get(Staff, staff_id) is None:
        raise ValidationError({"staff_id": "That staff record no longer exists"})
    other = session.scalar(
        select(Person.name).where(
            Person.staff_id == staff_id, Person.removed_at.is_(None), Person.id != person_id
        )
    )
    if other is not None:
        raise ValidationError({"staff_id": f"{other} already signs in with that staff record"})


FILE_OFFICE_LOGIN = (
    "A server login is for an office on a database server (PostgreSQL). This office is a file: "
    "everyone signs in to it with their PIN or password, so leave out --login."
)
NO_SERVER_LOGINS = "server logins are not available in this version"


def server_roles() -> Any:
    """core/db/server_roles.py (the database server's own logins, grants and row-level
    security), imported only when a server office asks for it."""
    try:
        return importlib.import_module("microoffice.core.db.server_roles")
    except ImportError:
        raise UserError(NO_SERVER_LOGINS) from None


def _check_login(session: Session, login: str | None) -> str | None:
    if login is None:
        return None
    if session.get_bind().dialect.name != "postgresql":
        raise UserError(FILE_OFFICE_LOGIN)
    login = login.strip()
    if not login or len(login) > 63 or not set(login) <= LOGIN_CHARACTERS or login[0].isdigit():
        raise ValidationError(
            {"login": "A server login is lower-case letters, digits and _, starting with a letter"}
        )
    return login


@needs(Right.PEOPLE)
def add_person(session: Session, data: PersonData) -> Added:
    """Add someone who signs in (or bring back someone removed, keeping their history)."""
    name = " ".join(data.name.split())
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Write the person's name, as it should sign their records"
    elif len(name) > NAME_LENGTH:
        errors["name"] = f"Use at most {NAME_LENGTH} characters"
    if errors:
        raise ValidationError(errors)
    role = _role(data.role)
    secrets.check_new_secret(data.secret)
    login = _check_login(session, data.login)
    roles = server_roles() if login is not None else None
    first = not people_exist(session.connection())
    if first and role is not PersonRole.OWNER:
        raise ValidationError(
            {
                "role": "The first person added must be an owner (you, most likely), so "
                "somebody can manage the people"
            }
        )
    existing = find_person(session, name, removed=True)
    if existing is not None and existing.removed_at is None:
        raise ConflictError(f"{existing.name} already signs in to this office.")
    if login is not None:
        taken = session.scalar(select(Person.name).where(Person.login == login))
        if taken is not None and (existing is None or taken != existing.name):
            raise ValidationError({"login": f"{taken} already has the server login {login}"})
    _check_staff(session, data.staff_id, role, existing.id if existing else -1)
    person = existing or Person(name=name)
    person.name = name
    person.role = role.value
    person.staff_id = data.staff_id
    person.login = login
    person.secret_hash = secrets.hash_secret(data.secret)
    person.failed_attempts = 0
    person.retry_after = None
    person.removed_at = None
    code = secrets.new_recovery_code() if role is PersonRole.OWNER else None
    person.recovery_hash = secrets.hash_secret(secrets.normal_code(code)) if code else ""
    session.add(person)
    session.flush()
    if roles is not None and login is not None:
        roles.create_login(session.get_bind(), login, data.secret, role.value, data.staff_id)
    return Added(person.id, person.name, code, first)


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.removed_at is not None:
        raise NotFoundError("That person no longer signs in to this office.")
    return person


def _owners_left(session: Session, without: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Person)
            .where(
                Person.role == PersonRole.OWNER.value,
                Person.removed_at.is_(None),
                Person.id != without,
            )
        )
        or 0
    )


@needs(Right.PEOPLE)
def change_person(
    session: Session,
    person_id: int,
    role: str,
    staff_id: int | None,
    expected_version: int | None = None,
) -> Added:
    """A new role or staff record; the last owner stays an owner."""
    person = _person(session, person_id)
    if expected_version is not None and person.version != expected_version:
        raise ConflictError.changed_elsewhere()
    new_role = _role(role)
    if (
        person.role == PersonRole.OWNER.value
        and new_role is not PersonRole.OWNER
        and not _owners_left(session, person.id)
    ):
        raise ConflictError(
            f"{person.name} is the only owner. Add another owner first, so somebody can still "
            "manage the people."
        )
    _check_staff(session, staff_id, new_role, person.id)
    code = None
    if new_role is PersonRole.OWNER and person.role != PersonRole.OWNER.value:
        code = secrets.new_recovery_code()  # a new owner gets a recovery code, shown once
        person.recovery_hash = secrets.hash_secret(secrets.normal_code(code))
    elif new_role is not PersonRole.OWNER:
        person.recovery_hash = ""
    person.role = new_role.value
    person.staff_id = staff_id
    session.flush()
    return Added(person.id, person.name, code)


@needs(Right.PEOPLE)
def reset_secret(session: Session, person_id: int, new_secret: str) -> Added:
    """The owner sets a new PIN or password for someone who forgot theirs. An owner's own is
    reset with their recovery code or the office password (signin.recover_owner)."""
    signed = current(session)
    person = _person(session, person_id)
    if person.id == signed.person_id:
        raise UserError(
            "Change your own PIN or password with your current one (or, if you forgot it, with "
            "your recovery code or the office password when signing in)."
        )
    secrets.check_new_secret(new_secret)
    person.secret_hash = secrets.hash_secret(new_secret)
    person.failed_attempts = 0
    person.retry_after = None
    code = None
    if person.role == PersonRole.OWNER.value:
        code = secrets.new_recovery_code()
        person.recovery_hash = secrets.hash_secret(secrets.normal_code(code))
    session.flush()
    return Added(person.id, person.name, code)


@needs(Right.OWN_SECRET)
def change_own_secret(session: Session, current_secret: str, new_secret: str) -> None:
    """Anyone who signs in changes their own PIN or password, knowing the current one."""
    signed = current(session)
    if signed.person_id is None:
        raise UserError("Nobody signs in to this office yet, so there is no PIN to change.")
    person = _person(session, signed.person_id)
    if not secrets.verify(current_secret, person.secret_hash):
        raise ValidationError({"current": "That is not your current PIN or password"})
    secrets.check_new_secret(new_secret, field="new")
    person.secret_hash = secrets.hash_secret(new_secret)
    session.flush()


@needs(Right.PEOPLE)
def remove_person(session: Session, person_id: int) -> Person:
    """They no longer sign in; their name stays on everything they signed."""
    signed = current(session)
    person = _person(session, person_id)
    if person.id == signed.person_id:
        raise UserError("You cannot remove yourself: another owner can.")
    if person.role == PersonRole.OWNER.value and not _owners_left(session, person.id):
        raise ConflictError(f"{person.name} is the only owner and cannot be removed.")
    if person.login and session.get_bind().dialect.name == "postgresql":
        try:
            roles = importlib.import_module("microoffice.core.db.server_roles")
        except ImportError:
            roles = None  # this version made no server login, so there is none to drop
        if roles is not None:
            roles.drop_login(session.get_bind(), person.login)
    person.removed_at = clock.now()
    person.secret_hash = ""
    person.recovery_hash = ""
    person.failed_attempts = 0
    person.retry_after = None
    session.flush()
    return person


@needs(Right.PEOPLE)
def person_by_name(session: Session, name: str) -> Person:
    person = find_person(session, name)
    if person is None:
        raise NotFoundError(f"Nobody called '{name}' signs in to this office.")
    return person


def as_signed(person: Person) -> Signed:
    return Signed(person.id, person.name, PersonRole(person.role), person.staff_id)
