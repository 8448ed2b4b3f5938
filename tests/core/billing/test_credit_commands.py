"""`microoffice payments credit | refund | use-credit` and the arrears list, as a person types
them: the exit status and exactly what is printed."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from microoffice.cli import main
from microoffice.core import clock
from microoffice.core.billing import issue
from microoffice.core.db.database import open_database
from tests.core.billing import helpers as h


@pytest.fixture
def office(tmp_path: Path) -> str:
    """Ann's November invoice (£102.00, INV-000001), issued on 4 January."""
    path = tmp_path / "office.sqlite"
    database = open_database(str(path))
    with database.session() as s:
        h.set_up_business(s)
        ann = h.add_client(s, "Ann", "Smith")
        h.self_funded(s, ann)
        h.add_card(s, ann)
        for day in (2, 3, 4, 5):
            h.add_visit(s, ann, date(2026, 11, day), "09:00", "10:00")
        with clock.frozen(datetime(2027, 1, 4, 9)):
            issue.issue_run(s, date(2026, 11, 1), date(2026, 11, 30), on=date(2027, 1, 4))
    database.close()
    clock.freeze(datetime(2027, 1, 8, 10, 0))
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_an_overpayment_is_reported_listed_and_refunded(
    office: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "payments", "add", "--invoice", "INV-000001", "--amount", "150", "--date",
        "06/01/2027", "--db", office,
    )  # fmt: skip
    assert code == 0
    assert out == (
        "Recorded £150.00 from Mrs Ann Smith.\n"
        "  INV-000001: paid, owed £0.00\n"
        "£48.00 is credit on account for Mrs Ann Smith: it comes off their next invoice, or "
        "record it refunded with 'microoffice payments refund'.\n"
    )
    assert run(capsys, "payments", "credit", "--db", office) == (
        0,
        "Credit on account: £48.00\n"
        "  Mrs Ann Smith: £48.00, paid since 06/01/2027\n"
        "It comes off the payer's next invoice, or record it refunded.\n",
        "",
    )
    code, out, _ = run(capsys, "invoices", "list", "--db", office)
    assert code == 0
    assert out.splitlines()[-2:] == [
        "  Aged debt (days since invoice)       0-30      31-60      61-90        90+  In credit",
        "  Mrs Ann Smith                       £0.00      £0.00      £0.00      £0.00     £48.00",
    ]

    # refused: more than is held, a day to come; nothing is recorded
    assert run(
        capsys, "payments", "refund", "--client", "Ann Smith", "--amount", "50", "--date",
        "07/01/2027", "--db", office,
    ) == (2, "", "microoffice payments: Amount: Mrs Ann Smith has only £48.00 on account to refund\n")  # fmt: skip
    assert run(
        capsys, "payments", "refund", "--payer", "mrs ann smith", "--date", "09/01/2027",
        "--db", office,
    ) == (2, "", "microoffice payments: Refunded on: The date of the refund is in the future\n")  # fmt: skip

    assert run(
        capsys, "payments", "refund", "--client", "Ann Smith", "--amount", "8", "--date",
        "07/01/2027", "--reference", "BACS 0701", "--db", office,
    ) == (
        0,
        "Recorded a refund of £8.00 to Mrs Ann Smith on 07/01/2027.\n"
        "Credit on account left: £40.00.\n",
        "",
    )  # fmt: skip
    assert run(capsys, "payments", "credit", "--client", "Ann Smith", "--db", office) == (
        0,
        "Credit on account for Mrs Ann Smith: £40.00\n"
        "  Mrs Ann Smith: £40.00, paid since 06/01/2027\n"
        "It comes off the payer's next invoice, or record it refunded.\n"
        "Refunded:\n"
        "  07/01/2027  £8.00 to Mrs Ann Smith, BACS 0701\n",
        "",
    )
    # all of what is left, by default
    code, out, _ = run(
        capsys, "payments", "refund", "--payer", "Mrs Ann Smith", "--date", "08/01/2027",
        "--db", office,
    )  # fmt: skip
    assert (code, out.splitlines()[-1]) == (0, "Credit on account left: £0.00.")
    assert run(capsys, "payments", "credit", "--db", office) == (
        0,
        "No credit on account.\n",
        "",
    )
    assert run(
        capsys, "payments", "refund", "--client", "Ann Smith", "--date", "08/01/2027",
        "--db", office,
    ) == (2, "", "microoffice payments: There is no credit on account for Mrs Ann Smith.\n")  # fmt: skip


def test_credit_used_on_an_invoice_from_the_command_line(
    office: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "payments", "add", "--payer", "Mrs Ann Smith", "--amount", "30", "--date",
        "06/01/2027", "--no-allocate", "--db", office,
    )  # fmt: skip
    assert (code, out.splitlines()[0]) == (0, "Recorded £30.00 from Mrs Ann Smith.")
    assert run(capsys, "payments", "use-credit", "--invoice", "INV-000001", "--db", office) == (
        0,
        "Used £30.00 of Mrs Ann Smith's credit on account on INV-000001: part paid, owed £72.00.\n",
        "",
    )
    assert run(capsys, "payments", "use-credit", "--invoice", "INV-000001", "--db", office) == (
        2,
        "",
        "microoffice payments: Mrs Ann Smith has no credit on account that can pay INV-000001.\n",
    )
