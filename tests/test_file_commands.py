"""Every command that writes a file publishes it through core/publish.py (issue 12): when the
publishing step fails nothing reaches the name the person asked for; when it works, exactly the
files asked for appear and no temporary is left beside them."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path

import pytest

from microoffice.cli import main
from microoffice.core import clock
from microoffice.core.errors import UserError
from microoffice.core.publish import Publisher
from tests.conftest import FROZEN_AT

H = "'Margaret Henshaw'"
CASES: dict[str, tuple[str, list[str]]] = {
    "invoices export": (
        "invoices export --csv {out}/books.csv --from 2026-11-01 --to 2026-12-31",
        ["books.csv"],
    ),
    "invoices statement": (
        "invoices statement --payer 'Mrs Margaret Henshaw' --pdf {out}/statement.pdf",
        ["statement.pdf"],
    ),
    "invoices reminder": (
        "invoices reminder --payer 'Mrs Margaret Henshaw' --pdf {out}/reminder.pdf",
        ["reminder.pdf"],
    ),
    "fee-statement": (f"fee-statement --client {H} --pdf {{out}}/fees.pdf", ["fees.pdf"]),
    "dp-pack": (f"dp-pack --client {H} --quarter 2026Q4 --pdf {{out}}/dp.pdf", ["dp.pdf"]),
    "pack": ("pack --from 2026-10-01 --to 2026-11-30 --pdf {out}/pack.pdf", ["pack.pdf"]),
    "record": (
        f"record --client {H} --pdf {{out}}/record.pdf --json {{out}}/record.json",
        ["record.json", "record.pdf"],
    ),
    "mar": (f"mar --client {H} --month 2026-11 --pdf {{out}}/mar.pdf", ["mar.pdf"]),
    "rota": (
        "rota --week 2026-W48 --staff 'Barbara Whitmore' --pdf {out}/rota.pdf --ics {out}/rota.ics",
        ["rota.ics", "rota.pdf"],
    ),
    "schedule": (
        f"schedule --client {H} --month 2026-11 --pdf {{out}}/schedule.pdf --log {{out}}/log.pdf",
        ["log.pdf", "schedule.pdf"],
    ),
    "profile": (
        "profile --pdf {out}/profile.pdf --txt {out}/profile.txt --pack {out}/application.pdf",
        ["application.pdf", "profile.pdf", "profile.txt"],
    ),
    "export": ("export --json {out}/office.json", ["office.json"]),
}


@pytest.fixture(scope="module")
def demo_office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The small demo with November invoiced (a statement and a reminder need invoices)."""
    path = tmp_path_factory.mktemp("files") / "demo.sqlite"
    with clock.frozen(FROZEN_AT):
        assert main(["demo", "--db", str(path), "--scale", "small"]) == 0
        assert main(["invoices", "run", "--period", "2026-11", "--issue", "--db", str(path)]) == 0
    yield path


def _refused(self: Publisher) -> list[Path]:
    self.discard()
    raise UserError("The disk is full.")


@pytest.mark.parametrize("name", CASES)
def test_a_command_writes_its_files_only_through_the_publisher(
    demo_office: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    args, files = CASES[name]
    out = tmp_path / "out"
    argv = [*shlex.split(args.format(out=shlex.quote(str(out)))), "--db", str(demo_office)]
    # a reminder is only for an invoice past its due date
    when = clock.frozen(datetime(2027, 3, 1, 9, 30)) if "reminder" in name else nullcontext()
    with when:
        with monkeypatch.context() as m:
            m.setattr(Publisher, "publish", _refused)
            assert main(argv) == 2
        assert "The disk is full." in capsys.readouterr().err
        assert not out.exists() or list(out.iterdir()) == []  # no file, no temporary
        assert main(argv) == 0
    assert sorted(p.name for p in out.iterdir()) == files
    assert all((out / f).stat().st_size > 0 for f in files)
