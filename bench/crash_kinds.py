"""The kinds of work the crash harness kills, each with what its runs acknowledge and how the
files are checked after every kill.

Each kind works in its own folder. `launch` says what to start (saving an acknowledged marker
first where the command itself saves nothing), `after` reads what a run that finished
acknowledged, `verify` checks the files after every run, `finish` lets one more run complete
(a later start) and looks for anything left behind.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

from bench.crash_checks import (
    SIDECARS,
    Leftovers,
    office_findings,
    plain_rows,
    save_marker,
    sha256,
)
from bench.crash_harness import (
    WEAKEN,
    KindReport,
    Launch,
    Outcome,
    child_env,
    last_line,
    run_child,
)
from microoffice.core.db.database import open_database
from microoffice.core.publish import is_temporary

WORKER = Path(__file__).with_name("crash_worker.py")
NOW = "2026-12-07T09:30"  # the invoice runs' frozen clock: the demo's visits are before it


def microoffice(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "microoffice", *(str(a) for a in args)]


def office_files(office: Path) -> set[str]:
    return {office.name, *(office.name + s for s in SIDECARS)}


class Kind:
    name = ""
    leftovers: Leftovers
    estimate = 2.0  # seconds a run takes, first guess (the harness learns it)

    def __init__(self, root: Path, shared: Path, seed: int, weakened: bool) -> None:
        self.root = root
        self.shared = shared
        self.rng = random.Random(seed)
        self.weakened = weakened
        self.home = shared / "home"
        self.logs = shared / "logs"
        self.office = root / "office.sqlite"
        root.mkdir(parents=True, exist_ok=True)

    def setup(self, report: KindReport) -> None:
        raise NotImplementedError

    def launch(self, report: KindReport) -> Launch:
        raise NotImplementedError

    def after(self, outcome: Outcome, report: KindReport) -> None:
        raise NotImplementedError

    def verify(self, report: KindReport) -> None:
        raise NotImplementedError

    def finish(self, report: KindReport) -> None:
        """By default: one more run left to complete, then nothing may be left behind."""
        launch = self.launch(report)
        outcome = self.complete(launch, report)
        self.after(outcome, report)
        self.verify(report)
        self.left_now(report)

    def left_now(self, report: KindReport) -> None:
        """After a run that finished: anything but the kind's own files is left behind."""
        for path in self.leftovers.scan():
            report.orphan(str(path), f"{path.name} was left behind and a later run kept it")

    def env(self, **extra: str) -> dict[str, str]:
        return child_env(self.home, **extra)

    def complete(self, launch: Launch, report: KindReport) -> Outcome:
        outcome = run_child(launch, self.logs, "time", None)
        if outcome.returncode == 0:
            report.finished += 1
        else:
            report.failed(last_line(outcome.stderr) or f"exit {outcome.returncode}")
        return outcome

    def check_office(self, report: KindReport, key: str | None = None) -> None:
        for finding in office_findings(self.office, key):
            report.corrupted(f"office: {finding}", f"the office after a kill: {finding}")

    def orphans(self, leftovers: Leftovers, report: KindReport) -> None:
        for path in leftovers.still_there():
            report.orphan(str(path), f"{path.name} was left behind and a later run kept it")

    def new_office(self, saved: int = 0) -> None:
        open_database(str(self.office)).close()
        for number in range(saved):
            save_marker(self.office, number)


