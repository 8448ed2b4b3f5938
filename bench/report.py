"""The printed table and the JSON record of a run."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.core import Result, qt_platform


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:.1f} {unit}"


def table(results: list[Result], errors: dict[str, str]) -> str:
    header = ("measurement", "result", "target", "aim", "status")
    rows = [
        (r.name, _figure(r.value, r.unit), _figure(r.target, r.unit), _figure(r.aim, r.unit),
         r.status)
        for r in results
    ]  # fmt: skip
    rows += [(name, "-", "-", "-", "ERROR") for name in errors]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    notes = [f"  {r.name}: {r.detail}" for r in results if r.detail]
    notes += [f"  {name}: {message}" for name, message in errors.items()]
    return "\n".join([*lines, "", *notes])


def machine() -> dict[str, Any]:
    try:
        import PySide6

        qt = PySide6.__version__
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        qt = "missing"
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "pyside6": qt,
        "qt_platform": qt_platform() or "native display",
    }


def write_json(out: Path, results: list[Result], errors: dict[str, str], runs: int) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    record = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "runs": runs,
        "machine": machine(),
        "results": [asdict(r) | {"status": r.status} for r in results],
        "errors": errors,
    }
    path = out / f"results-{stamp}.json"
    text = json.dumps(record, indent=2)
    path.write_text(text, encoding="utf-8")
    (out / "latest.json").write_text(text, encoding="utf-8")
    return path
