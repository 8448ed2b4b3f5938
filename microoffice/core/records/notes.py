"""Daily notes: contemporaneous, attributable, never edited (Reg 17(2)(c); DOMAIN.md 7.1-7.2).

A note keeps both when the care happened (occurred_at) and when it was written (created_at). One
written more than the late-entry threshold after the care is a late entry and needs a reason. An
amendment is a new note pointing at the one it corrects, with a reason; the original stays visible,
like a single line through a paper entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import (
    ConflictError,
    NotAllowedError,
    NotFoundError,
    ValidationError,
)
from microoffice.core.models.governance import BodyMapMark
from microoffice.core.models.records import DailyNote
from microoffice.core.models.visits import Visit, visit_staff
from microoffice.core.people.guard import current, needs, row_of
from microoffice.core.people.rights import OWN_LIMITS, Right, Scope
from microoffice.core.people.signed import written_by
from microoffice.core.people.signing import sign_care
from microoffice.core.records.rules import rule
from microoffice.core.services.clients import get_client
from microoffice.core.services.forms import Checker


@dataclass
class NoteData:
    client_id: int
    text: str = ""
    occurred_at: datetime | None = None
    visit_id: int | None = None
    staff_id: int | None = None
    late_reason: str = ""


@dataclass(frozen=True)
class NoteView:
    id: int
    client_id: int
    visit_id: int | None
    staff_id: int | None
    occurred_at: datetime
    recorded_at: datetime
    author: str
    text: str
    late: bool
    late_reason: str
    amends_id: int | None
    amend_reason: str
    superseded_by: int | None
    on_behalf_of: str = ""

    @property
    def amended(self) -> bool:
        return self.superseded_by is not None

    @property
    def written_by(self) -> str:
        """ "written by Barbara Whitmore on behalf of Anna Lee", or "written before sign-in was
        used" for a note from before people signed in."""
        return written_by(self.author, self.on_behalf_of)


@needs(Right.ANYONE)
def late_threshold(session: Session | None = None) -> timedelta:
    return timedelta(hours=rule("late_entry_hours", session))


def _visit_defaults(
    session: Session, data: NoteData, c: Checker
) -> tuple[datetime | None, int | None]:
    visit = session.get(Visit, data.visit_id)
    if visit is None:
        c.fail("visit_id", "That visit no longer exists")
        return data.occurred_at, data.staff_id
    if visit.client_id != data.client_id:
        c.fail("visit_id", "That visit is for a different person")
    occurred = data.occurred_at or visit.actual_end or visit.actual_start or visit.planned_end
    staff_id = data.staff_id
    if staff_id is None:
        staff_id = session.scalar(
            select(visit_staff.c.staff_id)
            .where(visit_staff.c.visit_id == visit.id)
            .order_by(visit_staff.c.staff_id)
            .limit(1)
        )
    return occurred, staff_id


@needs(Right.CARE_NOTES, client="data.client_id")
def write_note(session: Session, data: NoteData) -> DailyNote:
    """Write a note, from a visit or on its own; refuses a late entry with no reason.

    Signed by whoever is signed in; when that is not the carer who gave the care (the owner
    typing up a paper visit sheet), the note says it was written on the carer's behalf.
    """
    get_client(session, data.client_id)
    c = Checker()
    text = data.text.strip()
    if not text:
        c.fail("text", "Write what happened: care given, how the person was, any concerns")
    occurred, staff_id = data.occurred_at, data.staff_id
    if data.visit_id is not None:
        occurred, staff_id = _visit_defaults(session, data, c)
    now = clock.now()
    if occurred is None:
        occurred = now
    if occurred.tzinfo is None:
        c.fail("occurred_at", "The time of the care must include a time zone")
    elif occurred > now + timedelta(minutes=5):
        c.fail("occurred_at", "A note cannot describe care that has not happened yet")
    elif now - occurred > late_threshold(session) and not data.late_reason.strip():
        hours = rule("late_entry_hours", session)
        c.fail(
            "late_reason",
            f"This note is written more than {hours} hours after the care: say why it is late",
        )
    c.done()
    if data.visit_id is not None and data.staff_id is None:
        staff_id = _own_visit(session, data.visit_id, staff_id)
    signature = sign_care(session, staff_id)
    note = DailyNote(
        client_id=data.client_id,
        visit_id=data.visit_id,
        staff_id=signature.staff_id,
        occurred_at=occurred,
        text=text,
        author=signature.author,
        on_behalf_of=signature.on_behalf_of,
        late_reason=data.late_reason.strip(),
    )
    session.add(note)
    session.flush()
    return note


def _own_visit(session: Session, visit_id: int, first_on_visit: int | None) -> int | None:
    """A carer writing from a visit writes as themselves, and only for a visit they were on."""
    signed = current(session)
    if signed.scope(Right.CARE_NOTES) is not Scope.OWN:
        return first_on_visit
    on_visit = session.scalars(
        select(visit_staff.c.staff_id).where(visit_staff.c.visit_id == visit_id)
    ).all()
    if signed.staff_id is None or signed.staff_id not in on_visit:
        raise NotAllowedError(OWN_LIMITS[Right.CARE_NOTES])
    return signed.staff_id


