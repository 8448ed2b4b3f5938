"""The business's own paperwork: scope wizard, readiness, policies, renewals, audits, statements."""

from __future__ import annotations

from datetime import date

import pytest

from microoffice.core.compliance import policies, quality, readiness, renewals, scope, statements
from microoffice.core.compliance.dashboard import build_dashboard
from microoffice.core.compliance.staff_files import CheckData, record_check
from microoffice.core.db.database import Database
from microoffice.core.errors import ValidationError
from microoffice.core.models.records import EvidenceLink
from tests.core.care_home import Home

ANSWERS = {
    "provides_personal_care": True,
    "care_in_persons_home": True,
    "introductory_agency_only": False,
    "sole_trader": True,
    "employs_or_engages_others": True,
    "client_directs_and_controls_care": False,
}


@pytest.mark.parametrize(
    ("changes", "result"),
    [
        ({}, "required"),
        ({"provides_personal_care": False}, "not_required"),
        ({"care_in_persons_home": False}, "not_required"),
        ({"introductory_agency_only": True}, "not_required"),
        ({"employs_or_engages_others": False, "client_directs_and_controls_care": True}, "verify"),
        (
            {
                "sole_trader": False,
                "employs_or_engages_others": False,
                "client_directs_and_controls_care": True,
            },
            "required",
        ),
    ],
)
def test_scope_decision(changes: dict[str, bool], result: str) -> None:
    assert scope.decide({**ANSWERS, **changes}).result == result


def test_scope_answers_are_kept_with_the_date(db: Database) -> None:
    with db.session() as s:
        with pytest.raises(ValidationError) as exc:
            scope.save_scope(s, {"provides_personal_care": True}, "Barbara")
        assert "care_in_persons_home" in exc.value.errors
        row = scope.save_scope(s, ANSWERS, "Barbara")
        assert (row.result, row.answers["sole_trader"]) == ("required", True)
        assert scope.latest_scope(s) is row


def test_readiness_worked_out_from_records_plus_ticks(db: Database, home: Home) -> None:
    owner = home.staff("Barbara", "Owner", role="owner")
    with db.session() as s:
        before = {c.key: c.done for c in readiness.readiness(s)}
        # a new business is a sole trader, and its owner is the provider in day-to-day charge
        assert before == {**dict.fromkeys(before, False), "registered_manager": True}
        assert len(before) == 11
        for _word, label in policies.REQUIRED_POLICIES:
            policies.add_policy(
                s,
                policies.PolicyData(
                    title=f"{label} policy", owner="Barbara Owner", created_on=date(2026, 9, 1)
                ),
            )
        record_check(
            s, owner, CheckData(kind="dbs", reference="111122223333", issued_on=date(2026, 3, 1))
        )
        record_check(s, owner, CheckData(kind="employment_history", notes="2010-2026 continuous"))
        renewals.add_renewal(
            s, renewals.RenewalData(kind="employers_liability", expires_on=date(2027, 5, 1))
        )
        renewals.add_renewal(
            s, renewals.RenewalData(kind="public_liability", expires_on=date(2027, 5, 1))
        )
        renewals.add_renewal(
            s,
            renewals.RenewalData(kind="ico_fee", reference="ZB123456", expires_on=date(2027, 2, 1)),
        )
        with pytest.raises(ValidationError):
            readiness.tick(s, "business_plan", date(2026, 12, 1), "")
        readiness.tick(s, "business_plan", date(2026, 12, 1), "Shared drive / Business plan v2.pdf")
        after = {c.key: c.done for c in readiness.readiness(s)}
    assert after == {
        "statement_of_purpose": True,
        "registered_manager": True,
        "manager_dbs": True,
        "employment_history": True,
        "policies": True,
        "insurance": True,
        "ico": True,
        "business_plan": True,
        "financial_viability": False,
        "staff_recruited": False,
        "premises": False,
    }


def test_policy_new_version_archives_the_old_one(db: Database) -> None:
    with db.session() as s:
        v1 = policies.add_policy(
            s,
            policies.PolicyData(
                title="Medicines management", owner="Barbara", created_on=date(2025, 11, 1)
            ),
        )
        assert v1.review_due == date(2026, 11, 1)
        v2 = policies.new_version(
            s,
            v1.id,
            policies.PolicyData(
                title="Medicines management",
                owner="Barbara",
                version_label="2.0",
                created_on=date(2026, 12, 1),
            ),
        )
        assert [p.id for p in policies.list_policies(s)] == [v2.id]
        assert {p.id for p in policies.list_policies(s, include_archived=True)} == {v1.id, v2.id}
        reviewed = policies.mark_reviewed(s, v2.id, date(2026, 12, 5))
        assert reviewed.review_due == date(2027, 12, 5)


def test_expired_renewal_and_overdue_action_reach_well_led(db: Database) -> None:
    with db.session() as s:
        renewals.add_renewal(s, renewals.RenewalData(kind="dspt", expires_on=date(2026, 6, 30)))
        audit = quality.record_review(
            s,
            quality.ReviewData(
                kind="mar_audit",
                title="November MAR audit",
                held_on=date(2026, 11, 30),
                findings="Two blank entries",
            ),
            "Barbara",
        )
        assert audit.statement_ids == ["S8", "W5"]
        quality.add_action(
            s, "Retrain Jo on MAR recording", "Barbara", date(2026, 12, 4), review_id=audit.id
        )
        done = quality.add_action(
            s, "Add MAR check to spot checks", "Barbara", date(2026, 12, 20), review_id=audit.id
        )
        quality.complete_action(s, done.id, date(2026, 12, 6), "Spot-check form updated")
        group = build_dashboard(s).group("well_led")
    titles = {(i.statement_id, i.rag, i.title) for i in group.items}
    assert ("W5", "red", "Data Security and Protection Toolkit expired") in titles
    assert ("W7", "red", "Action overdue: Retrain Jo on MAR recording") in titles
    assert not any("spot checks" in t for _, _, t in titles)


def test_statements_reference_data() -> None:
    all_ = statements.statements()
    assert len(all_) == 34
    counts = {
        kq.id: len(v)
        for kq, v in zip(
            statements.key_questions(), statements.by_key_question().values(), strict=True
        )
    }
    assert counts == {"safe": 8, "effective": 6, "caring": 5, "responsive": 7, "well_led": 8}
    assert statements.statement("W8").name.startswith("Environmental sustainability")
    assert statements.key_question_of("R4").name == "Responsive"
    assert statements.artefact_tags("consent_record") == ["E6"]


def test_tagging_a_record_to_extra_statements(db: Database) -> None:
    with db.session() as s:
        with pytest.raises(ValidationError):
            statements.tag_record(s, "daily_note", 1, ["S9"])
        statements.tag_record(s, "daily_note", 1, ["C3", "C1", "C3"], "Chose her own clothes")
        assert statements.extra_tags(s) == {("daily_note", 1): ["C1", "C3"]}
        assert s.query(EvidenceLink).one().note == "Chose her own clothes"
