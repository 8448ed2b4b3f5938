"""Must show 3 (issue 15), the move: a file office onto a PostgreSQL server through `import
--json`, checked, invoiced and exported back, byte for byte; `demo --db postgresql://...`.

Each command runs as a person runs it (a real process) against a real server (./dev
test-postgres); addresses carry a password, and no output may show it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from microoffice.core.db.database import open_database
from microoffice.core.services import clients
from microoffice.core.services.integrity import run_check
from microoffice.core.services.transfer import export_data
from tests.core.server.conftest import OWNER_PASSWORD, Office, admin_engine, needs_postgres

pytestmark = needs_postgres()
SECRET = "microoffice-test"  # the test server's administrator password (./dev ensure_postgres)


def mo(*args: str | Path, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, MICROOFFICE_HOME=str(home), MICROOFFICE_NOW="2026-12-07T09:30", **env)
    full.pop("MICROOFFICE_DB", None)
    done = subprocess.run(
        [sys.executable, "-m", "microoffice", *map(str, args)],
        capture_output=True,
        text=True,
        env=full,
        timeout=300,
        check=False,
    )
    secrets = {OWNER_PASSWORD, SECRET} | {v for k, v in env.items() if "PASSWORD" in k}
    for secret in secrets:
        assert secret not in done.stdout + done.stderr, "a password reached the terminal"
    return done


def empty_database(name: str) -> str:
    """A brand-new database with nothing in it (createdb), as the server's administrator."""
    admin = admin_engine()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return str(admin.url.set(database=name).render_as_string(hide_password=False)).replace(
        "postgresql+psycopg://", "postgresql://"
    )


