"""Shared fixtures: every test gets its own home directory and a frozen clock.

MICROOFFICE_HOME redirects data, logs and backups, so no test touches a real user directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from microoffice.core import clock  # noqa: E402
from microoffice.core.db.database import Database, open_database  # noqa: E402

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


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(str(db_path))
    yield database
    database.close()
