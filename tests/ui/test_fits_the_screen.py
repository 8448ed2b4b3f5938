"""Fits the screens people own: every page and every dialog on a 1280 x 720 screen with its
buttons on screen, and on a 1024 x 600 netbook-sized screen too (content scrolling).

Each size runs screen_checks.py in its own program whose offscreen screen is that size (Qt's
offscreen platform reads the screen from a JSON file), since a program's screen cannot change
once it has started."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("size", ["1280x720", "1024x600"])
def test_every_page_and_dialog_fits_the_screen(size: str, tmp_path: Path) -> None:
    width, height = (int(n) for n in size.split("x"))
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", FIT_SCREEN=size)
    env["MICROOFFICE_HOME"] = str(tmp_path / "home")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", str(ROOT / "tests/ui/screen_checks.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "2 passed" in done.stdout
