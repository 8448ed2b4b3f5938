"""Spreadsheet import as a sole trader meets it: her own column names, a few wrong cells, the
same list imported twice, Excel's habits. Nothing is half-imported, ever."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from microoffice.core.db.database import Database
from microoffice.core.errors import UserError, ValidationError
from microoffice.core.importing import (
    ImportRefused,
    apply_overrides,
    check_sheet,
    guess_mapping,
    import_sheet,
    read_sheet,
    read_text,
)
from microoffice.core.models import AuditLog, Client, Staff
from microoffice.core.progress import Cancelled
from microoffice.core.services import business
from microoffice.core.services.integrity import check_audit_chain

CLIENTS_CSV = """\
Title,Forename,Surname,DOB,NHS No,Address,Town,Post Code,Tel,Notes
Mrs,Joan,Hughes,03/04/1938,943 476 5919,12 Oak Road,Birmingham,b13 9pl,0121 496 0011,Key safe 1234
Mr,Peter,Okafor,31/02/1941,,4 Mill Lane,Solihull,B91 3QB,0121 496 0022,
Miss,Edna,Price,17/09/1935,,9 Park Avenue,Birmingham,B15 2TT,not known,Hard of hearing
,Alan,,01/01/1950,,1 High Street,Birmingham,B30 2AA,,
Ms,Rita,Shah,22/11/1944,,7 The Green,Birmingham,B14 7QH,07700 900123,
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def count(db: Database, model: type) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_columns_are_matched_by_the_names_people_use(tmp_path: Path) -> None:
    sheet = read_sheet(write(tmp_path, "clients.csv", CLIENTS_CSV))
    assert sheet.headers[:3] == ["Title", "Forename", "Surname"]
    assert guess_mapping(sheet.headers, "clients") == [
        "title",
        "first_name",
        "last_name",
        "date_of_birth",
        "nhs_number",
        "address_line1",
        "town",
        "postcode",
        "phone",
        "notes",
    ]
    assert sheet.row_numbers == [2, 3, 4, 5, 6]  # as the spreadsheet numbers them


def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_imported(
    db: Database, tmp_path: Path
) -> None:
    sheet = read_sheet(write(tmp_path, "clients.csv", CLIENTS_CSV))
    mapping = guess_mapping(sheet.headers, "clients")
    audit_before = count(db, AuditLog)
    with db.session() as s:
        check = check_sheet(s, sheet, mapping, "clients")
    assert [r.row_number for r in check.good] == [2, 6]
    problems = [line for row in check.bad for line in check.describe(row)]
    assert problems == [
        "Row 3, Date of birth (column 'DOB'): '31/02/1941' is not a date; type it like 31/12/1950",
        "Row 4, Phone (column 'Tel'): 'not known' is not a phone number; use digits, spaces "
        "and an optional +",
        "Row 5, Last name (column 'Surname'): Last name is required",
    ]
    with pytest.raises(ImportRefused) as refused, db.session() as s:
        import_sheet(s, sheet, mapping, "clients")
    assert str(refused.value) == (
        "3 of 5 rows have problems, so nothing was imported. Fix them, or choose to leave them "
        "out and import the other 2."
    )
    assert count(db, Client) == 0
    assert count(db, AuditLog) == audit_before


def test_fixed_rows_import_everyone_with_their_values_cleaned(db: Database, tmp_path: Path) -> None:
    sheet = read_sheet(write(tmp_path, "clients.csv", CLIENTS_CSV))
    mapping = guess_mapping(sheet.headers, "clients")
    sheet.rows[1][3] = "28/02/1941"  # what the person types into the preview to fix each row
    sheet.rows[2][8] = ""
    sheet.rows[3][2] = "Morris"
    with db.session(actor="tester") as s:
        result = import_sheet(s, sheet, mapping, "clients")
    assert result.imported == 5 and result.skipped == ()
    with db.session() as s:
        joan = s.scalars(select(Client).where(Client.last_name == "Hughes")).one()
        assert (joan.title, joan.first_name, joan.date_of_birth) == (
            "Mrs",
            "Joan",
            date(1938, 4, 3),
        )
        assert (joan.nhs_number, joan.postcode, joan.town) == (
            "9434765919",
            "B13 9PL",
            "Birmingham",
        )
        assert (joan.address_line1, joan.notes, joan.nation) == (
            "12 Oak Road",
            "Key safe 1234",
            "england",
        )
        assert joan.id in result.ids and joan.version == 1 and joan.archived_at is None
        peter = s.scalars(select(Client).where(Client.last_name == "Okafor")).one()
        assert peter.date_of_birth == date(1941, 2, 28)
        assert sorted(c.last_name for c in s.scalars(select(Client))) == [
            "Hughes",
            "Morris",
            "Okafor",
            "Price",
            "Shah",
        ]
        entry = s.scalars(select(AuditLog).where(AuditLog.action == "import")).one()
        assert entry.actor == "tester" and entry.entity == "client"
        assert entry.changes["source"] == "clients.csv"
        same = entry.changes["same_in_every_row"]  # written once for the whole import
        written = [
            same | dict(zip(entry.changes["columns"], row, strict=True))
            for row in entry.changes["rows"]
        ]
        assert [w["last_name"] for w in written] == ["Hughes", "Okafor", "Price", "Morris", "Shah"]
        assert written[0]["date_of_birth"] == "1938-04-03" and written[0]["id"] == joan.id
        assert (written[0]["nation"], written[0]["address_line2"]) == ("england", "")
        assert "nation" in same and "last_name" not in same
    assert check_audit_chain(db) == []


