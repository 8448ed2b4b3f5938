"""The direct-payment payer offer in the Funding dialog, done like a person (issue 16).

Barbara adds a direct payment and picks the daughter, recorded under her LPA, as who pays. Before
this, the save was refused and she had to add the daughter again under another role. Now the
dialog offers to record her as the authorised person in the same step.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from microoffice.core.services import clients, contacts, funding
from microoffice.ui.clients.funding import FundingDialog
from microoffice.ui.widgets.ask import AskDialog
from tests.ui.conftest import OpenWindow
from tests.ui.test_client_contacts_funding import choose, click, open_client, table_text


def _edith(window: object) -> int:
    ops = window.ops  # type: ignore[attr-defined]
    with ops.database.session() as s:
        edith = clients.create_client(
            s, clients.ClientData(first_name="Edith", last_name="Crawley", title="Mrs")
        )
        contacts.add_contact(
            s,
            edith.id,
            contacts.ContactData(
                kind="lpa_health",
                name="Claire Crawley",
                relationship_to_client="Daughter",
                address="3 Elm Way\nSolihull",
                postcode="B91 1AA",
            ),
        )
        return int(edith.id)


def _new_dp_for_claire(qtbot: QtBot, window: object, cid: int) -> tuple[object, FundingDialog]:
    dialog = open_client(qtbot, window, cid)  # type: ignore[arg-type]
    dialog.tabs.setCurrentWidget(dialog.funding)
    click(qtbot, dialog.funding.findChild(QWidget, "addFundingButton"))
    form = dialog.funding.dialog
    assert isinstance(form, FundingDialog)
    choose(form.form.field("funding_type"), "Direct payment")
    choose(form.form.field("payer_contact_id"), "Claire Crawley (LPA (health and welfare))")
    qtbot.keyClicks(form.form.field("council_reference"), "DP/55812")
    click(qtbot, form.save_button)
    return dialog, form


def test_the_daughter_is_made_the_authorised_person_in_one_step(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    cid = _edith(window)
    dialog, form = _new_dp_for_claire(qtbot, window, cid)
    offer = form.dialog
    assert isinstance(offer, AskDialog) and offer.isVisible()
    assert offer.objectName() == "holderOffer"
    question = offer.findChild(QLabel).text()
    assert question.startswith(
        "Claire Crawley is recorded as LPA (health and welfare), and that role cannot hold a "
        "direct payment."
    )
    assert offer.accept_button.text() == "Record Claire Crawley as authorised person and save"
    click(qtbot, offer.accept_button)
    assert not form.isVisible()  # saved
    assert table_text(dialog.funding.model)[0][:3] == [  # type: ignore[attr-defined]
        "Direct payment",
        "Claire Crawley on behalf of Edith Crawley",
        "DP/55812",
    ]
    people = {(r[0], r[1]) for r in table_text(dialog.contacts.model)}  # type: ignore[attr-defined]
    assert people == {
        ("Claire Crawley", "LPA (health and welfare)"),
        ("Claire Crawley", "Direct payment authorised person"),
    }
    with window.ops.database.session() as s:  # type: ignore[union-attr]
        [arrangement] = funding.current_funding(s, cid)
        assert arrangement.payer_contact is not None
        assert arrangement.payer_contact.kind == "dp_authorised"


def test_saying_no_leaves_the_refusal_at_the_field_and_nothing_saved(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    cid = _edith(window)
    _client, form = _new_dp_for_claire(qtbot, window, cid)
    offer = form.dialog
    assert isinstance(offer, AskDialog)
    offer.reject()
    assert form.isVisible()
    assert form.form.error_text("payer_contact_id") == (
        "Claire Crawley (LPA (health and welfare)) cannot hold a direct payment; choose the "
        "client, a nominated or an authorised person"
    )
    with window.ops.database.session() as s:  # type: ignore[union-attr]
        assert funding.current_funding(s, cid) == []
        assert len(contacts.client_contacts(s, cid)) == 1
