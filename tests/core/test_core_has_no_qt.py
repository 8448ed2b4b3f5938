"""The core must run where there is no Qt at all (CLI, server, tests): ARCHITECTURE.md example 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import microoffice.core

CORE = Path(microoffice.core.__path__[0])

SCRIPT = r"""
import builtins, importlib, sys
real_import = builtins.__import__
def guarded(name, *args, **kwargs):
    if name == "PySide6" or name.startswith("PySide6.") or name == "shiboken6":
        raise ImportError("PySide6 is not available in this test")
    return real_import(name, *args, **kwargs)
builtins.__import__ = guarded
for name in sys.argv[1:]:
    importlib.import_module(name)
assert not any(m.startswith("PySide6") for m in sys.modules), "PySide6 was imported"
print(len(sys.argv) - 1)
"""


def core_modules() -> list[str]:
    names = []
    for path in sorted(CORE.rglob("*.py")):
        rel = path.relative_to(CORE.parent.parent).with_suffix("")
        if "migrations" in rel.parts:
            continue  # Alembic scripts run only inside a migration context
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def test_every_core_module_imports_without_pyside6() -> None:
    modules = core_modules()
    assert "microoffice.core.services.clients" in modules
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *modules],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.strip()) == len(modules)
