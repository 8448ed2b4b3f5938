"""Dialogs of the Grow page: an outcome goal, closing it, a feedback check, the check's questions,
and a dated reference figure. Each binds a form to one core call (ops.run)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from microoffice.core import clock
from microoffice.core.growth import outcomes, survey
from microoffice.core.growth.rates import REFERENCE_POINTS
from microoffice.core.readers.numbers import read_money
from microoffice.core.services.business import set_reference_value
from microoffice.core.services.forms import Checker
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.record_dialog import RecordDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NOT_ASKED = -1


class GoalDialog(RecordDialog):
    def __init__(self, ops: Ops, client_id: int, client_name: str, parent: QWidget | None = None):
        super().__init__(
            ops,
            "Outcome goal",
            f"Something {client_name} wants to achieve, agreed with them (it is linked to their "
            "current care plan), and how you will both know it is happening.",
            "Save goal",
            parent,
        )
        self.setObjectName("goalDialog")
        self.client_id = client_id
        self.form.text("title", "What they want", "e.g. Walk to the shop on my own")
        self.form.area("measure", "How we will know", 2, "e.g. Goes at least once a week")
        self.form.date("agreed_on", "Agreed on")
        self.form.set_values({"agreed_on": clock.today()})

    def write(self, session: Session, values: dict[str, Any]) -> int:
        c = Checker()
        agreed = c.date_text("agreed_on", values["agreed_on"])
        c.done()
        data = outcomes.GoalData(values["title"], values["measure"], agreed)
        return outcomes.add_goal(session, self.client_id, data).id


class CloseGoalDialog(RecordDialog):
    def __init__(self, ops: Ops, goal_id: int, title: str, parent: QWidget | None = None):
        super().__init__(ops, "Close a goal", f"Goal: {title}", "Close goal", parent)
        self.setObjectName("closeGoalDialog")
        self.goal_id = goal_id
        self.form.combo(
            "status", "Outcome", [("achieved", "Achieved"), ("stopped", "No longer wanted")]
        )
        self.form.date("closed_on", "On")
        self.form.area("notes", "Notes", 2)
        self.form.set_values({"closed_on": clock.today()})

    def write(self, session: Session, values: dict[str, Any]) -> int:
        c = Checker()
        on = c.date_text("closed_on", values["closed_on"])
        c.done()
        assert on is not None
        return outcomes.close_goal(session, self.goal_id, values["status"], on, values["notes"]).id


class CheckDialog(RecordDialog):
    """A feedback check: one answer per question, progress on each open goal, comments, consent."""

    def __init__(self, ops: Ops, client_id: int, client_name: str, parent: QWidget | None = None):
        super().__init__(
            ops,
            "Feedback check",
            f"Ask {client_name} each question in their own words; leave out any they would "
            "rather not answer. Scores: 3 good, 2 all right, 1 could be better, 0 not good.",
            "Save check",
            parent,
        )
        self.setObjectName("checkDialog")
        self.resize(720, 720)
        self.client_id = client_id
        self.scroll_form()

        def read(session: Session) -> tuple[list[survey.Question], list[tuple[int, str]]]:
            template = survey.current_template(session)
            goals = [
                (g.id, g.title)
                for g in outcomes.goals_for(session, client_id)
                if g.status == "active"
            ]
            return survey.questions_of(template), goals

        questions, goals = ops.read(read, ([], []), parent=parent)
        self.questions = questions
        self.goals = goals
        f = self.form
        f.group("The check")
        f.date("held_on", "Date")
        f.combo("answered_by", "Who answered", list(outcomes.ANSWERED_BY.items()))
        answers = [(NOT_ASKED, "Not asked"), *sorted(survey.ANSWERS.items(), reverse=True)]
        f.group("How things are", below=True)
        for q in questions:
            box = f.combo(q.key, q.domain, answers)
            box.setToolTip(q.text)
            box.setAccessibleDescription(q.text)
        if goals:
            f.group("Goals", below=True)
            progress = [(NOT_ASKED, "Not discussed"), *survey.GOAL_PROGRESS.items()]
            for goal_id, title in goals:
                f.combo(f"goal_{goal_id}", title, progress)
        f.group("Their words", below=True)
        f.area("comments", "Comments", 3, "Anything they said in their own words")
        f.check(
            "share_consent",
            "Sharing",
            "They agreed we may share their answers (never their name) in our profile",
        )
        f.set_values({"held_on": clock.today()})

    def write(self, session: Session, values: dict[str, Any]) -> int:
        c = Checker()
        held = c.date_text("held_on", values["held_on"])
        c.done()
        answers = {
            q.key: (None if values[q.key] == NOT_ASKED else int(values[q.key]))
            for q in self.questions
        }
        progress = {
            goal_id: (
                None if values[f"goal_{goal_id}"] == NOT_ASKED else int(values[f"goal_{goal_id}"])
            )
            for goal_id, _ in self.goals
        }
        data = outcomes.CheckData(
            held_on=held,
            answers=answers,
            goal_progress=progress,
            answered_by=values["answered_by"],
            comments=values["comments"],
            share_consent=bool(values["share_consent"]),
        )
        return outcomes.record_check(session, self.client_id, data, self.ops.actor).id


class TemplateDialog(RecordDialog):
    """The check's questions: reword, add or remove (checks already done keep their wording)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(
            ops,
            "Feedback check questions",
            "Reword the questions to suit the people you support. Checks already recorded keep "
            "the wording they were asked with. Leave a topic empty to remove its question.",
            "Save questions",
            parent,
        )
        self.setObjectName("templateDialog")
        self.resize(860, 640)
        template = ops.read(survey.current_template, None, parent=parent)
        self.version = template.version if template else None
        self.form.text("name", "Name of the check")
        self.form.set_values({"name": template.name if template else survey.DEFAULT_NAME})
        holder = QWidget(self)
        self.grid = QGridLayout(holder)
        self.grid.addWidget(QLabel("<b>Topic</b>", holder), 0, 0)
        self.grid.addWidget(QLabel("<b>Question</b>", holder), 0, 1)
        self.rows: list[tuple[str, QLineEdit, QLineEdit]] = []
        for q in template.questions if template else []:
            self.add_row(q["key"], q["domain"], q["text"])
        self.add_button = QPushButton("Add a question", self)
        self.add_button.setObjectName("addQuestion")
        self.add_button.clicked.connect(lambda: self.add_row("", "", ""))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.column.insertWidget(2, scroll, 1)
        self.column.insertWidget(3, self.add_button)

    def add_row(self, key: str, domain: str, text: str) -> None:
        n = len(self.rows) + 1
        topic, words = QLineEdit(domain), QLineEdit(text)
        topic.setMaximumWidth(200)
        topic.setObjectName(f"topic{n}")
        topic.setAccessibleName(f"Question {n}: topic")
        words.setObjectName(f"question{n}")
        words.setAccessibleName(f"Question {n}: wording")
        self.grid.addWidget(topic, n, 0)
        self.grid.addWidget(words, n, 1)
        self.rows.append((key, topic, words))

    def write(self, session: Session, values: dict[str, Any]) -> int:
        questions = [
            {"key": key, "domain": topic.text(), "text": words.text()}
            for key, topic, words in self.rows
            if topic.text().strip() or words.text().strip()
        ]
        return survey.save_template(session, values["name"], questions, self.version).id


class ReferenceDialog(RecordDialog):
    """A published figure from a date (e.g. next year's Homecare Association minimum price)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(
            ops,
            "Reference figure",
            "Published figures change every year. Add the new one from the date it applies; "
            "the old one stays for earlier dates.",
            "Save figure",
            parent,
        )
        self.setObjectName("referenceDialog")
        self.form.combo("key", "Figure", list(REFERENCE_POINTS))
        self.form.date("effective_from", "Applies from")
        self.form.text("amount", "Amount per hour", "e.g. 33.50")
        self.form.text("source", "Where it comes from")
        self.form.set_values({"effective_from": clock.today()})

    def write(self, session: Session, values: dict[str, Any]) -> int:
        c = Checker()
        start = c.date_text("effective_from", values["effective_from"])
        pence = c.check("amount", read_money, values["amount"])
        if pence is not None and pence <= 0:
            c.fail("amount", "Enter the amount per hour, for example 33.50")
        c.done()
        assert start is not None and pence is not None
        row = set_reference_value(
            session, values["key"], start, str(pence), "pence/hour", values["source"].strip()
        )
        return row.id