class Workload(Kind):
    """Inserts, updates and deletes through the services (bench/crash_worker.py); every
    acknowledged operation's rows and audit rows are compared with the file after each kill."""

    name = "workload"
    estimate = 0.4

    def setup(self, report: KindReport) -> None:
        self.new_office()
        self.intended: dict[int, list[dict[str, Any]]] = {}
        self.acked: set[int] = set()
        self.applied: set[int] = set()
        self.model: dict[tuple[str, int], tuple[dict[str, Any] | None, int]] = {}
        self.leftovers = Leftovers([self.root], lambda p: p.name in office_files(self.office))

    def launch(self, report: KindReport) -> Launch:
        first = max(self.intended, default=-1) + 1
        env = self.env(**({WEAKEN: "1"} if self.weakened else {}))
        argv = [
            sys.executable,
            str(WORKER),
            str(self.office),
            str(first),
            str(self.rng.randrange(1 << 30)),
        ]
        return Launch(argv, env, ready=True)

    def after(self, outcome: Outcome, report: KindReport) -> None:
        for line in outcome.stdout.splitlines():
            word, _, rest = line.partition(" ")
            if word == "intend":
                number, _, changes = rest.partition(" ")
                self.intended[int(number)] = json.loads(changes)
            elif word == "committed":
                self.acked.add(int(rest))
                report.acknowledged += 1

    def _audit(self) -> dict[int, list[tuple[str, str, str, dict[str, Any]]]]:
        rows = plain_rows(
            self.office,
            "SELECT actor, action, entity, entity_id, changes FROM audit_log "
            "WHERE actor LIKE 'crash-op-%'",
        )
        audit: dict[int, list[tuple[str, str, str, dict[str, Any]]]] = {}
        for actor, action, entity, entity_id, changes in rows:
            audit.setdefault(int(str(actor)[9:]), []).append(
                (str(action), str(entity), str(entity_id), json.loads(str(changes)))
            )
        return audit

    def _stored(self) -> dict[tuple[str, int], dict[str, Any]]:
        stored: dict[tuple[str, int], dict[str, Any]] = {}
        for cid, last, town in plain_rows(
            self.office, "SELECT id, last_name, town FROM client WHERE first_name = 'Crash'"
        ):
            stored[("client", int(str(cid)))] = {"last_name": last, "town": town}
        for pid, cid, start, end in plain_rows(
            self.office, "SELECT id, client_id, start_date, end_date FROM client_pause"
        ):
            stored[("client_pause", int(str(pid)))] = {
                "client_id": cid,
                "start_date": start,
                "end_date": end,
            }
        for nid, cid, text in plain_rows(
            self.office, "SELECT id, client_id, text FROM daily_note WHERE text LIKE 'operation %'"
        ):
            stored[("daily_note", int(str(nid)))] = {"client_id": cid, "text": text}
        return stored

    def verify(self, report: KindReport) -> None:
        self.check_office(report)
        audit = self._audit()
        for number in sorted(set(self.intended) - self.applied):
            # an operation counts if it was acknowledged, or if it committed just before the kill
            if number in self.acked or number in audit:
                for change in self.intended[number]:
                    key = (change["entity"], change["id"])
                    self.model[key] = (change["state"], number)
            self.applied.add(number)
        for number in sorted(self.acked):
            self._check_audit(number, audit.get(number), report)
        for number in set(audit) - set(self.intended):
            report.corrupted(f"audit {number}", f"audit rows for operation {number}, never made")
        stored = self._stored()
        for (entity, ident), (state, number) in self.model.items():
            found = stored.pop((entity, ident), None)
            if found != state and number in self.acked:
                report.lose(f"op {number}", f"operation {number}: {entity} {ident} is {found}")
            elif found != state:
                report.corrupted(f"op {number}", f"operation {number} is half there")
        for entity, ident in stored:
            report.corrupted(f"row {entity} {ident}", f"{entity} {ident}: no operation made it")
        self.leftovers.note()

    def _check_audit(
        self,
        number: int,
        rows: list[tuple[str, str, str, dict[str, Any]]] | None,
        report: KindReport,
    ) -> None:
        if not rows:
            report.lose(f"op {number}", f"operation {number} was acknowledged but is not there")
            return
        expected = sorted((c["action"], c["entity"], str(c["id"])) for c in self.intended[number])
        if sorted(row[:3] for row in rows) != expected:
            report.corrupted(f"audit {number}", f"operation {number}'s audit rows do not match")
            return
        for change, row in zip(
            sorted(self.intended[number], key=lambda c: (c["action"], c["entity"], str(c["id"]))),
            sorted(rows, key=lambda r: r[:3]),
            strict=True,
        ):
            values = row[3]
            for field, value in (change["state"] or {}).items():
                audited = values.get(field, value)
                if change["action"] == "update" and isinstance(audited, list):
                    audited = audited[1]
                if audited != value:
                    report.corrupted(
                        f"audit {number}", f"operation {number}'s audit says {field}={audited!r}"
                    )

    def finish(self, report: KindReport) -> None:
        self.check_office(report)  # the check opens the office: the later start
        self.orphans(self.leftovers, report)
        self.left_now(report)


