"""Issue 6: password protection of the database file and its backups."""

from __future__ import annotations

from pathlib import Path

import pytest

from microoffice.core.db.database import Database, open_database
from microoffice.core.db.sqlite_files import PasswordRequired, WrongPassword
from microoffice.core.errors import ValidationError
from microoffice.core.services import backups, clients
from microoffice.core.services.encryption import change_password, check_new_password

NAME = "Philomena Quigley-Burtonshaw"
SECRET = b"Quigley-Burtonshaw"  # the surname as it lies in the file


def _add_client(db: Database) -> None:
    first, last = NAME.split(" ", 1)
    with db.session() as s:
        clients.create_client(s, clients.ClientData(first_name=first, last_name=last))


def _names(db: Database) -> list[str]:
    with db.session() as s:
        return [r.name for r in clients.list_clients(s)]


def _all_bytes(path: Path) -> bytes:
    return b"".join(
        Path(str(path) + suffix).read_bytes()
        for suffix in ("", "-wal")
        if Path(str(path) + suffix).exists()
    )


def test_set_reopen_change_remove(file_db: Database, db_path: Path) -> None:
    _add_client(file_db)
    plain_backup = backups.create_backup(file_db)
    assert SECRET in plain_backup.read_bytes()

    db = change_password(file_db, "correct horse battery")
    assert _names(db) == [NAME]
    db.close()
    assert SECRET not in _all_bytes(db_path)  # no plaintext on disk
    assert SECRET not in db_path.read_bytes()
    assert SECRET not in plain_backup.read_bytes()  # old backups re-encrypted too

    with pytest.raises(PasswordRequired, match="protected by a password"):
        open_database(str(db_path))
    before = db_path.read_bytes()
    with pytest.raises(WrongPassword, match="does not open"):
        open_database(str(db_path), password="Correct horse battery")
    assert db_path.read_bytes() == before  # a wrong password never damages the file

    db = open_database(str(db_path), password="correct horse battery")
    new_backup = backups.create_backup(db)
    assert SECRET not in new_backup.read_bytes()  # backups of it are encrypted

    db = change_password(db, "a different phrase")
    db.close()
    with pytest.raises(WrongPassword):
        open_database(str(db_path), password="correct horse battery")
    db = open_database(str(db_path), password="a different phrase")
    assert _names(db) == [NAME]

    db = change_password(db, None)
    db.close()
    assert SECRET in db_path.read_bytes()
    db = open_database(str(db_path))
    assert _names(db) == [NAME]
    restored_ok = backups.list_backups(new_backup.parent)
    assert all(SECRET in b.path.read_bytes() for b in restored_ok)
    db.close()


def test_encrypted_backup_restores(file_db: Database, db_path: Path) -> None:
    _add_client(file_db)
    db = change_password(file_db, "secret phrase 1")
    backup = backups.create_backup(db)
    with db.session() as s:
        clients.create_client(s, clients.ClientData(first_name="Later", last_name="Addition"))
    db.close()
    with pytest.raises(PasswordRequired):
        backups.restore_backup(backup, db_path)
    backups.restore_backup(backup, db_path, key="secret phrase 1")
    db = open_database(str(db_path), password="secret phrase 1")
    assert _names(db) == [NAME]
    db.close()


def test_new_password_rules() -> None:
    with pytest.raises(ValidationError) as short:
        check_new_password("abc", "abc")
    assert "at least 10" in short.value.errors["password"]
    for common in ("password123", "Password123", "1234567890", "qwertyuiop", "manchester"):
        with pytest.raises(ValidationError) as refused:
            check_new_password(common, common)
        assert "commonest passwords" in refused.value.errors["password"]
    with pytest.raises(ValidationError) as repeated:
        check_new_password("aaaaaaaaaaaa", "aaaaaaaaaaaa")
    assert "commonest passwords" in repeated.value.errors["password"]
    with pytest.raises(ValidationError) as differ:
        check_new_password("long enough one", "long enough two")
    assert "not the same" in differ.value.errors["confirm"]
    check_new_password("long enough one", "long enough one")


def test_the_key_derivation_is_the_one_documented(file_db: Database, db_path: Path) -> None:
    """docs/encryption.md states the guess cost from these settings: they may not change alone."""
    from microoffice.core.db.sqlite_files import connect_file

    change_password(file_db, "correct horse battery").close()
    conn = connect_file(db_path, "correct horse battery", readonly=True)
    try:
        iterations = conn.execute("PRAGMA kdf_iter").fetchone()[0]
        algorithm = conn.execute("PRAGMA cipher_kdf_algorithm").fetchone()[0]
    finally:
        conn.close()
    assert (int(iterations), algorithm) == (256_000, "PBKDF2_HMAC_SHA512")
    doc = (Path(__file__).parents[2] / "docs" / "encryption.md").read_text(encoding="utf-8")
    assert "PBKDF2-HMAC-SHA512" in doc and "256,000 iterations" in doc
