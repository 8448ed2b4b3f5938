"""Server offices on a real PostgreSQL (MICROOFFICE_TEST_PG), each test its own.

Every office is made the way a team makes one (`setup_server_office`, with the server's
administrator), named `srv_<random>`; its logins start with the office's name, so the teardown
drops the database and every role it made and nothing is left on the shared server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import URL, Engine, create_engine, make_url, text

from microoffice.core import clock
from microoffice.core.db.database import Database, open_database
from microoffice.core.db.engine import url_for, with_password
from microoffice.core.db.server_roles import create_login
from microoffice.core.services.server_office import setup_server_office
from microoffice.core.services.transfer import export_json_file
from tests.conftest import FROZEN_AT, PG_URL

OWNER_PASSWORD = "owner-pass-1"


def needs_postgres() -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not PG_URL, reason="a real PostgreSQL: set MICROOFFICE_TEST_PG (./dev test-postgres)"
    )


@dataclass
class Office:
    name: str
    admin_url: str
    logins: dict[str, str] = field(default_factory=dict)  # login -> password

    def url(self, login: str | None = None, password: str | None = None) -> str:
        """The office's address as `login` (the owner by default), password included."""
        who = login or self.owner
        return with_password(self.address(who), password or self.logins.get(who, OWNER_PASSWORD))

    def address(self, login: str | None = None) -> str:
        """The office's address as a person writes it: no password, plain postgresql://."""
        admin = make_url(url_for(self.admin_url))
        office = URL.create("postgresql", login or self.owner, None, admin.host, admin.port,
                            self.name)  # fmt: skip
        return office.render_as_string(hide_password=False)

    @property
    def owner(self) -> str:
        return f"{self.name}_o"

    def open(self, login: str | None = None) -> Database:
        return open_database(self.url(login))

    def login(self, who: str) -> str:
        return f"{self.name}_{who}"

    def psql(self, login: str, sql: str) -> subprocess.CompletedProcess[str]:
        """psql as that login, as someone at the office computer would run it."""
        psql = shutil.which("psql")
        assert psql is not None, "psql is installed with PostgreSQL (./dev test-postgres)"
        env = dict(os.environ)
        env.pop("PGPASSWORD", None)
        return subprocess.run(
            [psql, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", _libpq(self.url(login)), "-c", sql],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )


def _libpq(url: str) -> str:
    """The psycopg URL as libpq (psql) reads it."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def admin_engine() -> Engine:
    assert PG_URL is not None
    return create_engine(url_for(PG_URL), isolation_level="AUTOCOMMIT")


def drop_office(name: str) -> None:
    admin = admin_engine()
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            roles = conn.execute(
                text(
                    "SELECT rolname FROM pg_roles WHERE rolname LIKE :p "
                    "ORDER BY rolcanlogin DESC, rolname"
                ),
                {"p": name + "%"},
            ).scalars()
            for role in list(roles):
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
    finally:
        admin.dispose()


@pytest.fixture
def new_office_name() -> Iterator[Callable[[], str]]:
    """Names for offices a test makes itself; whatever they made is dropped afterwards."""
    names: list[str] = []

    def name() -> str:
        names.append(f"srv_{uuid.uuid4().hex[:10]}")
        return names[-1]

    yield name
    for made in names:
        drop_office(made)


@pytest.fixture
def make_office(new_office_name: Callable[[], str]) -> Callable[..., Office]:
    """make_office(source=EXPORT): a server office set up by its owner, optionally with a file
    office's export moved in."""
    assert PG_URL is not None

    def make(source: Path | None = None) -> Office:
        office = Office(new_office_name(), PG_URL)
        setup_server_office(office.address(), OWNER_PASSWORD, PG_URL, source=source)
        return office

    return make


@pytest.fixture(scope="session")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Barbara's demo office (built once per run at the frozen time) as a JSON export: export A."""
    from microoffice.core.demo import build_demo

    folder = tmp_path_factory.mktemp("demo")
    with clock.frozen(FROZEN_AT):
        build_demo(str(folder / "demo.sqlite"))
        source = open_database(str(folder / "demo.sqlite"))
        try:
            export_json_file(source, folder / "demo.json")
        finally:
            source.close()
    return folder / "demo.json"


PERSON_DDL = (
    "CREATE TABLE IF NOT EXISTS person (id SERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL, "
    "role VARCHAR(20) NOT NULL, staff_id INTEGER REFERENCES staff(id), login VARCHAR(63) UNIQUE, "
    "secret_hash TEXT NOT NULL DEFAULT '', active BOOLEAN NOT NULL DEFAULT true, "
    "version INTEGER NOT NULL DEFAULT 1)"
)


def add_person(
    office: Office, name: str, role: str, staff_id: int | None, who: str, password: str
) -> str:
    """A person with their own server login, as `people add --login` makes them: the person row
    (through the ORM, so it is audited) and the login, saved together."""
    from microoffice.core.models.people import Person

    login = office.login(who)
    database = office.open()
    try:
        with database.session(actor="owner") as s:
            s.add(Person(name=name, role=role, staff_id=staff_id, login=login))
            s.flush()
            create_login(s.connection(), login, password, role, staff_id)
    finally:
        database.close()
    office.logins[login] = password
    return login
