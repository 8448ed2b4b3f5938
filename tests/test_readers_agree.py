"""One reader per kind of field (ARCHITECTURE.md example 4): the same text typed into a form,
given on the command line or found in a spreadsheet cell is saved as the same value, or refused
with the same message.

Each example goes through the three real entry points:
- the form: the text is set in the field's widget of the real dialog (StaffDialog, ClientDialog,
  the capacity page) and the dialog's own Save runs, through the runner, into the database; the
  outcome is what was saved, or the message shown at the field;
- the command line: the text is given to the real parser (`microoffice staff add --hours=...`),
  whose argument readers run, then the command's own work (`add_record`: open the office,
  create_staff / create_client);
- the import: the text is a cell of a one-row sheet checked by check_sheet, as `import-csv` and
  the import dialog do.

Choices a form offers in a list (a role, a nation) and a tick box (drives) cannot be typed into
the form: for those every label the form offers goes through all three, and any text through the
command line and the import.
"""

from __future__ import annotations

import contextlib
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from microoffice.cli import build_parser
from microoffice.commands.staff import add_record
from microoffice.core.db.database import Database
from microoffice.core.errors import ValidationError
from microoffice.core.importing import Sheet, check_sheet
from microoffice.core.services import clients, staff
from microoffice.core.vocabulary import NATIONS, ROLES
from microoffice.ui.app.bus import Bus
from microoffice.ui.app.runner import Ops
from microoffice.ui.clients.dialog import ClientDialog
from microoffice.ui.growth.capacity import CapacityTab
from microoffice.ui.staff.dialog import StaffDialog

Outcome = tuple[str, Any]  # ("saved", value) or ("refused", message)
NAMES = itertools.count(1)
TYPED = st.characters(blacklist_categories=("Cc", "Cs"))  # what a keyboard or a paste gives


@dataclass(frozen=True)
class Kind:
    """One kind of field, as one form field, one command-line option and one import column."""

    name: str
    record: str  # "staff" or "clients"
    field: str  # the service's field (and the form's)
    option: str  # the `microoffice staff add` / `clients add` option
    column: str  # the import's column
    typical: tuple[str, ...]  # good and bad texts people type

    def texts(self, longest: int) -> st.SearchStrategy[str]:
        """Texts that fit the form's field (Qt counts UTF-16 units): a longer one cannot be
        typed there at all."""
        usual = [t for t in self.typical if len(t) <= longest]
        anything = st.text(TYPED, max_size=min(longest, 14))
        return st.one_of(st.sampled_from(usual), anything).filter(
            lambda t: len(t.encode("utf-16-le")) // 2 <= longest
        )


KINDS = (
    Kind(
        "weekly hours",
        "staff",
        "contracted_minutes_per_week",
        "--hours",
        "contracted_hours",
        (
            "37.5",
            "37:30",
            "37 h 30",
            "37h30m",
            "37.5 hrs",
            "7:30",
            "150",
            "100",
            "100.01",
            "0",
            "",
            "abc",
            "37,5",
            "-3",
            "37:75",
            ".5",
            "90 mins",
            "40 pw",
            "37.555",
        ),
    ),
    Kind(
        "money",
        "staff",
        "hourly_pay_pence",
        "--pay",
        "hourly_pay",
        (
            "£12.60",
            "12.6",
            "1,200",
            "14,00,0",
            "14,000.00",
            "-5",
            "£-5",
            ".50",
            "12.555",
            "",
            "abc",
            "1e3",
            "£ 12",
            "12 .50",
            "100000000",
            "NaN",
        ),
    ),
    Kind(
        "date (of a service)",
        "staff",
        "start_date",
        "--started",
        "start_date",
        (
            "01/03/2025",
            "1/3/25",
            "2025-03-01",
            "1.3.2025",
            "31/02/2025",
            "01/01/1900",
            "01/01/2099",
            "06/01/0027",
            "",
            "yesterday",
            "2025-3-1",
        ),
    ),
    Kind(
        "date of birth",
        "clients",
        "date_of_birth",
        "--born",
        "date_of_birth",
        (
            "03/04/1938",
            "3/4/38",
            "1938-04-03",
            "31/02/1941",
            "01/01/1900",
            "01/01/2099",
            "",
            "1/1/1850",
            "not known",
        ),
    ),
    Kind(
        "postcode",
        "staff",
        "postcode",
        "--postcode",
        "postcode",
        ("B15 2TT", "b152tt", " sw1a 1aa ", "ZZ1 1ZZ", "B1", "GIR 0AA", "", "EC1A1BB"),
    ),
    Kind(
        "NHS number",
        "clients",
        "nhs_number",
        "--nhs-number",
        "nhs_number",
        ("943 476 5919", "943-476-5919", "9434765919", "9434765918", "123", "", "94347659l9"),
    ),
    Kind(
        "phone",
        "staff",
        "phone",
        "--phone",
        "phone",
        (
            "07700 900123",
            "7700900123",
            "+44 7700 900123",
            "0121 496 0011",
            "not known",
            "",
            "(0121) 496-0011",
            "12345",
        ),
    ),
    Kind(
        "email",
        "clients",
        "email",
        "--email",
        "email",
        ("joan@example.com", "joan@", "a b@c.d", "", "j@x.co.uk", "@example.com"),
    ),
)


