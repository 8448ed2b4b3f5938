"""The one permission check, worn by every service the window and the command line call.

Each public service function declares the right it needs with `@needs(...)`; a test walks every
such function in the core and fails on one that declares nothing, so a new service cannot forget.
The check runs once per call from outside: a guarded service calling another (an invoice run
reading clients) is not checked again, since the outer call was.

Who is acting comes from the session (`session.info["signed"]`, put there by Database.session
from whoever signed in). With nobody added to the office, the sole trader acts, with every right
and her name from the business record. Once people exist, a session without a sign-in can do
nothing: not even the audit hook will write (it asks `current` for the actor).

A carer holds their rights only over their own (Scope.OWN): the visits they are on and the
clients those visits are for. A service says how to find the client or visit a call is about
(`client="data.client_id"`, `visit="target"`, `staff="staff_id"`); one that lists many clients'
rows declares `filtered=True` and narrows its own results with `visible_clients`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Connection, func, select, text, union
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import NotAllowedError, SignInError
from microoffice.core.models.business import Business
from microoffice.core.models.enums import PersonRole
from microoffice.core.models.people import Person
from microoffice.core.models.visits import Visit, VisitPlan, visit_plan_staff, visit_staff
from microoffice.core.people.rights import OWN_LIMITS, Right, Scope, refusal
from microoffice.core.people.signed import ACTOR, SIGNED, SYSTEM_ACTORS, Signed

P = ParamSpec("P")
T = TypeVar("T")
_CHECKED = "signed_checked"
_DEPTH = "guard_depth"
_VISIBLE = "visible_clients"
RECENT = timedelta(days=28)  # a carer keeps seeing a client this long after their last visit

SIGN_IN_FIRST = (
    "This office has people who sign in, and nobody is signed in. Sign in first; nothing was "
    "changed."
)

Locator = str | Callable[[Session, Mapping[str, Any]], Any]
_office_depth: ContextVar[int] = ContextVar("office_depth", default=0)


@dataclass(frozen=True)
class Need:
    """What a guarded function declared: its right and how to find what a call is about."""

    right: Right | None  # None: used before anyone signs in (the sign-in itself)
    client: Locator | None = None
    visit: Locator | None = None
    staff: Locator | None = None
    filtered: bool = False


def needs(
    right: Right,
    *,
    client: Locator | None = None,
    visit: Locator | None = None,
    staff: Locator | None = None,
    filtered: bool = False,
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Declare the right a service needs; the call is refused (NotAllowedError) without it."""
    need = Need(right, client, visit, staff, filtered)

    def wrap(fn: Callable[P, T]) -> Callable[P, T]:
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> T:
            session = args[0] if args else kwargs.get("session")
            if not isinstance(session, Session):
                raise TypeError(f"{fn.__qualname__} is guarded and needs a session first")
            depth = session.info.get(_DEPTH, 0)
            session.info[_DEPTH] = depth + 1  # what the check itself reads is not checked
            try:
                if depth == 0:
                    check(session, need, lambda: _bound(signature, args, kwargs))
                return fn(*args, **kwargs)
            finally:
                session.info[_DEPTH] = depth

        guarded.__need__ = need  # type: ignore[attr-defined]
        return guarded

    return wrap


