"""Issue 13: the JSON export format ships as a JSON Schema (docs/export-format.schema.json), the
export meets it, and import refuses what it does not allow, with the same verdict as
jsonschema itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microoffice.core.db.database import open_database
from microoffice.core.demo import build_demo
from microoffice.core.services import export_schema, transfer
from microoffice.core.services.export_schema import schema_problem, schema_text
from microoffice.core.services.transfer import export_data

DOCS = Path(__file__).parents[2] / "docs" / "export-format.schema.json"


def shipped() -> dict[str, Any]:
    return json.loads(DOCS.read_text(encoding="utf-8"))


def test_the_schema_in_docs_is_the_one_the_program_checks_with() -> None:
    """After a migration: python -m microoffice.core.services.export_schema > docs/...json"""
    assert DOCS.read_text(encoding="utf-8") == schema_text()
    jsonschema.Draft202012Validator.check_schema(shipped())
    assert (export_schema.FORMAT, export_schema.FORMAT_VERSION) == (
        transfer.FORMAT,
        transfer.FORMAT_VERSION,
    )


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Barbara's demo office (14 clients, a year of visits, invoices, notes), exported."""
    from microoffice.core import clock
    from tests.conftest import FROZEN_AT

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    with clock.frozen(FROZEN_AT):
        build_demo(str(path), scale="small")
        database = open_database(str(path))
        try:
            return json.loads(json.dumps(export_data(database)))
        finally:
            database.close()


def test_an_export_of_the_demo_office_is_valid_against_the_shipped_schema(
    demo_export: dict[str, Any],
) -> None:
    jsonschema.validate(demo_export, shipped(), cls=jsonschema.Draft202012Validator)
    assert schema_problem(demo_export) is None
    assert sum(len(t["rows"]) for t in demo_export["tables"].values()) > 1000


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["england", "atlantis", "2026-12-07", "2026-12-07T09:30:00+00:00", "09:30"]),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=2),
)


VALIDATOR = jsonschema.Draft202012Validator(json.loads(DOCS.read_text(encoding="utf-8")))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_fast_row_check_agrees_with_jsonschema(
    demo_export: dict[str, Any], data: st.DataObject
) -> None:
    """Import checks rows with predicates made from the schema (jsonschema would take seconds
    for a large office); on any value put anywhere, both give the same verdict."""
    tables = sorted(name for name, section in demo_export["tables"].items() if section["rows"])
    name = data.draw(st.sampled_from(tables))
    section = demo_export["tables"][name]
    row = list(data.draw(st.sampled_from(section["rows"])))
    row[data.draw(st.integers(0, len(row) - 1))] = data.draw(values)
    # One table of one row (tables may be left out): the same file for both, and quick.
    export = dict(demo_export, tables={name: {"columns": section["columns"], "rows": [row]}})
    reference = VALIDATOR.is_valid(export)
    assert (schema_problem(export) is None) == reference