def test_demo_moves_onto_the_server_and_back_byte_for_byte(
    demo_export: Path, new_office_name: Callable[[], str], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    server = empty_database(new_office_name())
    moved = mo("import", "--json", demo_export, "--db", server, home=home)
    assert moved.returncode == 0, moved.stderr
    assert "Imported" in moved.stdout and "***" in moved.stdout

    back = tmp_path / "b.json"
    assert mo("export", "--json", back, "--db", server, home=home).returncode == 0
    assert back.read_bytes() == demo_export.read_bytes()  # A == B, byte for byte

    checked = mo("check", "--db", server, home=home)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("OK: file sound, schema current, audit trail and records")

    run = mo("invoices", "run", "--period", "2026-11", "--issue", "--out", tmp_path / "pdf",
             "--db", server, home=home)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "INV-000001" in run.stdout
    assert len(list((tmp_path / "pdf").glob("*.pdf"))) >= 10
    after = mo("check", "--db", server, home=home)
    assert after.returncode == 0, after.stdout

    # the invoiced office back to a file, and exported again: the same bytes
    invoiced = tmp_path / "c.json"
    assert mo("export", "--json", invoiced, "--db", server, home=home).returncode == 0
    assert invoiced.read_bytes() != demo_export.read_bytes()
    office_file = tmp_path / "back.sqlite"
    assert mo("import", "--json", invoiced, "--db", office_file, home=home).returncode == 0
    again = tmp_path / "d.json"
    assert mo("export", "--json", again, "--db", office_file, home=home).returncode == 0
    assert again.read_bytes() == invoiced.read_bytes()
    assert mo("check", "--db", office_file, home=home).returncode == 0


def test_ids_carry_on_after_the_move(demo_export: Path, make_office: Callable[..., Office]) -> None:
    office = make_office(source=demo_export)
    database = office.open()
    try:
        with database.engine.connect() as conn:
            highest = conn.scalar(text("SELECT max(id) FROM client"))
            entries = conn.scalar(text("SELECT max(id) FROM audit_log"))
        with database.session(actor="test") as s:
            new = clients.create_client(s, clients.ClientData(first_name="New", last_name="One"))
        assert new.id == highest + 1
        with database.engine.connect() as conn:
            assert conn.scalar(text("SELECT min(id) FROM audit_log WHERE id > :e"),
                               {"e": entries}) == entries + 1  # fmt: skip
    finally:
        database.close()


def test_an_office_already_in_use_is_never_merged_into(
    demo_export: Path, new_office_name: Callable[[], str], tmp_path: Path
) -> None:
    """'Empty' means no row in any table: a server office that has been opened once holds its
    reference figures (and their audit entries), so an import is refused, changing nothing."""
    home = tmp_path / "home"
    server = empty_database(new_office_name())
    before = exported(server)  # opened for use: schema and reference figures
    refused = mo("import", "--json", demo_export, "--db", server, home=home)
    assert refused.returncode == 2
    assert "already holds data" in refused.stderr and "Nothing was imported" in refused.stderr
    assert exported(server) == before

    # and an office with data in it: the second import of the same export is refused too
    full = empty_database(new_office_name())
    assert mo("import", "--json", demo_export, "--db", full, home=home).returncode == 0
    twice = mo("import", "--json", demo_export, "--db", full, home=home)
    assert twice.returncode == 2 and "already holds data" in twice.stderr
    assert exported(full) == json.loads(demo_export.read_text(encoding="utf-8"))


def exported(address: str) -> dict[str, Any]:
    """The office as its export, read in this process (opening it first if it is new)."""
    database = open_database(address)
    try:
        return export_data(database)
    finally:
        database.close()


def test_demo_goes_onto_a_server(
    demo_export: Path, new_office_name: Callable[[], str], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    server = empty_database(new_office_name())
    made = mo("demo", "--db", server, home=home)
    assert made.returncode == 0, made.stderr
    assert "14 clients" in made.stdout and "postgresql://" in made.stdout
    assert exported(server) == json.loads(demo_export.read_text(encoding="utf-8"))
    database = open_database(server)
    try:
        assert run_check(database).findings == []
    finally:
        database.close()

    again = mo("demo", "--db", server, home=home)
    assert again.returncode == 2 and "already holds data" in again.stderr
    forced = mo("demo", "--force", "--db", server, home=home)
    assert forced.returncode == 2 and "never replaced" in forced.stderr


@pytest.mark.parametrize("with_json", [False, True])
def test_server_setup_is_one_command(
    with_json: bool, demo_export: Path, new_office_name: Callable[[], str], tmp_path: Path
) -> None:
    """`microoffice server setup`: the office's database, the owner's own login, every role's
    rights; with --json the file office is moved in. The owner then works as that login."""
    home = tmp_path / "home"
    name = new_office_name()
    office = Office(name, os.environ["MICROOFFICE_TEST_PG"])
    extra = ["--json", str(demo_export)] if with_json else []
    made = mo("server", "setup", "--db", office.address(), *extra, home=home,
              MICROOFFICE_NEW_USER_PASSWORD=OWNER_PASSWORD,
              MICROOFFICE_SERVER_ADMIN_PASSWORD=SECRET)  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert f"its owner signs in as {office.owner}" in made.stdout
    owner = office.address()  # no password in the address: the owner's comes from the env
    as_owner = {"MICROOFFICE_USER_PASSWORD": OWNER_PASSWORD}
    checked = mo("check", "--db", owner, home=home, **as_owner)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    exported = tmp_path / "e.json"
    assert mo("export", "--json", exported, "--db", owner, home=home, **as_owner).returncode == 0
    if with_json:
        assert "Moved" in made.stdout
        assert exported.read_bytes() == demo_export.read_bytes()
    else:
        database = office.open()
        with database.engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM reference_value")) > 0  # seeded
            assert conn.scalar(text("SELECT count(*) FROM client")) == 0
        database.close()
    wrong = mo("check", "--db", owner, home=home, MICROOFFICE_USER_PASSWORD="not-the-one")
    assert wrong.returncode == 2
    assert f"did not accept the login '{office.owner}'" in wrong.stderr

    rerun = mo("server", "setup", "--db", office.address(), home=home,
               MICROOFFICE_NEW_USER_PASSWORD=OWNER_PASSWORD,
               MICROOFFICE_SERVER_ADMIN_PASSWORD=SECRET)  # fmt: skip
    assert rerun.returncode == 0 and "already there and is up to date" in rerun.stdout
    again = tmp_path / "again.json"
    assert mo("export", "--json", again, "--db", owner, home=home, **as_owner).returncode == 0
    assert again.read_bytes() == exported.read_bytes()


def test_a_command_asks_for_the_logins_password_or_takes_pgpassword(
    make_office: Callable[..., Office], monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse
    import getpass
    import io

    from microoffice.commands import common
    from microoffice.core.errors import ServerSignInError

    office = make_office()
    for name in ("MICROOFFICE_USER_PASSWORD", "PGPASSWORD", "PGPASSFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")  # no password file here
    args = argparse.Namespace(db=office.address(), command="check")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    asked: list[str] = []
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or OWNER_PASSWORD)
    common.open_db(args).close()
    assert asked == [f"Password for {office.owner}: "]

    monkeypatch.setattr(sys, "stdin", io.StringIO())  # no terminal: nobody to ask
    with pytest.raises(ServerSignInError, match="asks for the password"):
        common.open_db(args)
    monkeypatch.setenv("PGPASSWORD", OWNER_PASSWORD)  # PostgreSQL's own way
    common.open_db(args).close()