@pytest.fixture
def ops(qtbot: QtBot, file_db: Database) -> Ops:
    return Ops(file_db, Bus())


@pytest.fixture
def forms(qtbot: QtBot, ops: Ops) -> dict[str, Any]:
    """One dialog per kind of record, saved again and again (each save a new name)."""
    made = {"staff": StaffDialog(ops), "clients": ClientDialog(ops)}
    for dialog in made.values():
        qtbot.addWidget(dialog)
    return made


def names() -> tuple[str, str]:
    return "Ann", f"Lee{next(NAMES):05d}"


def through_form(dialog: Any, kind: Kind, text: str, widget_value: Any = None) -> Outcome:
    form = dialog.form if isinstance(dialog, StaffDialog) else dialog.details
    first, last = names()
    form.load(staff.StaffData() if kind.record == "staff" else clients.ClientData())  # afresh
    form.set_values({"first_name": first, "last_name": last})
    widget = form.field(kind.field)
    if isinstance(widget, QLineEdit):
        widget.setText(text)
        assert widget.text() == text, "the form would not take this text as typed"
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(widget.findText(text))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(widget_value)
    saved_before = _saved_id(dialog)
    dialog.save()
    message = form.error_text(kind.field)
    if message:
        return "refused", message
    assert not form.banner.isVisibleTo(form) or not form.banner.text(), form.banner.text()
    record_id = _saved_id(dialog)
    assert record_id is not None and (saved_before is None or record_id == saved_before)

    def fetch(s: Any) -> Any:
        service: Any = staff if kind.record == "staff" else clients
        found = (service.get_staff if kind.record == "staff" else service.get_client)(s, record_id)
        assert found.last_name == last
        return getattr(found, kind.field)

    return "saved", dialog.ops.read(fetch, None)


def _saved_id(dialog: Any) -> int | None:
    return dialog.staff_id if isinstance(dialog, StaffDialog) else dialog.client_id


def through_cli(database: Database, kind: Kind, text: str) -> Outcome:
    first, last = names()
    argv = [kind.record, "add", f"--first-name={first}", f"--last-name={last}"]
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        try:
            args = build_parser().parse_args([*argv, f"{kind.option}={text}"])
        except SystemExit as exc:
            assert exc.code == 2
            said = stderr.getvalue().strip().splitlines()[-1]
            prefix = f"error: argument {kind.option}: "
            assert prefix in said, said
            return "refused", said.split(prefix, 1)[1]
    args.db = str(database.path)  # the office the form saved into (one program, one claim)
    try:
        add_record(args, kind.record)  # the command's own call, as `microoffice staff add` runs it
    except ValidationError as exc:
        assert set(exc.errors) == {kind.field}, exc.errors
        return "refused", exc.errors[kind.field]
    with database.session(reading=True) as s:
        service: Any = staff if kind.record == "staff" else clients
        found = (service.find_staff if kind.record == "staff" else service.find_client)(
            s, f"{first} {last}"
        )
        return "saved", getattr(found, kind.field)


def through_import(database: Database, kind: Kind, text: str) -> Outcome:
    first, last = names()
    columns = ["first_name", "last_name", kind.column]
    sheet = Sheet("people.csv", columns, [[first, last, text]], [2])
    with database.session() as s:
        (row,) = check_sheet(s, sheet, columns, kind.record).rows
    if row.errors:
        assert set(row.errors) <= {kind.column, kind.field}, row.errors
        return "refused", row.errors.get(kind.column) or row.errors[kind.field]
    return "saved", getattr(row.data, kind.field)


def all_three(forms: dict[str, Any], ops: Ops, kind: Kind, text: str) -> Outcome:
    form = through_form(forms[kind.record], kind, text)
    cli = through_cli(ops.database, kind, text)
    sheet = through_import(ops.database, kind, text)
    assert form == cli == sheet, f"{kind.name} {text!r}: form {form}, CLI {cli}, import {sheet}"
    return form


CHECKS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_a_typed_field_means_the_same_in_the_form_the_command_line_and_an_import(
    forms: dict[str, Any], ops: Ops, kind: Kind
) -> None:
    widget = forms[kind.record]
    form = widget.form if isinstance(widget, StaffDialog) else widget.details
    longest = form.field(kind.field).maxLength()

    @CHECKS
    @given(text=kind.texts(longest))
    def check(text: str) -> None:
        all_three(forms, ops, kind, text)

    check()


