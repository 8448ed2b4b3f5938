"""CQC provider and location IDs are checked like the register writes them."""

from __future__ import annotations

import pytest

from microoffice.core.db.database import Database
from microoffice.core.errors import ValidationError
from microoffice.core.services import business


@pytest.mark.parametrize("typed", ["1-2345", "12345678901", "1-12345678a9", "2-123456789", "1-"])
def test_a_mistyped_cqc_id_is_refused_at_its_field_and_nothing_is_saved(
    db: Database, typed: str
) -> None:
    with db.session() as s:
        before = business.BusinessData.from_business(business.get_business(s))
        data = business.BusinessData.from_business(business.get_business(s))
    data.legal_name = "Barbara Care"
    data.cqc_registered = True
    data.cqc_provider_id = typed
    data.cqc_location_id = typed
    with pytest.raises(ValidationError) as caught, db.session() as s:
        business.update_business(s, data)
    assert set(caught.value.errors) >= {"cqc_provider_id", "cqc_location_id"}
    assert "1-123456789" in caught.value.errors["cqc_provider_id"]
    with db.session() as s:
        assert business.BusinessData.from_business(business.get_business(s)) == before


def test_a_real_looking_cqc_id_is_kept_without_stray_spaces(db: Database) -> None:
    with db.session() as s:
        data = business.BusinessData.from_business(business.get_business(s))
    data.legal_name = "Barbara Care"
    data.cqc_registered = True
    data.cqc_provider_id = " 1-1097342218 "
    data.cqc_location_id = "1-101641385"
    with db.session() as s:
        business.update_business(s, data)
    with db.session() as s:
        saved = business.get_business(s)
        assert (saved.cqc_provider_id, saved.cqc_location_id) == ("1-1097342218", "1-101641385")