def needs_office(right: Right) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """The same for work on the office as a whole (backup, export, check): it takes the
    Database, and asks it who is signed in."""
    need = Need(right)

    def wrap(fn: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(fn)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> T:
            database: Any = args[0] if args else kwargs.get("database")
            outer = _office_depth.get()
            if outer == 0:
                with database.session(reading=True) as session:
                    check(session, need, dict)
            token = _office_depth.set(outer + 1)
            try:
                return fn(*args, **kwargs)
            finally:
                _office_depth.reset(token)

        guarded.__need__ = need  # type: ignore[attr-defined]
        return guarded

    return wrap


def before_sign_in(fn: Callable[P, T]) -> Callable[P, T]:
    """Declare a function that must work before anyone has signed in (who may sign in, the
    sign-in itself). It checks no right; the house test lists every one of them."""
    fn.__need__ = Need(None)  # type: ignore[attr-defined]
    return fn


def declared(fn: Any) -> Need | None:
    """What a function declared with @needs, if anything (the house test reads it)."""
    need = getattr(fn, "__need__", None)
    return need if isinstance(need, Need) else None


def _bound(signature: inspect.Signature, args: Any, kwargs: Any) -> dict[str, Any]:
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


def check(session: Session, need: Need, arguments: Callable[[], Mapping[str, Any]]) -> Signed:
    """Refuse (NotAllowedError) unless the signed-in person may do this; returns who they are."""
    signed = current(session)
    if need.right is None:
        return signed
    scope = signed.scope(need.right)
    if scope is None:
        raise NotAllowedError(refusal(need.right))
    if scope is Scope.ALL:
        return signed
    args = arguments()
    limit = OWN_LIMITS.get(need.right, refusal(need.right))
    if need.staff is not None and (
        signed.staff_id is None or _locate(session, need.staff, args) != signed.staff_id
    ):
        raise NotAllowedError(limit)
    if need.visit is not None:
        target = _locate(session, need.visit, args)
        if target is None or signed.staff_id not in visit_staff_ids(session, target):
            raise NotAllowedError(limit)
    if need.client is not None:
        client_id = _locate(session, need.client, args)
        if client_id is None and need.filtered:
            return signed
        if client_id is None or client_id not in visible_clients(session):
            raise NotAllowedError(limit)
        return signed
    if need.visit is None and need.staff is None and not need.filtered:
        raise NotAllowedError(limit)  # nothing to narrow it by: only those with ALL may
    return signed


def require(session: Session, right: Right) -> Signed:
    """The same check inside a service whose need depends on what it is asked (an import of
    staff rather than clients); refuses unless the signed person holds `right` over everything."""
    signed = current(session)
    if signed.scope(right) is not Scope.ALL:
        raise NotAllowedError(refusal(right))
    return signed


def require_office(database: Any, right: Right) -> Signed:
    """`require` for work on the office as a whole that is not a service (a command about to
    replace the file): asks the Database who is signed in."""
    with database.session(reading=True) as session:
        return require(session, right)


def _locate(session: Session, locator: Locator, args: Mapping[str, Any]) -> Any:
    if callable(locator):
        return locator(session, args)
    head, *rest = locator.split(".")
    value = args.get(head)
    for name in rest:
        value = getattr(value, name, None) if value is not None else None
    return value


def row_of(table: str, path: str, column: str = "client_id") -> Locator:
    """A locator for `column` of the row whose id is at `path` ("note_id" -> its client)."""

    def find(session: Session, args: Mapping[str, Any]) -> Any:
        from microoffice.core.db.base import Base

        row_id = _locate(session, path, args)
        if row_id is None:
            return None
        columns = Base.metadata.tables[table].c
        return session.execute(select(columns[column]).where(columns.id == row_id)).scalar()

    return find


# -- who is acting ------------------------------------------------------------------------------
def current(session: Session) -> Signed:
    """The person this session acts for, checked against the office once per transaction."""
    found = session.info.get(_CHECKED)
    if isinstance(found, Signed):
        return found
    conn = session.connection()
    claimed = session.info.get(SIGNED)
    if isinstance(claimed, Signed) and claimed.person_id is not None:
        signed = _still_there(conn, claimed)
    elif people_exist(conn):
        by_login = server_person(conn)
        if by_login is None:
            raise SignInError(SIGN_IN_FIRST)
        signed = by_login
    else:
        signed = Signed.sole(sole_trader_name(conn))
    session.info[_CHECKED] = signed
    return signed


def _still_there(conn: Connection, claimed: Signed) -> Signed:
    row = conn.execute(
        select(Person.name, Person.role, Person.staff_id, Person.removed_at).where(
            Person.id == claimed.person_id
        )
    ).first()
    if row is None or row.removed_at is not None:
        raise SignInError(
            f"{claimed.name} no longer signs in to this office, so nothing was done. "
            "Sign in as someone else."
        )
    return Signed(claimed.person_id, row.name, PersonRole(row.role), row.staff_id)


def people_exist(conn: Connection) -> bool:
    count = conn.execute(
        select(func.count()).select_from(Person).where(Person.removed_at.is_(None))
    ).scalar()
    return bool(count)


def server_person(conn: Connection) -> Signed | None:
    """On a database server, the person whose own server login this connection uses: the
    server has checked their password already (docs/people.md, a team on a server)."""
    if conn.dialect.name != "postgresql":
        return None
    user = conn.execute(select(func.current_user())).scalar()
    row = conn.execute(
        select(Person.id, Person.name, Person.role, Person.staff_id).where(
            Person.login == user, Person.removed_at.is_(None)
        )
    ).first()
    if row is not None:
        return Signed(row.id, row.name, PersonRole(row.role), row.staff_id)
    # The office's own owner login (the database's owner, or a login holding its rights) may
    # do everything on the server already: it acts as the owner, as on an office file
    owner = conn.execute(
        text(
            "SELECT pg_has_role(current_user, (SELECT pg_get_userbyid(datdba) FROM pg_database "
            "WHERE datname = current_database()), 'MEMBER')"
        )
    ).scalar()
    return Signed.sole(sole_trader_name(conn) or str(user)) if owner else None


def sole_trader_name(conn: Connection) -> str:
    """Who signs for an office nobody has been added to: the legal name in the business record
    (a sole trader's own name), else its trading name."""
    row = conn.execute(
        select(Business.legal_form, Business.legal_name, Business.trading_name)
        .order_by(Business.id)
        .limit(1)
    ).first()
    if row is None:
        return ""
    return str(row.legal_name or row.trading_name or "")


def audit_actor(session: Session) -> str:
    """What the audit trail records as the writer: a system writer (filling a new office, the
    demo, an upgrade, the count of a wrong PIN), or the signed person. Any other name given to
    `Database.session` is kept only while nobody signs in to the office: once people do, no
    caller can sign a write with a name of its choosing."""
    explicit = session.info.get(ACTOR)
    if isinstance(explicit, str) and explicit:
        if explicit in SYSTEM_ACTORS:
            return explicit
        if not people_exist(session.connection()):
            return explicit
    return current(session).actor


# -- what a carer's OWN covers ------------------------------------------------------------------
def visible_clients(session: Session) -> set[int]:
    """The clients the signed-in carer visits: on a plan of theirs that has not ended, or on a
    visit of theirs from four weeks ago onwards."""
    cached = session.info.get(_VISIBLE)
    if isinstance(cached, set):
        return cached
    signed = current(session)
    found: set[int] = set()
    if signed.staff_id is not None:
        since = clock.now() - RECENT
        plans = (
            select(VisitPlan.client_id)
            .join(visit_plan_staff, visit_plan_staff.c.plan_id == VisitPlan.id)
            .where(
                visit_plan_staff.c.staff_id == signed.staff_id,
                VisitPlan.archived_at.is_(None),
                (VisitPlan.end_date.is_(None)) | (VisitPlan.end_date >= since.date()),
            )
        )
        visits = (
            select(Visit.client_id)
            .join(visit_staff, visit_staff.c.visit_id == Visit.id)
            .where(visit_staff.c.staff_id == signed.staff_id, Visit.planned_start >= since)
        )
        found = set(session.execute(union(plans, visits)).scalars())
    session.info[_VISIBLE] = found
    return found


def narrowed(session: Session, right: Right) -> set[int] | None:
    """For a service that lists many clients' rows (`filtered=True`): the clients the signed
    person may see under `right`, or None when they may see every client."""
    signed = current(session)
    if signed.scope(right) is Scope.ALL:
        return None
    if signed.scope(right) is None:
        return set()
    return visible_clients(session)


def own_staff(session: Session, right: Right) -> int | None:
    """For a service that lists everyone's visits: the staff id to narrow them to (a carer's
    own), or None when the signed person may see everyone's. A carer without a staff record
    is narrowed to nobody (-1)."""
    signed = current(session)
    if signed.scope(right) is Scope.ALL:
        return None
    return signed.staff_id if signed.staff_id is not None else -1


def visit_staff_ids(session: Session, target: Any) -> set[int]:
    """Who is on a visit, from the database (never from what the caller passed in): a visit id,
    or a slot of a plan (an Occurrence) that may not be a row yet."""
    visit_id = target if isinstance(target, int) else getattr(target, "visit_id", None)
    if visit_id is not None:
        rows = session.execute(
            select(visit_staff.c.staff_id).where(visit_staff.c.visit_id == visit_id)
        ).scalars()
        return set(rows)
    plan_id = getattr(target, "plan_id", None)
    day = getattr(target, "occurrence_date", None)
    if plan_id is None or day is None:
        return set()
    # a slot already made real carries its own carers; otherwise the plan's carers go
    real = session.scalar(
        select(Visit.id).where(Visit.plan_id == plan_id, Visit.occurrence_date == day)
    )
    if real is not None:
        return visit_staff_ids(session, real)
    rows = session.execute(
        select(visit_plan_staff.c.staff_id).where(visit_plan_staff.c.plan_id == plan_id)
    ).scalars()
    return set(rows)
