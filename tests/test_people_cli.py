"""People on the command line (issue 15): adding them, signing in with --as or the environment,
and the same refusals as the core, each with its exit status, its exact message and the office
unchanged."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from microoffice.cli import main
from microoffice.commands.common import NO_SIGN_IN
from microoffice.core.db.database import open_database
from microoffice.core.models import AuditLog
from microoffice.core.people import services as people
from microoffice.core.people.rights import OWN_LIMITS, Right, refusal
from microoffice.core.people.signin import WRONG
from microoffice.core.services.transfer import export_json
from tests import people_helpers as helpers
from tests.core.people.conftest import NAMES, build

PIN = helpers.PIN


@pytest.fixture
def office(fresh_db_file: Path) -> Path:
    database = open_database(str(fresh_db_file))
    build(database)
    database.close()
    return fresh_db_file


@pytest.fixture(autouse=True)
def _nobody(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MICROOFFICE_USER", "MICROOFFICE_USER_PASSWORD", "MICROOFFICE_NEW_USER_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


def run(
    capsys: pytest.CaptureFixture[str], *args: str, secret: str | None = None
) -> tuple[int, str, str]:
    """One command in this process; `secret` as MICROOFFICE_USER_PASSWORD for --as."""
    before = os.environ.get("MICROOFFICE_USER_PASSWORD")
    if secret is not None:
        os.environ["MICROOFFICE_USER_PASSWORD"] = secret
    try:
        code = main(list(args))
    finally:
        if secret is not None:
            if before is None:
                del os.environ["MICROOFFICE_USER_PASSWORD"]
            else:
                os.environ["MICROOFFICE_USER_PASSWORD"] = before
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(path: Path) -> str:
    """The whole office (its export, read as the owner), to show nothing changed."""
    database = open_database(str(path))
    try:
        helpers.become(database, NAMES["owner"])
        out = io.StringIO()
        export_json(database, out)
        return hashlib.sha256(out.getvalue().encode()).hexdigest()
    finally:
        database.close()


@pytest.fixture
def unchanged(office: Path) -> Iterator[None]:
    before = snapshot(office)
    yield
    assert snapshot(office) == before


def test_the_first_person_is_added_without_signing_in_and_gets_a_recovery_code(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    open_database(str(db_path)).close()
    monkeypatch.setenv("MICROOFFICE_NEW_USER_PASSWORD", "246810")
    code, out, err = run(
        capsys,
        "people",
        "add",
        "--db",
        str(db_path),
        "--name",
        "Barbara Whitmore",
        "--role",
        "owner",
    )
    assert (code, err) == (0, "")
    assert out.startswith("Barbara Whitmore now signs in as owner.\nRecovery code for Barbara")
    code, out, err = run(capsys, "people", "list", "--db", str(db_path))
    assert (code, out, err) == (2, "", f"microoffice people: {NO_SIGN_IN}\n")
    code, out, _ = run(
        capsys, "people", "list", "--db", str(db_path), "--as", "Barbara Whitmore", secret="246810"
    )
    assert (code, out) == (0, "Barbara Whitmore  owner\n")


def test_people_add_list_role_and_remove(
    office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = ("--db", str(office), "--as", NAMES["owner"])
    monkeypatch.setenv("MICROOFFICE_NEW_USER_PASSWORD", "97531086")
    code, out, err = run(
        capsys, "people", "add", *owner, "--name", "Jo Carer", "--role", "carer",
        "--staff", "Jo Carer", secret=PIN,
    )  # fmt: skip
    assert (code, out, err) == (0, "Jo Carer now signs in as carer.\n", "")
    code, out, _ = run(capsys, "people", "list", *owner, secret=PIN)
    assert out.splitlines() == [
        "Anna Lee  carer  (staff record: Anna Lee)",
        "Barbara Whitmore  owner",
        "Bea Count  bookkeeper",
        "Jo Carer  carer  (staff record: Jo Carer)",
        "Mo Farah  manager",
    ]
    code, out, _ = run(capsys, "people", "role", *owner, "Bea Count", "manager", secret=PIN)
    assert (code, out) == (0, "Bea Count is now manager.\n")
    code, out, _ = run(capsys, "people", "remove", *owner, "Jo Carer", secret=PIN)
    assert code == 0 and out.startswith("Jo Carer no longer signs in.")
    code, _, err = run(capsys, "today", "--db", str(office), "--as", "Jo Carer", secret="97531086")
    assert (code, err) == (2, f"microoffice today: {WRONG}\n")


def test_a_command_without_a_sign_in_is_refused_reading_ones_too(
    office: Path, capsys: pytest.CaptureFixture[str], unchanged: None
) -> None:
    for command in (("today", "--confirm"), ("invoices", "list"), ("check",), ("today",)):
        code, out, err = run(capsys, *command, "--db", str(office))
        assert (code, out, err) == (2, "", f"microoffice {command[0]}: {NO_SIGN_IN}\n")


def test_a_wrong_pin_is_refused_and_only_counted(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing changes but the count of Anna's wrong tries (itself on the audit trail)."""
    before = tables(office)
    code, out, err = run(
        capsys, "today", "--confirm", "--db", str(office), "--as", NAMES["carer"], secret="111111"
    )
    assert (code, out, err) == (2, "", f"microoffice today: {WRONG}\n")
    after = tables(office)
    assert {k: v for k, v in after.items() if k not in ("person", "audit_log")} == {
        k: v for k, v in before.items() if k not in ("person", "audit_log")
    }
    (entry,) = after["audit_log"][len(before["audit_log"]) :]
    _id, _at, actor, action, entity, _entity_id, changes, *_hashes = entry
    assert (actor, action, entity) == ("sign-in", "update", "person")
    assert json.loads(str(changes)) == {"failed_attempts": [0, 1]}


def tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, read straight from the file."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            name: conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
            for name in names
        }
    finally:
        conn.close()


def test_the_environment_signs_in_too(
    office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MICROOFFICE_USER", NAMES["carer"])
    code, out, err = run(capsys, "today", "--db", str(office), secret=PIN)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Visits on Monday 07 December 2026: 1"  # Anna's own only
    assert "Edna Price" in out and "Fred" not in out


@pytest.mark.parametrize(
    ("role", "command", "right"),
    [
        ("carer", ("invoices", "list"), Right.MONEY),
        (
            "carer",
            ("payments", "add", "--amount", "10", "--date", "07/12/2026", "--payer", "Ann"),
            Right.MONEY,
        ),
        ("carer", ("export", "--json", "{tmp}/out.json"), Right.OFFICE_FILE),
        ("carer", ("backup", "--to", "{tmp}/bk"), Right.OFFICE_FILE),
        ("bookkeeper", ("check",), Right.OFFICE_FILE),
        ("carer", ("restore", "{tmp}/any.sqlite"), Right.OFFICE_FILE),
        ("manager", ("password", "set"), Right.PASSWORD),
        ("manager", ("people", "add", "--name", "Kim Lo", "--role", "manager"), Right.PEOPLE),
        ("carer", ("people", "list"), Right.PEOPLE),
        ("carer", ("due",), Right.GOVERNANCE),
        ("bookkeeper", ("retention",), Right.GOVERNANCE),
        ("carer", ("schedule", "--client", "Edna Price"), Right.ROTA),
        ("bookkeeper", ("today",), Right.OWN_VISITS),
        ("bookkeeper", ("rota",), Right.OWN_VISITS),
        (
            "bookkeeper",
            ("mar", "--client", "Edna Price", "--month", "2026-12", "--pdf", "{tmp}/m.pdf"),
            Right.SEE_CARE,
        ),
        ("carer", ("import-csv", "--clients", "{tmp}/people.csv"), Right.CLIENTS),
        ("carer", ("demo", "--force"), Right.OFFICE_FILE),
    ],
    ids=lambda v: v if isinstance(v, str) else "-".join(v) if isinstance(v, tuple) else str(v),
)
def test_the_same_refusals_as_the_core(
    office: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    unchanged: None,
    role: str,
    command: tuple[str, ...],
    right: Right,
) -> None:
    (tmp_path / "people.csv").write_text("Forename,Surname\nIvy,Quinn\n", encoding="utf-8")
    monkeypatch.setenv("MICROOFFICE_NEW_PASSWORD", "a new office password")
    monkeypatch.setenv("MICROOFFICE_NEW_USER_PASSWORD", "13579135")
    args = [part.format(tmp=tmp_path) for part in command]
    code, _out, err = run(capsys, *args, "--db", str(office), "--as", NAMES[role], secret=PIN)
    assert (code, err) == (2, f"microoffice {command[0]}: {refusal(right)}\n")
    assert not (tmp_path / "out.json").exists() and not (tmp_path / "bk").exists()


def test_a_carer_reads_only_their_own_clients_records(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    carer = ("--db", str(office), "--as", NAMES["carer"])
    pdf = tmp_path / "fred.pdf"
    month = ("--month", "2026-12")
    code, _, err = run(
        capsys, "mar", "--client", "Fred Hill", *month, "--pdf", str(pdf), *carer, secret=PIN
    )
    assert code == 2 and "No client is called 'Fred Hill'" in err  # not even his name is known
    assert not pdf.exists()
    edna = ("--client", "Edna Price", *month, "--pdf", str(tmp_path / "edna.pdf"))
    code, out, err = run(capsys, "mar", *edna, *carer, secret=PIN)
    assert (code, err) == (0, "") and (tmp_path / "edna.pdf").exists()
    code, out, _ = run(capsys, "rota", *carer, secret=PIN)
    assert code == 0 and "Anna Lee" in out and "Jo Carer" not in out


def test_a_server_login_is_refused_on_an_office_file(
    office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    unchanged: None,
) -> None:  # fmt: skip
    monkeypatch.setenv("MICROOFFICE_NEW_USER_PASSWORD", "13579135")
    code, out, err = run(
        capsys, "people", "add", "--name", "Kim Lo", "--role", "manager", "--login", "kimlo",
        "--db", str(office), "--as", NAMES["owner"], secret=PIN,
    )  # fmt: skip
    assert (code, out, err) == (2, "", f"microoffice people: {people.FILE_OFFICE_LOGIN}\n")


def test_a_sole_traders_commands_are_signed_with_her_name(
    db_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from microoffice.core.services import business

    database = open_database(str(db_path))
    with database.session() as s:
        business.update_business(s, business.BusinessData(legal_name="Barbara Whitmore"))
    database.close()
    (tmp_path / "people.csv").write_text("Forename,Surname\nIvy,Quinn\n", encoding="utf-8")
    code, _, err = run(
        capsys, "import-csv", "--clients", str(tmp_path / "people.csv"), "--db", str(db_path)
    )
    assert (code, err) == (0, "")
    database = open_database(str(db_path))
    try:
        with database.session(reading=True) as s:
            actors = set(s.scalars(select(AuditLog.actor)))
    finally:
        database.close()
    assert "owner:Barbara Whitmore" in actors and not {"cli", "app", "import-csv"} & actors
    code, _, err = run(capsys, "today", "--db", str(db_path), "--as", "Barbara", secret=PIN)
    assert code == 2 and "Nobody signs in to this office yet" in err


def test_as_a_real_process_a_sign_in_from_the_environment_works(office: Path) -> None:
    env = dict(
        os.environ,
        MICROOFFICE_HOME=str(office.parent / "home"),
        MICROOFFICE_NOW="2026-12-07T09:30",
        MICROOFFICE_USER=NAMES["bookkeeper"],
        MICROOFFICE_USER_PASSWORD=PIN,
    )
    env.pop("MICROOFFICE_DB", None)
    done = subprocess.run(
        [sys.executable, "-m", "microoffice", "invoices", "list", "--db", str(office)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    env["MICROOFFICE_USER"] = NAMES["carer"]
    done = subprocess.run(
        [sys.executable, "-m", "microoffice", "invoices", "list", "--db", str(office)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"microoffice invoices: {refusal(Right.MONEY)}\n"
    assert OWN_LIMITS  # the carer's limits are the core's (tests/core/people)
