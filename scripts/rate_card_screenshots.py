"""Render the rate card dialog from the small demo to docs/screenshots/rate-card-*.png.

    python scripts/rate_card_screenshots.py [--out DIR]

Builds the small demo in a temporary folder with the clock at Monday 7 December 2026 and opens
"New from template" for its first client at 1280 x 720: the prices in plain words with the
three sample visits priced (rate-card-plain.png), then the same card with More options open
(rate-card-more.png).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from shot_files import save, settle

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["MICROOFFICE_NOW"] = os.environ.get("MICROOFFICE_NOW") or "2026-12-07T09:30"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZE = (1280, 720)


def render(db_path: str, out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from microoffice.app import apply_style
    from microoffice.core.billing.card_views import payer_choices
    from microoffice.core.db.database import open_database
    from microoffice.core.services.clients import list_clients
    from microoffice.ui.app.bus import Bus
    from microoffice.ui.app.runner import Ops
    from microoffice.ui.billing.rate_card_dialog import Mode, RateCardDialog

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    apply_style(app)
    database = open_database(db_path)
    shots: list[Path] = []
    try:
        ops = Ops(database, Bus())
        with database.session() as s:
            client = list_clients(s)[0]
            payers = payer_choices(s, client.id)
            client_id = client.id
        dialog = RateCardDialog(ops, client_id, Mode.NEW, None, payers)
        dialog.show()
        settle(app)
        dialog.resize(*SIZE)  # after it has fitted itself to the (offscreen) screen
        settle(app)
        shots.append(save(dialog, out / "rate-card-plain.png"))
        dialog.more_button.setChecked(True)
        settle(app)
        bar = dialog.card_scroll.verticalScrollBar()
        bar.setValue(dialog.more_button.y())  # the form under More options, from its top
        settle(app)
        shots.append(save(dialog, out / "rate-card-more.png"))
        dialog.reject()
    finally:
        database.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    from microoffice.core.demo import build_demo

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="folder")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="microoffice-rate-card-shots-") as tmp:
        os.environ["MICROOFFICE_HOME"] = str(Path(tmp) / "home")
        db_path = str(Path(tmp) / "demo.sqlite")
        build_demo(db_path, scale="small", force=True)
        for path in render(db_path, out):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