def test_the_meanings_the_readers_document(forms: dict[str, Any], ops: Ops) -> None:
    """docs/readers.md: what some texts mean, the same through all three entry points."""
    hours, money, *_ = KINDS
    for text in ("37.5", "37:30", "37 h 30", "37.5 hrs"):
        assert all_three(forms, ops, hours, text) == ("saved", 2250)
    assert all_three(forms, ops, hours, "7:30") == ("saved", 450)
    assert all_three(forms, ops, hours, "150")[0] == "refused"
    assert all_three(forms, ops, money, "£1,200.50") == ("saved", 120050)
    assert all_three(forms, ops, money, "14,00,0") == (
        "refused",
        "'14,00,0' has its commas in the wrong places: write thousands like 14,000.00 "
        "(or leave the commas out)",
    )
    phone = KINDS[6]
    assert all_three(forms, ops, phone, "7700900123") == ("saved", "07700900123")


CHOICES = (
    Kind("role", "staff", "role", "--role", "role", ()),
    Kind("nation", "clients", "nation", "--nation", "nation", ()),
)


@pytest.mark.parametrize(
    ("kind", "offered"), [(CHOICES[0], ROLES), (CHOICES[1], NATIONS)], ids=["role", "nation"]
)
def test_every_choice_the_form_offers_reads_the_same_typed_elsewhere(
    forms: dict[str, Any], ops: Ops, kind: Kind, offered: list[tuple[str, str]]
) -> None:
    for code, label in offered:
        expected = ("saved", code)
        assert through_form(forms[kind.record], kind, label) == expected
        for text in (label, code, label.upper(), f" {label.lower()} "):
            assert through_cli(ops.database, kind, text) == expected, text
            assert through_import(ops.database, kind, text) == expected, text


@pytest.mark.parametrize("kind", CHOICES, ids=lambda k: k.name)
def test_any_text_for_a_choice_reads_the_same_on_the_command_line_and_in_an_import(
    ops: Ops, kind: Kind
) -> None:
    @CHECKS
    @given(text=st.one_of(st.sampled_from(["Carer", "Wales", "NI", "astronaut"]), st.text(TYPED)))
    def check(text: str) -> None:
        if not text.strip():
            return  # an empty cell means the usual choice; on the command line, leave it out
        cli, sheet = through_cli(ops.database, kind, text), through_import(ops.database, kind, text)
        assert cli == sheet, f"{text!r}: CLI {cli}, import {sheet}"

    check()


DRIVES = Kind("yes or no", "staff", "drives", "--drives", "drives", ())


def test_yes_or_no_reads_the_same_on_the_command_line_and_in_an_import_as_the_tick_box(
    forms: dict[str, Any], ops: Ops
) -> None:
    for ticked, words in ((True, ("yes", "Y", "TRUE", "1", "x")), (False, ("no", "N", "0", ""))):
        assert through_form(forms["staff"], DRIVES, "", widget_value=ticked) == ("saved", ticked)
        for text in words:
            assert through_cli(ops.database, DRIVES, text) == ("saved", ticked), text
            assert through_import(ops.database, DRIVES, text) == ("saved", ticked), text

    @CHECKS
    @given(text=st.text(TYPED, max_size=8))
    def check(text: str) -> None:
        cli, sheet = (
            through_cli(ops.database, DRIVES, text),
            through_import(ops.database, DRIVES, text),
        )
        assert cli == sheet, f"{text!r}: CLI {cli}, import {sheet}"

    check()


@pytest.fixture
def capacity_page(qtbot: QtBot, ops: Ops) -> Iterator[CapacityTab]:
    page = CapacityTab(ops)
    qtbot.addWidget(page)
    yield page


def test_a_time_of_day_means_the_same_on_the_capacity_page_and_the_command_line(
    capacity_page: CapacityTab,
) -> None:
    """No import has a time column: the page and `microoffice capacity --at` read it."""

    def page(text: str) -> Outcome:
        capacity_page.at.setText(text)
        capacity_page.days[0].setChecked(True)
        try:
            return "saved", capacity_page.request().at
        except ValidationError as exc:
            return "refused", exc.errors["at"]

    def cli(text: str) -> Outcome:
        stderr = io.StringIO()
        argv = ["capacity", "--minutes=45", "--days=Mon", f"--at={text}"]
        with contextlib.redirect_stderr(stderr):
            try:
                return "saved", build_parser().parse_args(argv).at
            except SystemExit:
                return "refused", stderr.getvalue().split("argument --at: ", 1)[1].strip()

    typical = ["08:30", "8.30", "8:30pm", "9am", "14:00", "25:00", "13pm", "half eight", ""]

    @CHECKS
    @given(text=st.one_of(st.sampled_from(typical), st.text(TYPED, max_size=8)))
    def check(text: str) -> None:
        assert page(text) == cli(text), text

    check()
