"""The user guide (issue 7, point 6): a page per task, each with real screenshots that exist,
and the main screens in both themes."""

from __future__ import annotations

import re
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guide"
PAGES = [
    "01-set-up.md",
    "02-add-a-client.md",
    "03-plan-visits.md",
    "04-confirm-the-day.md",
    "05-run-invoices.md",
    "06-record-a-payment.md",
    "07-prepare-for-an-inspection.md",
    "08-back-up-and-restore.md",
]
IMAGE = re.compile(r"!\[[^\]]+\]\((img/[^)]+\.png)\)")


def test_every_task_has_its_page_with_pictures_that_exist() -> None:
    index = (GUIDE / "README.md").read_text(encoding="utf-8")
    for page in PAGES:
        assert f"({page})" in index, f"{page} is not linked from the guide's index"
        text = (GUIDE / page).read_text(encoding="utf-8")
        pictures = IMAGE.findall(text)
        assert pictures, f"{page} has no screenshot"
        for picture in pictures:
            path = GUIDE / picture
            assert path.is_file() and path.stat().st_size > 5_000, picture


def test_the_main_screens_are_pictured_light_and_dark() -> None:
    for name in ("today", "clients", "invoice-run", "compliance", "import-problems"):
        assert (GUIDE / "img" / f"{name}.png").is_file(), name
        assert (GUIDE / "img" / f"{name}-dark.png").is_file(), name
