"""Closing an incident: the lessons learned, and only once every notification it called for has
been sent or decided against (records/notifications.py), so closing sits above both."""

from __future__ import annotations

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.models.records import Incident
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.incidents import add_incident_note, get_incident, refuse_if_closed
from microoffice.core.records.notifications import notification_status
from microoffice.core.services.forms import Checker


@needs(Right.GOVERNANCE)
def close_incident(session: Session, incident_id: int, lessons: str, author: str) -> Incident:
    """Close with lessons learned; refused while any notification is still undecided."""
    incident = get_incident(session, incident_id)
    refuse_if_closed(incident)
    c = Checker()
    learned = c.required("lessons", lessons, "What was learned, and what changes as a result")
    open_items = [
        s for s in notification_status(session, incident_id) if s.status in ("pending", "overdue")
    ]
    if open_items:
        names = "; ".join(s.due.title for s in open_items)
        c.fail(
            "notifications",
            f"Record these notifications as sent, or decide (with a reason) they are not needed: {names}",
        )
    c.done()
    incident.lessons = learned
    incident.closed_at = clock.now()
    session.flush()
    add_incident_note(session, incident_id, f"Closed. Lessons learned: {learned}", author, "update")
    return incident