def test_skipping_bad_rows_on_purpose_imports_exactly_the_good_ones(
    db: Database, tmp_path: Path
) -> None:
    sheet = read_sheet(write(tmp_path, "clients.csv", CLIENTS_CSV))
    with db.session() as s:
        result = import_sheet(
            s, sheet, guess_mapping(sheet.headers, "clients"), "clients", skip_bad=True
        )
    assert result.imported == 2
    assert [r.row_number for r in result.skipped] == [3, 4, 5]
    assert result.describe() == "Imported 2 clients; left out 3 rows."
    with db.session() as s:
        names = sorted(s.scalars(select(Client.last_name)))
        entry = s.scalars(select(AuditLog).where(AuditLog.action == "import")).one()
    assert names == ["Hughes", "Shah"]
    assert entry.changes["left_out_rows"] == [3, 4, 5]


def test_importing_the_same_list_twice_does_not_double_anyone(db: Database, tmp_path: Path) -> None:
    good = "First name,Last name,Date of birth,Postcode\nJoan,Hughes,03/04/1938,B13 9PL\n"
    good += "Joan,Hughes,03/04/1938,B13 9PL\nJoan,Hughes,05/05/1960,B13 9PL\n"
    sheet = read_text(good)
    mapping = guess_mapping(sheet.headers, "clients")
    with db.session() as s:
        check = check_sheet(s, sheet, mapping, "clients")
    assert [check.describe(r) for r in check.bad] == [
        [
            "Row 3: Joan Hughes, born 03/04/1938 is also on row 2 of this file. Leave this row "
            "out, or change it if this is a different person."
        ]
    ]  # row 4 is another Joan Hughes: a different date of birth tells them apart
    with db.session() as s:
        assert import_sheet(s, sheet, mapping, "clients", skip_bad=True).imported == 2
    with db.session() as s:
        again = check_sheet(s, sheet, mapping, "clients")
    assert again.good == []
    assert "is already in microoffice" in again.describe(again.rows[0])[0]
    assert count(db, Client) == 2


def test_one_name_column_is_split_and_the_map_option_changes_columns(
    db: Database, tmp_path: Path
) -> None:
    text = 'Client,Born,Area,Comments\nMary Anne Smith,1/2/1940,B15 2TT,x\n"Jones, Tom",,,\n'
    sheet = read_text(text)
    mapping = guess_mapping(sheet.headers, "clients")
    assert mapping == ["full_name", "date_of_birth", None, "notes"]
    mapping = apply_overrides(sheet.headers, mapping, "Area=Postcode, Comments=-", "clients")
    assert mapping == ["full_name", "date_of_birth", "postcode", None]
    with db.session() as s:
        import_sheet(s, sheet, mapping, "clients")
    with db.session() as s:
        people = [
            (c.first_name, c.last_name, c.postcode, c.notes)
            for c in s.scalars(select(Client).order_by(Client.id))
        ]
    assert people == [("Mary Anne", "Smith", "B15 2TT", ""), ("Tom", "Jones", "", "")]
    with pytest.raises(UserError, match="not a field microoffice can fill"):
        apply_overrides(sheet.headers, mapping, "Area=shoe_size", "clients")
    with pytest.raises(UserError, match="'Ward' that is not in the file"):
        apply_overrides(sheet.headers, mapping, "Ward=town", "clients")


def test_without_a_name_column_the_mapping_itself_is_refused(db: Database) -> None:
    sheet = read_text("Surname,Town\nHughes,Birmingham\n")
    with pytest.raises(ValidationError) as refused, db.session() as s:
        check_sheet(s, sheet, guess_mapping(sheet.headers, "clients"), "clients")
    assert refused.value.errors == {
        "mapping": "Choose the column that holds the first name, or one column with the full name."
    }


