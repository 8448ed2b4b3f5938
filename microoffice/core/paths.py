"""Every file location in one place, so tests and portable installs can redirect all of them.

Order of precedence for the database: an explicit path (--db), then MICROOFFICE_DB, then the
platformdirs user data directory. MICROOFFICE_HOME moves data, logs and config together (tests use
it so they never touch a real user directory).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "microoffice"
DB_FILENAME = "microoffice.sqlite"


def _home_override() -> Path | None:
    raw = os.environ.get("MICROOFFICE_HOME")
    return Path(raw).expanduser() if raw else None


def data_dir() -> Path:
    home = _home_override()
    if home is not None:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    home = _home_override()
    if home is not None:
        return home / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    return log_dir() / "microoffice.log"


def is_url(target: str) -> bool:
    return "://" in target


def database_target(explicit: str | os.PathLike[str] | None = None) -> str:
    """The database the app should open: a filesystem path, or a URL for a server database."""
    if explicit:
        return str(explicit)
    env = os.environ.get("MICROOFFICE_DB")
    if env:
        return env
    return str(data_dir() / DB_FILENAME)


def backup_dir(db_path: Path) -> Path:
    """Backups sit beside the database they protect, so moving the folder moves both."""
    return db_path.parent / f"{db_path.stem}-backups"


def resources_dir() -> Path:
    """Icons, stylesheet and reference data, shipped inside the package (microoffice/resources/)
    and found through importlib.resources: the same way in the source tree, an editable or a
    normal `pip install .`, and the PyInstaller bundle (which collects them at the same place).

    A folder, not a Traversable: Qt opens icons and the stylesheet by file name, and microoffice
    is never imported from a zip.
    """
    from importlib.resources import files

    return Path(str(files("microoffice").joinpath("resources")))
