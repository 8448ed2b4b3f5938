"""What can be done to one visit on the calendar: the right-click menu, and the drags, buttons
and keys that end in the same calls.

Every action ends in one core call in `scheduling.visit_changes` (the command line's `microoffice
visit ...` makes the same calls), so each is audited and each leaves the visit's history.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from microoffice.core import clock
from microoffice.core.scheduling import visit_changes
from microoffice.core.scheduling.calendar_view import CalendarView
from microoffice.core.scheduling.clashes import AssignmentWarning
from microoffice.core.scheduling.merge import PLANNED, SKIPPED, Occurrence
from microoffice.ui.app.runner import Ops
from microoffice.ui.scheduling.calendar_blocks import details, title
from microoffice.ui.scheduling.change_dialogs import (
    CancelVisitDialog,
    ClientAwayDialog,
    MoveDialog,
    MoveQuestion,
    VisitDetails,
    VisitNoteDialog,
)
from microoffice.ui.scheduling.plan_dialog import PlanDialog
from microoffice.ui.scheduling.visit_dialogs import AssignDialog, ExtraVisitDialog, OutcomeDialog
from microoffice.ui.widgets.ask import AskDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class VisitActions:
    """Mixed into the calendar page, which provides these."""

    ops: Ops
    view: CalendarView | None
    menu: QMenu | None

    def show_dialog(self, dialog: QDialog) -> None:
        raise NotImplementedError

    def who_shown(self) -> tuple[str, int | None]:
        raise NotImplementedError

    def parent_widget(self) -> QWidget:
        raise NotImplementedError

    def clear_ghost(self) -> None:
        raise NotImplementedError

    # -- the menu ---------------------------------------------------------------------------
    def visit_menu(self, occ: Occurrence | None, day: date, minute: int) -> QMenu:
        """The right-click menu of a visit, or of an empty slot when `occ` is None."""
        menu = QMenu(self.parent_widget())
        menu.setObjectName("visitMenu")

        def add(text: str, slot: Callable[[], object], enabled: bool = True) -> QAction:
            action = menu.addAction(text)
            action.setEnabled(enabled)
            action.triggered.connect(lambda _checked=False: slot())
            return action

        if occ is None:
            at = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
            add(f"Add a visit at {at:%H:%M}…", lambda: self.add_visit(at))
            kind, ident = self.who_shown()
            if kind == "client" and ident is not None:
                add("Client away…", lambda: self.client_away(ident, day))
            return menu
        planned = occ.status == PLANNED
        in_plan = occ.plan_id is not None
        add("Details and history…", lambda: self.details(occ))
        menu.addSeparator()
        add("Move…", lambda: self.move_form(occ), planned)
        add("Skip this visit…", lambda: self.skip(occ), planned and in_plan)
        add(
            "Put back as planned",
            lambda: self.restore(occ),
            in_plan and (occ.status == SKIPPED or (planned and occ.moved)),
        )
        cancel = menu.addMenu("Cancel")
        cancel.setEnabled(planned)
        for text, kind in (
            ("Cancelled by the client…", "cancel_client"),
            ("Cancelled by us…", "cancel_provider"),
        ):
            action = cancel.addAction(text)
            action.triggered.connect(lambda _c=False, k=kind: self.cancel(occ, k))
        add("Who goes…", lambda: self.who_goes(occ), occ.active)
        add("Note…", lambda: self.note(occ), occ.status != SKIPPED)
        menu.addSeparator()
        add("Client away…", lambda: self.client_away(occ.client_id, occ.day))
        add("Change the plan from this visit…", lambda: self.change_plan(occ), in_plan)
        return menu

    # -- the actions ------------------------------------------------------------------------
    def details(self, occ: Occurrence) -> None:
        if self.view is None:
            return
        lines = details(self.view, occ)
        self.show_dialog(VisitDetails(self.parent_widget(), title(occ), lines))

    def ask_move(self, occ: Occurrence, start: datetime, end: datetime) -> None:
        """After a drag (or Alt+arrows): check, then ask "just this one or this and following"."""

        def check(session: Session) -> list[AssignmentWarning]:
            return visit_changes.move_warnings(session, occ, start, end)

        warnings = self.ops.read(check, None, parent=self.parent_widget())
        if warnings is None:  # refused (already recorded, out of range): already said why
            self.clear_ghost()
            return
        question = MoveQuestion(self.parent_widget(), occ, start, end, warnings)

        def answered(following: bool, reason: str) -> None:
            outcome = self.ops.run(
                lambda s: visit_changes.move_visit(
                    s, occ, start, end, following=following, reason=reason
                ),
                parent=self.parent_widget(),
            )
            if not outcome.ok:
                self.clear_ghost()

        question.answered.connect(answered)
        question.rejected.connect(self.clear_ghost)
        self.show_dialog(question)

    def move_form(self, occ: Occurrence) -> None:
        self.show_dialog(MoveDialog(self.ops, occ, self.parent_widget()))

    def skip(self, occ: Occurrence) -> None:
        ask = AskDialog(
            self.parent_widget(),
            "Skip this visit",
            f"Skip {occ.client_name}'s visit on {occ.day:%A} {occ.day.day} {occ.day:%B}? It stays on the calendar, "
            "marked as skipped, and the rest of the plan stays as it is.",
            "Skip visit",
            "Why (kept in the visit's history):",
            placeholder="e.g. family visiting",
        )
        ask.accepted.connect(
            lambda: self.ops.run(
                lambda s: visit_changes.skip_visit(s, occ, ask.answer()),
                parent=self.parent_widget(),
            )
        )
        self.show_dialog(ask)

    def restore(self, occ: Occurrence) -> None:
        self.ops.run(lambda s: visit_changes.restore_visit(s, occ), parent=self.parent_widget())

    def cancel(self, occ: Occurrence, kind: str) -> None:
        self.show_dialog(CancelVisitDialog(self.ops, kind, occ, self.parent_widget()))

    def who_goes(self, occ: Occurrence) -> None:
        self.show_dialog(AssignDialog(self.ops, occ, self.parent_widget()))

    def note(self, occ: Occurrence) -> None:
        """After the visit has started, the carer's note for the care record; before it, a
        note for whoever goes."""
        started = occ.planned_start <= clock.now() and occ.active
        if started:
            self.show_dialog(OutcomeDialog(self.ops, "note", occ, self.parent_widget()))
            return
        note = self.view.notes.get(occ.visit_id or 0, "") if self.view is not None else ""
        self.show_dialog(VisitNoteDialog(self.ops, occ, note, self.parent_widget()))

    def client_away(self, client_id: int, day: date) -> None:
        name = self._client_name(client_id)
        self.show_dialog(ClientAwayDialog(self.ops, client_id, name, day, self.parent_widget()))

    def _client_name(self, client_id: int) -> str:
        if self.view is not None:
            for d in self.view.days:
                for o in d.visits:
                    if o.client_id == client_id:
                        return o.client_name
        from microoffice.core.services import clients

        return str(
            self.ops.read(lambda s: clients.get_client(s, client_id).display_name, "The client")
        )

    def change_plan(self, occ: Occurrence) -> None:
        if occ.plan_id is not None:
            self.show_dialog(
                PlanDialog(
                    self.ops, occ.plan_id, self.parent_widget(), from_date=occ.occurrence_date
                )
            )

    def add_visit(self, at: datetime) -> None:
        kind, ident = self.who_shown()
        self.show_dialog(
            ExtraVisitDialog(
                self.ops,
                self.parent_widget(),
                client_id=ident if kind == "client" else None,
                at=at,
                staff_id=ident if kind == "staff" else None,
            )
        )
