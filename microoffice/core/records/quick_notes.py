"""Confirm the day with a quick note per visit, so the month's visits can be invoiced.

A visit is only invoiced with its daily note (DOMAIN.md 9.5: never bill a visit that has no care
record), so confirming a day "as planned" used to leave every visit held back from the invoice run
until someone opened each one. Here the day is confirmed and each visit gets its note in the same
step: one line written by the person, or, where the business has chosen to allow it, the words
"As planned, nothing to add."

Why that second way is a business setting, off by default: CQC expects each visit's record to say
what care was given and how the person was, written at the time (Regulation 17(2)(c); DOMAIN.md
7.1-7.2: accurate, complete, contemporaneous). A note that only says the visit went as planned is
true and attributable, and the tasks done are kept with the visit, but a run of them tells an
inspector nothing about the person; a business that allows them takes that on knowingly. Every
note still goes through the same rules as any other (records/notes.py): who wrote it, when, and a
reason when it is written more than the late-entry threshold after the care.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.errors import ValidationError
from microoffice.core.models.enums import VisitStatus
from microoffice.core.models.records import DailyNote
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.notes import NoteData, write_note
from microoffice.core.scheduling import today
from microoffice.core.scheduling.merge import Occurrence
from microoffice.core.scheduling.visits import materialise
from microoffice.core.services.business import get_setting, set_setting

AS_PLANNED_SETTING = "records.as_planned_notes"
AS_PLANNED_TEXT = "As planned, nothing to add."
NOT_ALLOWED = (
    "Your business does not allow 'as planned, nothing to add' as a visit's note: write a line "
    "for each visit, or turn it on under Settings (Record keeping)."
)


@needs(Right.ANYONE)
def as_planned_allowed(session: Session) -> bool:
    return bool(get_setting(session, AS_PLANNED_SETTING, False))


@needs(Right.BUSINESS)
def allow_as_planned(session: Session, allowed: bool) -> None:
    """The business's choice (Settings, or `microoffice settings --as-planned-notes on`)."""
    set_setting(session, AS_PLANNED_SETTING, bool(allowed))


@dataclass(frozen=True)
class NoteRow:
    """A visit of the day that confirm-all would confirm, or that is done but has no note."""

    occurrence: Occurrence
    start: datetime  # London time, for showing
    end: datetime
    client_name: str
    tasks: tuple[str, ...]
    done: bool  # already confirmed as done (only its note is missing)

    @property
    def id(self) -> int:
        return hash(self.occurrence.uid) & 0x7FFFFFFF

    @property
    def uid(self) -> str:
        return self.occurrence.uid

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M} {self.client_name}"


def _noted(session: Session, visit_ids: list[int]) -> set[int]:
    if not visit_ids:
        return set()
    return {
        vid
        for vid in session.scalars(
            select(DailyNote.visit_id).where(DailyNote.visit_id.in_(visit_ids))
        )
        if vid is not None
    }


@needs(Right.OWN_VISITS, staff="staff_id")
def notes_wanted(session: Session, day: date, staff_id: int | None = None) -> list[NoteRow]:
    """The day's visits that have started and are still planned, or are done with no note: the
    rows of the confirm-all dialog, in time order. Visits later today are not among them."""
    now = clock.now()
    found = [
        o
        for o in today.day_visits(session, day, staff_id)
        if o.occurrence.planned_start <= now
        and o.occurrence.status in (VisitStatus.PLANNED.value, VisitStatus.COMPLETED.value)
    ]
    noted = _noted(session, [o.occurrence.visit_id for o in found if o.occurrence.visit_id])
    rows = []
    for line in found:
        occ = line.occurrence
        done = occ.status == VisitStatus.COMPLETED.value
        if done and occ.visit_id in noted:
            continue
        rows.append(
            NoteRow(
                occurrence=occ,
                start=clock.to_local(occ.actual_start or occ.planned_start),
                end=clock.to_local(occ.actual_end or occ.planned_end),
                client_name=occ.client_name,
                tasks=occ.tasks,
                done=done,
            )
        )
    return rows


