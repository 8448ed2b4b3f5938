"""The core must run where there is no Qt at all (CLI, server, tests): ARCHITECTURE.md example 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import microoffice.core

SCRIPT = r"""
import builtins, importlib, pkgutil, sys
real_import = builtins.__import__
def guarded(name, *args, **kwargs):
    if name == "PySide6" or name.startswith("PySide6.") or name == "shiboken6":
        raise ImportError("PySide6 is not available in this test")
    return real_import(name, *args, **kwargs)
builtins.__import__ = guarded
import microoffice.core as core
count = 0
for info in pkgutil.walk_packages(core.__path__, "microoffice.core."):
    if ".migrations" in info.name:
        continue
    importlib.import_module(info.name)
    count += 1
assert not any(m.startswith("PySide6") for m in sys.modules), "PySide6 was imported"
print(count)
"""


def test_every_core_module_imports_without_pyside6() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    imported = int(result.stdout.strip())
    on_disk = [
        p
        for p in Path(microoffice.core.__path__[0]).rglob("*.py")
        if "migrations" not in p.parts
    ]
    # every module file (packages count once through their __init__)
    assert imported >= len(on_disk) - 1
