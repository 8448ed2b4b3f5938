"""Shared fixtures: every test gets its own home directory and a frozen clock.

MICROOFFICE_HOME redirects data, logs and backups, so no test touches a real user directory.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from microoffice.core import clock
from microoffice.core.db.database import Database, open_database
from microoffice.ui.app.binding import keep_none_alive

keep_none_alive()  # the test run is one long window session: guarded as app.py guards the window

FROZEN_AT = datetime(2026, 12, 7, 9, 30)  # a Monday, London time


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("MICROOFFICE_HOME", str(home))
    monkeypatch.delenv("MICROOFFICE_DB", raising=False)
    monkeypatch.delenv("MICROOFFICE_NOW", raising=False)
    clock.freeze(FROZEN_AT)
    yield home
    clock.freeze(None)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite"


PG_URL = os.environ.get("MICROOFFICE_TEST_PG")  # e.g. postgresql://postgres:pw@localhost/postgres


def pytest_configure(config: pytest.Config) -> None:
    """`./dev test-postgres` sets MICROOFFICE_REQUIRE_PG: without a server to test on, the run
    stops at once instead of skipping the server's tests and passing."""
    if os.environ.get("MICROOFFICE_REQUIRE_PG") and not PG_URL:
        raise pytest.UsageError(
            "MICROOFFICE_REQUIRE_PG is set but MICROOFFICE_TEST_PG is not: the PostgreSQL tests "
            "would be skipped. Run ./dev test-postgres, which starts a server and sets it."
        )


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One freshly created database per run; each test starts from a byte copy of it.

    Creating the schema (dozens of tables and triggers) and seeding it costs far more than a copy.
    """
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    with clock.frozen(FROZEN_AT):
        open_database(str(path)).close()
    return path


@pytest.fixture
def fresh_db_file(_template_db: Path, db_path: Path) -> Path:
    shutil.copyfile(_template_db, db_path)
    return db_path


@pytest.fixture
def file_db(fresh_db_file: Path) -> Iterator[Database]:
    """A database in an SQLite file, for tests about the file itself (backups, tampering)."""
    database = open_database(str(fresh_db_file))
    yield database
    database.close()


@pytest.fixture
def db(fresh_db_file: Path) -> Iterator[Database]:
    """The database services run on: SQLite, or a fresh PostgreSQL database when
    MICROOFFICE_TEST_PG is set (CI runs the core suite both ways)."""
    if not PG_URL:
        database = open_database(str(fresh_db_file))
        yield database
        database.close()
        return
    yield from _postgres_database()


def _postgres_database() -> Iterator[Database]:
    import uuid

    from sqlalchemy import create_engine, text

    from microoffice.core.db.engine import url_for

    assert PG_URL is not None
    name = f"mo_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url_for(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = url_for(PG_URL).rpartition("/")
    database = open_database(f"{base}/{name}")
    try:
        yield database
    finally:
        database.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(autouse=True)
def _quick_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """New PIN hashes in tests use a small scrypt cost (checks read the cost stored with each
    hash, so nothing else changes); tests/core/people/test_secrets.py checks the real one."""
    from microoffice.core.people import secrets

    monkeypatch.setattr(secrets, "COST", secrets.Cost(n=2**8, r=8, p=1))
