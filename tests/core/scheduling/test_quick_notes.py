"""Confirm the day with a quick note per visit (issue 16, "Month end in minutes"): confirmed visits
get their daily note in the same step, so the invoice run has no "no daily note" problems."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from microoffice.core.billing import runs
from microoffice.core.db.database import Database
from microoffice.core.errors import ValidationError
from microoffice.core.models.records import DailyNote
from microoffice.core.models.visits import Visit
from microoffice.core.records import quick_notes
from microoffice.core.records.quick_notes import AS_PLANNED_TEXT, NOT_ALLOWED
from microoffice.core.scheduling import today
from microoffice.core.services import clients
from microoffice.core.services.integrity import check_database
from tests.core.billing import helpers as h

from .conftest import World

MON = date(2026, 12, 7)  # the frozen "today", 09:30


def _morning(world: World) -> tuple[int, int]:
    """Ann 08:00-08:45 and Bo 08:30-09:00 have started; Cy at 09:45 has not."""
    home = {"address_line1": "1 High St", "town": "Leeds"}
    ann, bo = world.client("Ann", "Able", **home), world.client("Bo", "Best", **home)
    cy = world.client("Cy", "Cole", **home)
    world.plan(ann, weekdays=(0,), at=time(8), minutes=45, tasks=["wash"])
    world.plan(bo, weekdays=(0,), at=time(8, 30), minutes=30)
    world.plan(cy, weekdays=(0,), at=time(9, 45), minutes=30)
    return ann, bo


def test_the_dialog_lists_what_has_started_and_still_needs_a_note(
    db: Database, world: World
) -> None:
    _morning(world)
    with db.session() as s:
        rows = quick_notes.notes_wanted(s, MON)
    assert [(r.label, r.done, r.tasks) for r in rows] == [
        ("08:00-08:45 Ann Able", False, ("wash",)),
        ("08:30-09:00 Bo Best", False, ()),
    ]


def test_notes_written_with_the_confirmation_and_the_rest_named(db: Database, world: World) -> None:
    _morning(world)
    with db.session(actor="barbara") as s:
        ann, _bo = quick_notes.notes_wanted(s, MON)
        done = quick_notes.confirm_with_notes(s, MON, {ann.uid: "  Cheerful;  ate porridge. "})
    assert (done.confirmed, done.noted, done.without_note) == (2, 1, ("08:30-09:00 Bo Best",))
    assert done.describe() == (
        "Confirmed 2 visits as done as planned; 1 note written. 1 visit has no daily note and "
        "will not be invoiced until it has one: 08:30-09:00 Bo Best."
    )
    with db.session() as s:
        [note] = s.scalars(select(DailyNote)).all()
        visit = s.get(Visit, note.visit_id)
        assert visit is not None and visit.status == "completed"
        assert (note.text, note.author, note.occurred_at) == (
            "Cheerful; ate porridge.",
            "the owner",  # signed by whoever is signed in (here the sole trader), not the program
            visit.actual_end,
        )
        # Bo's visit is now done with no note: it is offered again, marked done
        [left] = quick_notes.notes_wanted(s, MON)
        assert (left.label, left.done) == ("08:30-09:00 Bo Best", True)
        again = quick_notes.confirm_with_notes(s, MON, {left.uid: "Slept well."})
    assert (again.confirmed, again.noted, again.without_note) == (0, 1, ())


def test_as_planned_only_where_the_business_allows_it(db: Database, world: World) -> None:
    _morning(world)
    with pytest.raises(ValidationError) as refused, db.session() as s:
        quick_notes.confirm_with_notes(s, MON, as_planned=True)
    assert refused.value.errors == {"": NOT_ALLOWED}
    with db.session() as s:  # all or nothing: nothing was confirmed
        assert s.scalars(select(Visit)).all() == []
        assert not quick_notes.as_planned_allowed(s)  # off unless the business turns it on
        quick_notes.allow_as_planned(s, True)
    with db.session() as s:
        ann, _bo = quick_notes.notes_wanted(s, MON)
        done = quick_notes.confirm_with_notes(s, MON, {ann.uid: "Low mood"}, as_planned=True)
        assert (done.noted, done.without_note) == (2, ())
        texts = [n.text for n in s.scalars(select(DailyNote).order_by(DailyNote.id))]
    assert texts == ["Low mood", AS_PLANNED_TEXT]


def test_a_late_note_needs_its_reason(db: Database, world: World) -> None:
    ann = world.client("Ann", "Able")
    world.plan(ann, weekdays=(5,), at=time(8), minutes=45)  # Saturday 5 December
    saturday = date(2026, 12, 5)
    with db.session() as s:
        [row] = quick_notes.notes_wanted(s, saturday)
    with pytest.raises(ValidationError) as late, db.session() as s:
        quick_notes.confirm_with_notes(s, saturday, {row.uid: "All well"})
    assert late.value.errors == {
        "late_reason": "This note is written more than 24 hours after the care: say why it is late"
    }
    with db.session() as s:
        assert s.scalars(select(Visit)).all() == []  # nothing half-done
        done = quick_notes.confirm_with_notes(
            s, saturday, {row.uid: "All well"}, late_reason="Written up from the paper log"
        )
        assert done.noted == 1
        note = s.scalars(select(DailyNote)).one()
        assert note.late_reason == "Written up from the paper log"


def test_a_note_for_a_visit_not_waiting_is_refused(db: Database, world: World) -> None:
    _morning(world)
    with pytest.raises(ValidationError) as refused, db.session() as s:
        quick_notes.confirm_with_notes(s, MON, {"plan-999-20261207@microoffice": "Hello"})
    assert refused.value.errors == {
        "notes": "A note was given for a visit that is not waiting to be confirmed today"
    }


def test_quick_notes_then_the_invoice_run_has_no_missing_note(db: Database, world: World) -> None:
    """The month-end story: confirmed in bulk with quick notes, then invoiced without problems."""
    ann_id, bo_id = _morning(world)
    with db.session() as s:
        h.set_up_business(s)
        for cid in (ann_id, bo_id):
            client = clients.get_client(s, cid)
            h.self_funded(s, client)
            h.add_card(s, client)
        quick_notes.allow_as_planned(s, True)
    with db.session() as s:
        today.confirm_day(s, MON)  # the old way: confirmed, no notes
        before = runs.preview_run(s, MON, MON)
    assert [p.kind for p in before.problems if p.left_out] == ["no_note", "no_note"]
    with db.session() as s:
        ann, _bo = quick_notes.notes_wanted(s, MON)
        quick_notes.confirm_with_notes(s, MON, {ann.uid: "Washed and dressed"}, as_planned=True)
    with db.session() as s:  # still 09:30: Cy's 09:45 visit has not happened, so is not listed
        after = runs.preview_run(s, MON, MON)
    assert [p.kind for p in after.problems if p.left_out] == []
    assert sorted(d.client_name for d in after.drafts) == ["Ann Able", "Bo Best"]
    assert check_database(db) == []  # the notes and confirmations are all on the audit record
