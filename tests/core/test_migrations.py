"""Schema life cycle: new databases, old databases upgrading, too-new ones refused."""

from __future__ import annotations

import ast
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from microoffice.core.db import migrate
from microoffice.core.db.database import open_database, stored_revision
from microoffice.core.db.engine import make_engine
from microoffice.core.db.schema import HEAD_REVISION
from microoffice.core.errors import MigrationError, SchemaTooNewError

FIXTURES = Path(__file__).parents[1] / "fixtures"
MIGRATIONS = Path(migrate.__file__).parent / "migrations" / "versions"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _schema(path: Path) -> dict[str, object]:
    """Tables with their columns (name, type, notnull, pk) and foreign keys; indexes; triggers
    with what they do (their SQL, spacing aside)."""
    conn = sqlite3.connect(path)
    try:
        out: dict[str, object] = {}
        for name, kind in conn.execute(
            "SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ):
            if kind == "table":
                cols = conn.execute(f"PRAGMA table_info('{name}')").fetchall()
                fks = conn.execute(f"PRAGMA foreign_key_list('{name}')").fetchall()
                out[name] = (
                    sorted((c[1], c[2].upper(), c[3], c[5]) for c in cols),
                    sorted((f[2], f[3], f[4]) for f in fks),
                )
            elif kind == "trigger":
                (sql,) = conn.execute(
                    "SELECT sql FROM sqlite_master WHERE name = ?", (name,)
                ).fetchone()
                out[name] = (kind, " ".join(sql.split()))
            else:
                out[name] = kind
        return out
    finally:
        conn.close()


def live_imports(source: str) -> list[str]:
    """What a migration imports from the program itself (at any depth)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "microoffice"]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level or module.split(".")[0] == "microoffice":
                found.append("." * node.level + module)
    return found


def test_migrations_are_frozen_they_import_nothing_of_the_program() -> None:
    """A migration that imported live code (the trigger DDL, a baseline) would change what an
    old upgrade does whenever that code is edited; each copies what it needs instead."""
    assert live_imports(
        "import sqlalchemy as sa\nfrom alembic import op\nimport microoffice.core.db.types\n"
        "def upgrade():\n    from microoffice.core.db.triggers import trigger_statements\n"
    ) == ["microoffice.core.db.types", "microoffice.core.db.triggers"]
    versions = sorted(MIGRATIONS.glob("*.py"))
    assert len(versions) >= 8
    imported = {p.name: live_imports(p.read_text(encoding="utf-8")) for p in versions}
    assert {name: found for name, found in imported.items() if found} == {}


def test_code_head_matches_alembic_head() -> None:
    assert migrate.script_head() == HEAD_REVISION


def test_new_database_is_created_and_stamped(db_path: Path) -> None:
    database = open_database(str(db_path))
    assert stored_revision(database.engine) == HEAD_REVISION
    database.close()


def test_created_schema_equals_migrated_schema(tmp_path: Path) -> None:
    created = tmp_path / "created.sqlite"
    open_database(str(created)).close()
    migrated = tmp_path / "migrated.sqlite"
    engine = make_engine(str(migrated))
    with engine.begin() as conn:
        migrate.run_upgrade(conn)
    engine.dispose()
    assert _schema(created) == _schema(migrated)


def test_first_migration_fixture_upgrades_to_head(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "db-0001_initial.sqlite", old)
    database = open_database(str(old))
    try:
        assert stored_revision(database.engine) == HEAD_REVISION
        with database.engine.connect() as conn:
            names = conn.execute(text("SELECT first_name, last_name FROM client")).all()
            triggers = (
                conn.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))
                .scalars()
                .all()
            )
        assert names == [("Edna", "Fixture")]
        assert "trg_daily_note_no_update" in triggers
    finally:
        database.close()
    backups = list((tmp_path / "old-backups").glob("old-pre-upgrade-0001_initial-*.sqlite"))
    assert len(backups) == 1


def test_database_from_newer_version_is_refused_untouched(db_path: Path) -> None:
    open_database(str(db_path)).close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = _sha(db_path)
    with pytest.raises(SchemaTooNewError, match="newer version"):
        open_database(str(db_path))
    assert _sha(db_path) == before


def test_failed_migration_leaves_file_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "db-0001_initial.sqlite", old)
    before = _sha(old)
    real_upgrade = migrate.run_upgrade

    def upgrade_then_fail(conn, target="head"):  # type: ignore[no-untyped-def]
        real_upgrade(conn, target)  # the DDL really runs on the working copy...
        conn.execute(text("CREATE TABLE half_done (x INTEGER)"))
        raise RuntimeError("disk unplugged mid-migration")  # ...then it fails

    monkeypatch.setattr(migrate, "run_upgrade", upgrade_then_fail)
    with pytest.raises(MigrationError, match="was not changed"):
        open_database(str(old))
    assert _sha(old) == before
    assert not (tmp_path / "old.sqlite.upgrading").exists()
    conn = sqlite3.connect(old)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001_initial",)
    conn.close()


def test_not_a_database_gets_a_clear_message(tmp_path: Path) -> None:
    from microoffice.core.errors import StorageError

    junk = tmp_path / "notes.sqlite"
    junk.write_text("shopping list: milk, bread")
    with pytest.raises(StorageError, match="not a microoffice database"):
        open_database(str(junk))


def test_append_only_tables_refuse_update_and_delete(db_path: Path) -> None:
    from datetime import UTC, datetime

    from microoffice.core.models.records import DailyNote
    from microoffice.core.services import clients

    database = open_database(str(db_path))
    with database.session() as s:
        cid = clients.create_client(s, clients.ClientData(first_name="A", last_name="B")).id
        s.add(DailyNote(client_id=cid, occurred_at=datetime(2026, 12, 7, 9, tzinfo=UTC), text="ok"))
    database.close()
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE daily_note SET text = 'changed'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_log")
    conn.close()


def test_upgrade_adds_newly_shipped_reference_figures(tmp_path: Path) -> None:
    from microoffice.core.services.reference import shipped_reference_values

    old = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "db-0001_initial.sqlite", old)
    database = open_database(str(old))
    try:
        with database.engine.connect() as conn:
            stored = conn.execute(text("SELECT COUNT(*) FROM reference_value")).scalar()
        assert stored == len(shipped_reference_values())  # the fixture had none
    finally:
        database.close()


def test_the_frozen_baseline_upgrade_explains_every_row_the_log_did_not(
    file_db: object, db_path: Path
) -> None:
    """Migration 0008 (its own copy of the replay) records, as they stand, rows changed, added and
    removed behind the log's back and a visit's staff changed the same way; `check` is then
    clean, names the baselines, and still catches a change made after the upgrade."""
    from microoffice.core.demo import build_demo
    from microoffice.core.services.integrity import check_database

    target = db_path.with_name("demo.sqlite")
    build_demo(str(target))
    engine = make_engine(str(target))
    with engine.begin() as c:  # back to the schema 0008 ran on (0008's own downgrade keeps all)
        from alembic import command

        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = c
        command.downgrade(cfg, "0008_audit_baseline")
    engine.dispose()
    conn = sqlite3.connect(target)
    conn.execute("UPDATE visit SET notes = 'changed' WHERE id IN (1, 2)")
    conn.execute("DELETE FROM visit_staff WHERE visit_id = (SELECT MIN(visit_id) FROM visit_staff)")
    conn.execute("UPDATE staff SET phone = '0121 000 0000' WHERE id = 1")
    conn.execute("DELETE FROM client_pause WHERE id = (SELECT MIN(id) FROM client_pause)")
    conn.execute("UPDATE alembic_version SET version_num = '0007_fee_statements'")
    conn.commit()
    conn.close()
    database = open_database(str(target))  # upgrades 0007 -> head, running 0008
    try:
        assert stored_revision(database.engine) == HEAD_REVISION
        assert check_database(database) == []
        with database.engine.connect() as c:
            entities = c.execute(
                text("SELECT entity FROM audit_log WHERE action = 'baseline' ORDER BY id")
            ).scalars()
            assert set(entities) >= {"visit", "visit_staff", "staff", "client_pause"}
    finally:
        database.close()
    conn = sqlite3.connect(target)
    conn.execute("UPDATE visit SET notes = 'again' WHERE id = 1")
    conn.commit()
    conn.close()
    database = open_database(str(target))
    try:
        assert [f.message for f in check_database(database)] == [
            "visit row 1 was changed outside microoffice: notes"
        ]
    finally:
        database.close()
