"""Issue 6, bad input: fuzz every validator and the JSON importer. No crash, a clear message,
and the database unchanged."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from microoffice.core.db.database import Database, open_database
from microoffice.core.errors import ValidationError
from microoffice.core.models import AuditLog, Client
from microoffice.core.readers import choices, dates, identifiers, numbers, times
from microoffice.core.readers.numbers import read_money
from microoffice.core.services import clients, contacts, funding, staff
from microoffice.core.services.transfer import ImportFileError, export_data, import_json_file

EXAMPLES = 300
texts = st.text(max_size=40)
VALIDATORS = [  # every reader of core/readers that takes text alone
    identifiers.read_postcode,
    identifiers.read_nhs_number,
    identifiers.read_email,
    identifiers.read_phone,
    identifiers.read_cqc_id,
    dates.parse_date,
    dates.read_month,
    dates.read_week,
    dates.read_period,
    times.parse_time,
    times.read_minutes,
    times.read_weekly_hours,
    times.read_weekdays,
    numbers.read_money,
    numbers.read_whole,
    numbers.read_percent,
    numbers.read_multiplier,
    numbers.read_miles,
    choices.read_yes_no,
    choices.read_role,
    choices.read_employment,
    choices.read_nation,
]


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.sampled_from(VALIDATORS), texts)
def test_validators_accept_or_explain(validator, value: str) -> None:  # type: ignore[no-untyped-def]
    """Any text is either read (and reading what was read gives it back unchanged) or refused
    with one short sentence that starts as a person's sentence does; anything else (a
    TypeError, an IndexError) fails the test by escaping."""
    try:
        result = validator(value)
    except ValueError as exc:
        message = str(exc)
        assert 0 < len(message) < 200
        assert message[0].isupper() or message[0] == "'", message
    else:
        if isinstance(result, str):
            assert validator(result) == result


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(alphabet="0123456789 -", max_size=14))
def test_nhs_number_checksum_is_exactly_modulus_11(value: str) -> None:
    digits = value.replace(" ", "").replace("-", "")
    try:
        result = identifiers.read_nhs_number(value)
    except ValueError:
        if len(digits) == 10:
            total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
            assert (11 - total % 11) % 11 != int(digits[9])
        return
    assert result == digits
    if digits:
        total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
        assert (11 - total % 11) % 11 == int(digits[9])


def _counts(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return (
            s.scalar(select(func.count(Client.id))) or 0,
            s.scalar(select(func.count(AuditLog.id))) or 0,
        )


form_text = st.dictionaries(
    st.sampled_from(
        [
            "first_name",
            "last_name",
            "postcode",
            "nhs_number",
            "email",
            "phone",
            "date_of_birth",
            "start_date",
            "end_date",
            "nation",
            "town",
        ]
    ),
    texts,
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(form_text)
def test_client_form_fuzz_saves_whole_or_nothing(db: Database, values: dict[str, str]) -> None:
    before = _counts(db)
    try:
        with db.session() as s:
            clients.create_client(s, clients.ClientData.from_text(values))
    except ValidationError as exc:
        assert exc.errors and all(exc.errors.values())
        assert _counts(db) == before
    else:
        assert _counts(db)[0] == before[0] + 1


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(["staff", "contact", "funding"]),
    st.dictionaries(
        st.sampled_from(
            [
                "first_name",
                "last_name",
                "name",
                "kind",
                "role",
                "employment_type",
                "postcode",
                "email",
                "funding_type",
            ]
        ),
        texts,
    ),
)
def test_other_forms_fuzz(db: Database, which: str, values: dict[str, str]) -> None:
    with db.session() as s:
        if not clients.list_clients(s):
            clients.create_client(s, clients.ClientData(first_name="Fuzz", last_name="Base"))
        cid = clients.list_clients(s)[0].id
    before = _counts(db)
    try:
        with db.session() as s:
            if which == "staff":
                known = {
                    k: v for k, v in values.items() if k in staff.StaffData.__dataclass_fields__
                }
                staff.create_staff(s, staff.StaffData.from_text(known))
            elif which == "contact":
                known = {
                    k: v
                    for k, v in values.items()
                    if k in contacts.ContactData.__dataclass_fields__
                }
                contacts.add_contact(s, cid, contacts.ContactData(**known))
            else:
                funding.add_funding(
                    s, cid, funding.FundingData(funding_type=values.get("funding_type", ""))
                )
    except ValidationError as exc:
        assert exc.errors and all(exc.errors.values())
        assert _counts(db) == before


def _mutations() -> st.SearchStrategy[object]:
    leaf = st.one_of(
        st.none(), st.booleans(), st.integers(), st.text(max_size=12), st.floats(allow_nan=False)
    )
    return st.recursive(
        leaf,
        lambda kids: (
            st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3)
        ),
        max_leaves=6,
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_json_import_fuzz_never_crashes_or_leaves_a_file(
    tmp_path_factory,
    data,  # type: ignore[no-untyped-def]
) -> None:
    workdir = tmp_path_factory.mktemp("fuzz")
    source = open_database(str(workdir / "src.sqlite"))
    with source.session() as s:
        clients.create_client(s, clients.ClientData(first_name="Ann", last_name="Smith"))
    export = export_data(source)
    source.close()
    tables = sorted(export["tables"])
    table = data.draw(st.sampled_from(tables))
    section = export["tables"][table]
    choice = data.draw(st.sampled_from(["value", "row", "section", "top", "text"]))
    value = data.draw(_mutations())
    if choice == "value" and section["rows"]:
        row = data.draw(st.integers(0, len(section["rows"]) - 1))
        col = data.draw(st.integers(0, len(section["columns"]) - 1))
        section["rows"][row][col] = value
    elif choice == "row":
        section["rows"].append(value)
    elif choice == "section":
        export["tables"][table] = value
    elif choice == "top":
        export[
            data.draw(st.sampled_from(["format", "format_version", "schema_revision", "tables"]))
        ] = value
    src = workdir / "in.json"
    if choice == "text":
        raw = json.dumps(export)
        cut = data.draw(st.integers(0, len(raw)))
        src.write_text(raw[:cut] + data.draw(st.text(max_size=5)), encoding="utf-8")
    else:
        src.write_text(json.dumps(export), encoding="utf-8")
    target = workdir / "out.sqlite"
    try:
        import_json_file(src, str(target))
    except ImportFileError as exc:
        assert str(exc)
        assert not target.exists()
    else:
        copy = open_database(str(target))
        copy.close()


def test_parse_gbp_examples() -> None:
    assert read_money("£1,234.50") == 123450
    assert read_money(" 12.5 ") == 1250
    for bad in ("12.345", "abc", "", "1e30", "100000000000000000000000000", "NaN"):
        try:
            read_money(bad)
        except ValueError as exc:
            assert str(exc)
        else:
            raise AssertionError(f"{bad!r} was accepted")
