"""`microoffice server setup` never takes over what it did not make and leaves nothing
half-made; a server office's backup is its JSON export, checked and anchored, and is restored
into a new office byte for byte (README, "A team on a server")."""

from __future__ import annotations

import json
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from microoffice.core.errors import UserError, ValidationError
from microoffice.core.services import clients
from microoffice.core.services.backups import backup_on_close
from microoffice.core.services.integrity import run_check
from microoffice.core.services.server_backups import create_server_backup
from microoffice.core.services.server_office import setup_server_office
from microoffice.core.services.transfer import ImportFileError
from tests.core.server.conftest import (
    OWNER_PASSWORD,
    Office,
    add_person,
    admin_engine,
    needs_postgres,
)
from tests.core.server.test_server_move import SECRET, mo

pytestmark = needs_postgres()


def _on_server(name: str) -> tuple[bool, list[str]]:
    """(the database exists, the roles named after it)."""
    admin = admin_engine()
    try:
        with admin.connect() as conn:
            database = conn.scalar(
                text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": name}
            )
            roles = conn.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p ORDER BY 1"),
                {"p": name + "%"},
            ).scalars()
            return bool(database), list(roles)
    finally:
        admin.dispose()


def test_setup_refuses_a_database_or_login_it_did_not_make(
    new_office_name: Callable[[], str],
) -> None:
    taken = Office(new_office_name(), str(admin_engine().url.render_as_string(False)))
    admin = admin_engine()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{taken.name}"')  # someone else's database
    with pytest.raises(UserError, match="already has a database named"):
        setup_server_office(taken.address(), OWNER_PASSWORD, taken.admin_url)
    assert _on_server(taken.name) == (True, [])  # no role made, the database untouched

    other = Office(new_office_name(), taken.admin_url)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE ROLE "{other.owner}" LOGIN')  # someone else's login
    admin.dispose()
    with pytest.raises(UserError, match="already has a login named"):
        setup_server_office(other.address(), OWNER_PASSWORD, other.admin_url)
    assert _on_server(other.name) == (False, [other.owner])

    short = Office(new_office_name(), taken.admin_url)
    with pytest.raises(ValidationError, match="at least 8 characters"):
        setup_server_office(short.address(), "2short", short.admin_url)
    assert _on_server(short.name) == (False, [])


def test_a_failed_setup_leaves_nothing_behind(
    demo_export: Path, new_office_name: Callable[[], str], tmp_path: Path
) -> None:
    data = json.loads(demo_export.read_text(encoding="utf-8"))
    contacts = data["tables"]["contact"]
    at = contacts["columns"].index("client_id")
    contacts["rows"][0][at] = 9999  # a contact of a client the file does not have
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    office = Office(new_office_name(), str(admin_engine().url.render_as_string(False)))
    with pytest.raises(ImportFileError, match="not in the file"):
        setup_server_office(office.address(), OWNER_PASSWORD, office.admin_url, source=broken)
    assert _on_server(office.name) == (False, [])


def test_a_server_office_is_backed_up_checked_anchored_and_restored(
    demo_export: Path,
    make_office: Callable[..., Office],
    new_office_name: Callable[[], str],
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    office = make_office(source=demo_export)
    owner = {"MICROOFFICE_USER_PASSWORD": OWNER_PASSWORD}
    taken = mo("backup", "--db", office.address(), home=home, **owner)
    assert taken.returncode == 0, taken.stderr
    folder = home / "data" / "server-backups" / f"localhost-5432-{office.name}"
    [backup] = list(folder.glob("*.json"))
    assert taken.stdout.strip() == f"Backup written and verified: {backup}"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert backup.read_bytes() == demo_export.read_bytes()  # the office, exactly
    anchor = json.loads((folder / (backup.name + ".anchor")).read_text(encoding="utf-8"))
    entries = data_entries(backup)
    assert anchor["entry"] == entries[-1]

    checked = mo("check", "--db", office.address(), "--anchors", folder, home=home, **owner)
    assert checked.returncode == 0, checked.stdout
    assert f"History anchored up to entry {entries[-1]} of {entries[-1]}," in checked.stdout

    restored = Office(new_office_name(), office.admin_url)
    made = mo("server", "setup", "--db", restored.address(), "--json", backup, home=home,
              MICROOFFICE_NEW_USER_PASSWORD=OWNER_PASSWORD,
              MICROOFFICE_SERVER_ADMIN_PASSWORD=SECRET)  # fmt: skip
    assert made.returncode == 0, made.stderr
    again = tmp_path / "again.json"
    assert mo("export", "--json", again, "--db", restored.address(), home=home,
              **owner).returncode == 0  # fmt: skip
    assert again.read_bytes() == backup.read_bytes()

    carer = add_person(office, "Zoe Hall", "carer", 1, "zoe", "zoe-pass-12")
    refused = mo("backup", "--db", office.address(carer), "--to", tmp_path / "mine", home=home,
                 MICROOFFICE_USER_PASSWORD="zoe-pass-12")  # fmt: skip
    assert refused.returncode == 2
    # the program's own rights refuse first; the server would too ("does not allow this")
    assert "can export, back up, restore or check" in refused.stderr
    mine = tmp_path / "mine"
    assert not mine.exists() or not any(mine.iterdir())  # no backup, no partial file

    restore = mo("restore", backup, "--db", office.address(), home=home, **owner)
    assert restore.returncode == 2 and "server setup" in restore.stderr

    manager = add_person(office, "Mia Reid", "manager", None, "mia", "mia-pass-12")
    by_manager = mo("backup", "--db", office.address(manager), "--to", tmp_path / "mia",
                    home=home, MICROOFFICE_USER_PASSWORD="mia-pass-12")  # fmt: skip
    assert by_manager.returncode == 0, by_manager.stderr
    database = office.open()
    try:
        assert backup_on_close(database) is None  # the window leaves a server office to this
    finally:
        database.close()


def test_a_backup_taken_while_others_save_is_one_moment_of_the_office(
    make_office: Callable[..., Office], new_office_name: Callable[[], str], tmp_path: Path
) -> None:
    office = make_office()
    busy = office.open()
    stop = threading.Event()
    saved: list[int] = []

    def keep_saving() -> None:
        while not stop.is_set():
            with busy.session(actor="another computer") as s:
                made = clients.create_client(
                    s, clients.ClientData(first_name="Busy", last_name=f"N{len(saved)}")
                )
                saved.append(made.id)

    worker = threading.Thread(target=keep_saving)
    worker.start()
    database = office.open()
    try:
        while len(saved) < 3:
            time.sleep(0.05)
        backup = create_server_backup(database, to=tmp_path)
    finally:
        stop.set()
        worker.join()
        database.close()
        busy.close()
    assert saved and len(saved) > 3
    restored = Office(new_office_name(), office.admin_url)
    setup_server_office(restored.address(), OWNER_PASSWORD, restored.admin_url, source=backup)
    copy = restored.open()
    try:
        assert run_check(copy).findings == []  # every row in it is explained by its audit trail
    finally:
        copy.close()


def data_entries(backup: Path) -> list[int]:
    audit = json.loads(backup.read_text(encoding="utf-8"))["tables"]["audit_log"]
    at = audit["columns"].index("id")
    return [row[at] for row in audit["rows"]]
