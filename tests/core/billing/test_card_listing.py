"""The two small reads the Rates tab needs: which cards are invoiced, and a template's terms."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from microoffice.core import clock
from microoffice.core.billing import issue, rate_cards, templates
from microoffice.core.db.database import Database
from microoffice.core.errors import UserError
from microoffice.core.models.billing import RateCard
from tests.core.billing import helpers as h


@pytest.fixture(autouse=True)
def _january() -> None:
    clock.freeze(datetime(2027, 1, 10, 9, 0))


def test_issued_card_ids_names_only_cards_on_issued_invoices(db: Database) -> None:
    with db.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        bob = h.add_client(s, "Bob", "Jones")
        h.self_funded(s, ann)
        h.self_funded(s, bob)
        used = h.add_card(s, ann).id
        unused = h.add_card(s, bob).id  # Bob has no visits: his card prices nothing
        assert rate_cards.issued_card_ids(s) == set()
        h.add_visit(s, ann, date(2026, 12, 1), "09:00", "10:00")
        issue.issue_run(s, date(2026, 12, 1), date(2026, 12, 31), on=date(2027, 1, 4))
        ids = rate_cards.issued_card_ids(s)
    assert ids == {used}
    assert unused not in ids
    with db.session() as s:
        assert rate_cards.used_on_issued_invoice(s, used) is True
        assert rate_cards.used_on_issued_invoice(s, unused) is False


def test_template_data_is_what_copy_template_saves(db: Database) -> None:
    with db.session() as s:
        ann = h.add_client(s, "Ann", "Smith")
        bands = next(t for t in templates.list_templates(s) if t.bands)
        data = templates.template_data(s, bands.id, date(2027, 2, 1))
        assert data.name == "Short visits in bands, not pro rata"
        assert (data.effective_from, data.effective_to) == (date(2027, 2, 1), None)
        assert data.bands == {"15": 1200, "30": 1700, "45": 2300, "60": 2800}
        assert data.hourly_rate_pence == 2800
        card = templates.copy_template(s, bands.id, ann.id, date(2027, 2, 1))
        for name in rate_cards.CARD_FIELDS:
            assert getattr(card, name) == getattr(data, name), name
        with pytest.raises(UserError, match="not a template"):
            templates.template_data(s, card.id, date(2027, 2, 1))
        assert s.get(RateCard, bands.id) is not None
