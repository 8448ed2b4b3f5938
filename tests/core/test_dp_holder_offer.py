"""The direct-payment payer offer (issue 16): a contact who cannot hold a direct payment (here the
daughter, recorded under her health and welfare LPA) is offered, in one step, as the direct
payment's authorised person, keeping her first role."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from microoffice.core.billing.payers import payer_for
from microoffice.core.db.database import Database
from microoffice.core.errors import ValidationError
from microoffice.core.models.clients import Contact
from microoffice.core.services import clients, contacts, funding
from microoffice.core.services.integrity import check_database


def _edith(db: Database) -> tuple[int, int]:
    with db.session() as s:
        edith = clients.create_client(
            s, clients.ClientData(first_name="Edith", last_name="Crawley", title="Mrs")
        )
        claire = contacts.add_contact(
            s,
            edith.id,
            contacts.ContactData(
                kind="lpa_health",
                name="Claire Crawley",
                relationship_to_client="Daughter",
                phone="07700 900123",
                address="3 Elm Way\nSolihull",
                postcode="B91 1AA",
                opg_reference="7000-1234-5678",
            ),
        )
        return edith.id, claire.id


def test_the_refusal_comes_with_an_offer_that_names_the_person(db: Database) -> None:
    edith, claire = _edith(db)
    data = funding.FundingData(funding_type="DP", payer_contact_id=claire)
    with db.session() as s:
        with pytest.raises(ValidationError) as refused:
            funding.add_funding(s, edith, data)
        assert refused.value.errors == {
            "payer_contact_id": "Claire Crawley (LPA (health and welfare)) cannot hold a direct "
            "payment; choose the client, a nominated or an authorised person"
        }
        offer = funding.dp_holder_offer(s, edith, data)
        assert offer is not None
        assert (offer.contact_id, offer.name, offer.role) == (
            claire,
            "Claire Crawley",
            "LPA (health and welfare)",
        )
        assert offer.question.startswith(
            "Claire Crawley is recorded as LPA (health and welfare), and that role cannot hold a "
            "direct payment. If the council has agreed that Claire Crawley manages the direct "
            "payment for Edith Crawley"
        )
        # nothing to offer: not a direct payment, or a payer who can hold one
        assert funding.dp_holder_offer(s, edith, funding.FundingData(funding_type="SELF")) is None
        third = funding.FundingData(funding_type="THIRD", payer_contact_id=claire)
        assert funding.dp_holder_offer(s, edith, third) is None


def test_accepting_records_the_authorised_person_and_the_funding_together(db: Database) -> None:
    edith, claire = _edith(db)
    data = funding.FundingData(funding_type="DP", payer_contact_id=claire, council_reference="DP1")
    with db.session() as s:
        arrangement = funding.save_with_authorised_person(s, edith, data)
        holder = arrangement.payer_contact
        assert holder is not None and holder.id != claire
        assert (holder.kind, holder.name, holder.relationship_to_client, holder.phone) == (
            "dp_authorised",
            "Claire Crawley",
            "Daughter",
            "07700 900123",
        )
        assert holder.opg_reference == ""  # that was her LPA's, not the council's letter
        assert holder.notes == "Also recorded as LPA (health and welfare)."
        first = s.get(Contact, claire)
        assert first is not None and first.kind == "lpa_health"  # her first role is kept
        client = clients.get_client(s, edith)
        payer = payer_for(arrangement, client)
        assert (payer.name, payer.layout) == (
            "Claire Crawley on behalf of Mrs Edith Crawley",
            "direct_payment",
        )
        assert payer.address == "3 Elm Way\nSolihull\nB91 1AA"
        # asked again, the authorised-person record already made is used, not a third one
        assert funding.make_authorised_person(s, claire).id == holder.id
        assert s.scalar(select(func.count(Contact.id)).where(Contact.client_id == edith)) == 2
    assert check_database(db) == []


def test_an_existing_authorised_person_of_that_name_is_used(db: Database) -> None:
    edith, claire = _edith(db)
    with db.session() as s:
        kept = contacts.add_contact(
            s, edith, contacts.ContactData(kind="dp_authorised", name="claire  crawley")
        )
        assert funding.make_authorised_person(s, claire).id == kept.id


def test_a_refused_funding_keeps_no_half_made_contact(db: Database) -> None:
    edith, claire = _edith(db)
    bad = funding.FundingData(funding_type="DP", payer_contact_id=claire, share_percent=0)
    with pytest.raises(ValidationError) as refused, db.session() as s:
        funding.save_with_authorised_person(s, edith, bad)
    assert refused.value.errors == {"share_percent": "The share must be between 1 and 100 per cent"}
    with db.session() as s:
        assert [c.kind for c in contacts.client_contacts(s, edith)] == ["lpa_health"]