class InvoiceRuns(Kind):
    """`invoices run --issue --out DIR` on a demo office, week by week, in rounds: every PDF in
    DIR must be the invoice the database issued with that number, byte for byte."""

    name = "invoice-run"
    estimate = 2.0
    LINE = re.compile(r"^\s+(INV-\d{6})\s.*£([\d,]+\.\d\d)\s*$")

    def setup(self, report: KindReport) -> None:
        self.template = demo_template(self.shared, self.logs)
        self.weeks = billable_weeks(self.template)
        self.round = 0
        self._new_round()

    def _new_round(self) -> None:
        self.round += 1
        self.folder = self.root / f"round{self.round:03d}"
        self.folder.mkdir()
        self.office = self.folder / "office.sqlite"
        shutil.copyfile(self.template, self.office)
        self.out = self.folder / "out"
        self.remaining = list(self.weeks)
        self.acked: dict[str, int] = {}
        self.leftovers = Leftovers([self.out], lambda p: not is_temporary(p))

    def launch(self, report: KindReport) -> Launch:
        if not self.remaining:  # every week of this round is issued: the next round
            self._close_round(report)
            self._new_round()
        return self._run_week()

    def _run_week(self) -> Launch:
        week = self.rng.choice(self.remaining or self.weeks)
        argv = microoffice(
            "invoices", "run", "--db", self.office, "--period", week, "--issue", "--out", self.out
        )
        return Launch(argv, self.env(MICROOFFICE_NOW=NOW), watch=(self.out,))

    def after(self, outcome: Outcome, report: KindReport) -> None:
        if outcome.returncode != 0:
            return
        for line in outcome.stdout.splitlines():
            match = self.LINE.match(line)
            if match:
                self.acked[match[1]] = int(match[2].replace(",", "").replace(".", ""))
                report.acknowledged += 1
        self.orphans(self.leftovers, report)

    def verify(self, report: KindReport) -> None:
        self.check_office(report)
        issued: dict[str, tuple[int, str, str]] = {}
        for series, number, total, start, pdf in plain_rows(
            self.office,
            "SELECT i.series, i.number, i.total_pence, i.period_start, d.pdf FROM invoice i "
            "JOIN invoice_document d ON d.invoice_id = i.id WHERE i.number IS NOT NULL",
        ):
            issued[f"{series}-{int(str(number)):06d}"] = (
                int(str(total)),
                sha256(bytes(pdf)),  # type: ignore[arg-type]
                str(start),
            )
        where = f"round {self.round}"
        files = sorted(self.out.iterdir()) if self.out.is_dir() else []
        for path in files:
            if is_temporary(path):
                continue
            digest = sha256(path.read_bytes())
            stored = issued.get(path.stem)
            if path.suffix != ".pdf" or stored is None or stored[1] != digest:
                report.orphan(
                    f"{where} {path.name} {digest}",
                    f"{where}: {path.name} on disk is not what the database issued as {path.stem}",
                )
        for number, total in self.acked.items():
            pdf = self.out / f"{number}.pdf"
            if number not in issued or issued[number][0] != total:
                report.lose(f"{where} {number}", f"{where}: acknowledged {number} is not issued")
            elif not pdf.is_file() or sha256(pdf.read_bytes()) != issued[number][1]:
                report.lose(f"{where} {number} pdf", f"{where}: acknowledged {number}.pdf is gone")
        done = {start for _, _, start in issued.values()}
        self.remaining = [w for w in self.remaining if _monday(w) not in done]
        self.leftovers.note()

    def _close_round(self, report: KindReport, always: bool = False) -> None:
        """A later run into the same folder (perhaps with nothing left to issue) cleans up after
        the killed ones; then nothing but the office and the verified PDFs may remain."""
        if self.leftovers.seen or always:
            self.after(self.complete(self._run_week(), report), report)
            self.verify(report)
        for path in self.folder.iterdir():
            if path.is_file() and path.name not in office_files(self.office):
                report.orphan(str(path), f"{path.name} was left beside the office")
        self.left_now(report)

    def finish(self, report: KindReport) -> None:
        self._close_round(report, always=True)


