"""The feedback-check template: short questions about the parts of life good care should improve.

The wording is our own, written for a five-minute chat at a review visit, not copied from any
licensed questionnaire. The business can reword questions, add or remove them; each check keeps a
copy of what it asked (models/growth.py), so old scores keep their meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core.errors import NotFoundError
from microoffice.core.models.growth import SurveyTemplate
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.services.clients import check_version
from microoffice.core.services.forms import Checker

MAX_SCORE = 3
ANSWERS = {
    3: "Good: as I want it",
    2: "All right",
    1: "Could be better",
    0: "Not good",
}
GOAL_PROGRESS = {0: "Not started", 1: "Started", 2: "Good progress", 3: "Achieved"}
DEFAULT_NAME = "Quality of life check"


@dataclass(frozen=True)
class Question:
    key: str
    domain: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"key": self.key, "domain": self.domain, "text": self.text}


DEFAULT_QUESTIONS: tuple[Question, ...] = (
    Question(
        "control",
        "Choice and control",
        "Do you get to decide how your day goes: when you get up, what you do, how we help?",
    ),
    Question(
        "time",
        "How time is spent",
        "Are you spending your time on things you enjoy or that matter to you?",
    ),
    Question(
        "social",
        "Social contact",
        "Are you seeing or talking to the people you want to, as often as you would like?",
    ),
    Question(
        "personal_care",
        "Personal care",
        "Do you feel clean, comfortable and dressed the way you like?",
    ),
    Question(
        "food",
        "Food and drink",
        "Are you getting food and drinks you like, when you want them?",
    ),
    Question(
        "safety",
        "Feeling safe",
        "Do you feel safe in your home, and when we are with you?",
    ),
    Question(
        "dignity",
        "Dignity",
        "Does the way we support you make you feel respected?",
    ),
    Question(
        "home",
        "Home",
        "Is your home as clean, warm and comfortable as you would like?",
    ),
)


def questions_of(template: SurveyTemplate) -> list[Question]:
    return [Question(q["key"], q["domain"], q["text"]) for q in template.questions]


@needs(Right.GOVERNANCE)
def current_template(session: Session) -> SurveyTemplate:
    """The template in use, made from the default wording the first time it is asked for."""
    found = session.scalar(
        select(SurveyTemplate)
        .where(SurveyTemplate.archived_at.is_(None))
        .order_by(SurveyTemplate.id)
        .limit(1)
    )
    if found is None:
        found = SurveyTemplate(
            name=DEFAULT_NAME, questions=[q.as_dict() for q in DEFAULT_QUESTIONS]
        )
        session.add(found)
        session.flush()
    return found


def _key(domain: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", domain.lower()).strip("_") or "question"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


@needs(Right.GOVERNANCE)
def save_template(
    session: Session,
    name: str,
    questions: list[dict[str, Any]],
    expected_version: int | None = None,
) -> SurveyTemplate:
    """Reword, add or remove questions. A question keeps its key (and so its score history) as
    long as it stays in the list; a new one gets a key made from its domain."""
    template = current_template(session)
    check_version(template, expected_version)
    c = Checker()
    clean_name = c.required("name", name, "A name for the check")
    if not questions:
        c.fail("questions", "Keep at least one question")
    seen: set[str] = set()
    out: list[dict[str, str]] = []
    for n, q in enumerate(questions, start=1):
        domain = " ".join(str(q.get("domain", "")).split())
        text = " ".join(str(q.get("text", "")).split())
        if not domain:
            c.fail("questions", f"Question {n} needs a short topic, for example 'Feeling safe'")
        if not text:
            c.fail("questions", f"Question {n} has no wording")
        key = str(q.get("key") or "").strip() or _key(domain, seen)
        if key in seen:
            c.fail("questions", f"Two questions share the key '{key}'")
        seen.add(key)
        out.append({"key": key, "domain": domain, "text": text})
    if len(out) > 20:
        c.fail("questions", "A check of more than 20 questions is too long for a visit")
    c.done()
    template.name = clean_name
    template.questions = out
    session.flush()
    return template


@needs(Right.GOVERNANCE)
def get_template(session: Session, template_id: int) -> SurveyTemplate:
    found = session.get(SurveyTemplate, template_id)
    if found is None:
        raise NotFoundError(f"There is no feedback template {template_id}.")
    return found
