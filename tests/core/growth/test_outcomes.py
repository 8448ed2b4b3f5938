"""Acceptance 3: outcome scores over three checks show as a trend and appear in the evidence pack;
checks are append-only, keep the questions they asked, and only consented answers are shared."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from microoffice.core.compliance.evidence import NO_EVIDENCE
from microoffice.core.db.database import Database
from microoffice.core.errors import ConflictError, ValidationError
from microoffice.core.growth import outcomes, sharing, survey
from microoffice.core.reports import evidence_pack
from microoffice.core.services import clients

KEYS = ("control", "time", "social", "personal_care", "food", "safety", "dignity", "home")


def _client(db: Database, first: str, last: str) -> int:
    with db.session() as s:
        data = clients.ClientData(first_name=first, last_name=last, start_date=date(2025, 1, 6))
        return clients.create_client(s, data).id


def _check(
    db: Database, client: int, on: date, answers: dict[str, int | None], **kw: object
) -> int:
    with db.session() as s:
        data = outcomes.CheckData(held_on=on, answers=answers, **kw)  # type: ignore[arg-type]
        return outcomes.record_check(s, client, data, "Registered manager").id


def _three_checks(db: Database, client: int) -> None:
    _check(db, client, date(2025, 12, 10), dict.fromkeys(KEYS, 1), comments="Lonely at times.")
    second = dict(zip(KEYS, (2, 1, 1, 2, 2, 2, 2, 1), strict=True))
    _check(db, client, date(2026, 5, 20), second, share_consent=True)
    third: dict[str, int | None] = dict.fromkeys(KEYS, 3)
    third["home"] = None  # not asked this time
    _check(db, client, date(2026, 11, 30), third, share_consent=True, comments="Much happier.")


def test_the_template_is_our_own_wording_and_covers_the_domains(db: Database) -> None:
    with db.session() as s:
        template = survey.current_template(s)
        topics = [q["domain"] for q in template.questions]
        words = " ".join(q["text"] for q in template.questions).lower()
    for topic in ("Choice and control", "How time is spent", "Social contact", "Personal care",
                  "Food and drink", "Feeling safe", "Dignity"):  # fmt: skip
        assert topic in topics
    # not a licensed questionnaire's wording (e.g. ASCOT's "as much control ... as I want")
    assert "as much control over my daily life as i want" not in words
    assert "i have as much social contact as i want" not in words


def test_three_checks_make_a_trend(db: Database) -> None:
    edna = _client(db, "Edna", "Price")
    _three_checks(db, edna)
    with db.session() as s:
        trend = outcomes.trend(s, edna)
    # averages by hand: 8 x 1 / 8 = 1.00; (2+1+1+2+2+2+2+1) = 13 / 8 = 1.625 -> 1.63 (half up);
    # seven questions answered 3 -> 21 / 7 = 3.00
    assert [p.average for p in trend.points] == [Decimal("1.00"), Decimal("1.63"), Decimal("3.00")]
    assert trend.change == Decimal("2.00")
    assert trend.direction == "improving"
    assert trend.series("control") == [
        (date(2025, 12, 10), 1),
        (date(2026, 5, 20), 2),
        (date(2026, 11, 30), 3),
    ]
    assert trend.series("home")[-1] == (date(2026, 11, 30), None)
    assert trend.describe() == (
        "Edna Price: 1.00 to 3.00 out of 3 over 3 checks (12/2025 to 11/2026), improving"
    )


def test_trend_directions() -> None:
    def make(*averages: str) -> outcomes.Trend:
        points = tuple(
            outcomes.CheckPoint(n, date(2026, 1, 1 + n), Decimal(a), {}, False, "")
            for n, a in enumerate(averages)
        )
        return outcomes.Trend(1, "X", points, ())

    assert make("2.00").direction == "too_early"
    assert make("2.00", "2.24").direction == "steady"
    assert make("2.00", "2.25").direction == "improving"
    assert make("2.00", "1.75").direction == "declining"


def test_outcomes_and_feedback_appear_in_the_evidence_pack(db: Database) -> None:
    edna = _client(db, "Edna", "Price")
    _three_checks(db, edna)
    with db.session() as s:
        goal = outcomes.add_goal(
            s, edna, outcomes.GoalData("Walk to the shop", "Goes weekly", date(2025, 12, 10))
        )
        outcomes.close_goal(s, goal.id, "achieved", date(2026, 11, 30))
        data = evidence_pack.collect(s, date(2025, 12, 8), date(2026, 12, 7))
    sections = {st.id: st for kq in data.sections for st in kq.statements}
    e5, r4 = sections["E5"], sections["R4"]
    assert ("Outcome checks (quality-of-life scores)", 3) in [
        (e.label, e.count) for e in e5.evidence
    ]
    assert ("Outcome goals achieved", 1) in [(e.label, e.count) for e in e5.evidence]
    assert NO_EVIDENCE not in e5.to_look_at and NO_EVIDENCE not in r4.to_look_at
    buf = io.BytesIO()
    evidence_pack.render(data, buf)
    pack = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(buf.getvalue())).pages)
    )
    assert "Edna P.: 1.00 to 3.00 out of 3 over 3 checks (12/2025 to 11/2026), improving" in pack
    assert "People asked how their care and life are going (feedback checks) 1" in pack
    assert "2 of 3 answers may be shared" in pack
    assert "Edna P. (30/11/2026): Much happier." in pack


def test_a_check_keeps_the_questions_it_asked(db: Database) -> None:
    edna = _client(db, "Edna", "Price")
    first = _check(db, edna, date(2026, 6, 1), {"safety": 2})
    with db.session() as s:
        template = survey.current_template(s)
        questions = [dict(q) for q in template.questions]
        questions[5]["text"] = "Do you feel safe at home?"
        questions.append({"domain": "Money", "text": "Are your bills paid on time?"})
        survey.save_template(s, template.name, questions, template.version)
    second = _check(db, edna, date(2026, 7, 1), {"safety": 3, "money": 2})
    with db.session() as s:
        old, new = outcomes.checks_for(s, edna)
    assert (old.id, new.id) == (first, second)
    asked = {q["key"]: q["text"] for q in old.questions}
    assert asked["safety"] == "Do you feel safe in your home, and when we are with you?"
    assert {q["key"]: q["text"] for q in new.questions}["safety"] == "Do you feel safe at home?"
    assert "money" in {q["key"] for q in new.questions} - set(asked)


def test_checks_are_corrected_not_changed(db: Database) -> None:
    edna = _client(db, "Edna", "Price")
    wrong = _check(db, edna, date(2026, 6, 1), {"safety": 0})
    with db.session() as s:
        right = outcomes.correct_check(
            s, wrong, outcomes.CheckData(date(2026, 6, 1), {"safety": 3}), "Manager"
        ).id
    with db.session() as s:
        assert [c.id for c in outcomes.checks_for(s, edna)] == [right]
        with pytest.raises(ConflictError):
            outcomes.correct_check(
                s, wrong, outcomes.CheckData(date(2026, 6, 1), {"safety": 2}), "M"
            )
    with pytest.raises(DatabaseError, match="append-only"), db.session() as s:
        s.execute(text("UPDATE feedback_check SET answers = '{}' WHERE id = :i"), {"i": wrong})
    with pytest.raises(DatabaseError, match="append-only"), db.session() as s:
        s.execute(text("DELETE FROM feedback_check WHERE id = :i"), {"i": wrong})


def test_bad_checks_are_refused_with_reasons(db: Database) -> None:
    edna = _client(db, "Edna", "Price")
    ada = _client(db, "Ada", "Lovel")
    with db.session() as s:
        goal = outcomes.add_goal(s, ada, outcomes.GoalData("Garden", "", date(2026, 1, 5))).id
    with db.session() as s, pytest.raises(ValidationError) as caught:
        outcomes.record_check(
            s,
            edna,
            outcomes.CheckData(
                held_on=date(2027, 1, 1),
                answers={"safety": 4, "nonsense": 1},
                goal_progress={goal: 1},
                answered_by="representative",
                share_consent=True,
            ),
            "M",
        )
    assert set(caught.value.errors) == {
        "held_on", "safety", "nonsense", "goal_progress", "share_consent",
    }  # fmt: skip
    with db.session() as s, pytest.raises(ValidationError) as nothing:
        outcomes.record_check(s, edna, outcomes.CheckData(date(2026, 1, 5), {}), "M")
    assert "answers" in nothing.value.errors


def test_only_consented_answers_are_shared(db: Database) -> None:
    edna, ada = _client(db, "Edna", "Price"), _client(db, "Ada", "Lovel")
    _three_checks(db, edna)  # latest check consents: all 3 except home unasked
    _check(db, ada, date(2026, 11, 1), dict.fromkeys(KEYS, 0))  # no consent: not counted
    with db.session() as s:
        shared = sharing.shared_results(s)
    assert shared.people == 1
    control = next(d for d in shared.domains if d.topic == "Choice and control")
    assert (control.asked, control.good, control.percent) == (1, 1, 100)
    assert "Home" not in {d.topic for d in shared.domains}
    assert shared.sentences()[0] == (
        "1 of 1 people checked more than once are doing better or as well as when we started"
    )


def test_goals_open_and_close(db: Database) -> None:
    edna = _client(db, "Edna", "Price")
    with db.session() as s:
        goal = outcomes.add_goal(s, edna, outcomes.GoalData("Garden", "", date(2026, 1, 5)))
        with pytest.raises(ValidationError) as early:
            outcomes.close_goal(s, goal.id, "achieved", date(2025, 1, 1))
        assert "closed_on" in early.value.errors
        outcomes.close_goal(s, goal.id, "stopped", date(2026, 3, 1), "Moved to a care home")
        second = outcomes.add_goal(s, edna, outcomes.GoalData("Bake", "", date(2026, 2, 1)))
        assert [g.id for g in outcomes.goals_for(s, edna)] == [second.id, goal.id]


def test_goals_and_checks_are_in_the_subject_access_record(db: Database) -> None:
    import json

    from microoffice.core.reports import client_record

    edna = _client(db, "Edna", "Price")
    _three_checks(db, edna)
    with db.session() as s:
        outcomes.add_goal(
            s, edna, outcomes.GoalData("Walk to the shop", "Weekly", date(2026, 1, 5))
        )
        payload = json.loads(client_record.to_json(client_record.collect(s, edna)))
    by_title = {x["title"]: x for x in payload["sections"]}
    (goal,) = by_title["Outcome goals"]["records"]
    assert (goal["Goal"], goal["How we will know"], goal["Agreed"]) == (
        "Walk to the shop",
        "Weekly",
        "05/01/2026",
    )
    checks = by_title["Feedback checks (scores 0-3)"]["records"]
    assert [row["Date"] for row in checks] == ["10/12/2025", "20/05/2026", "30/11/2026"]
    assert checks[2]["Answers"].startswith("Choice and control 3; How time is spent 3")
    assert checks[2]["Comments"] == "Much happier."


def test_destroying_a_client_record_removes_their_outcomes(db: Database) -> None:
    from sqlalchemy import func, select

    from microoffice.core.models.growth import FeedbackCheck, OutcomeGoal
    from microoffice.core.services import retention
    from microoffice.core.services.integrity import check_database

    with db.session() as s:
        data = clients.ClientData(
            first_name="Old", last_name="Client", start_date=date(2010, 1, 4),
            end_date=date(2017, 1, 31),
        )  # fmt: skip
        old = clients.create_client(s, data).id
        outcomes.add_goal(s, old, outcomes.GoalData("Garden", "", date(2016, 5, 2)))
    _check(db, old, date(2016, 6, 1), {"safety": 2})
    with db.session() as s:
        (item,) = retention.due_for_review(s)
        removed = retention.decide(s, item, "destroy", "Period over", "Barbara").removed
        assert {"outcome_goal", "feedback_check"} <= set(removed)
        assert s.scalar(select(func.count()).select_from(FeedbackCheck)) == 0
        assert s.scalar(select(func.count()).select_from(OutcomeGoal)) == 0
    assert check_database(db) == []
