"""What every measurement shares: the registry, the result type, and the run context (data sets
built on demand into bench/out/, process timing, one QApplication)."""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_OUT = BENCH_DIR / "out"


@dataclass(frozen=True)
class Result:
    """One figure. `value` is a ratio (unit "x") or an absolute figure (e.g. "ms").

    A target is a ceiling: the figure passes when value <= target. `aim` is the figure we would
    like to see; it is printed for context and never fails anything.
    """

    name: str
    value: float
    unit: str
    target: float | None = None
    aim: float | None = None
    detail: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)

    @property
    def status(self) -> str:
        if self.target is None:
            return "INFO"
        return "PASS" if self.value <= self.target else "FAIL"


@dataclass(frozen=True)
class Measurement:
    name: str
    order: int
    run: Callable[[Context], list[Result]]
    about: str


REGISTRY: dict[str, Measurement] = {}


def measurement(
    name: str, order: int = 100
) -> Callable[[Callable[[Context], list[Result]]], Callable[[Context], list[Result]]]:
    """Register a function taking the Context and returning its Results."""

    def register(fn: Callable[[Context], list[Result]]) -> Callable[[Context], list[Result]]:
        REGISTRY[name] = Measurement(name, order, fn, (fn.__doc__ or "").strip().split("\n")[0])
        return fn

    return register


def discover() -> list[Measurement]:
    """Import every bench/m_*.py (each registers itself) and return them in run order."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules([str(BENCH_DIR)]):
        if info.name.startswith("m_"):
            importlib.import_module(f"bench.{info.name}")
    return sorted(REGISTRY.values(), key=lambda m: (m.order, m.name))


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def qt_platform() -> str:
    """Use the real display when there is one; otherwise Qt's offscreen platform."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return os.environ["QT_QPA_PLATFORM"]
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return ""
    return "offscreen"


def _stored_revision(path: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


@dataclass
class Context:
    """One benchmark run: where data sets live, how many repetitions, the child environment."""

    out: Path = DEFAULT_OUT
    runs: int = 7
    rebuild: bool = False
    python: str = sys.executable
    log: Callable[[str], None] = print
    _qt_app: Any = None

    def __post_init__(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        self.home = self.out / "home"  # logs and backups of the app under test land here

    def child_env(self) -> dict[str, str]:
        env = dict(os.environ)
        # An installed app starts from cached bytecode; measure that, not recompiling every run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["MICROOFFICE_HOME"] = str(self.home)
        env.pop("MICROOFFICE_DB", None)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        platform = qt_platform()
        if platform:
            env["QT_QPA_PLATFORM"] = platform
        return env

    # -- data sets ---------------------------------------------------------------------------
    def _fresh(self, path: Path) -> bool:
        from microoffice.core.db.schema import HEAD_REVISION

        return path.exists() and not self.rebuild and _stored_revision(path) == HEAD_REVISION

    def large_db(self) -> Path:
        """The large demo (5 staff, 60 clients, 5 years), built once and reused."""
        path = self.out / "large.sqlite"
        if not self._fresh(path):
            from microoffice.core.demo import build_demo

            self.log(f"Building the large demo database in {path} ...")
            summary = build_demo(str(path), scale="large", force=True)
            self.log(f"  {summary.describe()}")
        return path

    def clients_db(self, count: int = 10_000) -> Path:
        path = self.out / f"clients{count}.sqlite"
        if not self._fresh(path):
            from microoffice.core.demo.synthetic import build_synthetic_clients

            self.log(f"Building {count:,} synthetic clients in {path} ...")
            build_synthetic_clients(str(path), count)
        return path

    # -- timing ------------------------------------------------------------------------------
    def time_process(self, argv: list[str], timeout: float = 120) -> float:
        """Wall time of a whole child process, from spawn to exit; it must exit 0."""
        started = time.perf_counter()
        done = subprocess.run(
            argv,
            env=self.child_env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip()[-2000:]}"
            )
        return elapsed

    def qt_app(self) -> Any:
        """The one QApplication of this process, on the same platform the children use."""
        if self._qt_app is None:
            platform = qt_platform()
            if platform:
                os.environ.setdefault("QT_QPA_PLATFORM", platform)
            from PySide6.QtCore import qInstallMessageHandler
            from PySide6.QtWidgets import QApplication

            qInstallMessageHandler(_quiet_offscreen)
            self._qt_app = QApplication.instance() or QApplication([sys.argv[0]])
        return self._qt_app


OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def _quiet_offscreen(_kind: Any, _context: Any, message: str) -> None:
    """The offscreen platform warns on every shown window; anything else still reaches stderr."""
    if OFFSCREEN_NOISE not in message:
        print(message, file=sys.stderr)
