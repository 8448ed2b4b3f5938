"""The crash harness's kinds that copy or replace the whole office file: backups, restores and
password changes, run through the ordinary commands (`microoffice backup`, `restore`,
`password set` with MICROOFFICE_PASSWORD / MICROOFFICE_NEW_PASSWORD).

Before each run the harness saves a marker client through the app (an acknowledged save), so
after every kill it can ask: is every acknowledged save still in the office (or, for a restore,
kept in the copy the restore promises to keep), does every published copy pass the checks, and
does a later run clean whatever the killed one left?
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bench.crash_checks import Leftovers, copy_findings, marker_name, markers, save_marker
from bench.crash_harness import KindReport, Launch, Outcome
from bench.crash_kinds import Kind, demo_template, microoffice, office_files
from microoffice.core.db.sqlite_files import is_plain_sqlite

# What a backups folder keeps for good: the copies, and the anchors that outlive them (they hold
# no personal data and keep anchoring the history; docs/tamper-evidence.md). A torn anchor would
# be named `.anchor.partial` and still counts as a leftover.
KEPT_IN_BACKUPS = (".sqlite", ".anchor")
ELSEWHERE = "copies-elsewhere.json"  # where `backup --to` wrote copies (services/backups.py)
KEEP = 14  # the newest backups `microoffice backup` keeps (services/backups.py)


class _Marked(Kind):
    """A kind whose runs are preceded by one acknowledged save each."""

    def start_marks(self, saved: int) -> None:
        self.saved = saved
        self.expected = {marker_name(n) for n in range(saved)}

    def mark(self, report: KindReport, key: str | None = None) -> None:
        try:
            save_marker(self.office, self.saved, key)
        except Exception as exc:  # the office a kill left will not take a save: a finding
            message = f"{type(exc).__name__}: {exc}"
            report.corrupted(f"save: {message}", f"the office will not take a save: {message}")
            return
        self.expected.add(marker_name(self.saved))
        self.saved += 1
        report.acknowledged += 1

    def check_marks(self, found: set[str] | None, report: KindReport) -> None:
        if found is None:
            report.lose("office unreadable", "the office cannot be read after a kill")
            return
        for name in sorted(self.expected - found):
            report.lose(name, f"the acknowledged save {name} is gone")


class Backups(_Marked):
    """`backup` of a demo office: every published backup passes the checks and holds a
    consistent set of saves; an acknowledged backup is kept until rotated out."""

    name = "backup"
    estimate = 2.0

    def setup(self, report: KindReport) -> None:
        shutil.copyfile(demo_template(self.shared, self.logs), self.office)
        self.folder = self.root / "office-backups"  # the default: beside the office
        self.start_marks(0)
        self.acked: list[Path] = []
        self.checked: set[tuple[str, int, int]] = set()
        self.leftovers = Leftovers(
            [self.root, self.folder],
            lambda p: (
                (p.suffix in KEPT_IN_BACKUPS or p.name == ELSEWHERE)
                if p.parent == self.folder
                else p.name in office_files(self.office)
            ),
        )

    def launch(self, report: KindReport) -> Launch:
        self.mark(report)
        argv = microoffice("backup", "--db", self.office)
        return Launch(argv, self.env(), watch=(self.folder,))

    def after(self, outcome: Outcome, report: KindReport) -> None:
        if outcome.returncode != 0:
            return
        match = re.search(r"Backup written and verified: (.+)$", outcome.stdout, re.M)
        if match:
            self.acked.append(Path(match[1].strip()))
            report.acknowledged += 1
        self.orphans(self.leftovers, report)

    def verify(self, report: KindReport) -> None:
        self.check_office(report)
        self.check_marks(markers(self.office), report)
        published = sorted(self.folder.glob("*.sqlite")) if self.folder.is_dir() else []
        for path in published:
            stat = path.stat()
            key = (path.name, stat.st_size, stat.st_mtime_ns)
            if key in self.checked:
                continue
            self.checked.add(key)
            for finding in copy_findings(path):
                report.corrupted(f"{path.name}: {finding}", f"backup {path.name}: {finding}")
            held = markers(path) or set()
            if held != {marker_name(n) for n in range(len(held))}:
                report.corrupted(f"{path.name} saves", f"backup {path.name} is not one moment")
        names = sorted(p.name for p in published)
        for path in self.acked:
            newer = [n for n in names if n > path.name]
            if not path.exists() and len(newer) < KEEP:
                report.lose(str(path), f"the acknowledged backup {path.name} is gone")
        self.leftovers.note()


class Restores(_Marked):
    """`restore BACKUP` over an office with newer saves: afterwards the office is either as it
    was or exactly the backup, and every save the restore replaced is in its safety copy."""

    name = "restore"
    estimate = 2.0

    def setup(self, report: KindReport) -> None:
        self.new_office(saved=3)
        self.start_marks(3)
        self.base = set(self.expected)
        source = self.root / "source"
        self.complete(
            Launch(microoffice("backup", "--db", self.office, "--to", source), self.env()), report
        )
        (self.backup,) = source.glob("*.sqlite")
        self.safety = self.root / "office-backups"
        self.acked = False
        self.checked: set[tuple[str, int]] = set()
        self.leftovers = Leftovers(
            [self.root, self.safety],
            lambda p: (
                (p.suffix in KEPT_IN_BACKUPS or p.name == ELSEWHERE)
                if p.parent == self.safety
                else p.name in office_files(self.office)
            ),
        )

    def launch(self, report: KindReport) -> Launch:
        self.mark(report)
        self.acked = False
        argv = microoffice("restore", self.backup, "--db", self.office)
        return Launch(argv, self.env(), watch=(self.root, self.safety))

    def after(self, outcome: Outcome, report: KindReport) -> None:
        if outcome.returncode == 0:
            self.acked = True
            report.acknowledged += 1
            self.orphans(self.leftovers, report)

    def _kept(self) -> set[str]:
        kept: set[str] = set()
        for path in sorted(self.safety.glob("*.sqlite")) if self.safety.is_dir() else []:
            kept |= markers(path) or set()
        return kept

    def verify(self, report: KindReport) -> None:
        self.check_office(report)
        found = markers(self.office)
        if found is not None and found == self.base and self.expected != self.base:
            # the restore replaced the office: what it replaced must be in a safety copy
            for name in sorted(self.expected - self.base - self._kept()):
                report.lose(name, f"{name} was replaced by the restore and kept nowhere")
            self.expected = set(self.base)
        elif self.acked:
            report.lose(f"restore {self.saved}", "an acknowledged restore did not take place")
        else:
            self.check_marks(found, report)
        for path in sorted(self.safety.glob("*.sqlite")) if self.safety.is_dir() else []:
            if (path.name, path.stat().st_size) not in self.checked:
                self.checked.add((path.name, path.stat().st_size))
                for finding in copy_findings(path):
                    report.corrupted(f"{path.name}: {finding}", f"{path.name}: {finding}")
        self.leftovers.note()


class PasswordChanges(_Marked):
    """`password set` (first setting a password, then changing it): after a kill the office
    and every backup open with the old or the new password and hold every acknowledged save."""

    name = "password"
    estimate = 2.5

    def setup(self, report: KindReport) -> None:
        self.new_office(saved=3)
        self.start_marks(3)
        self.complete(Launch(microoffice("backup", "--db", self.office), self.env()), report)
        self.folder = self.root / "office-backups"
        self.key: str | None = None
        self.new = ""
        self.attempt = 0
        self.acked = False
        self.leftovers = Leftovers(
            [self.root, self.folder],
            lambda p: (
                (p.suffix in KEPT_IN_BACKUPS or p.name == ELSEWHERE)
                if p.parent == self.folder
                else p.name in office_files(self.office)
            ),
        )

    def launch(self, report: KindReport) -> Launch:
        self.mark(report, self.key)
        self.new = f"crash-pass-{self.attempt:04d}"
        self.attempt += 1
        self.acked = False
        env = self.env(MICROOFFICE_NEW_PASSWORD=self.new)
        if self.key:
            env["MICROOFFICE_PASSWORD"] = self.key
        argv = microoffice("password", "set", "--db", self.office)
        return Launch(argv, env, watch=(self.root, self.folder))

    def after(self, outcome: Outcome, report: KindReport) -> None:
        if outcome.returncode != 0:
            return
        self.acked = True
        report.acknowledged += 1
        self.orphans(self.leftovers, report)
        for path in sorted(self.folder.glob("*.sqlite")) if self.folder.is_dir() else []:
            # a change that finished has re-written every backup under the new password
            if path.exists() and is_plain_sqlite(path):
                report.orphan(
                    f"{path.name} plain", f"backup {path.name} is unprotected after {self.new}"
                )
            elif markers(path, self.new) is None:
                report.lose(path.name, f"backup {path.name} does not open with {self.new}")

    def _opens(
        self, path: Path, keys: tuple[str | None, ...]
    ) -> tuple[bool, str | None, set[str] | None]:
        """Which of the passwords the person typed opens the file, and what it holds."""
        if path.exists() and is_plain_sqlite(path):
            return True, None, markers(path)
        for key in keys:
            if key:
                held = markers(path, key)
                if held is not None:
                    return True, key, held
        return False, None, None

    def verify(self, report: KindReport) -> None:
        typed = (self.new, self.key)  # the new password and the one it replaces
        opens, key, found = self._opens(self.office, typed)
        if not opens:
            report.lose(f"office {self.attempt}", "the office opens with neither password")
            report.corrupted(f"office {self.attempt}", "the office opens with neither password")
            return
        if self.acked and key != self.new:
            report.lose(f"change {self.attempt}", "an acknowledged new password is not in force")
        self.key = key
        self.check_office(report, key)
        self.check_marks(found, report)
        for path in sorted(self.folder.glob("*.sqlite")) if self.folder.is_dir() else []:
            if not self._opens(path, typed)[0]:
                report.lose(path.name, f"backup {path.name} opens with neither password")
        self.leftovers.note()