@needs(Right.CARE_NOTES, client=row_of("daily_note", "note_id"))
def amend_note(session: Session, note_id: int, new_text: str, reason: str) -> DailyNote:
    """Correct a note with a new entry; the note being corrected must be the latest version."""
    original = session.get(DailyNote, note_id)
    if original is None:
        raise NotFoundError(f"There is no daily note {note_id}.")
    newer = session.scalar(select(DailyNote.id).where(DailyNote.amends_id == note_id).limit(1))
    if newer is not None:
        raise ConflictError(
            "This note has already been amended. Amend the latest version so the history "
            "stays in one line."
        )
    c = Checker()
    text = c.required("text", new_text, "The corrected note")
    why = c.required("amend_reason", reason, "The reason for the amendment")
    if text and text == original.text:
        c.fail("text", "The amendment says the same as the note: change the text or cancel")
    c.done()
    signature = sign_care(session, original.staff_id)
    amendment = DailyNote(
        client_id=original.client_id,
        visit_id=original.visit_id,
        staff_id=original.staff_id,
        occurred_at=original.occurred_at,
        text=text,
        amends_id=original.id,
        amend_reason=why,
        author=signature.author,
        on_behalf_of=signature.on_behalf_of,
        late_reason=original.late_reason,
    )
    session.add(amendment)
    session.flush()
    return amendment


def _view(note: DailyNote, superseded_by: int | None, threshold: timedelta) -> NoteView:
    original_time = note.created_at
    return NoteView(
        id=note.id,
        client_id=note.client_id,
        visit_id=note.visit_id,
        staff_id=note.staff_id,
        occurred_at=note.occurred_at,
        recorded_at=original_time,
        author=note.author,
        text=note.text,
        late=note.amends_id is None and original_time - note.occurred_at > threshold,
        late_reason=note.late_reason,
        amends_id=note.amends_id,
        amend_reason=note.amend_reason,
        superseded_by=superseded_by,
        on_behalf_of=note.on_behalf_of,
    )


@needs(Right.SEE_CARE, client="client_id")
def list_notes(
    session: Session,
    client_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    include_superseded: bool = False,
) -> list[NoteView]:
    """Notes by when the care happened; by default only the latest version of each."""
    stmt = select(DailyNote).order_by(DailyNote.occurred_at, DailyNote.id)
    if client_id is not None:
        stmt = stmt.where(DailyNote.client_id == client_id)
    if start is not None:
        stmt = stmt.where(DailyNote.occurred_at >= start)
    if end is not None:
        stmt = stmt.where(DailyNote.occurred_at < end)
    notes = list(session.scalars(stmt))
    replaced = {n.amends_id: n.id for n in notes if n.amends_id is not None}
    threshold = late_threshold(session)
    views = [_view(n, replaced.get(n.id), threshold) for n in notes]
    if include_superseded:
        return views
    return [v for v in views if v.superseded_by is None]


@needs(Right.SEE_CARE, client=row_of("daily_note", "note_id"))
def note_history(session: Session, note_id: int) -> list[NoteView]:
    """The whole chain a note belongs to, original first, each with who, when and why."""
    note = session.get(DailyNote, note_id)
    if note is None:
        raise NotFoundError(f"There is no daily note {note_id}.")
    while note.amends_id is not None:
        parent = session.get(DailyNote, note.amends_id)
        assert parent is not None
        note = parent
    chain = [note]
    while True:
        child = session.scalar(select(DailyNote).where(DailyNote.amends_id == chain[-1].id))
        if child is None:
            break
        chain.append(child)
    threshold = late_threshold(session)
    return [
        _view(n, chain[i + 1].id if i + 1 < len(chain) else None, threshold)
        for i, n in enumerate(chain)
    ]


@needs(Right.SEE_CARE, client=row_of("visit", "visit_id"))
def notes_for_visit(session: Session, visit_id: int) -> list[NoteView]:
    return [
        v
        for v in list_notes(session, client_id=_visit_client(session, visit_id))
        if v.visit_id == visit_id
    ]


def _visit_client(session: Session, visit_id: int) -> int:
    client_id = session.scalar(select(Visit.client_id).where(Visit.id == visit_id))
    if client_id is None:
        raise NotFoundError(f"There is no visit {visit_id}.")
    return client_id


@needs(Right.CARE_NOTES, client="client_id")
def add_body_mark(
    session: Session,
    client_id: int,
    side: str,
    x: int,
    y: int,
    description: str,
    daily_note_id: int | None = None,
    incident_id: int | None = None,
) -> BodyMapMark:
    """A mark on the body outline (bruise, wound, red area), tied to a note or an incident."""
    get_client(session, client_id)
    c = Checker()
    if side not in ("front", "back"):
        c.fail("side", "Mark the front or the back of the body")
    if not (0 <= x <= 1000 and 0 <= y <= 1000):
        c.fail("position", "Click inside the body outline")
    what = c.required("description", description, "What you saw (size, colour, where)")
    c.done()
    if daily_note_id is None and incident_id is None:
        raise ValidationError({"daily_note_id": "Attach the mark to a daily note or an incident"})
    mark = BodyMapMark(
        client_id=client_id,
        daily_note_id=daily_note_id,
        incident_id=incident_id,
        side=side,
        x=x,
        y=y,
        description=what,
        author=current(session).shown_name,
    )
    session.add(mark)
    session.flush()
    return mark


@needs(Right.SEE_CARE, client="client_id")
def body_marks(session: Session, client_id: int) -> list[BodyMapMark]:
    return list(
        session.scalars(
            select(BodyMapMark).where(BodyMapMark.client_id == client_id).order_by(BodyMapMark.id)
        )
    )
