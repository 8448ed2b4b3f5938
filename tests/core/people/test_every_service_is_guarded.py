"""Every public service declares the right it needs, so a new service cannot forget (issue 15).

Walks every module of the core (the database layer and the models aside) and finds each public
function that takes a session or the Database first: each must carry @needs, @needs_office or
@before_sign_in. The few that work before anyone signs in are listed here by name, so adding one
is a decision a reviewer sees. Then the window's and the command line's calls into the core are
read from their source: each must reach a guarded function.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Any

import microoffice
from microoffice.core.people.guard import declared

PACKAGE = Path(microoffice.__file__).parent
# The database layer and the models are below the services; the guard is the check itself.
SKIPPED = ("microoffice.core.db", "microoffice.core.models", "microoffice.core.people.guard")
BEFORE_SIGN_IN = {
    "microoffice.core.people.services.anyone_signs_in",
    "microoffice.core.people.services.sign_in_names",
    "microoffice.core.people.services.find_person",
    "microoffice.core.services.reference.seed_reference_values",
    "microoffice.core.people.signin.resolve",
    "microoffice.core.people.signin.sign_in",
    "microoffice.core.people.signin.recover_owner",
    "microoffice.core.people.signin.sign_out",
}


def _core_modules() -> list[Any]:
    import microoffice.core as core

    found = []
    for info in pkgutil.walk_packages(core.__path__, "microoffice.core."):
        if info.name.startswith(SKIPPED):
            continue
        found.append(importlib.import_module(info.name))
    return found


def _takes_session_or_database(fn: Any) -> bool:
    params = list(inspect.signature(fn).parameters.values())
    if not params:
        return False
    first = params[0]
    annotation = str(first.annotation)
    return first.name in {"session", "s", "database", "db"} or any(
        word in annotation for word in ("Session", "Database")
    )


def services() -> dict[str, Any]:
    found = {}
    for module in _core_modules():
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn):
                continue
            if fn.__module__ != module.__name__ or not _takes_session_or_database(fn):
                continue
            found[f"{module.__name__}.{name}"] = fn
    return found


def test_the_walk_finds_the_services() -> None:
    found = services()
    assert len(found) > 300  # the walk sees the whole core, not a corner of it
    assert "microoffice.core.billing.payments.record_payment" in found
    assert "microoffice.core.services.backups.create_backup" in found


def test_every_public_service_declares_its_right() -> None:
    undeclared = sorted(name for name, fn in services().items() if declared(fn) is None)
    assert undeclared == []


def test_only_the_sign_in_itself_works_before_signing_in() -> None:
    before = {name for name, fn in services().items() if (need := declared(fn)) and not need.right}
    assert before == BEFORE_SIGN_IN


def test_an_undeclared_service_is_caught(monkeypatch: Any) -> None:
    """The walk fails on a service that declares nothing (shown one, planted)."""
    from microoffice.core.services import clients

    def forgotten(session: Any, client_id: int) -> None:
        """A new service someone forgot to guard."""

    forgotten.__module__ = clients.__name__
    monkeypatch.setattr(clients, "forgotten", forgotten, raising=False)
    undeclared = [name for name, fn in services().items() if declared(fn) is None]
    assert undeclared == ["microoffice.core.services.clients.forgotten"]


# -- what the window and the command line call -------------------------------------------------
def _calls(path: Path) -> set[tuple[str, str]]:
    """(module, function) for each call from this file into the core, through the names its
    imports bind (a module, or a function from one)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: dict[str, str] = {}
    functions: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("microoffice.core"):
            assert node.module is not None
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                try:
                    importlib.import_module(full)
                except ImportError:
                    functions[alias.asname or alias.name] = (node.module, alias.name)
                else:
                    modules[alias.asname or alias.name] = full
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in functions:
            found.add(functions[node.id])
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.add((modules[node.value.id], node.attr))
    return found


def edge_calls() -> dict[str, set[str]]:
    """Core functions taking a session or the Database that the window or a command calls."""
    files = [*(PACKAGE / "ui").rglob("*.py"), *(PACKAGE / "commands").rglob("*.py")]
    files.append(PACKAGE / "app.py")
    used: dict[str, set[str]] = {}
    for path in files:
        for module, name in _calls(path):
            fn = getattr(importlib.import_module(module), name, None)
            if inspect.isfunction(fn) and _takes_session_or_database(fn):
                key = f"{fn.__module__}.{fn.__name__}"
                used.setdefault(key, set()).add(str(path.relative_to(PACKAGE)))
    return used


def test_the_window_and_the_commands_call_only_guarded_services() -> None:
    used = edge_calls()
    assert "microoffice.core.billing.payments.record_payment" in used  # the reading works
    unguarded = {name: sorted(where) for name, where in used.items() if not _guarded(name)}
    assert unguarded == {}


def _guarded(name: str) -> bool:
    module, _, attr = name.rpartition(".")
    if module == "microoffice.core.people.guard":
        return True  # the check itself (require_office before replacing an office)
    fn = getattr(importlib.import_module(module), attr)
    return declared(fn) is not None