def test_nation_comes_from_the_column_or_from_where_the_business_works(db: Database) -> None:
    with db.session() as s:
        data = business.BusinessData.from_business(business.get_business(s))
        data.legal_name, data.nation = "Cymru Care", "wales"
        business.update_business(s, data)
    sheet = read_text("Name,Nation\nGwen Evans,\nFiona Reid,Scotland\nSean Kelly,NI\nX Y,Mars\n")
    with db.session() as s:
        check = check_sheet(s, sheet, guess_mapping(sheet.headers, "clients"), "clients")
    assert [r.data.nation for r in check.good] == ["wales", "scotland", "northern_ireland"]
    assert check.describe(check.bad[0]) == [
        "Row 5, Nation (column 'Nation'): 'Mars' is not a nation microoffice knows"
    ]


def test_spreadsheets_saved_the_ways_excel_and_others_save_them(tmp_path: Path) -> None:
    semicolons = write(
        tmp_path, "a.csv", "Prénom;Surname;Notes\nZoë;Ferrández;£20 cash\n", "cp1252"
    )
    sheet = read_sheet(semicolons)
    assert sheet.headers == ["Prénom", "Surname", "Notes"]
    assert sheet.rows == [["Zoë", "Ferrández", "£20 cash"]]
    bom = write(tmp_path, "b.csv", "\ufeffFirst name\tLast name\n\nAnn\tLee\n\n", "utf-8")
    sheet = read_sheet(bom)
    assert (sheet.headers, sheet.rows, sheet.row_numbers) == (
        ["First name", "Last name"],
        [["Ann", "Lee"]],
        [3],
    )
    with pytest.raises(UserError, match=r"save it as \.xlsx or as CSV"):
        read_sheet(write(tmp_path, "old.xls", "binary"))
    with pytest.raises(UserError, match="empty"):
        read_sheet(write(tmp_path, "empty.csv", "\n\n"))
    with pytest.raises(UserError, match="There is no file"):
        read_sheet(tmp_path / "missing.csv")


