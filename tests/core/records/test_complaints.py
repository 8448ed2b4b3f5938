"""Complaints with the Reg 16 timeline in working days, and compliments."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from microoffice.core import clock
from microoffice.core.db.database import Database
from microoffice.core.errors import ConflictError, ValidationError
from microoffice.core.models.governance import ComplaintEntry
from microoffice.core.records import complaints as cm
from tests.core.care_home import Home


def test_timeline_targets_skip_weekends_and_bank_holidays(db: Database, home: Home) -> None:
    client = home.client()
    data = cm.ComplaintData(
        received_on=date(2026, 12, 21),
        from_name="Mark Price",
        summary="Carer arrived 50 minutes late twice.",
        client_id=client,
    )
    clock.freeze(datetime(2026, 12, 21, 9, 30))
    with db.session() as s:
        complaint = cm.receive_complaint(s, data, "Barbara")
        # 20 working days from Mon 21 Dec 2026, skipping 25 and 28 Dec and 1 Jan 2027:
        # 22 23 24 29 30 31 | 4 5 6 7 8 | 11 12 13 14 15 | 18 19 20 21
        assert complaint.response_due == date(2027, 1, 21)
        # acknowledgement within 3 working days: 22, 23, 24
        assert cm.ack_due(s, complaint) == date(2026, 12, 24)
        steps = cm.timeline(s, complaint.id)
        assert [(t.step, t.due_on, t.done_on) for t in steps] == [
            ("received", None, date(2026, 12, 21)),
            ("acknowledged", date(2026, 12, 24), None),
            ("response_sent", date(2027, 1, 21), None),
        ]


def test_response_must_mention_the_ombudsman_and_entries_are_kept(db: Database, home: Home) -> None:
    client = home.client()
    with db.session() as s:
        complaint = cm.receive_complaint(
            s,
            cm.ComplaintData(
                received_on=date(2026, 11, 2),
                from_name="Mark Price",
                summary="Late visits",
                client_id=client,
                channel="email",
            ),
            "Barbara",
        )
        cid = complaint.id
        cm.acknowledge(s, cid, date(2026, 11, 3), "Letter sent", "Barbara")
        with pytest.raises(ConflictError):
            cm.acknowledge(s, cid, date(2026, 11, 4), "again", "Barbara")
        cm.add_step(
            s,
            cid,
            "investigation",
            date(2026, 11, 10),
            "Rota checked: travel time too short.",
            "Barbara",
        )
    with db.session() as s, pytest.raises(ValidationError) as exc:
        cm.respond(
            s, cid, date(2026, 11, 20), "partly_upheld", "Travel time added.", False, "Barbara"
        )
    assert "Ombudsman" in exc.value.errors["ombudsman_told"]
    with db.session() as s:
        cm.respond(
            s,
            cid,
            date(2026, 11, 20),
            "partly_upheld",
            "Travel time added to the rota.",
            True,
            "Barbara",
        )
        cm.escalate(
            s,
            cid,
            date(2026, 12, 1),
            "the Local Government and Social Care Ombudsman",
            "25 001 234",
            "Barbara",
        )
    with db.session() as s:
        steps = [(t.step, t.done_on) for t in cm.timeline(s, cid)]
        assert steps == [
            ("received", date(2026, 11, 2)),
            ("acknowledged", date(2026, 11, 3)),
            ("investigation", date(2026, 11, 10)),
            ("response_sent", date(2026, 11, 20)),
            ("escalated", date(2026, 12, 1)),
        ]
        response = next(e for e in cm.entries_for(s, cid) if e.step == "response_sent")
        assert "www.lgo.org.uk" in response.text
        assert cm.open_complaints(s) == []


def test_complaint_entries_cannot_be_rewritten(db: Database, home: Home) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    with db.session() as s:
        cm.receive_complaint(
            s,
            cm.ComplaintData(received_on=date(2026, 12, 1), from_name="A", summary="B"),
            "Barbara",
        )
    with pytest.raises(DatabaseError), db.engine.begin() as conn:
        conn.execute(text("UPDATE complaint_entry SET text = 'x'"))
    with db.session() as s:
        assert s.query(ComplaintEntry).one().text == "Received by phone."


def test_compliment_is_logged_and_not_a_complaint(db: Database, home: Home) -> None:
    with db.session() as s:
        c = cm.record_compliment(
            s,
            cm.ComplaintData(
                received_on=date(2026, 12, 4),
                from_name="Joan",
                summary="Thank you for looking after Mum.",
            ),
            "B",
        )
        assert c.kind == "compliment" and c.response_due is None
        assert cm.open_complaints(s) == []
