"""Exceptions to "as planned" recorded by name, as the command line does: find the visit (the
client, the day, and its planned time when there is more than one), then make the same core calls
the Today page makes (scheduling/today.py). A visit cut short keeps its reason on the visit, which
is where the visit-length figures (NICE QS123, scheduling/visit_lengths.py) look for one."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import NotFoundError, UserError
from microoffice.core.models.visits import Visit
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.readers.times import ClockTime
from microoffice.core.scheduling import today
from microoffice.core.scheduling.merge import Occurrence
from microoffice.core.scheduling.occurrences import occurrences
from microoffice.core.services.clients import find_client
from microoffice.core.vocabulary import format_date


def _hm(occ: Occurrence) -> str:
    return f"{clock.to_local(occ.planned_start):%H:%M}"


@needs(Right.OWN_VISITS, filtered=True)
def find_visit(session: Session, client: str, day: date, at: time | None = None) -> Occurrence:
    """The client's visit on that day (planned to start at `at`, when given)."""
    person = find_client(session, client)
    found = occurrences(session, day, day, client_id=person.id)
    if at is not None:
        wanted = f"{at:%H:%M}"
        chosen = [o for o in found if _hm(o) == wanted]
        if not chosen:
            times = ", ".join(_hm(o) for o in found) or "none"
            raise NotFoundError(
                f"{person.display_name} has no visit at {wanted} on {format_date(day)} "
                f"(visits that day: {times})."
            )
        found = chosen
    if not found:
        raise NotFoundError(f"{person.display_name} has no visit on {format_date(day)}.")
    if len(found) > 1:
        times = ", ".join(_hm(o) for o in found)
        raise UserError(
            f"{person.display_name} has {len(found)} visits on {format_date(day)} ({times}): "
            "say which with --time."
        )
    return found[0]


@needs(Right.OWN_VISITS, visit="target")
def record_times(
    session: Session,
    target: Occurrence,
    start: time | ClockTime,
    end: time | ClockTime,
    reason: str = "",
) -> Visit:
    """Late, early or short: the times it really happened, and why (kept on the visit)."""
    visit = today.record_actual_times(session, target, start, end)
    why = " ".join(reason.split())
    if why:
        visit.notes = f"{visit.notes}\n{why}".strip() if visit.notes else why
        session.flush()
    return visit
