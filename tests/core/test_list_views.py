"""The lists the window shows for a client (contacts, funding, rate cards), for a person's outcomes
and on the Compliance page, read as frozen rows by core views (no Qt)."""

from __future__ import annotations

import dataclasses
from datetime import date

from microoffice.core.billing.card_views import ALL_PAYERS, card_rows, payer_choices
from microoffice.core.compliance import policies, renewals, training
from microoffice.core.compliance import views as compliance
from microoffice.core.db.database import Database
from microoffice.core.growth import outcomes
from microoffice.core.growth.outcome_views import person_view
from microoffice.core.services import contacts
from microoffice.core.services.contacts import contact_rows
from microoffice.core.services.funding import funding_rows
from tests.core.billing import helpers as h


def frozen(rows: list[object]) -> bool:
    return all(
        dataclasses.is_dataclass(r) and type(r).__dataclass_params__.frozen  # type: ignore[attr-defined]
        for r in rows
    )


def test_a_clients_contacts_funding_and_cards(db: Database) -> None:
    with db.session() as s:
        client = h.add_client(s, "Ann", "Smith")
        h.direct_payment(s, client, holder="David Hughes")
        h.add_card(s, client)
        cid = client.id
    with db.session() as s:
        people = contact_rows(s, cid)
        money = funding_rows(s, cid)
        cards = card_rows(s, cid)
        payers = payer_choices(s, cid)
    (david,) = people
    assert (david.name, david.kind) == ("David Hughes", "dp_nominated")
    assert david.warnings == "Direct payment nominated person - the document has not been seen yet"
    (dp,) = money
    assert (dp.funding_type, dp.services, dp.share) == ("DP", "All", 100)
    assert dp.payer == "David Hughes on behalf of Ann Smith"
    assert not dp.ended
    (card,) = cards
    assert card.prices == "£25.50 an hour" and card.payer == ALL_PAYERS and not card.used
    assert payers[0] == (None, ALL_PAYERS)
    assert payers[1][1] == "Direct payment: David Hughes on behalf of Ann Smith"
    assert frozen([*people, *money, *cards])


def test_archived_contacts_are_not_listed(db: Database) -> None:
    with db.session() as s:
        client = h.add_client(s, "Ann", "Smith")
        gone = contacts.add_contact(s, client.id, contacts.ContactData(kind="family", name="Jo"))
        contacts.archive_contact(s, gone.id)
        cid = client.id
    with db.session() as s:
        assert contact_rows(s, cid) == []


def test_a_persons_goals_and_checks(db: Database) -> None:
    with db.session() as s:
        cid = h.add_client(s, "Ann", "Smith").id
        outcomes.add_goal(
            s,
            cid,
            outcomes.GoalData(
                title="Walk to the shop", measure="Twice a week", agreed_on=date(2026, 11, 2)
            ),
        )
    with db.session() as s:
        goals, checks, trend = person_view(s, cid)
    assert [(g.title, g.status) for g in goals] == [("Walk to the shop", "active")]
    assert checks == [] and trend.client_id == cid
    assert frozen(goals)


def test_the_compliance_tables(db: Database) -> None:
    with db.session() as s:
        worker = h.staff_member(s, "Priya", "Shah")
        training.seed_courses(s)
        policies.add_policy(
            s,
            policies.PolicyData(
                title="Safeguarding",
                owner="Barbara",
                created_on=date(2026, 1, 5),
                review_due=date(2027, 1, 5),
            ),
        )
        renewals.add_renewal(
            s,
            renewals.RenewalData(kind="ico_fee", reference="ZA123456", expires_on=date(2027, 3, 1)),
        )
    with db.session() as s:
        names, lines = compliance.matrix_view(s)
        files = compliance.file_lines(s)
        register = compliance.register_lines(s)
        scope = compliance.scope_text(s)
    (line,) = lines
    assert (line.id, line.name, line.role) == (worker.id, "Priya Shah", "Care worker")
    assert len(line.cells) == len(names) > 0
    (file,) = files
    assert file.name == "Priya Shah" and len(file.items) == 9
    assert [(r.kind, r.title) for r in register] == [
        ("Policy", "Safeguarding"),
        ("Renewal", "ICO data protection fee"),
    ]
    assert scope == "The registration-scope questions have not been answered yet."
    assert frozen([*lines, *files, *register])
