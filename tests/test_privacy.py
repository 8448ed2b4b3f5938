"""Issue 6, privacy: no network connection, owner-only files, no personal data in logs."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

NO_NETWORK = r"""
import socket, os
_log = os.environ["MO_NET_LOG"]
_real_socket = socket.socket
class _Guarded(_real_socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if family in (socket.AF_INET, socket.AF_INET6):
            with open(_log, "a") as fh:
                fh.write(f"socket family={family}\n")
            raise OSError("network access is blocked in this test")
        super().__init__(family, type, proto, fileno)
socket.socket = _Guarded
def _blocked(*args, **kwargs):
    with open(_log, "a") as fh:
        fh.write(f"connection {args[:1]}\n")
    raise OSError("network access is blocked in this test")
socket.create_connection = _blocked
socket.getaddrinfo = _blocked
"""


@pytest.fixture
def guarded_env(tmp_path: Path) -> dict[str, str]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(NO_NETWORK)
    env = dict(os.environ)
    env.update(
        PYTHONPATH=os.pathsep.join([str(site), env.get("PYTHONPATH", "")]),
        MO_NET_LOG=str(tmp_path / "network.log"),
        MICROOFFICE_HOME=str(tmp_path / "home"),
        MICROOFFICE_NOW="2026-12-07T09:30",
        QT_QPA_PLATFORM="offscreen",
    )
    env.pop("MICROOFFICE_DB", None)
    return env


def _mo(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "microoffice", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_app_flows_open_no_network_connection(tmp_path: Path, guarded_env: dict[str, str]) -> None:
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
        env=guarded_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe.returncode != 0 and "blocked" in probe.stderr  # the guard is really in place
    Path(guarded_env["MO_NET_LOG"]).unlink()

    db = str(tmp_path / "demo.sqlite")
    flows = [
        ("demo", "--db", db),
        ("check", "--db", db),
        ("backup", "--db", db),
        ("export", "--db", db, "--json", str(tmp_path / "all.json")),
        ("import", "--json", str(tmp_path / "all.json"), "--db", str(tmp_path / "copy.sqlite")),
        ("--db", db, "--smoke"),
    ]
    for args in flows:
        result = _mo(guarded_env, *args)
        assert result.returncode == 0, (args, result.stderr[-1500:])
    log = Path(guarded_env["MO_NET_LOG"])
    assert not log.exists(), log.read_text()


def test_files_are_owner_only_and_logs_hold_no_client_names(
    tmp_path: Path, guarded_env: dict[str, str]
) -> None:
    db = tmp_path / "data" / "demo.sqlite"
    assert _mo(guarded_env, "demo", "--db", str(db)).returncode == 0
    assert _mo(guarded_env, "backup", "--db", str(db)).returncode == 0
    assert (
        _mo(guarded_env, "export", "--db", str(db), "--json", str(tmp_path / "x.json")).returncode
        == 0
    )
    assert _mo(guarded_env, "--db", str(db), "--smoke").returncode == 0
    created = [db, *db.parent.glob("demo-backups/*"), tmp_path / "x.json"]
    home = Path(guarded_env["MICROOFFICE_HOME"])
    logs = list(home.rglob("*.log"))
    assert logs, "the app writes a log file"
    for path in created + logs:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} is readable by others ({oct(mode)})"
    import sqlite3

    conn = sqlite3.connect(db)
    surnames = {r[0] for r in conn.execute("SELECT last_name FROM client")}
    conn.close()
    assert len(surnames) >= 10
    text = "\n".join(p.read_text(errors="replace") for p in logs)
    leaked = sorted(name for name in surnames if name in text)
    assert leaked == []