class CsvImports(Kind):
    """`import-csv --clients FILE`, a new sheet of ROWS people each time: a sheet is in the
    office whole, with its one audit entry, or not at all; an acknowledged one is there."""

    name = "csv-import"
    estimate = 1.5
    ROWS = 100

    def setup(self, report: KindReport) -> None:
        self.new_office()
        self.inputs = self.shared / "csv-inputs"
        self.inputs.mkdir(exist_ok=True)
        self.tried: list[int] = []
        self.acked: set[int] = set()
        self.leftovers = Leftovers([self.root], lambda p: p.name in office_files(self.office))

    def _sheet(self, batch: int) -> Path:
        path = self.inputs / f"sheet{batch:05d}.csv"
        rows = [f"Imp{batch:05d},Row{r:03d},B{1 + r % 9} 1AA,Town {r}" for r in range(self.ROWS)]
        path.write_text("First name,Last name,Postcode,Town\n" + "\n".join(rows) + "\n")
        return path

    def launch(self, report: KindReport) -> Launch:
        batch = len(self.tried)
        self.tried.append(batch)
        argv = microoffice("import-csv", "--clients", self._sheet(batch), "--db", self.office)
        return Launch(argv, self.env())

    def after(self, outcome: Outcome, report: KindReport) -> None:
        if outcome.returncode == 0:
            self.acked.add(self.tried[-1])
            report.acknowledged += 1
            self.orphans(self.leftovers, report)

    def verify(self, report: KindReport) -> None:
        self.check_office(report)
        counts = dict(
            plain_rows(
                self.office,
                "SELECT first_name, COUNT(*) FROM client WHERE first_name LIKE 'Imp%' "
                "GROUP BY first_name",
            )
        )
        audited: dict[str, list[int]] = {}
        for (changes,) in plain_rows(
            self.office,
            "SELECT changes FROM audit_log WHERE action = 'import' AND entity = 'client'",
        ):
            entry = json.loads(str(changes))
            audited.setdefault(str(entry["source"]), []).append(len(entry["rows"]))
        for batch in self.tried:
            found = counts.get(f"Imp{batch:05d}", 0)
            entries = audited.get(f"sheet{batch:05d}.csv", [])
            if found not in (0, self.ROWS):
                report.corrupted(f"sheet {batch}", f"sheet {batch} is half there ({found} rows)")
            elif batch in self.acked and found == 0:
                report.lose(f"sheet {batch}", f"acknowledged sheet {batch} is not there")
            elif entries != ([self.ROWS] if found else []):
                report.corrupted(f"audit {batch}", f"sheet {batch}'s audit entries: {entries}")
        self.leftovers.note()


def _monday(week: str) -> str:
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1).isoformat()


def demo_template(shared: Path, logs: Path) -> Path:
    """The small demo office (built once per harness run), with the invoice runs' clock."""
    template = shared / "demo-template.sqlite"
    if not template.exists():
        building = shared / "demo-building.sqlite"
        launch = Launch(
            microoffice("demo", "--db", building, "--scale", "small", "--force"),
            child_env(shared / "home", MICROOFFICE_NOW=NOW),
        )
        outcome = run_child(launch, logs, "time", None)
        if outcome.returncode != 0:
            raise RuntimeError(f"the demo office could not be built: {outcome.stderr[-500:]}")
        building.rename(template)
    return template


def billable_weeks(template: Path) -> list[str]:
    """The weeks with completed visits to invoice (an invoice run issues one per client)."""
    days = plain_rows(
        template,
        "SELECT DISTINCT date(planned_start) FROM visit WHERE status = 'completed' "
        "AND planned_start < ?",
        (NOW,),
    )
    weeks = {date.fromisoformat(str(day)).isocalendar()[:2] for (day,) in days}
    if not weeks:
        raise RuntimeError("the demo office has no week to invoice")
    return [f"{year}-W{week:02d}" for year, week in sorted(weeks)]


def make_kind(name: str, root: Path, shared: Path, seed: int, weakened: bool) -> Kind:
    from bench.crash_swaps import Backups, PasswordChanges, Restores

    kinds: dict[str, type[Kind]] = {
        "workload": Workload,
        "invoice-run": InvoiceRuns,
        "csv-import": CsvImports,
        "backup": Backups,
        "restore": Restores,
        "password": PasswordChanges,
    }
    return kinds[name](root, shared, seed, weakened)
