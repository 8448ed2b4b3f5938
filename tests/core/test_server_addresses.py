"""A server office's address may carry a password: it never reaches a screen, a terminal or a
log. And the small pieces of server backups that need no server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import make_url

from microoffice.core.db.database import open_database
from microoffice.core.db.engine import describe_target, has_password, with_password
from microoffice.core.errors import StorageError
from microoffice.core.services.server_backups import list_server_backups, rotate
from microoffice.core.services.server_office import default_admin_url

NOWHERE = "postgresql://anna:s3cret-Word@127.0.0.1:1/office"  # nothing listens on port 1


def test_addresses_are_shown_without_their_password() -> None:
    assert describe_target(NOWHERE) == "postgresql://anna:***@127.0.0.1:1/office"
    assert describe_target("/home/barbara/office.sqlite") == "/home/barbara/office.sqlite"
    odd = with_password("postgresql://anna@localhost/office", "p@ss:w/rd %20")
    assert make_url(odd).password == "p@ss:w/rd %20" and has_password(odd)
    assert "p@ss" not in describe_target(odd)
    assert not has_password("postgresql://anna@localhost/office")
    admin = make_url(default_admin_url(NOWHERE))
    assert (admin.username, admin.password, admin.port, admin.database) == (
        "postgres", None, 1, "postgres"
    )  # fmt: skip


def test_an_unreachable_server_is_said_plainly_without_the_password(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="Cannot reach the server office") as caught:
        open_database(NOWHERE)
    assert "s3cret" not in str(caught.value)
    env = dict(os.environ, MICROOFFICE_HOME=str(tmp_path / "home"))
    done = subprocess.run(
        [sys.executable, "-m", "microoffice", "check", "--db", NOWHERE],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "Cannot reach the server office postgresql://anna:***@127.0.0.1:1/office" in done.stderr
    logs = tmp_path / "home" / "logs"
    everything = (
        done.stdout
        + done.stderr
        + "".join(p.read_text(encoding="utf-8") for p in logs.rglob("*") if p.is_file())
    )
    assert "s3cret" not in everything


def test_the_newest_server_backups_are_kept_and_every_anchor_stays(tmp_path: Path) -> None:
    names = [f"office-202612{day:02d}T093000Z-manual.json" for day in range(1, 17)]
    for name in names:
        (tmp_path / name).write_text("{}", encoding="utf-8")
        (tmp_path / (name + ".anchor")).write_text("{}", encoding="utf-8")
    removed = rotate(tmp_path, keep=14)
    assert sorted(p.name for p in removed) == names[:2]
    assert [p.name for p in list_server_backups(tmp_path)] == names[2:][::-1]
    assert len(list(tmp_path.glob("*.anchor"))) == 16