@dataclass(frozen=True)
class DayConfirmed:
    confirmed: int  # visits newly confirmed as done as planned
    noted: int  # daily notes written
    without_note: tuple[str, ...]  # visits still with no note ("08:00-08:45 Ann Able")

    def describe(self) -> str:
        text = (
            f"Confirmed {self.confirmed} visit{'s' if self.confirmed != 1 else ''} as done as "
            f"planned; {self.noted} note{'s' if self.noted != 1 else ''} written."
        )
        if self.without_note:
            n = len(self.without_note)
            text += (
                f" {n} visit{'s have' if n != 1 else ' has'} no daily note and will not be "
                f"invoiced until {'they have' if n != 1 else 'it has'} one: "
                + ", ".join(self.without_note)
                + "."
            )
        return text


@needs(Right.OWN_VISITS, staff="staff_id")
def confirm_with_notes(
    session: Session,
    day: date,
    notes: Mapping[str, str] | None = None,
    *,
    as_planned: bool = False,
    staff_id: int | None = None,
    late_reason: str = "",
) -> DayConfirmed:
    """Confirm the day's started visits as done as planned and write their quick notes.

    `notes` maps a visit's uid (NoteRow.uid) to its one line. With `as_planned`, a visit given no
    line is noted "As planned, nothing to add." (refused unless the business allows it). All or
    nothing: a note that cannot be written (a late entry with no reason) leaves the day as it was.
    """
    given = {uid: " ".join(text.split()) for uid, text in (notes or {}).items()}
    if as_planned and not as_planned_allowed(session):
        raise ValidationError(NOT_ALLOWED)
    rows = notes_wanted(session, day, staff_id)
    known = {r.uid for r in rows}
    unknown = [uid for uid, text in given.items() if text and uid not in known]
    if unknown:
        raise ValidationError(
            {"notes": "A note was given for a visit that is not waiting to be confirmed today"}
        )
    confirmed = today.confirm_day(session, day, staff_id)
    noted, missing = 0, []
    for row in rows:
        text = given.get(row.uid, "") or (AS_PLANNED_TEXT if as_planned else "")
        if not text:
            missing.append(row.label)
            continue
        visit = materialise(session, row.occurrence)
        ended = visit.actual_end or visit.planned_end
        write_note(
            session,
            NoteData(
                client_id=visit.client_id,
                text=text,
                occurred_at=min(ended, clock.now()),  # a visit still under way: noted so far
                visit_id=visit.id,
                late_reason=late_reason,
            ),
        )
        noted += 1
    session.flush()
    return DayConfirmed(len(confirmed), noted, tuple(missing))


@needs(Right.OWN_VISITS, filtered=True)
def row_for(session: Session, rows: list[NoteRow], typed: str) -> NoteRow:
    """The visit a typed key names: the client, as the command line finds clients, and its start
    time when the client has more than one visit waiting ("Ann Able" or "Ann Able 17:30")."""
    from microoffice.core.errors import NotFoundError, UserError
    from microoffice.core.services.clients import find_client

    words = typed.split()
    at = words[-1] if words and len(words[-1]) == 5 and words[-1][2] == ":" else None
    person = find_client(session, " ".join(words[:-1] if at else words))
    name = person.display_name
    mine = [r for r in rows if r.occurrence.client_id == person.id]
    chosen = [r for r in mine if at is None or f"{r.start:%H:%M}" == at]
    if not chosen:
        when = f" at {at}" if at else ""
        raise NotFoundError(f"{name} has no visit{when} waiting to be confirmed that day.")
    if len(chosen) > 1:
        times = ", ".join(f"{r.start:%H:%M}" for r in chosen)
        raise UserError(
            f"{name} has more than one visit waiting ({times}): put the time after the name, "
            f"as in '{name} {chosen[0].start:%H:%M}: ...'."
        )
    return chosen[0]