def make_xlsx(path: Path) -> None:
    """A workbook laid out the way Excel writes one: shared strings, a date style, a phone
    number typed as a number (Excel drops its leading 0), an inline string and a gap."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    strings = ["First name", "Surname", "DOB", "Phone", "Start", "Joan", "Hughes", "Peter"]
    sst = "".join(f"<si><t>{s}</t></si>" for s in strings)
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2" t="s"><v>6</v></c>'
        '<c r="C2" s="1"><v>14000</v></c><c r="D2"><v>7700900123</v></c>'
        '<c r="E2" s="2"><v>46000</v></c></row>'
        '<row r="4"><c r="A4" t="s"><v>7</v></c><c r="B4" t="inlineStr"><is><t>Okafor</t></is></c>'
        '<c r="D4" t="str"><v>0121 496 0022</v></c></row>'
    )
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/></Types>'
    )
    files = {
        "[Content_Types].xml": types,
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="Clients" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        "</Relationships>",
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{sst}</sst>',
        "xl/styles.xml": f'<styleSheet xmlns="{main}"><numFmts count="1">'
        '<numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/></numFmts><cellXfs count="3">'
        '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{rows}</sheetData>'
        "</worksheet>",
    }
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)


def test_an_excel_workbook_reads_as_the_person_sees_it(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "clients.xlsx"
    make_xlsx(path)
    sheet = read_sheet(path)
    assert sheet.source == "clients.xlsx (sheet 'Clients')"
    # Excel counts days from 30/12/1899 (so 45658 is 01/01/2025): 14000 is 30/04/1938 and
    # 46000 is 09/12/2025.
    assert sheet.rows == [
        ["Joan", "Hughes", "30/04/1938", "7700900123", "09/12/2025"],
        ["Peter", "Okafor", "", "0121 496 0022", ""],
    ]
    assert sheet.row_numbers == [2, 4]
    with db.session() as s:
        import_sheet(s, sheet, guess_mapping(sheet.headers, "clients"), "clients")
    with db.session() as s:
        joan = s.scalars(select(Client).where(Client.last_name == "Hughes")).one()
    assert (joan.date_of_birth, joan.start_date) == (date(1938, 4, 30), date(2025, 12, 9))
    assert joan.phone == "07700900123"  # the 0 Excel dropped is put back


def test_staff_with_roles_hours_and_pay_in_their_own_words(db: Database) -> None:
    text = (
        "Name,Job title,Contract,Hours,Pay,Car,Started\n"
        "Barbara Nowak,Owner,Owner,,,yes,01/03/2019\n"
        "Kelly Marsh,Carer,Zero hours,,£12.60,no,14/06/2024\n"
        "Dev Patel,Senior,Permanent,37.5,13.05,Y,\n"
        "Sam Lee,Astronaut,Permanent,200,12.555,maybe,\n"
    )
    sheet = read_text(text)
    mapping = guess_mapping(sheet.headers, "staff")
    assert mapping == [
        "full_name",
        "role",
        "employment_type",
        "contracted_hours",
        "hourly_pay",
        "drives",
        "start_date",
    ]
    with db.session() as s:
        result = import_sheet(s, sheet, mapping, "staff", skip_bad=True)
    assert result.describe() == "Imported 3 staff members; left out 1 row."
    assert result.check.describe(result.skipped[0]) == [  # left to right, as the columns are
        "Row 5, Role (column 'Job title'): 'Astronaut' is not a role microoffice knows",
        "Row 5, Contracted hours a week (column 'Hours'): '200' is more than 100 hours a week, "
        "which is not possible; check the number",
        "Row 5, Hourly pay (£) (column 'Pay'): Amounts can have at most two decimal places (pence)",
        "Row 5, Drives (column 'Car'): 'maybe' is not yes or no",
    ]
    with db.session() as s:
        found = {
            st.last_name: (
                st.role,
                st.employment_type,
                st.drives,
                st.contracted_minutes_per_week,
                st.hourly_pay_pence,
                st.start_date,
            )
            for st in s.scalars(select(Staff))
        }
    assert found == {
        "Nowak": ("owner", "owner", True, None, None, date(2019, 3, 1)),
        "Marsh": ("care_worker", "zero_hours", False, None, 1260, date(2024, 6, 14)),
        "Patel": ("senior_carer", "employee", True, 2250, 1305, None),
    }


def test_cancel_part_way_leaves_nothing_behind(db: Database) -> None:
    rows = "".join(f"Person{i},Number{i}\n" for i in range(600))
    sheet = read_text("First name,Last name\n" + rows)
    seen: list[tuple[int, int, str]] = []

    def cancelled() -> bool:
        return len(seen) >= 3  # after two chunks have been written

    with pytest.raises(Cancelled), db.session() as s:
        import_sheet(
            s,
            sheet,
            guess_mapping(sheet.headers, "clients"),
            "clients",
            progress=lambda d, t, w: seen.append((d, t, w)),
            cancelled=cancelled,
        )
    assert seen[:3] == [
        (0, 600, "Checking the rows"),
        (0, 600, "Adding row 2"),
        (250, 600, "Adding row 252"),
    ]
    assert count(db, Client) == 0


def test_the_command_refuses_then_skips_on_purpose(tmp_path: Path) -> None:
    source = write(tmp_path, "clients.csv", CLIENTS_CSV)
    target = tmp_path / "office.sqlite"
    env = dict(
        os.environ, MICROOFFICE_HOME=str(tmp_path / "home"), MICROOFFICE_NOW="2026-12-07T09:30"
    )

    def mo(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "microoffice", "import-csv", "--db", str(target), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    refused = mo("--clients", str(source))
    assert refused.returncode == 2
    assert "  DOB -> Date of birth" in refused.stdout
    assert "  Row 3, Date of birth (column 'DOB'): '31/02/1941' is not a date" in refused.stdout
    assert "3 of 5 rows have problems, so nothing was imported" in refused.stderr
    checked = mo("--clients", str(source), "--check", "--map", "Notes=-")
    assert checked.returncode == 1 and "  Notes -> (left out)" in checked.stdout
    done = mo("--clients", str(source), "--skip-bad")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("Imported 2 clients; left out 3 rows.")
    from microoffice.core.db.database import open_database

    database = open_database(str(target))
    try:
        assert count(database, Client) == 2
    finally:
        database.close()


def test_a_value_shared_by_every_row_is_stored_exactly_as_typed(db: Database) -> None:
    """A column with one value in every row is written into the statement once: quotes and
    SQL-looking text in it must still arrive exactly as typed, and touch nothing else."""
    tricky = "St John's Surgery'); DELETE FROM client; --"
    text = "First name,Surname,GP,Notes,Town\n" + "".join(
        f'Ann,Lee{i},"{tricky}",Don\'t ring after 8pm,"Stratford-upon-Avon "\n' for i in range(3)
    )
    with db.session() as s:
        result = import_sheet(
            s,
            read_text(text),
            ["first_name", "last_name", "gp_practice", "notes", "town"],
            "clients",
        )
    assert result.imported == 3
    with db.session() as s:
        stored = s.execute(select(Client.gp_practice, Client.notes, Client.town)).all()
    assert stored == [(tricky, "Don't ring after 8pm", "Stratford-upon-Avon")] * 3
